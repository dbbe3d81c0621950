import type { Peer } from './peer.js';

/**
 * Who made a change to a room's document. Yjs hands the origin of every transaction to the
 * document's observers; the room and its extensions decide by it what to store and relay.
 */

/** Updates replayed from storage: already stored, so neither appended nor relayed again. */
export const LOADED_ORIGIN = Symbol('loaded-from-storage');

/** Changes the server makes itself (migrations, renames through the API, restores). */
export const SERVER_ORIGIN = Symbol('server');

/**
 * Updates and awareness that another instance received from its own clients and stored (an
 * extension brings them in: `Room.applyRemoteUpdates`). Relayed to this instance's clients, never
 * appended here again and never handed to `afterStoreUpdates`, so a bus cannot echo them back.
 */
export class RemoteOrigin {
  constructor(
    /** Which instance (or channel) it came from, for logs and for the extension itself. */
    readonly source: string,
  ) {}
}

/** Origins of updates that reach a room's document (besides LOADED_ORIGIN, which hooks never see). */
export type UpdateOrigin = Peer | typeof SERVER_ORIGIN | RemoteOrigin;

/** Origins of this instance's own updates: what it appends to its log. */
export type LocalOrigin = Peer | typeof SERVER_ORIGIN;

/**
 * Origins of awareness changes: a client's message (its Peer), a client that left (null), another
 * instance (RemoteOrigin), or y-protocols' own expiry of a state not renewed for 30 s ('timeout').
 */
export type AwarenessOrigin = Peer | RemoteOrigin | null | 'timeout';

/** True for a change a client of this instance sent. */
export function isPeerOrigin(origin: unknown): origin is Peer {
  return typeof origin === 'object' && origin !== null && !(origin instanceof RemoteOrigin);
}
