import { createHash } from 'node:crypto';
import { REVIEW_SCHEMA_VERSION, ReviewRoot, SCHEMA_VERSION, partnerOfKey, schemaProblem } from '@qms/model';
import { DocumentKind, can } from '@qms/protocol';
import * as Y from 'yjs';
import type { Peer } from './peer.js';
import { COLLECTED, startsWith, updateScope, type Touch, type UpdateScope } from './update-scope.js';
import { isWorkshopRoot, workshopProblem } from './workshop-policy.js';

/**
 * Which changes a client may make beyond what its role allows in general (authorization.ts), read
 * from what its update touches (update-scope.ts) before it is applied:
 *
 * - **Maps:** the server owns `meta.schemaVersion` (it migrates maps on load); a client may not
 *   change or remove it, or every reader would refuse the map. A map whose stamp the server cannot
 *   read is not changed by clients at all until an owner restores a version. The partner
 *   institutions (`meta.institutions`) are the owner's to manage: review links and sign-offs are
 *   bound to them, so an editor may not add, rename or remove one.
 * - **Reviews:** a comment thread, a comment and a sign-off are changed only by the link that
 *   wrote it, or by an owner. A sign-off for a partner institution (keyed `…/#<id>`, carrying
 *   `institutionId`) is written only through a review link issued to that institution, or by an
 *   owner; such a link signs for its institution only. Anyone who may review may reply to a thread and resolve or reopen it;
 *   rounds are opened and closed by owners. Who wrote what is kept by the server, in the review
 *   document's `writers` map, which no client may touch.
 * - **Workshops:** a participant writes only their own ratings, votes, idea cards and entry, in
 *   the review document and in their private workshop document; facilitators run the rest
 *   (workshop-policy.ts).
 */
export type UpdateVerdict =
  | {
      allowed: true;
      /** Review entries this update writes (new, or replaced by their writer): recorded as the sender's. */
      claims: string[];
    }
  | { allowed: false; reason: string };

const ALLOWED: UpdateVerdict = { allowed: true, claims: [] };
const refused = (reason: string): UpdateVerdict => ({ allowed: false, reason });

/** `privateOf`: the participant whose private workshop document this is (kind `workshop`). */
export function verdictFor(kind: DocumentKind, doc: Y.Doc, update: Uint8Array, peer: Peer, privateOf: string | null = null): UpdateVerdict {
  const scope = updateScope(doc, update);
  if (scope.unknown) return refused('the change builds on something this map does not have');
  if (kind === DocumentKind.Map) return mapVerdict(doc, scope, peer);
  if (kind === DocumentKind.Workshop) {
    const problem = privateOf === null ? 'this private workshop document has no participant' : workshopProblem(doc, scope, peer, privateOf);
    return problem ? refused(problem) : ALLOWED;
  }
  return reviewVerdict(doc, scope, peer);
}

const SCHEMA_VERSION_PATH = ['meta', 'schemaVersion'];
const INSTITUTIONS_PATH = ['meta', 'institutions'];

function mapVerdict(doc: Y.Doc, scope: UpdateScope, peer: Peer): UpdateVerdict {
  if (scope.inserted.length === 0 && scope.deleted.length === 0) return ALLOWED; // changes nothing
  // A map this server cannot read (a newer or broken schema stamp) is read-only until an owner
  // restores a version: an edit could not be checked, and could make it worse.
  if (schemaProblem(doc)) return refused('this map cannot be changed here until its owner restores a version');
  if (ownsVersionKey(scope, SCHEMA_VERSION_PATH, currentNumber(doc.getMap('meta').get('schemaVersion'), SCHEMA_VERSION))) {
    return refused('the schema version of a map is set by the server');
  }
  if (!can(peer.role, 'manage') && touchesInstitutions(doc, scope)) return refused('only the map’s owner manages its partner institutions');
  return ALLOWED;
}

/**
 * Whether the update changes the partner institutions: an entry in them, or the map holding them
 * removed or replaced. Making the (empty) map where there is none yet is what a migration or a new
 * map does, and harmless.
 */
function touchesInstitutions(doc: Y.Doc, scope: UpdateScope): boolean {
  const inside = (touch: Touch) => touch.path.length > INSTITUTIONS_PATH.length && startsWith(touch.path, INSTITUTIONS_PATH);
  const at = (touch: Touch) => touch.path.length === INSTITUTIONS_PATH.length && startsWith(touch.path, INSTITUTIONS_PATH);
  if ([...scope.inserted, ...scope.deleted].some(inside)) return true;
  if (scope.deleted.some(at)) return true;
  return scope.inserted.some(at) && doc.getMap('meta').get('institutions') instanceof Y.Map;
}

/**
 * Whether the update changes a version number: removes it, or writes another value than `keep`
 * (writing the same value again is harmless; two peers may stamp a new review document at once).
 */
function ownsVersionKey(scope: UpdateScope, path: readonly string[], keep: number): boolean {
  const at = (touch: Touch) => touch.path.length === path.length && startsWith(touch.path, path);
  const keeps = (touch: Touch) => touch.item.content instanceof Y.ContentAny && touch.item.content.getContent()[0] === keep;
  const written = scope.inserted.filter(at);
  if (written.some((touch) => !keeps(touch))) return true;
  // Removed, unless written again with the same value (a set replaces the previous item).
  return scope.deleted.some(at) && written.length === 0;
}

const currentNumber = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);

/** The review document's map of who wrote what: entry key → writer. */
export const WRITERS_ROOT = ReviewRoot.writers;

/** Thread keys anyone who may review may set: resolving and reopening are part of the conversation. */
const OPEN_THREAD_KEYS = new Set(['resolved', 'resolvedBy', 'resolvedAt', 'resolvedThrough']);

/** How the server names the writer of a review entry: owners alike, each link by a digest of its token's hash. */
export function writerOf(peer: Peer): string {
  if (can(peer.role, 'manage') || peer.tokenHash === null) return 'owner';
  return `link:${createHash('sha256').update(peer.tokenHash).digest('base64url').slice(0, 16)}`;
}

/** A review entry: a thread, a comment in one, or a sign-off; its key is its path as JSON. */
interface Entry {
  kind: 'thread' | 'comment' | 'signoff';
  path: string[];
  key: string;
}

const ENTRY_NAMES: Record<Entry['kind'], string> = { thread: 'thread', comment: 'comment', signoff: 'sign-off' };

/** The entry a path belongs to (null: none of these). */
function entryOf(path: readonly string[]): Entry | null {
  const entry = (kind: Entry['kind'], length: number): Entry => ({ kind, path: path.slice(0, length), key: JSON.stringify(path.slice(0, length)) });
  if (path[0] === ReviewRoot.signoffs && path.length >= 2) return entry('signoff', 2);
  if (path[0] !== ReviewRoot.threads || path.length < 2) return null;
  if (path[2] === 'comments' && path.length >= 4) return entry('comment', 4);
  return entry('thread', 2);
}

/** Whether an entry is in the document before the update (else the update creates it). */
function exists(doc: Y.Doc, entry: Entry): boolean {
  const [root, id, , element] = entry.path;
  if (root === ReviewRoot.signoffs) return doc.getMap(ReviewRoot.signoffs).has(id!);
  if (!doc.getMap(ReviewRoot.threads).has(id!)) return false;
  if (!element) return true;
  const [client, clock] = element.slice(1).split(':').map(Number);
  return Y.getState(doc.store, client!) > clock!;
}

/**
 * Why a sign-off written by someone other than an owner may not stand: it speaks for a partner
 * institution the sender's link was not issued to, or (from an institution's link) for anyone else.
 */
function partnerSignoffProblem(touch: Touch, institutionId: string | null): string | null {
  const key = touch.path[1]!;
  const keyPartner = partnerOfKey(key.slice(key.lastIndexOf('/') + 1));
  const content = touch.item.content;
  const value = content instanceof Y.ContentAny ? content.getContent()[0] : undefined;
  const claimed = typeof value === 'object' && value !== null ? (value as { institutionId?: unknown }).institutionId : undefined;
  if (institutionId === null) {
    if (keyPartner !== undefined || claimed !== undefined) return 'only a review link issued to a partner institution signs for it';
    return null;
  }
  if (keyPartner !== institutionId || claimed !== institutionId) return 'this review link signs for its own institution only';
  return null;
}

function reviewVerdict(doc: Y.Doc, scope: UpdateScope, peer: Peer): UpdateVerdict {
  const writer = writerOf(peer);
  const owner = writer === 'owner';
  const writers = doc.getMap<unknown>(WRITERS_ROOT);
  const touches = [...scope.inserted, ...scope.deleted];
  if (touches.some((touch) => touch.path[0] === WRITERS_ROOT)) return refused('who wrote what is recorded by the server');
  if (ownsVersionKey(scope, [ReviewRoot.review, 'schemaVersion'], currentNumber(doc.getMap(ReviewRoot.review).get('schemaVersion'), REVIEW_SCHEMA_VERSION))) {
    return refused('the schema version of a review is fixed');
  }
  const known = new Set<string>([ReviewRoot.review, ReviewRoot.threads, ReviewRoot.rounds, ReviewRoot.signoffs, COLLECTED]);
  if (touches.some((touch) => !known.has(touch.path[0]!) && !isWorkshopRoot(touch.path[0]!))) return refused('the review document has no such part');
  const workshop = workshopProblem(doc, scope, peer, null);
  if (workshop) return refused(workshop);
  if (!owner && touches.some((touch) => touch.path[0] === ReviewRoot.rounds)) return refused('only an owner opens and closes review rounds');

  if (!owner) {
    for (const touch of scope.inserted) {
      if (touch.path[0] !== ReviewRoot.signoffs || touch.path.length !== 2) continue;
      const problem = partnerSignoffProblem(touch, peer.institutionId);
      if (problem) return refused(problem);
    }
  }

  const claims = new Set<string>();
  for (const touch of touches) {
    const entry = entryOf(touch.path);
    if (!entry) continue;
    if (!exists(doc, entry)) {
      claims.add(entry.key); // new: the sender's
      continue;
    }
    const openKey = entry.kind === 'thread' && touch.path.length === 3 && OPEN_THREAD_KEYS.has(touch.path[2]!);
    if (openKey) continue;
    // Entries that exist before this update are changed only by their writer (or an owner).
    if (!owner && writers.get(entry.key) !== writer) return refused(`a ${ENTRY_NAMES[entry.kind]} may be changed only by the link that wrote it`);
    // A sign-off (or thread) written anew under its key is its writer's again.
    if (touch.path.length === entry.path.length && scope.inserted.includes(touch)) claims.add(entry.key);
  }
  return { allowed: true, claims: [...claims] };
}
