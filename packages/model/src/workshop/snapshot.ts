import type * as Y from 'yjs';
import {
  RATING_MAX,
  RATING_MIN,
  STAGE_KINDS,
  TRAINING_NEEDS,
  WORKSHOP_LIMITS,
  WorkshopRoot,
  readDecisions,
  readIdeas,
  readLog,
  readRatings,
  readRules,
  splitEntryKey,
  type DecisionRule,
  type IdeaCard,
  type LogEntry,
  type Rating,
  type Stage,
  type StageKind,
  type Timer,
  type TrainingNeed,
  type WorkshopDecision,
} from './schema.js';
import { summariseAll, type RatingSummary } from './summary.js';

/**
 * A plain, JSON-safe reading of a map's workshop (its review document): what the checks, the
 * exports (DACUM chart, minutes) and any other reader use. Everything a client wrote is read
 * through the schema's readers, so a malformed entry is left out rather than passed on.
 */
export interface WorkshopSnapshot {
  /** Every visible rating, sorted by work action then participant. */
  readonly ratings: readonly { readonly workActionId: string; readonly participantId: string; readonly rating: Rating }[];
  /** One per rated work action, sorted by work action id. */
  readonly summaries: readonly RatingSummary[];
  readonly ideas: readonly IdeaCard[];
  /** One per decided work action, sorted by work action id. */
  readonly decisions: readonly WorkshopDecisionEntry[];
  readonly rules: readonly DecisionRule[];
  /** Dot votes, sorted by target then participant. */
  readonly votes: readonly { readonly targetId: string; readonly participantId: string; readonly dots: number }[];
  readonly participants: readonly { readonly id: string; readonly name: string; readonly joinedAt: number }[];
  readonly stages: readonly Stage[];
  /** Index into `stages` of the current stage; null before the workshop starts. */
  readonly stage: number | null;
  readonly timer: Timer | null;
  readonly structureLocked: boolean;
  readonly hideRatings: boolean;
  readonly privateIdeas: boolean;
  readonly dotsPerPerson: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly facilitator: string | null;
  /** The session log, oldest first. */
  readonly log: readonly LogEntry[];
}

export interface WorkshopDecisionEntry extends WorkshopDecision {
  readonly workActionId: string;
}

/** What the coverage checks need of a workshop (a WorkshopSnapshot is one). */
export interface WorkshopCheckInput {
  readonly summaries: readonly RatingSummary[];
  readonly rules: readonly DecisionRule[];
  readonly decisions: readonly WorkshopDecisionEntry[];
}

const finiteNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function readStage(value: unknown): Stage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!STAGE_KINDS.includes(v.kind as StageKind)) return undefined;
  const minutes = finiteNumber(v.minutes);
  return {
    kind: v.kind as StageKind,
    ...(typeof v.title === 'string' && v.title.trim() ? { title: v.title.slice(0, WORKSHOP_LIMITS.name) } : {}),
    ...(minutes !== null && minutes >= 0 ? { minutes } : {}),
  };
}

function readTimer(value: unknown): Timer | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const status = v.status === 'running' || v.status === 'paused' || v.status === 'ended' ? v.status : 'idle';
  const startedAt = finiteNumber(v.startedAt);
  return {
    status,
    durationMs: Math.max(0, finiteNumber(v.durationMs) ?? 0),
    ...(startedAt !== null ? { startedAt } : {}),
    remainingMs: Math.max(0, finiteNumber(v.remainingMs) ?? 0),
  };
}

/** A rule with only the fields the schema knows, each well-formed. */
function cleanRule(rule: DecisionRule): DecisionRule {
  const bound = (v: unknown) => {
    const n = finiteNumber(v);
    return n === null ? undefined : Math.min(RATING_MAX, Math.max(RATING_MIN, n));
  };
  const minCriticality = bound(rule.minCriticality);
  const minFrequency = bound(rule.minFrequency);
  const minDifficulty = bound(rule.minDifficulty);
  const needs = Array.isArray(rule.needs) ? rule.needs.filter((n): n is TrainingNeed => TRAINING_NEEDS.includes(n)) : undefined;
  return {
    id: rule.id.slice(0, WORKSHOP_LIMITS.name),
    ...(minCriticality !== undefined ? { minCriticality } : {}),
    ...(minFrequency !== undefined ? { minFrequency } : {}),
    ...(minDifficulty !== undefined ? { minDifficulty } : {}),
    ...(needs ? { needs } : {}),
  };
}

function cleanLogEntry(entry: LogEntry): LogEntry {
  const detail: Record<string, string | number | boolean> = {};
  if (typeof entry.detail === 'object' && entry.detail !== null) {
    for (const [key, value] of Object.entries(entry.detail)) {
      if (typeof value === 'string' || typeof value === 'boolean' || finiteNumber(value) !== null) detail[key] = value;
    }
  }
  return {
    at: entry.at,
    type: entry.type.slice(0, WORKSHOP_LIMITS.name),
    ...(typeof entry.by === 'string' ? { by: entry.by.slice(0, WORKSHOP_LIMITS.name) } : {}),
    ...(Object.keys(detail).length > 0 ? { detail } : {}),
  };
}

/** Reads the workshop of a map's review document (empty parts when there is no workshop). */
export function readWorkshopSnapshot(reviewDoc: Y.Doc): WorkshopSnapshot {
  const session = reviewDoc.getMap<unknown>(WorkshopRoot.workshop);
  const ratings = readRatings(reviewDoc);
  const summaries = [...summariseAll(ratings).values()].sort((a, b) => byId(a.workActionId, b.workActionId));
  const decisions = [...readDecisions(reviewDoc)]
    .map(([workActionId, d]) => ({ workActionId, ...d, reason: d.reason.slice(0, WORKSHOP_LIMITS.reason), by: d.by.slice(0, WORKSHOP_LIMITS.name) }))
    .sort((a, b) => byId(a.workActionId, b.workActionId));

  const votes: { targetId: string; participantId: string; dots: number }[] = [];
  reviewDoc.getMap<unknown>(WorkshopRoot.votes).forEach((value, key) => {
    const parts = splitEntryKey(key);
    const dots = finiteNumber(value);
    if (parts && dots !== null && Number.isInteger(dots) && dots > 0) votes.push({ targetId: parts.targetId, participantId: parts.participantId, dots });
  });
  votes.sort((a, b) => byId(a.targetId, b.targetId) || byId(a.participantId, b.participantId));

  const participants: { id: string; name: string; joinedAt: number }[] = [];
  reviewDoc.getMap<unknown>(WorkshopRoot.participants).forEach((value, id) => {
    const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    participants.push({ id, name: typeof v.name === 'string' ? v.name.slice(0, WORKSHOP_LIMITS.name) : '', joinedAt: finiteNumber(v.joinedAt) ?? 0 });
  });
  participants.sort((a, b) => a.joinedAt - b.joinedAt || byId(a.id, b.id));

  const rawStages = session.get('stages');
  const stages = (Array.isArray(rawStages) ? rawStages : [])
    .map(readStage)
    .filter((s): s is Stage => s !== undefined)
    .slice(0, WORKSHOP_LIMITS.stages);
  const stageIndex = finiteNumber(session.get('stage'));
  const dots = finiteNumber(session.get('dotsPerPerson'));
  const facilitator = session.get('facilitator') as { name?: unknown } | undefined;

  return {
    ratings,
    summaries,
    ideas: readIdeas(reviewDoc),
    decisions,
    rules: readRules(reviewDoc).map(cleanRule),
    votes,
    participants,
    stages,
    stage: stageIndex !== null && Number.isInteger(stageIndex) && stageIndex >= 0 && stageIndex < stages.length ? stageIndex : null,
    timer: readTimer(session.get('timer')),
    structureLocked: session.get('structureLocked') === true,
    hideRatings: session.get('hideRatings') === true,
    privateIdeas: session.get('privateIdeas') === true,
    dotsPerPerson: dots !== null && dots >= 0 ? Math.min(dots, WORKSHOP_LIMITS.dotsPerPerson) : null,
    startedAt: finiteNumber(session.get('startedAt')),
    endedAt: finiteNumber(session.get('endedAt')),
    facilitator: typeof facilitator?.name === 'string' ? facilitator.name.slice(0, WORKSHOP_LIMITS.name) : null,
    log: readLog(reviewDoc).slice(0, WORKSHOP_LIMITS.log).map(cleanLogEntry),
  };
}

/** A map without a workshop: what exports read when they are given none. */
export function emptyWorkshopSnapshot(): WorkshopSnapshot {
  return {
    ratings: [],
    summaries: [],
    ideas: [],
    decisions: [],
    rules: [],
    votes: [],
    participants: [],
    stages: [],
    stage: null,
    timer: null,
    structureLocked: false,
    hideRatings: false,
    privateIdeas: false,
    dotsPerPerson: null,
    startedAt: null,
    endedAt: null,
    facilitator: null,
    log: [],
  };
}
