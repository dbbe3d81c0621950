import { WORKSHOP_LIMITS, WorkshopRoot, readIdea, readRating, splitEntryKey } from '@qms/model';
import { can } from '@qms/protocol';
import * as Y from 'yjs';
import type { Peer } from './peer.js';
import { COLLECTED, type Touch, type UpdateScope } from './update-scope.js';

/**
 * What a workshop participant (a commenter link, proven by its participant secret) may write, in
 * the review document and in their private workshop document (model: workshop/schema.ts):
 *
 * - `ratings` and `votes`: only entries keyed `<target>/<own participant id>`; a rating must read
 *   as one (readRating), a vote is a whole number of dots, and one's dots add up to at most the
 *   workshop's `dotsPerPerson`;
 * - `ideas`: only cards whose `author` is their own id, at most WORKSHOP_LIMITS.idea characters;
 *   whether a card was promoted or merged is the facilitator's to say;
 * - `participants`: only their own entry;
 * - never the session (`workshop`), the `decisions` or the `workshopLog`.
 *
 * Every entry is a plain value, and each participant has a bounded number of them. Facilitators
 * (owners, editors) write everything but the log's past entries (it is append-only) and the
 * server's list of private documents. A private document holds only `ratings` and `ideas`.
 */

/** The review document's list of private workshop documents: participant id → when first opened (ms); the server's. */
export const PRIVATE_DOCUMENTS_ROOT = 'workshopDocuments';

export const WORKSHOP_SERVER_LIMITS = {
  /** Private workshop documents one map may have. */
  privateDocuments: 200,
  /** Ratings one participant may hold in one document (one per work action). */
  ratings: 2_000,
  /** Idea cards one participant may hold in one document. */
  ideas: 200,
  /** Vote entries one participant may hold (targets they put dots on). */
  votes: 200,
  /** Longest key of a workshop entry. */
  keyLength: 200,
  /**
   * Entries of each kind one document holds from participants (anyone with the link can make up
   * new participant ids, so the number of participants alone bounds nothing).
   */
  total: { ratings: 50_000, votes: 10_000, ideas: 5_000, participants: 500 } as Record<string, number>,
} as const;

const REVIEW_ROOTS = new Set<string>(Object.values(WorkshopRoot));
const PRIVATE_ROOTS = new Set<string>([WorkshopRoot.ratings, WorkshopRoot.ideas]);
const FACILITATOR_ONLY = new Set<string>([WorkshopRoot.workshop, WorkshopRoot.decisions, WorkshopRoot.log]);
const FACILITATOR_FIELDS = ['status', 'promotedTo', 'mergedInto'] as const;
const ELEMENT_SEGMENT = /^@\d+:\d+$/;

/** Whether a root of the review document belongs to the workshop (or the server's list of private documents). */
export function isWorkshopRoot(root: string): boolean {
  return REVIEW_ROOTS.has(root) || root === PRIVATE_DOCUMENTS_ROOT;
}

export const isFacilitator = (peer: Peer): boolean => can(peer.role, 'edit');

/**
 * Why the update's changes to the workshop may not stand (null: they may). `privateOf` is the
 * participant whose private document this is, or null for the review document.
 */
export function workshopProblem(doc: Y.Doc, scope: UpdateScope, peer: Peer, privateOf: string | null): string | null {
  const inRoots = (touch: Touch) => (privateOf === null ? isWorkshopRoot(touch.path[0]!) : touch.path[0] !== COLLECTED);
  const inserted = scope.inserted.filter(inRoots);
  const deleted = scope.deleted.filter(inRoots);
  const touches = [...inserted, ...deleted];
  if (touches.length === 0) return null;
  if (touches.some((touch) => touch.path[0] === PRIVATE_DOCUMENTS_ROOT)) return 'the list of private workshop documents is kept by the server';
  if (privateOf !== null && touches.some((touch) => !PRIVATE_ROOTS.has(touch.path[0]!))) return 'a private workshop document holds only ratings and ideas';
  if (isFacilitator(peer)) {
    if (deleted.some((touch) => touch.path[0] === WorkshopRoot.log)) return 'the workshop log is append-only';
    return null;
  }
  const pid = peer.participantId;
  if (pid === null) return 'a workshop participant needs their participant secret to write the workshop';
  if (privateOf !== null && privateOf !== pid) return 'this private workshop document is another participant’s';
  if (touches.some((touch) => FACILITATOR_ONLY.has(touch.path[0]!))) return 'only a facilitator runs the workshop';
  for (const touch of touches) {
    // One level under a root map; an element segment (update-scope.ts) is an array element put under its name.
    if (touch.path.length !== 2 || ELEMENT_SEGMENT.test(touch.path[1]!)) return 'workshop entries are plain values';
    if (touch.path[1]!.length > WORKSHOP_SERVER_LIMITS.keyLength) return 'the key of a workshop entry is too long';
  }
  const values = new Map<Touch, unknown>();
  for (const touch of inserted) {
    const content = touch.item.content;
    if (!(content instanceof Y.ContentAny) || content.getContent().length !== 1) return 'workshop entries are plain values';
    values.set(touch, content.getContent()[0]);
  }
  const ownKey = (key: string) => splitEntryKey(key)?.participantId === pid;

  for (const touch of touches) {
    const [root, key] = touch.path as [string, string];
    const written = values.has(touch);
    const value = values.get(touch);
    switch (root) {
      case WorkshopRoot.participants:
        if (key !== pid) return 'a participant writes only their own entry';
        if (written && !isParticipantEntry(value)) return 'a participant entry is { name, joinedAt }';
        break;
      case WorkshopRoot.ratings:
        if (!ownKey(key)) return 'a participant rates only under their own id';
        if (written && readRating(value) === undefined) return 'a rating is criticality, frequency and difficulty from 1 to 5, and a training need';
        break;
      case WorkshopRoot.votes:
        if (!ownKey(key)) return 'a participant votes only under their own id';
        if (written && !(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= dotsPerPerson(doc))) {
          return 'a vote is a whole number of dots, at most the workshop’s dots per person';
        }
        break;
      case WorkshopRoot.ideas: {
        const problem = written ? ideaWriteProblem(doc, key, value, pid) : ideaRemovalProblem(touch, pid, inserted);
        if (problem) return problem;
        break;
      }
    }
  }
  return boundsProblem(doc, inserted, deleted, pid);
}

function isParticipantEntry(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { name, joinedAt } = value as { name?: unknown; joinedAt?: unknown };
  if (name !== undefined && !(typeof name === 'string' && name.length <= WORKSHOP_LIMITS.name)) return false;
  return joinedAt === undefined || (typeof joinedAt === 'number' && Number.isFinite(joinedAt));
}

function dotsPerPerson(doc: Y.Doc): number {
  const dots = doc.getMap<unknown>(WorkshopRoot.workshop).get('dotsPerPerson');
  return typeof dots === 'number' && Number.isFinite(dots) && dots > 0 ? Math.min(Math.floor(dots), WORKSHOP_LIMITS.dotsPerPerson) : 0;
}

const field = (value: unknown, name: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined);

function ideaWriteProblem(doc: Y.Doc, key: string, value: unknown, pid: string): string | null {
  const idea = readIdea(key, value);
  if (!idea || field(value, 'author') !== pid) return 'a participant writes only their own idea cards';
  if ((field(value, 'text') as string).length > WORKSHOP_LIMITS.idea) return `an idea card holds at most ${WORKSHOP_LIMITS.idea} characters`;
  const existing = doc.getMap<unknown>(WorkshopRoot.ideas).get(key);
  if (existing !== undefined && field(existing, 'author') !== pid) return 'a participant writes only their own idea cards';
  // A new card is open; an existing one keeps what the facilitator decided about it.
  const before = existing ?? { status: 'open' };
  for (const name of FACILITATOR_FIELDS) {
    const now = field(value, name) ?? (name === 'status' ? 'open' : undefined);
    const then = field(before, name) ?? (name === 'status' ? 'open' : undefined);
    if (now !== then) return 'only a facilitator promotes or merges idea cards';
  }
  return null;
}

/** Removing a card (not replacing it: that is checked as a write): one's own, and only while it is open. */
function ideaRemovalProblem(touch: Touch, pid: string, inserted: readonly Touch[]): string | null {
  const content = touch.item.content;
  const value = content instanceof Y.ContentAny ? content.getContent()[0] : undefined;
  if (field(value, 'author') !== pid) return 'a participant removes only their own idea cards';
  const replaced = inserted.some((other) => other.path[0] === WorkshopRoot.ideas && other.path[1] === touch.path[1]);
  if (!replaced && (field(value, 'status') ?? 'open') !== 'open') return 'only a facilitator removes a promoted or merged idea card';
  return null;
}

/** One participant's entries stay bounded, and their dots within the workshop's dots per person. */
function boundsProblem(doc: Y.Doc, inserted: readonly Touch[], deleted: readonly Touch[], pid: string): string | null {
  const newKeys = (root: string) => new Set(inserted.filter((touch) => touch.path[0] === root && !doc.getMap(root).has(touch.path[1]!)).map((touch) => touch.path[1]!));
  const ownCount = (root: string, own: (key: string, value: unknown) => boolean) => {
    let count = 0;
    doc.getMap<unknown>(root).forEach((value, key) => {
      if (own(key, value)) count++;
    });
    return count;
  };
  const byKey = (key: string) => splitEntryKey(key)?.participantId === pid;
  const limits: Array<[string, number, (key: string, value: unknown) => boolean]> = [
    [WorkshopRoot.ratings, WORKSHOP_SERVER_LIMITS.ratings, byKey],
    [WorkshopRoot.votes, WORKSHOP_SERVER_LIMITS.votes, byKey],
    [WorkshopRoot.ideas, WORKSHOP_SERVER_LIMITS.ideas, (_key, value) => field(value, 'author') === pid],
  ];
  for (const root of [WorkshopRoot.ratings, WorkshopRoot.votes, WorkshopRoot.ideas, WorkshopRoot.participants]) {
    const added = newKeys(root);
    const total = WORKSHOP_SERVER_LIMITS.total[root]!;
    if (added.size > 0 && doc.getMap(root).size + added.size > total) return `this workshop holds at most ${total} ${root}`;
  }
  for (const [root, limit, own] of limits) {
    const added = newKeys(root);
    if (added.size > 0 && ownCount(root, own) + added.size > limit) return `a participant holds at most ${limit} ${root} in a document`;
  }
  if (!inserted.some((touch) => touch.path[0] === WorkshopRoot.votes)) return null;
  // The dots after the update: what is kept, plus what is written (the largest, if a key is written twice).
  const dots = new Map<string, number>();
  doc.getMap<unknown>(WorkshopRoot.votes).forEach((value, key) => {
    if (byKey(key) && typeof value === 'number') dots.set(key, value);
  });
  for (const touch of deleted) if (touch.path[0] === WorkshopRoot.votes) dots.delete(touch.path[1]!);
  const written = new Map<string, number>();
  for (const touch of inserted) {
    if (touch.path[0] !== WorkshopRoot.votes) continue;
    const value = (touch.item.content as Y.ContentAny).getContent()[0] as number;
    written.set(touch.path[1]!, Math.max(written.get(touch.path[1]!) ?? 0, value));
  }
  for (const [key, value] of written) dots.set(key, value);
  const total = [...dots.values()].reduce((sum, value) => sum + value, 0);
  if (total > dotsPerPerson(doc)) return 'a participant’s dots add up to at most the workshop’s dots per person';
  return null;
}
