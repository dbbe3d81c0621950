import { WorkshopRoot, readIdea, readRating, splitEntryKey } from '@qms/model';
import { DocumentKind, WORKSHOP_SEGMENT, parseDocumentId, reviewDocumentId, workshopDocumentId, type RevealWhat } from '@qms/protocol';
import type { DocumentStore } from '@qms/storage';
import type { Room } from './rooms/room.js';
import type { Rooms } from './rooms/rooms.js';
import { PRIVATE_DOCUMENTS_ROOT, WORKSHOP_SERVER_LIMITS } from './rooms/workshop-policy.js';

/**
 * The server's side of a workshop's private documents (`/sync/<mapId>/workshop/<participantId>`):
 * which exist (listed in the review document, bounded per map), moving their entries into the
 * review document when the facilitator reveals them, and finding them all when the map is deleted.
 */

/**
 * Lists a participant's private document in the map's review document before it is first
 * opened, so that a reveal finds it. False: the map has as many as it may have.
 */
export function registerPrivateDocument(rooms: Rooms, mapId: string, participantId: string): Promise<boolean> {
  return rooms.with(reviewDocumentId(mapId), async (room) => {
    const listed = room.doc.getMap<unknown>(PRIVATE_DOCUMENTS_ROOT);
    if (listed.has(participantId)) return true;
    if (listed.size >= WORKSHOP_SERVER_LIMITS.privateDocuments) return false;
    // Checked and written in one turn: two first visits at once cannot both take the last place.
    room.change((doc, origin) => doc.transact(() => doc.getMap<unknown>(PRIVATE_DOCUMENTS_ROOT).set(participantId, Date.now()), origin));
    await room.whenDurable();
    return true;
  });
}

/** Every private document of a map that is stored or loaded (to erase them with the map). */
export async function privateDocumentIds(rooms: Rooms, store: DocumentStore, mapId: string): Promise<string[]> {
  const prefix = `${mapId}.${WORKSHOP_SEGMENT}.`;
  const ids = new Set([...(await store.mapIds()), ...rooms.loadedIdsOf(mapId)]);
  return [...ids].filter((id) => id.startsWith(prefix) && parseDocumentId(id).kind === DocumentKind.Workshop);
}

/**
 * Copies every participant's private ratings or idea cards into the review document, in one
 * transaction logged as `{ type: 'reveal', detail: { what, count } }`, and clears them from the
 * private documents. Every document is loaded first; reading, copying and clearing then happen
 * in one turn, so that nothing a participant writes meanwhile is lost or copied twice. Only
 * well-formed entries of the document's own participant are copied (a card whose id the review
 * already gives another author's card is left out); the private entries are cleared all the same.
 */
export async function reveal(rooms: Rooms, mapId: string, what: RevealWhat, by: string): Promise<number> {
  const review = await rooms.acquire(reviewDocumentId(mapId));
  const held: Room[] = [];
  try {
    const participants = [...review.doc.getMap<unknown>(PRIVATE_DOCUMENTS_ROOT).keys()];
    for (const participantId of participants) held.push(await rooms.acquire(workshopDocumentId(mapId, participantId)));
    const reviewEntries = review.doc.getMap<unknown>(what);
    const copied: Array<[string, unknown]> = [];
    const cleared = new Map<Room, string[]>();
    for (const room of held) {
      const pid = room.participantId;
      const keys: string[] = [];
      room.doc.getMap<unknown>(what).forEach((value, key) => {
        keys.push(key);
        const entry = what === WorkshopRoot.ratings ? ratingOf(key, value, pid) : ideaOf(key, value, pid, reviewEntries.get(key));
        if (entry !== undefined) copied.push([key, entry]);
      });
      if (keys.length > 0) cleared.set(room, keys);
    }
    review.change((doc, origin) =>
      doc.transact(() => {
        const entries = doc.getMap<unknown>(what);
        for (const [key, value] of copied) entries.set(key, value);
        doc.getArray<unknown>(WorkshopRoot.log).push([{ at: Date.now(), type: 'reveal', by, detail: { what, count: copied.length } }]);
      }, origin),
    );
    for (const [room, keys] of cleared) {
      room.change((doc, origin) =>
        doc.transact(() => {
          const entries = doc.getMap<unknown>(what);
          for (const key of keys) entries.delete(key);
        }, origin),
      );
    }
    await Promise.all([review, ...held].map((room) => room.whenDurable()));
    return copied.length;
  } finally {
    for (const room of held) rooms.release(room);
    rooms.release(review);
  }
}

function ratingOf(key: string, value: unknown, participantId: string | null): unknown {
  if (splitEntryKey(key)?.participantId !== participantId) return undefined;
  const rating = readRating(value);
  return rating && { ...rating };
}

function ideaOf(key: string, value: unknown, participantId: string | null, inReview: unknown): unknown {
  const idea = readIdea(key, value);
  if (!idea || idea.author !== participantId) return undefined;
  if (inReview !== undefined && readIdea(key, inReview)?.author !== participantId) return undefined;
  return { ...idea };
}
