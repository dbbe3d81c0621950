import { WorkshopRoot, readDecisions, readIdeas, readRatings, readRules, summariseAll, type IdeaCard, type Rating, type RatingSummary, type Stage, type Timer, type WorkshopDecision, type DecisionRule, STAGE_KINDS, type StageKind } from '@qms/model';
import type * as Y from 'yjs';
import { readTimer } from './timer';

/** The workshop as this browser reads it from the review document. */
export interface WorkshopState {
  readonly started: boolean;
  readonly stages: readonly Stage[];
  readonly stage: number;
  readonly timer: Timer;
  readonly structureLocked: boolean;
  readonly hideRatings: boolean;
  readonly privateIdeas: boolean;
  readonly dotsPerPerson: number;
  readonly rules: readonly DecisionRule[];
  readonly ideas: readonly IdeaCard[];
  readonly ratings: readonly { workActionId: string; participantId: string; rating: Rating }[];
  readonly summaries: ReadonlyMap<string, RatingSummary>;
  readonly participants: ReadonlyMap<string, string>;
  readonly votes: ReadonlyMap<string, number>;
  readonly decisions: ReadonlyMap<string, WorkshopDecision>;
}

function readStages(value: unknown): Stage[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((s: unknown) => {
    const v = s as Partial<Stage> | null;
    if (!v || !STAGE_KINDS.includes(v.kind as StageKind)) return [];
    return [{ kind: v.kind!, ...(typeof v.title === 'string' && v.title ? { title: v.title } : {}), ...(typeof v.minutes === 'number' && v.minutes > 0 ? { minutes: v.minutes } : {}) }];
  });
}

export function readWorkshop(doc: Y.Doc): WorkshopState {
  const map = doc.getMap<unknown>(WorkshopRoot.workshop);
  const stages = readStages(map.get('stages'));
  const stageValue = map.get('stage');
  const ratings = readRatings(doc);
  const participants = new Map<string, string>();
  doc.getMap<unknown>(WorkshopRoot.participants).forEach((value, id) => {
    const name = (value as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && name.trim()) participants.set(id, name);
  });
  const votes = new Map<string, number>();
  doc.getMap<unknown>(WorkshopRoot.votes).forEach((value, key) => {
    if (typeof value === 'number' && value > 0) votes.set(key, value);
  });
  const dots = map.get('dotsPerPerson');
  return {
    started: stages.length > 0 && typeof map.get('startedAt') === 'number' && map.get('endedAt') === undefined,
    stages,
    stage: typeof stageValue === 'number' && stageValue >= 0 && stageValue < stages.length ? stageValue : 0,
    timer: readTimer(map.get('timer')),
    structureLocked: map.get('structureLocked') === true,
    hideRatings: map.get('hideRatings') === true,
    privateIdeas: map.get('privateIdeas') === true,
    dotsPerPerson: typeof dots === 'number' && dots > 0 ? dots : 3,
    rules: readRules(doc),
    ideas: readIdeas(doc),
    ratings,
    summaries: summariseAll(ratings),
    participants,
    votes,
    decisions: readDecisions(doc),
  };
}

/** Dots a participant has spent, over all cards. */
export function dotsSpent(votes: ReadonlyMap<string, number>, participantId: string): number {
  let total = 0;
  for (const [key, n] of votes) if (key.endsWith(`/${participantId}`)) total += n;
  return total;
}
