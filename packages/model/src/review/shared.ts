import * as Y from 'yjs';
import { REVIEW_LIMITS, REVIEW_SCHEMA_VERSION, ReviewRefusal, ReviewRoot, type ReviewPerson, type ReviewResult, type ThreadAnchor } from './schema.js';

/** What the threads and the rounds share: the version guard, refusals, and reading people and values typed by hand. */

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
export function stampVersion(doc: Y.Doc): void {
  const review = doc.getMap<unknown>(ReviewRoot.review);
  if (!review.has('schemaVersion')) review.set('schemaVersion', REVIEW_SCHEMA_VERSION);
}

export function refuse(reason: ReviewRefusal, message: string): { ok: false; reason: ReviewRefusal; message: string } {
  return { ok: false, reason, message };
}

export function guardVersion(doc: Y.Doc): ReviewResult<never> | null {
  return reviewWritable(doc)
    ? null
    : refuse(ReviewRefusal.NewerSchema, 'This review was saved by a newer version of the app. Reload the page to update it.');
}

/** Trims and collapses spaces: names and institutions are typed by hand, often twice differently. */
export function tidy(value: unknown): string {
  return typeof value === 'string' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : '';
}

/** The key an institution is stored under: case and spacing do not make a second institution. */
export function institutionKey(institution: string): string {
  return tidy(institution).toLowerCase();
}

/**
 * The key of a partner institution of the map (`meta.institutions`) among a round's columns and in
 * sign-off keys: `#<id>`. A name typed by hand never starts with "#" as a key would (names are
 * keyed by institutionKey, which a "#" alone cannot make one of these: ids have no spaces).
 */
export function partnerKey(institutionId: string): string {
  return `#${institutionId}`;
}

/** The institution id a column or sign-off key names, if it is a partner's. */
export function partnerOfKey(key: string): string | undefined {
  return key.startsWith('#') && key.length > 1 && !/\s/.test(key) ? key.slice(1) : undefined;
}

/** The column a decision belongs to: its partner institution, else its name (case and spaces aside). */
export function decisionKey(decision: { readonly institution: string; readonly institutionId?: string }): string {
  return decision.institutionId ? partnerKey(decision.institutionId) : institutionKey(decision.institution);
}

/** A round's expected institution: a partner (`#id`) or a name. */
export function columnKey(entry: string): string {
  return partnerOfKey(entry) !== undefined ? entry : institutionKey(entry);
}

export function signoffKey(roundId: string, unitId: string, institution: string, institutionId?: string): string {
  return `${roundId}/${unitId}/${institutionId ? partnerKey(institutionId) : institutionKey(institution)}`;
}

export function person(value: ReviewPerson | undefined): ReviewPerson | null {
  const name = tidy(value?.name).slice(0, REVIEW_LIMITS.name);
  if (!name) return null;
  const institution = tidy(value?.institution).slice(0, REVIEW_LIMITS.name);
  return institution ? { name, institution } : { name };
}

export function checkText(text: string): ReviewResult<string> {
  if (text.trim() === '') return refuse(ReviewRefusal.EmptyText, 'Write something first.');
  if (text.length > REVIEW_LIMITS.comment) {
    return refuse(ReviewRefusal.TooLong, `A comment may be at most ${REVIEW_LIMITS.comment} characters; split it into two.`);
  }
  return { ok: true, value: text };
}

export function checkAnchor(anchor: ThreadAnchor): ThreadAnchor | null {
  if ('nodeId' in anchor) return typeof anchor.nodeId === 'string' && anchor.nodeId ? { nodeId: anchor.nodeId } : null;
  const { x, y } = anchor as { x: unknown; y: unknown };
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

export function readPerson(value: unknown): ReviewPerson | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const name = tidy((value as { name?: unknown }).name);
  if (!name) return undefined;
  const institution = tidy((value as { institution?: unknown }).institution);
  return institution ? { name, institution } : { name };
}

export const UNKNOWN: ReviewPerson = { name: '?' };

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function stringList(value: unknown): string[] {
  if (value instanceof Y.Array) value = value.toArray();
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
