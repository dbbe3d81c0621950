import * as Y from 'yjs';

/**
 * A DACUM-style workshop on a map: its stages, timer, idea cards, ratings and dot votes. They live
 * in the map's review document (`/sync/<mapId>/review`), which participants (commenter links) may
 * write; the server checks that a participant writes only their own entries
 * (apps/server/src/rooms/update-policy.ts). Hidden entries (a private brainstorm, hidden ratings)
 * live in the participant's private workshop document (`/sync/<mapId>/workshop/<participantId>`,
 * same root maps `ratings` and `ideas`), which only its author and the facilitators read.
 *
 *   doc.getMap('workshop')  the session, one key per part so concurrent changes do not clobber:
 *                             stages: Stage[] (plain), stage: number (index into stages),
 *                             timer: Timer (plain), structureLocked: boolean, hideRatings: boolean,
 *                             privateIdeas: boolean, dotsPerPerson: number, rules: DecisionRule[],
 *                             startedAt?: ms, endedAt?: ms, facilitator?: { name }
 *   doc.getMap('ratings')   `<workActionId>/<participantId>` → Rating (plain)   ← a public contract
 *   doc.getMap('ideas')     ideaId → IdeaCard (plain)
 *   doc.getMap('votes')     `<targetId>/<participantId>` → number of dots (plain)
 *   doc.getMap('participants') participantId → { name, joinedAt } (written by the participant)
 *   doc.getMap('decisions') workActionId → WorkshopDecision (plain; written by facilitators)
 *   doc.getArray('workshopLog') LogEntry (plain), appended
 *
 * Participant ids are derived from a secret the browser keeps (@qms/protocol participants), so
 * nobody can write under another person's id.
 */
export const WorkshopRoot = {
  workshop: 'workshop',
  ratings: 'ratings',
  ideas: 'ideas',
  votes: 'votes',
  participants: 'participants',
  decisions: 'decisions',
  log: 'workshopLog',
} as const;

export const RATING_SCALES = ['criticality', 'frequency', 'difficulty'] as const;
export type RatingScale = (typeof RATING_SCALES)[number];
export const RATING_MIN = 1;
export const RATING_MAX = 5;

export const TRAINING_NEEDS = ['school', 'workplace', 'both', 'none'] as const;
export type TrainingNeed = (typeof TRAINING_NEEDS)[number];

export interface Rating {
  readonly criticality: number;
  readonly frequency: number;
  readonly difficulty: number;
  readonly trainingNeed: TrainingNeed;
}

/** The stages a new workshop starts with, in DACUM's order; the facilitator may edit them. */
export const STAGE_KINDS = ['key-purpose', 'functions', 'work-actions', 'rating', 'outcomes', 'units', 'brainstorm', 'validation'] as const;
export type StageKind = (typeof STAGE_KINDS)[number];
export const DEFAULT_STAGES: readonly StageKind[] = ['key-purpose', 'functions', 'work-actions', 'rating', 'outcomes', 'units'];

export interface Stage {
  readonly kind: StageKind;
  /** Shown instead of the kind's name when set. */
  readonly title?: string;
  /** Planned length in minutes (the timer's default). */
  readonly minutes?: number;
}

export interface Timer {
  readonly status: 'idle' | 'running' | 'paused' | 'ended';
  /** The whole length, extensions included (ms). */
  readonly durationMs: number;
  /** When it was (re)started, on the facilitator's clock (ms); with `remainingMs` it gives the end. */
  readonly startedAt?: number;
  /** What was left when it was last started or paused (ms). */
  readonly remainingMs: number;
}

/**
 * A rule the workshop agreed: a work action whose mean ratings meet every bound (and whose
 * training need, by majority, is in `needs`) must be covered by an outcome.
 */
export interface DecisionRule {
  readonly id: string;
  readonly minCriticality?: number;
  readonly minFrequency?: number;
  readonly minDifficulty?: number;
  /** Majority training needs that make the rule apply; absent: any but `none`. */
  readonly needs?: readonly TrainingNeed[];
}

/** What the workshop decided about one work action; `not-trained` exempts it from the coverage check. */
export interface WorkshopDecision {
  readonly decision: 'train' | 'not-trained';
  readonly reason: string;
  readonly by: string;
  readonly at: number;
}

export interface IdeaCard {
  readonly id: string;
  readonly text: string;
  /** The participant id of its author. */
  readonly author: string;
  readonly authorName?: string;
  readonly createdAt: number;
  /** The kind the author meant it as, if they said. */
  readonly kindHint?: 'keyFunction' | 'mainFunction' | 'workAction';
  readonly status: 'open' | 'promoted' | 'merged';
  /** The node it became. */
  readonly promotedTo?: string;
  /** The card it was merged into. */
  readonly mergedInto?: string;
}

export interface LogEntry {
  readonly at: number;
  readonly type: string;
  readonly by?: string;
  /** Plain details of the event (stage index, node id, rule, …). */
  readonly detail?: Readonly<Record<string, string | number | boolean>>;
}

/** So that one paste cannot make the document huge. */
export const WORKSHOP_LIMITS = { idea: 500, name: 100, reason: 500, stages: 20, rules: 20, dotsPerPerson: 20, log: 5000 } as const;

export function ratingKey(workActionId: string, participantId: string): string {
  return `${workActionId}/${participantId}`;
}

export function voteKey(targetId: string, participantId: string): string {
  return `${targetId}/${participantId}`;
}

/** The two halves of a rating or vote key; undefined when it is not one. */
export function splitEntryKey(key: string): { targetId: string; participantId: string } | undefined {
  const slash = key.lastIndexOf('/');
  if (slash <= 0 || slash === key.length - 1) return undefined;
  return { targetId: key.slice(0, slash), participantId: key.slice(slash + 1) };
}

const isScale = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= RATING_MIN && v <= RATING_MAX;

/** A stored rating if the value is one (anything a client wrote is read through this). */
export function readRating(value: unknown): Rating | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isScale(v.criticality) || !isScale(v.frequency) || !isScale(v.difficulty)) return undefined;
  if (!TRAINING_NEEDS.includes(v.trainingNeed as TrainingNeed)) return undefined;
  return { criticality: v.criticality, frequency: v.frequency, difficulty: v.difficulty, trainingNeed: v.trainingNeed as TrainingNeed };
}

export function readIdea(id: string, value: unknown): IdeaCard | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.text !== 'string' || typeof v.author !== 'string' || v.text.trim() === '') return undefined;
  const status = v.status === 'promoted' || v.status === 'merged' ? v.status : 'open';
  const kindHint = v.kindHint === 'keyFunction' || v.kindHint === 'mainFunction' || v.kindHint === 'workAction' ? v.kindHint : undefined;
  return {
    id,
    text: v.text.slice(0, WORKSHOP_LIMITS.idea),
    author: v.author,
    ...(typeof v.authorName === 'string' && v.authorName ? { authorName: v.authorName.slice(0, WORKSHOP_LIMITS.name) } : {}),
    createdAt: typeof v.createdAt === 'number' ? v.createdAt : 0,
    ...(kindHint ? { kindHint } : {}),
    status,
    ...(typeof v.promotedTo === 'string' ? { promotedTo: v.promotedTo } : {}),
    ...(typeof v.mergedInto === 'string' ? { mergedInto: v.mergedInto } : {}),
  };
}

/** Every well-formed rating of a document's `ratings` map (the review or a private workshop doc). */
export function readRatings(doc: Y.Doc): { workActionId: string; participantId: string; rating: Rating }[] {
  const out: { workActionId: string; participantId: string; rating: Rating }[] = [];
  doc.getMap<unknown>(WorkshopRoot.ratings).forEach((value, key) => {
    const parts = splitEntryKey(key);
    const rating = readRating(value);
    if (parts && rating) out.push({ workActionId: parts.targetId, participantId: parts.participantId, rating });
  });
  return out.sort((a, b) => (a.workActionId + '/' + a.participantId).localeCompare(b.workActionId + '/' + b.participantId));
}

export function readIdeas(doc: Y.Doc): IdeaCard[] {
  const out: IdeaCard[] = [];
  doc.getMap<unknown>(WorkshopRoot.ideas).forEach((value, id) => {
    const idea = readIdea(id, value);
    if (idea) out.push(idea);
  });
  return out.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function readLog(doc: Y.Doc): LogEntry[] {
  return doc
    .getArray<unknown>(WorkshopRoot.log)
    .toArray()
    .filter((e): e is LogEntry => typeof e === 'object' && e !== null && typeof (e as LogEntry).at === 'number' && typeof (e as LogEntry).type === 'string');
}

export function readDecisions(doc: Y.Doc): Map<string, WorkshopDecision> {
  const out = new Map<string, WorkshopDecision>();
  doc.getMap<unknown>(WorkshopRoot.decisions).forEach((value, id) => {
    const v = value as Partial<WorkshopDecision> | null;
    if (v && (v.decision === 'train' || v.decision === 'not-trained')) {
      out.set(id, { decision: v.decision, reason: String(v.reason ?? ''), by: String(v.by ?? ''), at: typeof v.at === 'number' ? v.at : 0 });
    }
  });
  return out;
}

export function readRules(doc: Y.Doc): DecisionRule[] {
  const rules = doc.getMap<unknown>(WorkshopRoot.workshop).get('rules');
  if (!Array.isArray(rules)) return [];
  return rules.filter((r): r is DecisionRule => typeof r === 'object' && r !== null && typeof (r as DecisionRule).id === 'string').slice(0, WORKSHOP_LIMITS.rules);
}
