import { splitUpdate } from '@qms/protocol';
import type { StoredDocument } from '@qms/storage';
import * as Y from 'yjs';
import { encodeUpdate, syncStep2Messages } from './codec.js';

/**
 * Largest piece of an initial sync. A big map goes out as several messages, so a client on a slow
 * link keeps hearing from the server (the stock client gives up after 30 s of silence) and starts
 * applying the first pieces while the rest are on their way; the server applies its stored state
 * in pieces of this size too, so it keeps answering other rooms while a big map loads.
 */
export const SYNC_PIECE_BYTES = 256 * 1024;

/** The changes kept after the cached state before it is encoded afresh: a share of its size… */
const TAIL_SHARE = 0.5;
/** …but never fewer bytes than this (a small map is cheap to encode, a few changes cheap to send), */
const MIN_TAIL_BYTES = 256 * 1024;
/** …nor more changes than this (each one is a message). */
const MAX_TAIL_UPDATES = 2_000;

/** Ends an answer: the stock client says "synced" on a sync step 2, here an empty one. */
const END = syncStep2Messages([Y.encodeStateAsUpdate(new Y.Doc())])[0]!;

/**
 * The whole document as sync messages: what a client that has nothing (a first visit, a new tab)
 * is sent, and what anyone is sent once a room has spent its budget for exact answers (Room).
 *
 * Encoding a big map's whole state takes the server tens of milliseconds, so it is not done per
 * request: the encoded state is kept, and the changes made since are kept behind it as they came
 * (applying them after the state is harmless: Yjs ignores what a client already has). The state is
 * encoded afresh only once those changes grow to a share of its size, so the work of answering
 * grows with the changes made, never with the number of requests.
 *
 * While the room is still building its document, the state comes from the stored bytes
 * themselves, so a big map's first visitor does not wait for the server to build it first.
 */
export class InitialSync {
  #stored: StoredDocument | null;
  /** The cached state as update messages (null: to be encoded on the next request). */
  #base: Uint8Array[] | null = null;
  #baseBytes = 0;
  /** Update messages for the changes applied since the cached state. */
  #tail: Uint8Array[] = [];
  #tailBytes = 0;
  /** The answer as sent (null: to be assembled). */
  #answer: Uint8Array[] | null = null;
  /** How often the whole state was encoded (metrics, tests). */
  encodes = 0;

  /** Bytes of the stored state (what answers come from until the document is built). */
  readonly #storedBytes: number;

  constructor(stored: StoredDocument) {
    this.#stored = stored;
    // Read on every message sent (the slow-reader cap): summed once.
    this.#storedBytes = stored.updates.reduce((sum, update) => sum + update.byteLength, 0);
  }

  /** The document is built from the stored state: answers come from it from now on. */
  built(): void {
    // What was cached from the stored bytes is what the document now holds: it stays valid.
    this.#stored = null;
  }

  /** A change was applied to the document: it goes out after the cached state. */
  changed(update: Uint8Array): void {
    if (!this.#base) return;
    const message = encodeUpdate(update);
    this.#tail.push(message);
    this.#tailBytes += message.byteLength;
    this.#answer = null;
    if (this.#tail.length > MAX_TAIL_UPDATES || this.#tailBytes > Math.max(MIN_TAIL_BYTES, this.#baseBytes * TAIL_SHARE)) this.#drop();
  }

  /** Bytes of the whole answer (an estimate before the first request: the stored size). */
  get bytes(): number {
    if (this.#base) return this.#baseBytes + this.#tailBytes;
    return this.#stored ? this.#storedBytes : 0;
  }

  /** Pieces of at most SYNC_PIECE_BYTES as updates, then an empty sync step 2. */
  messages(doc: Y.Doc): Uint8Array[] {
    if (this.#answer) return this.#answer;
    if (!this.#base) this.#encode(doc);
    this.#answer = [...this.#base!, ...this.#tail, END];
    return this.#answer;
  }

  #encode(doc: Y.Doc): void {
    let updates: Uint8Array[];
    if (this.#stored) {
      // The stored snapshot's pieces go out as they are, the log since (small: compaction sees to
      // it) merged into one update.
      const snapshot = this.#stored.updates.slice(0, this.#stored.snapshotPieces);
      const log = this.#stored.updates.slice(this.#stored.snapshotPieces);
      updates = snapshot;
      if (log.length > 0) updates.push(log.length === 1 ? log[0]! : Y.mergeUpdates(log));
    } else {
      this.encodes++;
      updates = [Y.encodeStateAsUpdate(doc)];
    }
    this.#base = updates.flatMap((update) => splitUpdate(update, SYNC_PIECE_BYTES)).map(encodeUpdate);
    this.#baseBytes = this.#base.reduce((sum, message) => sum + message.byteLength, 0);
    this.#tail = [];
    this.#tailBytes = 0;
  }

  #drop(): void {
    this.#base = null;
    this.#baseBytes = 0;
    this.#tail = [];
    this.#tailBytes = 0;
    this.#answer = null;
  }

  destroy(): void {
    this.#stored = null;
    this.#drop();
  }
}
