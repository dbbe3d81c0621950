import { can } from '@qms/protocol';
import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { encodeAwareness } from './codec.js';
import { RemoteOrigin, isPeerOrigin, type AwarenessOrigin } from './origins.js';
import type { Peer } from './peer.js';
import { encodeAwarenessEntries, readAwarenessUpdate, type AwarenessEntry } from './validate.js';

/**
 * Largest state one person may announce, as JSON: a name, a pointer, a selection of a few hundred
 * nodes. A bigger one is dropped (it would be relayed to everyone, every few seconds).
 */
export const MAX_PRESENCE_STATE_BYTES = 64 * 1024;

/** Fields of a state that only people who may edit the map may set: "bring everyone here". */
const EDITOR_FIELDS = ['summon'] as const;

/** A change of a room's awareness, as relayed. */
export interface PresenceChange {
  added: number[];
  updated: number[];
  removed: number[];
  /** Those clients' states as one awareness update. */
  update: Uint8Array;
  origin: AwarenessOrigin;
}

/**
 * Who is in a room: the y-protocols awareness of its people (names, pointers, selections), never
 * stored. Every change is relayed to everyone in the room, the sender included — the stock
 * client's 30-second liveness check relies on hearing its own renewals back — and viewers' states
 * flow like anyone's, so that nobody is hidden.
 *
 * Each connection speaks for one person only: the first client id it announces is its own, and
 * entries for any other id — someone else's, or a crowd of invented people — are dropped, as are
 * fields its role may not set.
 */
export class Presence {
  readonly awareness: awarenessProtocol.Awareness;
  readonly #peers: ReadonlySet<Peer>;
  readonly #changed: (change: PresenceChange) => void;
  /** Which connection speaks for each client id. */
  readonly #speakers = new Map<number, Peer>();
  /** Everyone's states as one message, until the next change. */
  #everyone: Uint8Array | null = null;

  constructor(doc: Y.Doc, peers: ReadonlySet<Peer>, changed: (change: PresenceChange) => void) {
    this.#peers = peers;
    this.#changed = changed;
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server is not a person in the room.
    this.awareness.setLocalState(null);
    this.awareness.on('update', this.#onUpdate);
  }

  /** Whether anyone has announced a state. */
  get isEmpty(): boolean {
    return this.awareness.getStates().size === 0;
  }

  /** Everyone's states as one message, for a newcomer or a client that asks. */
  everyone(): Uint8Array {
    this.#everyone ??= encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]));
    return this.#everyone;
  }

  /** A client's awareness entries (parsed by the codec): only its own person, as its role allows. */
  apply(entries: readonly AwarenessEntry[], peer: Peer): void {
    const accepted = entries.flatMap((entry) => this.#accept(entry, peer));
    if (accepted.length === 0) return;
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(accepted), peer);
  }

  #accept(entry: AwarenessEntry, peer: Peer): AwarenessEntry[] {
    const speaker = this.#speakers.get(entry.clientId);
    const own = peer.awarenessIds.has(entry.clientId) || (peer.awarenessIds.size === 0 && speaker === undefined);
    if (!own || (speaker !== undefined && speaker !== peer)) {
      peer.log.debug({ clientId: entry.clientId }, 'presence for another client id dropped');
      return [];
    }
    // Claimed now, before the awareness applies it, so a second id in the same update is refused.
    peer.awarenessIds.add(entry.clientId);
    this.#speakers.set(entry.clientId, peer);
    if (entry.state === null) return [entry];
    if (typeof entry.state !== 'object' || Array.isArray(entry.state)) return [];
    let state = entry.state as Record<string, unknown>;
    if (!can(peer.role, 'edit') && EDITOR_FIELDS.some((field) => field in state)) {
      state = Object.fromEntries(Object.entries(state).filter(([field]) => !(EDITOR_FIELDS as readonly string[]).includes(field)));
    }
    if (JSON.stringify(state).length > MAX_PRESENCE_STATE_BYTES) {
      peer.log.debug({ clientId: entry.clientId }, 'presence state too large; dropped');
      return [];
    }
    return [{ ...entry, state }];
  }

  /** Another instance's awareness update: relayed to this room's clients. */
  applyRemote(update: Uint8Array, source: string): void {
    readAwarenessUpdate(update); // throws if malformed
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, new RemoteOrigin(source));
  }

  /** A client left: the states it announced go with it, and its ids are free again. */
  remove(peer: Peer): void {
    const ids = [...peer.awarenessIds];
    for (const id of ids) if (this.#speakers.get(id) === peer) this.#speakers.delete(id);
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
  }

  destroy(): void {
    this.awareness.off('update', this.#onUpdate);
    this.awareness.destroy();
  }

  readonly #onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: AwarenessOrigin): void => {
    this.#everyone = null;
    if (isPeerOrigin(origin) && this.#peers.has(origin)) {
      // A person who said goodbye keeps their id on this connection: they may come back on it.
      for (const id of removed) if (this.#speakers.get(id) !== origin) origin.awarenessIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const message = encodeAwareness(update); // encoded once for everyone
    for (const peer of this.#peers) peer.send(message);
    this.#changed({ added, updated, removed, update, origin });
  };
}
