import type { Timer } from '@qms/model';

/**
 * The stage timer, computed from its stored fields so that every screen counts down to the same
 * end whatever its clock says: a running timer ends `remainingMs` after `startedAt`.
 */
export const IDLE_TIMER: Timer = { status: 'idle', durationMs: 0, remainingMs: 0 };
export const EXTEND_MS = 5 * 60_000;

/** What is left at `now` (ms), never below zero. */
export function timerRemaining(timer: Timer, now: number): number {
  if (timer.status === 'ended') return 0;
  if (timer.status === 'running' && timer.startedAt !== undefined) return Math.max(0, timer.remainingMs - (now - timer.startedAt));
  return Math.max(0, timer.remainingMs);
}

/** Whether the time is up (ended by hand, or run out). */
export function timerDone(timer: Timer, now: number): boolean {
  return timer.status === 'ended' || (timer.status === 'running' && timerRemaining(timer, now) === 0);
}

/** Starts (or resumes) the timer; a fresh one runs for `minutes`. */
export function startTimer(timer: Timer, now: number, minutes: number): Timer {
  if (timer.status === 'running') return timer;
  if (timer.status === 'paused' && timer.remainingMs > 0) return { ...timer, status: 'running', startedAt: now };
  const durationMs = Math.max(1, minutes) * 60_000;
  return { status: 'running', durationMs, startedAt: now, remainingMs: durationMs };
}

export function pauseTimer(timer: Timer, now: number): Timer {
  if (timer.status !== 'running') return timer;
  return { status: 'paused', durationMs: timer.durationMs, remainingMs: timerRemaining(timer, now) };
}

/** Adds time: to a running or paused timer, or restarts an ended one with just the extension. */
export function extendTimer(timer: Timer, now: number, ms = EXTEND_MS): Timer {
  if (timer.status === 'idle') return timer;
  if (timer.status === 'running') {
    const left = timerRemaining(timer, now);
    return { status: 'running', durationMs: timer.durationMs + ms, startedAt: now, remainingMs: left + ms };
  }
  if (timer.status === 'ended') return { status: 'running', durationMs: timer.durationMs + ms, startedAt: now, remainingMs: ms };
  return { ...timer, durationMs: timer.durationMs + ms, remainingMs: timer.remainingMs + ms };
}

export function endTimer(timer: Timer): Timer {
  return { status: 'ended', durationMs: timer.durationMs, remainingMs: 0 };
}

/** mm:ss (or h:mm:ss) for the countdown. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** A stored timer if the value is one, else idle (anything a client wrote is read through this). */
export function readTimer(value: unknown): Timer {
  if (typeof value !== 'object' || value === null) return IDLE_TIMER;
  const v = value as Record<string, unknown>;
  const status = v.status === 'running' || v.status === 'paused' || v.status === 'ended' ? v.status : 'idle';
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  return { status, durationMs: num(v.durationMs), remainingMs: num(v.remainingMs), ...(typeof v.startedAt === 'number' ? { startedAt: v.startedAt } : {}) };
}

/**
 * Everyone's done: each participant has rated every work action. False while nobody has joined
 * or there is nothing to rate.
 */
export function everyoneDone(participants: readonly string[], workActions: readonly string[], ratings: readonly { workActionId: string; participantId: string }[]): boolean {
  if (participants.length === 0 || workActions.length === 0) return false;
  const rated = new Set(ratings.map((r) => `${r.workActionId}/${r.participantId}`));
  return participants.every((p) => workActions.every((wa) => rated.has(`${wa}/${p}`)));
}
