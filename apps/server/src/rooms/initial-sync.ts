import { splitUpdate } from '@qms/protocol';
import type { StoredDocument } from '@qms/storage';
import * as Y from 'yjs';
import { syncStep2Messages } from './codec.js';

/**
 * Largest piece of an initial sync. A big map goes out as several messages, so a client on a slow
 * link keeps hearing from the server (the stock client gives up after 30 s of silence) and starts
 * applying the first pieces while the rest are on their way; the server applies its stored state
 * in pieces of this size too, so it keeps answering other rooms while a big map loads.
 */
export const SYNC_PIECE_BYTES = 256 * 1024;

/**
 * The answer to a client that has nothing (an empty state vector: a first visit, a new tab): the
 * whole document as sync messages, encoded once and sent to every such joiner until the document
 * changes. While the room is still building its document, the answer is made from the stored
 * bytes themselves, so a big map's first visitor does not wait for the server to build it first.
 */
export class InitialSync {
  #stored: StoredDocument | null;
  #messages: Uint8Array[] | null = null;

  constructor(stored: StoredDocument) {
    this.#stored = stored;
  }

  /** The document is built from the stored state: answers come from it from now on. */
  built(): void {
    // What was cached from the stored bytes is what the document now holds: it stays valid.
    this.#stored = null;
  }

  /** The document changed: the next answer is encoded afresh. */
  invalidate(): void {
    this.#messages = null;
  }

  /** Pieces of at most SYNC_PIECE_BYTES as updates, the last one as sync step 2. */
  messages(doc: Y.Doc): Uint8Array[] {
    if (this.#messages) return this.#messages;
    let updates: Uint8Array[];
    if (this.#stored) {
      // The stored snapshot's pieces go out as they are, the log since (small: compaction sees to
      // it) merged into one update.
      const snapshot = this.#stored.updates.slice(0, this.#stored.snapshotPieces);
      const log = this.#stored.updates.slice(this.#stored.snapshotPieces);
      updates = snapshot;
      if (log.length > 0) updates.push(log.length === 1 ? log[0]! : Y.mergeUpdates(log));
    } else {
      updates = [Y.encodeStateAsUpdate(doc)];
    }
    const pieces = updates.flatMap((update) => splitUpdate(update, SYNC_PIECE_BYTES));
    if (pieces.length === 0) pieces.push(Y.encodeStateAsUpdate(new Y.Doc()));
    this.#messages = syncStep2Messages(pieces);
    return this.#messages;
  }

  destroy(): void {
    this.#stored = null;
    this.#messages = null;
  }
}
