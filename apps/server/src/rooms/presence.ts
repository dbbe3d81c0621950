import type * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { encodeAwareness } from './codec.js';
import { RemoteOrigin, isPeerOrigin, type AwarenessOrigin } from './origins.js';
import type { Peer } from './peer.js';
import { checkAwarenessUpdate } from './validate.js';

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
 */
export class Presence {
  readonly awareness: awarenessProtocol.Awareness;
  readonly #peers: ReadonlySet<Peer>;
  readonly #changed: (change: PresenceChange) => void;

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
    return this.#message([...this.awareness.getStates().keys()]);
  }

  /** A client's awareness update (already parsed by the codec). */
  apply(update: Uint8Array, peer: Peer): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /** Another instance's awareness update: relayed to this room's clients. */
  applyRemote(update: Uint8Array, source: string): void {
    checkAwarenessUpdate(update);
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, new RemoteOrigin(source));
  }

  /** A client left: the states it announced go with it. */
  remove(peer: Peer): void {
    if (peer.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
  }

  destroy(): void {
    this.awareness.off('update', this.#onUpdate);
    this.awareness.destroy();
  }

  readonly #onUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: AwarenessOrigin): void => {
    if (isPeerOrigin(origin) && this.#peers.has(origin)) {
      for (const id of added) origin.awarenessIds.add(id);
      for (const id of removed) origin.awarenessIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
    const message = encodeAwareness(update); // encoded once for everyone
    for (const peer of this.#peers) peer.send(message);
    this.#changed({ added, updated, removed, update, origin });
  };

  #message(clients: number[]): Uint8Array {
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }
}
