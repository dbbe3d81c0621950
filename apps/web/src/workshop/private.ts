import { WorkshopRoot, readIdeas, readRatings, summariseAll, type IdeaCard, type Rating } from '@qms/model';
import { isParticipantId } from '@qms/protocol';
import type * as Y from 'yjs';
import { ApiError, ClientErrorCode } from '../api';
import { REVIEW_ORIGIN } from '../review/review-connection';
import * as act from './actions';
import type { WorkshopState } from './state';

/**
 * The browser's side of private workshop documents (`/sync/<mapId>/workshop/<participantId>`):
 * while the facilitator hides ratings (`hideRatings`) or keeps idea cards private
 * (`privateIdeas`), a participant writes those into their own private document, never into the
 * review; they see their own private entries merged with the visible ones, and a facilitator
 * reads every participant's private document the review lists in `workshopDocuments`.
 */

/** The review document's list of private workshop documents: participant id → first opened (ms); the server writes it. */
export const WORKSHOP_DOCUMENTS_ROOT = 'workshopDocuments';

/** Private documents a facilitator's browser reads at most (as many as the server lets a map have). */
export const MAX_PRIVATE_DOCUMENTS = 200;

type RatingEntry = WorkshopState['ratings'][number];

/** One participant's private entries: only those keyed or authored under their own id count. */
export interface PrivateEntries {
  readonly ratings: readonly RatingEntry[];
  readonly ideas: readonly IdeaCard[];
}

export function readPrivateEntries(doc: Y.Doc, participantId: string): PrivateEntries {
  return {
    ratings: readRatings(doc).filter((r) => r.participantId === participantId),
    ideas: readIdeas(doc).filter((card) => card.author === participantId),
  };
}

/** Whether the workshop keeps anything private now (and so whether private documents are open). */
export function privateMode(state: Pick<WorkshopState, 'started' | 'hideRatings' | 'privateIdeas'>): boolean {
  return state.started && (state.hideRatings || state.privateIdeas);
}

/**
 * The private documents this browser holds: none while nothing is private; a participant their
 * own; a facilitator their own and every one the review lists, oldest first, at most `limit`.
 */
export function privateDocumentsToOpen(reviewDoc: Y.Doc, state: Pick<WorkshopState, 'started' | 'hideRatings' | 'privateIdeas'>, me: string, facilitator: boolean, limit = MAX_PRIVATE_DOCUMENTS): string[] {
  if (!privateMode(state)) return [];
  if (!facilitator) return [me];
  const listed: Array<[string, number]> = [];
  reviewDoc.getMap<unknown>(WORKSHOP_DOCUMENTS_ROOT).forEach((at, id) => {
    if (id !== me && isParticipantId(id)) listed.push([id, typeof at === 'number' ? at : 0]);
  });
  listed.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  return [me, ...listed.map(([id]) => id)].slice(0, Math.max(0, limit));
}

/** What is hidden from the room, as this browser can see it. */
export interface HiddenCounts {
  /** Private ratings, and the participants who have any. */
  readonly ratings: number;
  readonly raters: number;
  /** Private idea cards, and the participants who wrote any. */
  readonly ideas: number;
  readonly authors: number;
}

export interface MergedWorkshop extends WorkshopState {
  /** Keys (`<workActionId>/<participantId>`) of the ratings read from private documents. */
  readonly privateRatings: ReadonlySet<string>;
  /** Ids of the cards read from private documents. */
  readonly privateCards: ReadonlySet<string>;
  readonly hidden: HiddenCounts;
}

/**
 * The review's visible workshop with the private entries this browser reads (participant id →
 * their entries): a private rating stands in for a visible one under the same key (it is the
 * newer: rating privately takes the visible one away), a private card is added to the visible
 * ones (by id, the private one), and the summaries are computed again over the whole.
 */
export function mergePrivate(state: WorkshopState, privates: ReadonlyMap<string, PrivateEntries>): MergedWorkshop {
  const ratings = new Map<string, RatingEntry>(state.ratings.map((r) => [`${r.workActionId}/${r.participantId}`, r]));
  const ideas = new Map<string, IdeaCard>(state.ideas.map((card) => [card.id, card]));
  const privateRatings = new Set<string>();
  const privateCards = new Set<string>();
  let raters = 0;
  let authors = 0;
  for (const [participantId, entries] of privates) {
    let rated = false;
    let wrote = false;
    for (const r of entries.ratings) {
      if (r.participantId !== participantId) continue;
      const key = `${r.workActionId}/${r.participantId}`;
      ratings.set(key, r);
      privateRatings.add(key);
      rated = true;
    }
    for (const card of entries.ideas) {
      if (card.author !== participantId) continue;
      const visible = ideas.get(card.id);
      if (visible && visible.author !== participantId) continue;
      ideas.set(card.id, card);
      privateCards.add(card.id);
      wrote = true;
    }
    if (rated) raters++;
    if (wrote) authors++;
  }
  const mergedRatings = [...ratings.values()].sort((a, b) => (a.workActionId + '/' + a.participantId).localeCompare(b.workActionId + '/' + b.participantId));
  return {
    ...state,
    ratings: mergedRatings,
    summaries: privates.size === 0 ? state.summaries : summariseAll(mergedRatings),
    ideas: [...ideas.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
    privateRatings,
    privateCards,
    hidden: { ratings: privateRatings.size, raters, ideas: privateCards.size, authors },
  };
}

/** Where this browser's workshop writes go: the review, and its own private document while one is open. */
export interface WorkshopTarget {
  readonly review: Y.Doc;
  /** This participant's private document; null when none is open. */
  readonly own: Y.Doc | null;
  readonly hideRatings: boolean;
  readonly privateIdeas: boolean;
}

/** Whether a write of this kind must go to the private document (and so waits for one to be open). */
export function writesPrivately(target: Pick<WorkshopTarget, 'hideRatings' | 'privateIdeas'>, what: 'ratings' | 'ideas'): boolean {
  return what === 'ratings' ? target.hideRatings : target.privateIdeas;
}

/**
 * Rates a work action: while ratings are hidden into the private document (and the visible
 * rating under the same key, from before they were hidden, is taken away), else into the review
 * (and a private one under the key is taken away). False: ratings are hidden and no private
 * document is open, so nothing was written (never the review instead).
 */
export function writeRating(target: WorkshopTarget, workActionId: string, me: string, rating: Rating): boolean {
  const key = `${workActionId}/${me}`;
  if (target.hideRatings) {
    if (!target.own) return false;
    act.setRating(target.own, workActionId, me, rating);
    if (target.review.getMap(WorkshopRoot.ratings).has(key)) target.review.transact(() => target.review.getMap(WorkshopRoot.ratings).delete(key), REVIEW_ORIGIN);
    return true;
  }
  act.setRating(target.review, workActionId, me, rating);
  const own = target.own;
  if (own?.getMap(WorkshopRoot.ratings).has(key)) own.transact(() => own.getMap(WorkshopRoot.ratings).delete(key), REVIEW_ORIGIN);
  return true;
}

/** Adds a card: into the private document while cards are private (undefined if none is open), else into the review. */
export function writeIdea(target: WorkshopTarget, me: string, authorName: string, text: string, kindHint?: IdeaCard['kindHint']): string | undefined {
  if (target.privateIdeas) return target.own ? act.addIdea(target.own, me, authorName, text, kindHint) : undefined;
  return act.addIdea(target.review, me, authorName, text, kindHint);
}

/** Why a reveal failed, as the panel says it: the server out of reach, a link that may not reveal, or the server's explanation. */
export function revealFailure(error: unknown): { readonly reason: 'offline' | 'forbidden' } | { readonly message: string } {
  if (error instanceof ApiError && error.error === ClientErrorCode.Network) return { reason: 'offline' };
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return { reason: 'forbidden' };
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * What is left in this participant's private document of a kind that is no longer private (a
 * rating written while the facilitator was revealing) moves into the review and out of the
 * private document, so that nothing stays hidden once the room sees everything. Only their own
 * well-formed entries; a card whose id the review already has stays where it is. How many moved.
 */
export function publishLeftovers(own: Y.Doc, review: Y.Doc, me: string, kinds: { ratings: boolean; ideas: boolean }): number {
  const entries = readPrivateEntries(own, me);
  const ratings = kinds.ratings ? entries.ratings : [];
  const ideas = kinds.ideas ? entries.ideas.filter((card) => !review.getMap(WorkshopRoot.ideas).has(card.id)) : [];
  if (ratings.length === 0 && ideas.length === 0) return 0;
  review.transact(() => {
    for (const r of ratings) review.getMap(WorkshopRoot.ratings).set(`${r.workActionId}/${r.participantId}`, { ...r.rating });
    for (const { id, ...card } of ideas) review.getMap(WorkshopRoot.ideas).set(id, card);
  }, REVIEW_ORIGIN);
  own.transact(() => {
    for (const r of ratings) own.getMap(WorkshopRoot.ratings).delete(`${r.workActionId}/${r.participantId}`);
    for (const card of ideas) own.getMap(WorkshopRoot.ideas).delete(card.id);
  }, REVIEW_ORIGIN);
  return ratings.length + ideas.length;
}
