import { describe, expect, it } from 'vitest';
import { endTimer, everyoneDone, extendTimer, formatRemaining, IDLE_TIMER, pauseTimer, readTimer, startTimer, timerDone, timerRemaining } from '../src/workshop/timer';

describe('workshop timer', () => {
  it('counts down from its start, on any clock that reads the same fields', () => {
    const t = startTimer(IDLE_TIMER, 1_000, 10);
    expect(t).toEqual({ status: 'running', durationMs: 600_000, startedAt: 1_000, remainingMs: 600_000 });
    expect(timerRemaining(t, 61_000)).toBe(540_000);
    expect(timerRemaining(t, 10_000_000)).toBe(0);
    expect(timerDone(t, 10_000_000)).toBe(true);
    expect(timerDone(t, 2_000)).toBe(false);
  });

  it('pauses, resumes, extends and ends', () => {
    const running = startTimer(IDLE_TIMER, 0, 10);
    const paused = pauseTimer(running, 120_000);
    expect(paused.status).toBe('paused');
    expect(timerRemaining(paused, 999_999_999)).toBe(480_000);
    const resumed = startTimer(paused, 1_000_000, 10);
    expect(timerRemaining(resumed, 1_060_000)).toBe(420_000);
    const longer = extendTimer(resumed, 1_060_000);
    expect(timerRemaining(longer, 1_060_000)).toBe(720_000);
    expect(longer.durationMs).toBe(900_000);
    const ended = endTimer(longer);
    expect(timerRemaining(ended, 0)).toBe(0);
    expect(timerDone(ended, 0)).toBe(true);
    expect(timerRemaining(extendTimer(ended, 5), 5)).toBe(300_000);
    expect(extendTimer(IDLE_TIMER, 0)).toBe(IDLE_TIMER);
  });

  it('formats and reads stored values defensively', () => {
    expect(formatRemaining(65_000)).toBe('01:05');
    expect(formatRemaining(3_661_000)).toBe('1:01:01');
    expect(readTimer('x')).toEqual(IDLE_TIMER);
    expect(readTimer({ status: 'running', durationMs: 5, remainingMs: 'a', startedAt: 3 })).toEqual({ status: 'running', durationMs: 5, remainingMs: 0, startedAt: 3 });
  });
});

describe('everyone done', () => {
  const r = (wa: string, p: string) => ({ workActionId: wa, participantId: p });
  it('needs every participant to have rated every work action', () => {
    expect(everyoneDone(['a', 'b'], ['w1', 'w2'], [r('w1', 'a'), r('w2', 'a'), r('w1', 'b')])).toBe(false);
    expect(everyoneDone(['a', 'b'], ['w1', 'w2'], [r('w1', 'a'), r('w2', 'a'), r('w1', 'b'), r('w2', 'b'), r('w3', 'c')])).toBe(true);
    expect(everyoneDone([], ['w1'], [])).toBe(false);
    expect(everyoneDone(['a'], [], [])).toBe(false);
  });
});
