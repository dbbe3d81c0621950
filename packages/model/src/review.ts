import * as Y from 'yjs';
import { newId } from './ids.js';
import { editText } from './operations.js';
import type { MapNode } from './schema.js';
import type { MapSnapshot } from './view.js';

/**
 * The review of a map: comment threads and unit sign-off rounds. They live in the map's second
 * Yjs document (`/sync/<mapId>/review`), which commenters may write and the map itself they may
 * not; so nothing here ever touches the map document, and the map is only read (a snapshot) to
 * tell whether an agreement is still about the current unit.
 *
 *   doc.getMap('review')    schemaVersion: number (REVIEW_SCHEMA_VERSION; absent in an empty doc)
 *   doc.getMap('threads')   threadId → Y.Map {
 *                             anchor: { nodeId } | { x, y }   plain object, set once (flow coordinates)
 *                             createdAt: ms, author: { name, institution? } (plain)
 *                             resolved: boolean, resolvedBy?: { name, institution? }, resolvedAt?: ms,
 *                             resolvedThrough?: commentId (the last comment the resolver saw)
 *                             comments: Y.Array<Y.Map { id, author, text: Y.Text, createdAt,
 *                                                       editedAt?, mentions: string[] }> }
 *   doc.getMap('rounds')    roundId → Y.Map { title, unitIds: string[], institutions?: string[],
 *                             openedAt, openedBy: { name, institution? }, closedAt?, closedBy? }
 *   doc.getMap('signoffs')  `${roundId}/${unitId}/${institutionKey}` → plain object { roundId, unitId,
 *                             institution, status: 'agreed' | 'changes-requested', comment,
 *                             by: { name, institution }, at: ms, fingerprint }
 *
 * Merge rules, one line each:
 * - Comments of one thread are in the Y.Array's order: concurrent replies are ordered the same on
 *   every peer (Yjs orders concurrent inserts by client id), and a reply always comes after what its
 *   author saw. Never by `createdAt`: partners' clocks in different countries disagree.
 * - A thread reads as resolved only if `resolved` is true and no comment follows `resolvedThrough`:
 *   a reply made while someone else resolved (or after) reopens it, so no reply is buried.
 * - Concurrent resolve and reopen: the `resolved` key is last-writer-wins; every peer keeps the same.
 * - One decision per institution per unit per round: a later decision replaces the earlier one (one
 *   map key). Two people of one institution deciding at the same moment: Yjs keeps one of the two on
 *   every peer (last-writer-wins by client id, not by clock); the other is lost, which is the
 *   institution's single voice, as on paper.
 * - Institutions are keyed case- and space-insensitively ("Vilnius VET centre" = "vilnius  VET Centre").
 *
 * Who may do what (owner opens rounds, viewers only read) is the web app's and the server's concern:
 * the server drops viewers' writes to this document; it does not tell an owner from a commenter here.
 */

/** Bump with a migration when a persisted shape changes; a newer document is read but not written. */
export const REVIEW_SCHEMA_VERSION = 1;

/** Names of the review document's root maps. */
export const ReviewRoot = {
  review: 'review',
  threads: 'threads',
  rounds: 'rounds',
  signoffs: 'signoffs',
} as const;

/** Limits, so that one paste cannot make the document huge. */
export const REVIEW_LIMITS = { comment: 5000, name: 100, title: 200, units: 500, institutions: 20 } as const;

export const DECISIONS = ['agreed', 'changes-requested'] as const;
export type Decision = (typeof DECISIONS)[number];
/** A unit's state in one round: every institution that decided agreed, one asked for changes, or nobody decided yet. */
export type UnitReviewState = Decision | 'pending';

export interface ReviewPerson {
  readonly name: string;
  readonly institution?: string;
}

/** Where a thread is pinned: a node, or a point on the canvas (flow coordinates). */
export type ThreadAnchor = { readonly nodeId: string } | { readonly x: number; readonly y: number };

/** Why a review operation was refused. Stable strings: the web app translates them. */
export const ReviewRefusal = {
  /** The document was written by a newer version of the app: read it, do not write it. */
  NewerSchema: 'newer-schema',
  EmptyText: 'empty-text',
  TooLong: 'too-long',
  /** Nobody to attribute the change to: ask the person's name first. */
  NoName: 'no-name',
  /** A sign-off speaks for an institution: ask it first. */
  NoInstitution: 'no-institution',
  InvalidAnchor: 'invalid-anchor',
  ThreadNotFound: 'thread-not-found',
  CommentNotFound: 'comment-not-found',
  RoundNotFound: 'round-not-found',
  /** The round was closed: its sign-offs are a record now. */
  RoundClosed: 'round-closed',
  UnitNotInRound: 'unit-not-in-round',
  NoUnits: 'no-units',
  InvalidDecision: 'invalid-decision',
  /** "Changes requested" must say which changes. */
  CommentRequired: 'comment-required',
} as const;
export type ReviewRefusal = (typeof ReviewRefusal)[keyof typeof ReviewRefusal];

export type ReviewResult<T> = { ok: true; value: T } | { ok: false; reason: ReviewRefusal; message: string };

/** For tests and importers: a fixed clock, a fixed id, more names to recognise in mentions. */
export interface ReviewWriteOptions {
  now?: number;
  id?: string;
  /** Names people may mention besides those already in the document (e.g. who is online). */
  people?: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Plain readings

export interface ReviewComment {
  readonly id: string;
  readonly author: ReviewPerson;
  readonly text: string;
  readonly createdAt: number;
  readonly editedAt?: number;
  readonly mentions: readonly string[];
}

export interface ReviewThread {
  readonly id: string;
  readonly anchor: ThreadAnchor;
  readonly createdAt: number;
  readonly author: ReviewPerson;
  /** Derived: resolved and nobody replied since (see the merge rules above). */
  readonly resolved: boolean;
  readonly resolvedBy?: ReviewPerson;
  readonly resolvedAt?: number;
  readonly comments: readonly ReviewComment[];
  /** The newest `createdAt` among its comments (for sorting only: clocks differ). */
  readonly lastActivityAt: number;
}

export interface ReviewRound {
  readonly id: string;
  readonly title: string;
  readonly unitIds: readonly string[];
  /** The partners expected to decide; empty when the owner did not name them. */
  readonly institutions: readonly string[];
  readonly openedAt: number;
  readonly openedBy: ReviewPerson;
  readonly closedAt?: number;
  readonly closedBy?: ReviewPerson;
  readonly open: boolean;
}

export interface SignOff {
  readonly roundId: string;
  readonly unitId: string;
  /** As the person typed it (the key is the normalised form). */
  readonly institution: string;
  readonly status: Decision;
  readonly comment: string;
  readonly by: ReviewPerson;
  readonly at: number;
  readonly fingerprint: string;
}

export interface DecisionStatus extends SignOff {
  /** The unit changed (or was deleted) after this decision: its fingerprint is not the current one. */
  readonly stale: boolean;
}

export interface UnitStatus {
  readonly unitId: string;
  /** False when the unit was deleted from the map after the round opened. */
  readonly exists: boolean;
  readonly code: string;
  readonly title: string;
  /** The unit's current fingerprint (undefined when it no longer exists). */
  readonly fingerprint: string | undefined;
  /** One per institution that decided, sorted by institution. */
  readonly decisions: readonly DecisionStatus[];
  readonly overall: UnitReviewState;
  /** Some agreement is about an earlier version of the unit. */
  readonly stale: boolean;
}

export interface RoundStatus extends ReviewRound {
  /** Expected institutions first (as the owner listed them), then any other that decided. */
  readonly columns: readonly string[];
  /** In the round's order. */
  readonly units: readonly UnitStatus[];
}

// ---------------------------------------------------------------------------------------------
// Document access

function threadsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(ReviewRoot.threads);
}
function roundsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(ReviewRoot.rounds);
}
function signoffsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ReviewRoot.signoffs);
}

/** The review document's schema version; an empty document (nobody wrote yet) is the current one. */
export function reviewSchemaVersion(doc: Y.Doc): number {
  const version = doc.getMap<unknown>(ReviewRoot.review).get('schemaVersion');
  return typeof version === 'number' ? version : REVIEW_SCHEMA_VERSION;
}

/** True if this version may write the document (it is not from a newer version). */
export function reviewWritable(doc: Y.Doc): boolean {
  return reviewSchemaVersion(doc) <= REVIEW_SCHEMA_VERSION;
}

/**
 * Nobody "creates" a review document (the server opens an empty one on demand), so every write
 * stamps the version if it is missing. Two peers stamping at once write the same value.
 */
function stampVersion(doc: Y.Doc): void {
  const review = doc.getMap<unknown>(ReviewRoot.review);
  if (!review.has('schemaVersion')) review.set('schemaVersion', REVIEW_SCHEMA_VERSION);
}

function refuse(reason: ReviewRefusal, message: string): { ok: false; reason: ReviewRefusal; message: string } {
  return { ok: false, reason, message };
}

function guardVersion(doc: Y.Doc): ReviewResult<never> | null {
  return reviewWritable(doc)
    ? null
    : refuse(ReviewRefusal.NewerSchema, 'This review was saved by a newer version of the app. Reload the page to update it.');
}

/** Trims and collapses spaces: names and institutions are typed by hand, often twice differently. */
function tidy(value: unknown): string {
  return typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
}

/** The key an institution is stored under: case and spacing do not make a second institution. */
export function institutionKey(institution: string): string {
  return tidy(institution).toLowerCase();
}

export function signoffKey(roundId: string, unitId: string, institution: string): string {
  return `${roundId}/${unitId}/${institutionKey(institution)}`;
}

function person(value: ReviewPerson | undefined): ReviewPerson | null {
  const name = tidy(value?.name).slice(0, REVIEW_LIMITS.name);
  if (!name) return null;
  const institution = tidy(value?.institution).slice(0, REVIEW_LIMITS.name);
  return institution ? { name, institution } : { name };
}

function checkText(text: string): ReviewResult<string> {
  if (text.trim() === '') return refuse(ReviewRefusal.EmptyText, 'Write something first.');
  if (text.length > REVIEW_LIMITS.comment) {
    return refuse(ReviewRefusal.TooLong, `A comment may be at most ${REVIEW_LIMITS.comment} characters; split it into two.`);
  }
  return { ok: true, value: text };
}

function checkAnchor(anchor: ThreadAnchor): ThreadAnchor | null {
  if ('nodeId' in anchor) return typeof anchor.nodeId === 'string' && anchor.nodeId ? { nodeId: anchor.nodeId } : null;
  const { x, y } = anchor as { x: unknown; y: unknown };
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

/** Everyone the document knows by name: authors, resolvers, round openers, signers. Sorted. */
export function knownPeople(doc: Y.Doc): string[] {
  const names = new Map<string, string>();
  const add = (value: unknown) => {
    const name = tidy((value as ReviewPerson | undefined)?.name);
    if (name && !names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  };
  for (const thread of threadsOf(doc).values()) {
    if (!(thread instanceof Y.Map)) continue;
    add(thread.get('author'));
    add(thread.get('resolvedBy'));
    const comments = thread.get('comments');
    if (comments instanceof Y.Array) for (const comment of comments) if (comment instanceof Y.Map) add(comment.get('author'));
  }
  for (const round of roundsOf(doc).values()) if (round instanceof Y.Map) add(round.get('openedBy'));
  for (const signoff of signoffsOf(doc).values()) add((signoff as { by?: unknown } | undefined)?.by);
  return [...names.values()].sort((a, b) => a.localeCompare(b));
}

function mentionsIn(doc: Y.Doc, text: string, options: ReviewWriteOptions): string[] {
  return findMentions(text, [...knownPeople(doc), ...(options.people ?? [])]);
}

/** Adds a comment map to an array: integrated first, then filled (as operations.ts writes nodes). */
function pushComment(comments: Y.Array<Y.Map<unknown>>, id: string, author: ReviewPerson, text: string, createdAt: number, mentions: string[]): void {
  const comment = new Y.Map<unknown>();
  comments.push([comment]);
  comment.set('id', id);
  comment.set('author', author);
  comment.set('text', new Y.Text(text));
  comment.set('createdAt', createdAt);
  comment.set('mentions', mentions);
}

// ---------------------------------------------------------------------------------------------
// Threads

/** Starts a thread on a node or a canvas point with its first comment. Returns the thread's id. */
export function createThread(
  doc: Y.Doc,
  anchor: ThreadAnchor,
  author: ReviewPerson,
  text: string,
  origin?: unknown,
  options: ReviewWriteOptions = {},
): ReviewResult<string> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const who = person(author);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are before commenting.');
  const where = checkAnchor(anchor);
  if (!where) return refuse(ReviewRefusal.InvalidAnchor, 'A thread is pinned to a node or a point on the canvas.');
  const checked = checkText(text);
  if (!checked.ok) return checked;
  const id = options.id ?? newId();
  const now = options.now ?? Date.now();
  const mentions = mentionsIn(doc, text, options);
  doc.transact(() => {
    stampVersion(doc);
    const thread = new Y.Map<unknown>();
    threadsOf(doc).set(id, thread);
    thread.set('anchor', where);
    thread.set('createdAt', now);
    thread.set('author', who);
    thread.set('resolved', false);
    const comments = new Y.Array<Y.Map<unknown>>();
    thread.set('comments', comments);
    pushComment(comments, newId(), who, text, now, mentions);
  }, origin);
  return { ok: true, value: id };
}

function threadMap(doc: Y.Doc, threadId: string): ReviewResult<{ thread: Y.Map<unknown>; comments: Y.Array<Y.Map<unknown>> }> {
  const thread = threadsOf(doc).get(threadId);
  const comments = thread instanceof Y.Map ? thread.get('comments') : undefined;
  if (!(thread instanceof Y.Map) || !(comments instanceof Y.Array)) return refuse(ReviewRefusal.ThreadNotFound, 'This thread no longer exists.');
  return { ok: true, value: { thread, comments: comments as Y.Array<Y.Map<unknown>> } };
}

/** Answers in a thread. A reply to a resolved thread reopens it. Returns the comment's id. */
export function reply(
  doc: Y.Doc,
  threadId: string,
  author: ReviewPerson,
  text: string,
  origin?: unknown,
  options: ReviewWriteOptions = {},
): ReviewResult<string> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const who = person(author);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are before commenting.');
  const checked = checkText(text);
  if (!checked.ok) return checked;
  const found = threadMap(doc, threadId);
  if (!found.ok) return found;
  const id = options.id ?? newId();
  const mentions = mentionsIn(doc, text, options);
  doc.transact(() => {
    stampVersion(doc);
    pushComment(found.value.comments, id, who, text, options.now ?? Date.now(), mentions);
    // Said explicitly for readers that do not derive it; a concurrent resolve is handled by
    // `resolvedThrough` either way.
    if (found.value.thread.get('resolved') === true) clearResolution(found.value.thread);
  }, origin);
  return { ok: true, value: id };
}

/** Changes a comment's text (its author's correction); mentions are found again. */
export function editComment(
  doc: Y.Doc,
  threadId: string,
  commentId: string,
  text: string,
  origin?: unknown,
  options: ReviewWriteOptions = {},
): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const checked = checkText(text);
  if (!checked.ok) return checked;
  const found = threadMap(doc, threadId);
  if (!found.ok) return found;
  const comment = found.value.comments.toArray().find((c) => c instanceof Y.Map && c.get('id') === commentId);
  if (!comment) return refuse(ReviewRefusal.CommentNotFound, 'This comment no longer exists.');
  const mentions = mentionsIn(doc, text, options);
  doc.transact(() => {
    let stored = comment.get('text');
    if (!(stored instanceof Y.Text)) {
      stored = new Y.Text();
      comment.set('text', stored);
    }
    if ((stored as Y.Text).toString() === text) return;
    // Only the span that differs: the same person fixing a typo in two tabs keeps both fixes.
    editText(stored as Y.Text, text);
    comment.set('editedAt', options.now ?? Date.now());
    comment.set('mentions', mentions);
  }, origin);
  return { ok: true, value: undefined };
}

function clearResolution(thread: Y.Map<unknown>): void {
  thread.set('resolved', false);
  for (const key of ['resolvedBy', 'resolvedAt', 'resolvedThrough']) if (thread.has(key)) thread.delete(key);
}

/** Marks a thread as settled; it stays readable under "resolved". */
export function resolveThread(doc: Y.Doc, threadId: string, by: ReviewPerson, origin?: unknown, options: ReviewWriteOptions = {}): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const who = person(by);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are first.');
  const found = threadMap(doc, threadId);
  if (!found.ok) return found;
  const last = found.value.comments.length > 0 ? found.value.comments.get(found.value.comments.length - 1) : undefined;
  doc.transact(() => {
    stampVersion(doc);
    const thread = found.value.thread;
    thread.set('resolved', true);
    thread.set('resolvedBy', who);
    thread.set('resolvedAt', options.now ?? Date.now());
    const through = last instanceof Y.Map ? last.get('id') : undefined;
    if (typeof through === 'string') thread.set('resolvedThrough', through);
  }, origin);
  return { ok: true, value: undefined };
}

export function reopenThread(doc: Y.Doc, threadId: string, origin?: unknown): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const found = threadMap(doc, threadId);
  if (!found.ok) return found;
  doc.transact(() => {
    stampVersion(doc);
    clearResolution(found.value.thread);
  }, origin);
  return { ok: true, value: undefined };
}

function readPerson(value: unknown): ReviewPerson | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const name = tidy((value as { name?: unknown }).name);
  if (!name) return undefined;
  const institution = tidy((value as { institution?: unknown }).institution);
  return institution ? { name, institution } : { name };
}

const UNKNOWN: ReviewPerson = { name: '?' };

function readAnchor(value: unknown): ThreadAnchor | null {
  if (value instanceof Y.Map) value = value.toJSON();
  if (typeof value !== 'object' || value === null) return null;
  return checkAnchor(value as ThreadAnchor);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function readComment(value: unknown): ReviewComment | null {
  if (!(value instanceof Y.Map)) return null;
  const id = value.get('id');
  const text = value.get('text');
  const mentions = value.get('mentions');
  const editedAt = num(value.get('editedAt'));
  return {
    id: typeof id === 'string' ? id : '',
    author: readPerson(value.get('author')) ?? UNKNOWN,
    text: text instanceof Y.Text ? text.toString() : typeof text === 'string' ? text : '',
    createdAt: num(value.get('createdAt')) ?? 0,
    ...(editedAt !== undefined ? { editedAt } : {}),
    mentions: Array.isArray(mentions) ? mentions.filter((m): m is string => typeof m === 'string') : [],
  };
}

/** One thread as a plain object, or null if it is not of a shape this version understands. */
export function readThread(id: string, value: unknown): ReviewThread | null {
  if (!(value instanceof Y.Map)) return null;
  const anchor = readAnchor(value.get('anchor'));
  const stored = value.get('comments');
  if (!anchor || !(stored instanceof Y.Array)) return null;
  const comments = stored.toArray().map(readComment).filter((c): c is ReviewComment => c !== null);
  const through = value.get('resolvedThrough');
  const last = comments[comments.length - 1];
  // Resolved only if nobody wrote after what the resolver saw (see the merge rules at the top).
  const resolved =
    value.get('resolved') === true &&
    (typeof through !== 'string' || !comments.some((c) => c.id === through) || last?.id === through);
  const createdAt = num(value.get('createdAt')) ?? comments[0]?.createdAt ?? 0;
  const resolvedBy = resolved ? readPerson(value.get('resolvedBy')) : undefined;
  const resolvedAt = resolved ? num(value.get('resolvedAt')) : undefined;
  return {
    id,
    anchor,
    createdAt,
    author: readPerson(value.get('author')) ?? comments[0]?.author ?? UNKNOWN,
    resolved,
    ...(resolvedBy ? { resolvedBy } : {}),
    ...(resolvedAt !== undefined ? { resolvedAt } : {}),
    comments,
    lastActivityAt: Math.max(createdAt, ...comments.map((c) => c.createdAt)),
  };
}

/** Every thread: open ones first, most recently active first; resolved ones by resolution, newest first. */
export function readThreads(doc: Y.Doc): ReviewThread[] {
  const out: ReviewThread[] = [];
  for (const [id, value] of threadsOf(doc)) {
    const thread = readThread(id, value);
    if (thread) out.push(thread);
  }
  return out.sort(
    (a, b) =>
      Number(a.resolved) - Number(b.resolved) ||
      (a.resolved ? (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0) : b.lastActivityAt - a.lastActivityAt) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

// ---------------------------------------------------------------------------------------------
// Rounds and sign-offs

export interface NewRound {
  title: string;
  unitIds: readonly string[];
  /** The partner institutions expected to decide (optional): a unit is agreed only when all of them agreed. */
  institutions?: readonly string[];
}

/** Opens a review round on a set of units (the owner, before a mobility). Returns the round's id. */
export function openRound(doc: Y.Doc, round: NewRound, by: ReviewPerson, origin?: unknown, options: ReviewWriteOptions = {}): ReviewResult<string> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const who = person(by);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are first.');
  const title = tidy(round.title);
  if (!title) return refuse(ReviewRefusal.EmptyText, 'Give the round a title, e.g. "Units for the spring mobility".');
  if (title.length > REVIEW_LIMITS.title) return refuse(ReviewRefusal.TooLong, `A title may be at most ${REVIEW_LIMITS.title} characters.`);
  const unitIds = [...new Set(round.unitIds.filter((id) => typeof id === 'string' && id))];
  if (unitIds.length === 0) return refuse(ReviewRefusal.NoUnits, 'Pick at least one unit to review.');
  if (unitIds.length > REVIEW_LIMITS.units) return refuse(ReviewRefusal.TooLong, `A round may hold at most ${REVIEW_LIMITS.units} units.`);
  const institutions: string[] = [];
  for (const name of round.institutions ?? []) {
    const tidied = tidy(name).slice(0, REVIEW_LIMITS.name);
    if (tidied && !institutions.some((i) => institutionKey(i) === institutionKey(tidied))) institutions.push(tidied);
  }
  if (institutions.length > REVIEW_LIMITS.institutions) {
    return refuse(ReviewRefusal.TooLong, `A round may name at most ${REVIEW_LIMITS.institutions} institutions.`);
  }
  const id = options.id ?? newId();
  doc.transact(() => {
    stampVersion(doc);
    const map = new Y.Map<unknown>();
    roundsOf(doc).set(id, map);
    map.set('title', title);
    map.set('unitIds', unitIds);
    if (institutions.length > 0) map.set('institutions', institutions);
    map.set('openedAt', options.now ?? Date.now());
    map.set('openedBy', who);
  }, origin);
  return { ok: true, value: id };
}

function roundMap(doc: Y.Doc, roundId: string): ReviewResult<Y.Map<unknown>> {
  const round = roundsOf(doc).get(roundId);
  return round instanceof Y.Map ? { ok: true, value: round } : refuse(ReviewRefusal.RoundNotFound, 'This review round no longer exists.');
}

/** Closes a round: its decisions stay as the record; nobody can decide in it any more. */
export function closeRound(doc: Y.Doc, roundId: string, by: ReviewPerson, origin?: unknown, options: ReviewWriteOptions = {}): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const who = person(by);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are first.');
  const found = roundMap(doc, roundId);
  if (!found.ok) return found;
  doc.transact(() => {
    found.value.set('closedAt', options.now ?? Date.now());
    found.value.set('closedBy', who);
  }, origin);
  return { ok: true, value: undefined };
}

/** Opens a closed round again (closed by mistake, or a late partner). */
export function reopenRound(doc: Y.Doc, roundId: string, origin?: unknown): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const found = roundMap(doc, roundId);
  if (!found.ok) return found;
  doc.transact(() => {
    if (found.value.has('closedAt')) found.value.delete('closedAt');
    if (found.value.has('closedBy')) found.value.delete('closedBy');
  }, origin);
  return { ok: true, value: undefined };
}

/**
 * An institution's decision on one unit of an open round, replacing its earlier one. `fingerprint`
 * is `unitFingerprint(snapshot, unitId)` of the unit as the person saw it when deciding.
 */
export function signOff(
  doc: Y.Doc,
  roundId: string,
  unitId: string,
  decision: Decision,
  comment: string,
  by: ReviewPerson,
  fingerprint: string,
  origin?: unknown,
  options: ReviewWriteOptions = {},
): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  if (!(DECISIONS as readonly string[]).includes(decision)) return refuse(ReviewRefusal.InvalidDecision, 'Choose "agreed" or "changes requested".');
  const who = person(by);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are first.');
  if (!who.institution) return refuse(ReviewRefusal.NoInstitution, 'Say which institution you sign for.');
  const text = comment.trim();
  if (decision === 'changes-requested' && !text) return refuse(ReviewRefusal.CommentRequired, 'Say which changes the unit needs.');
  if (text.length > REVIEW_LIMITS.comment) return refuse(ReviewRefusal.TooLong, `A comment may be at most ${REVIEW_LIMITS.comment} characters.`);
  const found = roundMap(doc, roundId);
  if (!found.ok) return found;
  const round = readRound(roundId, found.value);
  if (!round) return refuse(ReviewRefusal.RoundNotFound, 'This review round no longer exists.');
  if (!round.open) return refuse(ReviewRefusal.RoundClosed, 'This round is closed; ask the map’s owner to open a new one.');
  if (!round.unitIds.includes(unitId)) return refuse(ReviewRefusal.UnitNotInRound, 'This unit is not part of the round.');
  const value: SignOff = {
    roundId,
    unitId,
    institution: who.institution,
    status: decision,
    comment: text,
    by: who,
    at: options.now ?? Date.now(),
    fingerprint,
  };
  doc.transact(() => {
    stampVersion(doc);
    signoffsOf(doc).set(signoffKey(roundId, unitId, who.institution!), value);
  }, origin);
  return { ok: true, value: undefined };
}

function stringList(value: unknown): string[] {
  if (value instanceof Y.Array) value = value.toArray();
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function readRound(id: string, value: unknown): ReviewRound | null {
  if (!(value instanceof Y.Map)) return null;
  const closedAt = num(value.get('closedAt'));
  const closedBy = readPerson(value.get('closedBy'));
  return {
    id,
    title: tidy(value.get('title')),
    unitIds: stringList(value.get('unitIds')),
    institutions: stringList(value.get('institutions')),
    openedAt: num(value.get('openedAt')) ?? 0,
    openedBy: readPerson(value.get('openedBy')) ?? UNKNOWN,
    ...(closedAt !== undefined ? { closedAt } : {}),
    ...(closedAt !== undefined && closedBy ? { closedBy } : {}),
    open: closedAt === undefined,
  };
}

/** Every round: open ones first, newest first. */
export function readRounds(doc: Y.Doc): ReviewRound[] {
  const out: ReviewRound[] = [];
  for (const [id, value] of roundsOf(doc)) {
    const round = readRound(id, value);
    if (round) out.push(round);
  }
  return out.sort((a, b) => Number(b.open) - Number(a.open) || b.openedAt - a.openedAt || (a.id < b.id ? -1 : 1));
}

function readSignOff(value: unknown): SignOff | null {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType) return null;
  const v = value as Record<string, unknown>;
  const by = readPerson(v.by);
  const status = v.status;
  if (typeof v.roundId !== 'string' || typeof v.unitId !== 'string' || !by) return null;
  if (typeof status !== 'string' || !(DECISIONS as readonly string[]).includes(status)) return null;
  return {
    roundId: v.roundId,
    unitId: v.unitId,
    institution: tidy(v.institution) || by.institution || '?',
    status: status as Decision,
    comment: typeof v.comment === 'string' ? v.comment : '',
    by,
    at: num(v.at) ?? 0,
    fingerprint: typeof v.fingerprint === 'string' ? v.fingerprint : '',
  };
}

/** Every decision stored, as plain objects. */
export function readSignOffs(doc: Y.Doc): SignOff[] {
  const out: SignOff[] = [];
  for (const value of signoffsOf(doc).values()) {
    const signoff = readSignOff(value);
    if (signoff) out.push(signoff);
  }
  return out;
}

/**
 * Where every round stands against the map as it is now: per unit, each institution's decision
 * (stale if the unit changed since), and the unit's overall state.
 */
export function roundStatus(reviewDoc: Y.Doc, mapSnapshot: MapSnapshot): RoundStatus[] {
  const rounds = readRounds(reviewDoc);
  const byRound = new Map<string, SignOff[]>();
  for (const signoff of readSignOffs(reviewDoc)) {
    const list = byRound.get(signoff.roundId) ?? [];
    list.push(signoff);
    byRound.set(signoff.roundId, list);
  }
  const index = indexSnapshot(mapSnapshot);
  const fingerprints = new Map<string, string | undefined>();
  const fingerprintOf = (unitId: string) => {
    if (!fingerprints.has(unitId)) fingerprints.set(unitId, fingerprintIndexed(index, unitId));
    return fingerprints.get(unitId);
  };
  return rounds.map((round) => {
    const signoffs = byRound.get(round.id) ?? [];
    const columns = [...round.institutions];
    const others = new Map<string, string>();
    for (const s of signoffs) {
      const key = institutionKey(s.institution);
      if (!columns.some((c) => institutionKey(c) === key) && !others.has(key)) others.set(key, s.institution);
    }
    columns.push(...[...others.values()].sort((a, b) => a.localeCompare(b)));
    const expected = new Set(round.institutions.map(institutionKey));
    const units = round.unitIds.map((unitId): UnitStatus => {
      const node = index.byId.get(unitId);
      const exists = node?.kind === 'unit';
      const current = exists ? fingerprintOf(unitId) : undefined;
      const decisions = signoffs
        .filter((s) => s.unitId === unitId)
        .map((s): DecisionStatus => ({ ...s, stale: current === undefined || s.fingerprint !== current }))
        .sort((a, b) => a.institution.localeCompare(b.institution));
      const decided = new Set(decisions.map((d) => institutionKey(d.institution)));
      const overall: UnitReviewState = decisions.some((d) => d.status === 'changes-requested')
        ? 'changes-requested'
        : decisions.length > 0 && [...expected].every((key) => decided.has(key))
          ? 'agreed'
          : 'pending';
      return {
        unitId,
        exists,
        code: exists ? node!.code : '',
        title: exists ? node!.title : '',
        fingerprint: current,
        decisions,
        overall,
        stale: decisions.some((d) => d.status === 'agreed' && d.stale),
      };
    });
    return { ...round, columns, units };
  });
}

// ---------------------------------------------------------------------------------------------
// Fingerprints: what partners agree to

interface SnapshotIndex {
  byId: Map<string, MapNode>;
  /** unit id → its outcomes (an outcome belongs to the unit of its first `partOf` link by edge id, as on the canvas). */
  outcomes: Map<string, MapNode[]>;
}

function indexSnapshot(snapshot: MapSnapshot): SnapshotIndex {
  const byId = new Map(snapshot.nodes.map((n) => [n.id, n]));
  const outcomes = new Map<string, MapNode[]>();
  const placed = new Set<string>();
  const partOf = snapshot.edges.filter((e) => e.kind === 'partOf').sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const edge of partOf) {
    const outcome = byId.get(edge.source);
    if (!outcome || outcome.kind !== 'learningOutcome' || byId.get(edge.target)?.kind !== 'unit' || placed.has(edge.source)) continue;
    placed.add(edge.source);
    const list = outcomes.get(edge.target) ?? [];
    list.push(outcome);
    outcomes.set(edge.target, list);
  }
  return { byId, outcomes };
}

/** Whitespace is not content: an extra space typed by accident does not withdraw an agreement. */
function canonicalText(value: string | undefined): string | null {
  const text = tidy(value);
  return text === '' ? null : text;
}

function canonicalList(values: readonly string[] | undefined): string[] {
  return (values ?? []).map((v) => tidy(v)).filter((v) => v !== '');
}

function fingerprintIndexed(index: SnapshotIndex, unitId: string): string | undefined {
  const unit = index.byId.get(unitId);
  if (!unit || unit.kind !== 'unit') return undefined;
  // Arrays, not objects: their order is fixed, so the JSON is canonical. Positions, ids and
  // link ids are left out: moving a node or re-linking the same outcome changes nothing agreed.
  const outcomes = (index.outcomes.get(unitId) ?? [])
    .map((o) =>
      JSON.stringify([
        canonicalText(o.code),
        canonicalText(o.title),
        o.domain ?? null,
        o.bloomLevel ?? null,
        o.eqfLevel ?? null,
        canonicalList(o.assessmentCriteria),
      ]),
    )
    .sort();
  const canonical = JSON.stringify([
    'unit/1',
    canonicalText(unit.code),
    canonicalText(unit.title),
    unit.points ?? null,
    unit.eqfLevel ?? null,
    canonicalList(unit.assessmentCriteria),
    canonicalText(unit.validity),
    outcomes,
  ]);
  return fnv1a64(canonical);
}

/**
 * A stable hash of what partners agree to about a unit: its code, title, points, EQF level,
 * assessment criteria and validity, and its outcomes' code, statement, domain, Bloom level, EQF
 * level and criteria (in any order). Not positions. Undefined if there is no such unit.
 */
export function unitFingerprint(snapshot: MapSnapshot, unitId: string): string | undefined {
  return fingerprintIndexed(indexSnapshot(snapshot), unitId);
}

/**
 * 64-bit FNV-1a over the text's UTF-8 bytes, as 16 hex digits. The 64-bit state is kept in four
 * 16-bit limbs so that every product stays exact in a double (no BigInt in a hot path).
 */
export function fnv1a64(text: string): string {
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const step = (byte: number) => {
    h0 ^= byte;
    // × 0x100000001b3 = × 0x1b3 + (× 1 << 40); 40 bits = two limbs and 8 bits.
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    let t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    t3 += t2 >>> 16;
    h2 = t2 & 0xffff;
    h3 = t3 & 0xffff;
  };
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x80) step(cp);
    else if (cp < 0x800) {
      step(0xc0 | (cp >> 6));
      step(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      step(0xe0 | (cp >> 12));
      step(0x80 | ((cp >> 6) & 0x3f));
      step(0x80 | (cp & 0x3f));
    } else {
      step(0xf0 | (cp >> 18));
      step(0x80 | ((cp >> 12) & 0x3f));
      step(0x80 | ((cp >> 6) & 0x3f));
      step(0x80 | (cp & 0x3f));
    }
  }
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

// ---------------------------------------------------------------------------------------------
// Mentions and unread

const WORD = /[\p{L}\p{N}_]/u;
const QUOTES: Record<string, string> = { '"': '"', '“': '”', '«': '»', '„': '“' };

function fold(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The people a text mentions, from those known: `@Name` (the longest known name that follows the
 * @, ending at a word boundary, so "@Anna Petrova," finds "Anna Petrova" before "Anna") or
 * `@"Full Name"` (also «…» and “…”). Case-insensitive; an @ inside a word (an e-mail address) is
 * not a mention. Returns the names as known, each once, in order of first mention.
 */
export function findMentions(text: string, names: readonly string[]): string[] {
  const known = new Map<string, string>();
  for (const name of names) {
    const tidied = tidy(name);
    if (tidied && !known.has(fold(tidied))) known.set(fold(tidied), tidied);
  }
  const candidates = [...known.entries()].sort((a, b) => b[0].length - a[0].length);
  const found: string[] = [];
  const add = (name: string) => {
    if (!found.includes(name)) found.push(name);
  };
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    if (i > 0 && WORD.test(text[i - 1]!)) continue;
    const rest = text.slice(i + 1);
    const close = QUOTES[rest[0] ?? ''];
    if (close) {
      const end = rest.indexOf(close, 1);
      if (end > 1) {
        const name = known.get(fold(rest.slice(1, end)));
        if (name) add(name);
      }
      continue;
    }
    for (const [folded, name] of candidates) {
      const head = rest.slice(0, name.length);
      const after = rest[name.length];
      if (fold(head) === folded && (after === undefined || !WORD.test(after))) {
        add(name);
        break;
      }
    }
  }
  return found;
}

/**
 * How many comments of a thread this person has not seen. `lastSeen[threadId]` is the number of
 * the thread's comments they had seen — a count, not a time, because a partner's clock may be
 * minutes behind ours and their new comment would look old. Missing: nothing seen yet.
 */
export function unreadIn(thread: ReviewThread, lastSeen: Readonly<Record<string, number>>): number {
  return Math.max(0, thread.comments.length - (lastSeen[thread.id] ?? 0));
}

/** Unread comments across threads. */
export function unreadCount(threads: readonly ReviewThread[], lastSeen: Readonly<Record<string, number>>): number {
  return threads.reduce((sum, thread) => sum + unreadIn(thread, lastSeen), 0);
}
