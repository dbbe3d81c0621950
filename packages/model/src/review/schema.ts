import type * as Y from 'yjs';

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
 *   doc.getMap('rounds')    roundId → Y.Map { title, unitIds: string[], institutions?: string[] (names,
 *                             or `#<id>` for a partner institution of the map),
 *                             openedAt, openedBy: { name, institution? }, closedAt?, closedBy? }
 *   doc.getMap('signoffs')  `${roundId}/${unitId}/${institutionKey}` → plain object { roundId, unitId,
 *                             institution, status: 'agreed' | 'changes-requested', comment,
 *                             by: { name, institution }, at: ms, fingerprint, language? }
 *                           `${roundId}/${unitId}/#${institutionId}` → the same with `institutionId`: a
 *                             partner institution's decision (made through a review link issued to
 *                             it, or by an owner); `institution` is then its name as signed.
 *   doc.getMap('writers')   JSON of an entry's path (["threads", id], ["threads", id, "comments",
 *                             "@client:clock"], ["signoffs", key]) → who wrote it: "owner" or a
 *                             link's opaque id. Written by the server only: it lets a comment or
 *                             sign-off be changed only by the link that wrote it.
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
 * the server drops viewers' writes to this document, and checks the others' by what they touch
 * (apps/server/src/rooms/update-policy.ts).
 */

/** Bump with a migration when a persisted shape changes; a newer document is read but not written. */
export const REVIEW_SCHEMA_VERSION = 1;

/** Names of the review document's root maps. */
export const ReviewRoot = {
  review: 'review',
  threads: 'threads',
  rounds: 'rounds',
  signoffs: 'signoffs',
  /** Who wrote each thread, comment and sign-off; written by the server only. */
  writers: 'writers',
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
  /** A sign-off for a partner institution of the map (its id in `meta.institutions`): keyed by it, not by the name. */
  institutionId?: string;
  /** A sign-off: the language version of the map the person read and decided on (BCP 47); the source when absent. */
  language?: string;
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
  /** Of the unit as read in `language` (its translation where it has one). */
  readonly fingerprint: string;
  /** The language version agreed to, when it was not the map's source language. */
  readonly language?: string;
  /** A partner institution of the map (`meta.institutions`) the decision speaks for. */
  readonly institutionId?: string;
}

export interface DecisionStatus extends SignOff {
  /** The round's column it belongs to (`columnKeys`). */
  readonly key: string;
  /** The unit changed (or was deleted) after this decision: its fingerprint is not the current one. */
  readonly stale: boolean;
}

export interface UnitStatus {
  readonly unitId: string;
  /** False when the unit was deleted from the map after the round opened. */
  readonly exists: boolean;
  /** `unit`, or the functional kind validated (`keyFunction`, `mainFunction`, `workAction`); empty when removed. */
  readonly kind: string;
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
  /** Expected institutions first (as the owner listed them), then any other that decided: their names. */
  readonly columns: readonly string[];
  /** The same columns' keys (decisionKey / columnKey): a partner's `#id`, else the name's key. */
  readonly columnKeys: readonly string[];
  /** In the round's order. */
  readonly units: readonly UnitStatus[];
}

// ---------------------------------------------------------------------------------------------
// Document access

export function threadsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(ReviewRoot.threads);
}
export function roundsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(ReviewRoot.rounds);
}
export function signoffsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(ReviewRoot.signoffs);
}
