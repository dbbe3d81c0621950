import { MessageType, SaveState, UNPROMPTED, encodeSaveRequest, readSaveStatus } from '@qms/protocol';
import type * as decoding from 'lib0/decoding';
import type * as encoding from 'lib0/encoding';
import type * as Y from 'yjs';

/** What the header shows. */
export type SyncStatus =
  /** Not yet synced with the server since the page opened. */
  | 'connecting'
  /** Everything this person changed is fsynced on the server. */
  | 'saved'
  /** Some of this person's changes are not yet confirmed on disk. */
  | 'saving'
  /** Disconnected; changes stay in this tab and sync on reconnect. */
  | 'offline'
  /** Connected, but the server cannot write to its disk. */
  | 'failing';

/** The parts of y-websocket's WebsocketProvider the tracker uses (so tests can fake it). */
export interface ProviderLike {
  readonly doc: Y.Doc;
  readonly synced: boolean;
  readonly wsconnected: boolean;
  ws: { send(data: Uint8Array): void } | null;
  messageHandlers: Array<
    (encoder: encoding.Encoder, decoder: decoding.Decoder, provider: never, emitSynced: boolean, type: number) => void
  >;
  on(event: 'status', listener: (event: { status: string }) => void): void;
  on(event: 'sync', listener: (synced: boolean) => void): void;
  on(event: 'connection-close' | 'connection-error', listener: () => void): void;
  off(event: 'status', listener: (event: { status: string }) => void): void;
  off(event: 'sync', listener: (synced: boolean) => void): void;
  off(event: 'connection-close' | 'connection-error', listener: () => void): void;
}

/**
 * Drives the "Saved / Saving… / Offline" indicator truthfully. After this person changes the map,
 * it sends a save request behind the updates on the ordered socket; the server answers once
 * everything before it is fsynced. At most one request is in flight; edits made meanwhile are
 * confirmed by the next one.
 */
export class SaveTracker {
  readonly #provider: ProviderLike;
  readonly #listeners = new Set<(status: SyncStatus) => void>();
  #status: SyncStatus = 'connecting';
  #everSynced = false;
  /** Local changes not yet covered by a request. */
  #dirty = false;
  #inFlight: number | null = null;
  #nextRequestId = 1;
  #failing = false;
  /** The map is shown from this browser's own copy (IndexedDB), so "offline" is the truth, not "connecting". */
  #hasLocalCopy = false;
  /** A connection attempt has failed since the page opened. */
  #attemptFailed = false;

  constructor(provider: ProviderLike) {
    this.#provider = provider;
    provider.messageHandlers[MessageType.SaveStatus] = (_encoder, decoder) => this.#onStatus(decoder);
    provider.on('status', this.#onConnection);
    provider.on('sync', this.#onSync);
    provider.on('connection-close', this.#onAttemptFailed);
    provider.on('connection-error', this.#onAttemptFailed);
    provider.doc.on('update', this.#onUpdate);
    this.#everSynced = provider.synced;
    this.#recompute();
  }

  get status(): SyncStatus {
    return this.#status;
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The map is on screen from this browser's copy: without a connection, that is "offline". */
  markLocalCopy(): void {
    this.#hasLocalCopy = true;
    this.#recompute();
  }

  destroy(): void {
    this.#provider.off('status', this.#onConnection);
    this.#provider.off('sync', this.#onSync);
    this.#provider.off('connection-close', this.#onAttemptFailed);
    this.#provider.off('connection-error', this.#onAttemptFailed);
    this.#provider.doc.off('update', this.#onUpdate);
    this.#listeners.clear();
  }

  readonly #onUpdate = (_update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction): void => {
    // Only this person's own edits; what arrived from the server is the server's already.
    if (!transaction.local) return;
    this.#dirty = true;
    this.#requestIfNeeded();
    this.#recompute();
  };

  readonly #onAttemptFailed = (): void => {
    this.#attemptFailed = true;
    this.#recompute();
  };

  readonly #onConnection = ({ status }: { status: string }): void => {
    if (status !== 'connected') {
      // A request sent on a dead socket will never be answered: ask again after reconnecting.
      if (this.#inFlight !== null) this.#dirty = true;
      this.#inFlight = null;
      this.#failing = false;
    }
    this.#recompute();
  };

  readonly #onSync = (synced: boolean): void => {
    if (!synced) return;
    this.#everSynced = true;
    // The sync exchange may have sent edits made offline (in this tab, or in an earlier visit and
    // kept in IndexedDB); a request sent now follows them on the socket and confirms them.
    this.#dirty = true;
    this.#requestIfNeeded();
    this.#recompute();
  };

  #onStatus(decoder: decoding.Decoder): void {
    const status = readSaveStatus(decoder);
    this.#failing = status.state === SaveState.Failing;
    if (status.requestId === UNPROMPTED) {
      // Saving works again: confirm our changes with a fresh request.
      if (!this.#failing) this.#dirty = true;
    } else if (status.requestId === this.#inFlight) {
      this.#inFlight = null;
      if (this.#failing) this.#dirty = true; // not on disk: still to be confirmed
    }
    this.#requestIfNeeded();
    this.#recompute();
  }

  #requestIfNeeded(): void {
    const { ws, wsconnected, synced } = this.#provider;
    // While the server's disk fails there is no point asking; it says when saving works again.
    if (!this.#dirty || this.#failing || this.#inFlight !== null || !wsconnected || !synced || !ws) return;
    const id = this.#nextRequestId++;
    this.#inFlight = id;
    this.#dirty = false;
    ws.send(encodeSaveRequest(id));
  }

  #recompute(): void {
    const { wsconnected, synced } = this.#provider;
    let next: SyncStatus;
    if (!wsconnected) next = this.#everSynced || (this.#hasLocalCopy && this.#attemptFailed) ? 'offline' : 'connecting';
    else if (!synced && !this.#everSynced) next = 'connecting';
    else if (this.#failing) next = 'failing';
    else if (this.#dirty || this.#inFlight !== null) next = 'saving';
    else next = 'saved';
    if (next === this.#status) return;
    this.#status = next;
    for (const listener of this.#listeners) listener(next);
  }
}
