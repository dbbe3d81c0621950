import { initMapDocument, metaOf, migrate, readMeta } from '@qms/model';
import { CloseCode, MessageType, REVIEW_SUFFIX, SaveState, UNPROMPTED, can, encodeSaveStatus, readSaveRequest, splitUpdate } from '@qms/protocol';
import type { Catalogue, DocumentStore, StoredDocument } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Peer } from './peer.js';
import { checkAwarenessUpdate, checkFullyRead, checkUpdate } from './validate.js';

/** Origin of updates replayed from storage: they are already stored, so they are not appended. */
const LOADED = Symbol('loaded-from-storage');
/** Origin of changes the server makes itself (migrations, renames through the API). */
export const SERVER_ORIGIN = Symbol('server');

export interface RoomOptions {
  store: DocumentStore;
  catalogue: Catalogue;
  log: FastifyBaseLogger;
  /** Compact once the log since the last snapshot is larger than this and than the snapshot. */
  compactMinLogBytes: number;
  /**
   * Yjs threw while applying an update that parsed: the in-memory document may hold part of it.
   * The owner of the room reloads it from storage, which holds only updates that applied cleanly.
   */
  onCorrupted?: (room: Room) => void;
  /** Counts updates in and out (metrics). */
  onUpdateReceived?: (bytes: number) => void;
  onUpdatesRelayed?: (messages: number) => void;
  /**
   * Version history's hooks (versions.ts: automatic checkpoints). An object read at each event, so
   * that the history service, which needs the rooms itself, can install them after the rooms exist.
   */
  hooks?: RoomHooks;
}

export interface RoomHooks {
  /** A batch of changes (from anyone, the server included) was applied and handed to storage. */
  onChanged?: (room: Room) => void;
  /** The room saved its last changes and is about to let go of its document; awaited. */
  onUnload?: (room: Room) => Promise<void>;
}

interface PendingUpdate {
  update: Uint8Array;
  origin: unknown;
}

/** Messages one room holds while its document loads (a load takes well under a second). */
const MAX_HELD_MESSAGES = 10_000;
/**
 * How often the catalogue's "updated" time may be rewritten while a map is being edited. The
 * catalogue is one file rewritten whole, so this is kept rare; unloading writes the exact time.
 */
const CATALOGUE_TOUCH_MS = 30_000;
/** How long to wait before retrying to save after the disk refused a write. */
const SAVE_RETRY_MS = 2_000;
/**
 * Largest piece of an initial sync. A big map goes out as several messages, so a client on a slow
 * link keeps hearing from the server (the stock client gives up after 30 s of silence) and starts
 * applying the first pieces while the rest are on their way; the server applies its stored state
 * in pieces of this size too, so it keeps answering other rooms while a big map loads.
 */
export const SYNC_PIECE_BYTES = 256 * 1024;

/**
 * A loaded map: its Yjs document, the awareness of the people in it, and the pipeline that takes
 * every change to disk before anyone else sees it:
 *
 *   client update → applied to the document → queued → (next tick, batched across clients)
 *   appended to the log → relayed to the other clients → fsynced (grouped) → "saved" to clients
 *   that asked.
 */
export class Room {
  readonly id: string;
  /** A map, written by editors; or a map's review document (comments, sign-offs), written by commenters too. */
  readonly kind: 'map' | 'review';
  readonly doc: Y.Doc;
  readonly awareness: awarenessProtocol.Awareness;
  readonly peers = new Set<Peer>();
  readonly #options: RoomOptions;
  readonly #log: FastifyBaseLogger;
  #pending: PendingUpdate[] = [];
  /** While an update is being applied, what it produced: kept only if it applied cleanly. */
  #applying: PendingUpdate[] | null = null;
  #flushScheduled = false;
  /** Resolves when everything queued so far has been appended (and relayed). */
  #appended: Promise<void> = Promise.resolve();
  #saveState: SaveState = SaveState.Saved;
  #lastCatalogueTouch = 0;
  /** When a change was last appended (0: none since the room loaded). */
  #lastChangeAt = 0;
  #retryTimer: NodeJS.Timeout | null = null;
  #compacting: Promise<void> | null = null;
  /** Batches relayed but not appended because saving was failing. */
  #skippedBatches = 0;
  #destroyed = false;
  /** The stored state while it is being applied to `doc` (null once loaded). */
  #stored: Uint8Array[] | null = null;
  #storedSnapshotPieces = 0;
  /** Messages that need the loaded document, held while it loads; handled in order after. */
  #held: Array<{ peer: Peer; message: Uint8Array }> = [];
  /**
   * The initial sync for a client that has nothing (an empty state vector: a first visit, a new
   * tab): encoded once and sent to every such joiner until the document changes.
   */
  #initialSync: Uint8Array[] | null = null;
  /** Resolves once the stored state is applied and migrated; rejects if the map cannot be opened. */
  readonly loaded: Promise<void>;

  /** Peers already told that their changes are refused (told once, not per keystroke). */
  readonly #toldReadOnly = new WeakSet<Peer>();

  private constructor(id: string, doc: Y.Doc, options: RoomOptions, stored: StoredDocument) {
    this.id = id;
    this.kind = id.endsWith(`.${REVIEW_SUFFIX}`) ? 'review' : 'map';
    this.doc = doc;
    this.#options = options;
    this.#log = options.log;
    this.awareness = new awarenessProtocol.Awareness(doc);
    // The server is not a person in the room.
    this.awareness.setLocalState(null);
    doc.on('update', this.#onDocUpdate);
    this.awareness.on('update', this.#onAwarenessUpdate);
    if (this.kind === 'map') metaOf(doc).observe(this.#onMetaChange);
    this.#stored = stored.updates;
    this.#storedSnapshotPieces = stored.snapshotPieces;
    this.loaded = this.#applyStored(stored);
    // A failure is reported through `loaded` to whoever waits for it; never unhandled.
    this.loaded.catch(() => undefined);
  }

  /**
   * Reads a map from storage. The room is returned at once and applies the stored state in the
   * background (`loaded`): a client that has nothing gets the stored bytes straight away, so a
   * big map's first visitor does not wait for the server to build the document first.
   */
  static async load(id: string, options: RoomOptions): Promise<Room> {
    const stored = await options.store.load(id);
    for (const recovery of stored.recoveries) {
      options.log.warn({ mapId: id, file: recovery.file }, `storage damage repaired: ${recovery.action}`);
    }
    return new Room(id, new Y.Doc(), options, stored);
  }

  get isLoaded(): boolean {
    return this.#stored === null && !this.#destroyed;
  }

  async #applyStored(stored: StoredDocument): Promise<void> {
    for (const update of stored.updates) {
      for (const piece of splitUpdate(update, SYNC_PIECE_BYTES)) {
        // One piece per turn of the event loop: other rooms and this room's joiners keep moving.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.#destroyed) throw new Error(`map ${this.id} closed while loading`);
        Y.applyUpdate(this.doc, piece, LOADED);
      }
    }
    this.#stored = null;
    try {
      if (this.kind === 'map') {
        const migration = migrate(this.doc, SERVER_ORIGIN);
        if (!migration.ok) throw new Error(`map ${this.id} was written by a newer version (schema ${migration.version})`);
        if (migration.from !== migration.to) this.#log.info({ mapId: this.id, ...migration }, 'map migrated');
      }
    } catch (error) {
      this.#log.error({ mapId: this.id, err: error }, 'cannot open the map');
      for (const peer of [...this.peers]) peer.close(CloseCode.MapUnavailable, 'load-failed');
      this.#held = [];
      throw error;
    }
    // After a repair, write a fresh snapshot at once so the damage is behind us.
    if (stored.recoveries.length > 0) await this.compact();
    for (const peer of this.peers) this.#greet(peer);
    for (const { peer, message } of this.#held.splice(0)) {
      if (!this.peers.has(peer)) continue;
      try {
        this.handleMessage(peer, message);
      } catch (error) {
        peer.log.warn({ err: error }, 'malformed message; closing this connection');
        peer.close(CloseCode.MalformedMessage, 'malformed');
      }
    }
  }

  /**
   * Writes the first state of a new map as its snapshot (fsynced), before the map is listed
   * anywhere. `build` fills the document; by default it gets just its metadata.
   */
  static async create(
    id: string,
    title: string,
    store: DocumentStore,
    build: (doc: Y.Doc, origin: unknown) => void = (doc, origin) => initMapDocument(doc, { title }, origin),
  ): Promise<Y.Doc> {
    const doc = new Y.Doc();
    build(doc, SERVER_ORIGIN);
    await store.compact(id, splitUpdate(Y.encodeStateAsUpdate(doc), SYNC_PIECE_BYTES));
    await store.release(id);
    return doc;
  }

  get title(): string {
    return readMeta(this.doc).title;
  }

  get saveState(): SaveState {
    return this.#saveState;
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
    if (this.isLoaded) this.#greet(peer);
  }

  /** Asks the newcomer what it has (sync step 1) and tells it who is here. */
  #greet(peer: Peer): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    peer.send(encoding.toUint8Array(encoder));
    const states = this.awareness.getStates();
    if (states.size > 0) peer.send(this.#awarenessMessage([...states.keys()]));
  }

  removePeer(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    if (peer.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
    }
  }

  /**
   * Handles one message from a peer. Throws on a malformed message; the caller closes that
   * connection and nothing else.
   */
  handleMessage(peer: Peer, message: Uint8Array): void {
    if (this.#stored !== null) return this.#handleWhileLoading(peer, message);
    const decoder = decoding.createDecoder(message);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.Sync:
        this.#handleSync(peer, decoder);
        break;
      case MessageType.Awareness: {
        const update = decoding.readVarUint8Array(decoder);
        checkFullyRead(decoder);
        checkAwarenessUpdate(update);
        awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
        break;
      }
      case MessageType.QueryAwareness:
        checkFullyRead(decoder);
        peer.send(this.#awarenessMessage([...this.awareness.getStates().keys()]));
        break;
      case MessageType.SaveStatus: {
        const requestId = readSaveRequest(decoder);
        checkFullyRead(decoder);
        peer.wantsSaveStatus = true;
        // Everything this peer sent before the request is already applied and queued: answer
        // once it is fsynced.
        void this.whenDurable().then(() => {
          if (this.peers.has(peer)) peer.send(encodeSaveStatus({ state: this.#saveState, requestId }));
        });
        break;
      }
      case MessageType.Auth:
        // Only the server sends these; from a client it is not a message of this protocol.
        throw new Error('auth message from a client');
      default:
        // A message type from a newer client: nothing to do.
        break;
    }
  }

  /**
   * Before the document is built, a client that has nothing is answered from the stored bytes;
   * everything else waits for the document (a malformed message is refused when it is handled).
   */
  #handleWhileLoading(peer: Peer, message: Uint8Array): void {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) === MessageType.Sync && decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      checkFullyRead(decoder);
      if (Y.decodeStateVector(stateVector).size === 0) {
        for (const piece of this.#initialSyncMessages()) peer.send(piece);
        return;
      }
    }
    if (this.#held.length >= MAX_HELD_MESSAGES) throw new Error('too many messages while the map loads');
    this.#held.push({ peer, message });
  }

  /**
   * The whole state as sync messages: pieces of at most SYNC_PIECE_BYTES as updates, the last one as
   * sync step 2, so the stock client says "synced" only once it has everything.
   */
  #initialSyncMessages(): Uint8Array[] {
    if (this.#initialSync) return this.#initialSync;
    let updates: Uint8Array[];
    if (this.#stored) {
      // The stored snapshot's pieces go out as they are, the log since (small: compaction sees to
      // it) merged into one update.
      const snapshot = this.#stored.slice(0, this.#storedSnapshotPieces);
      const log = this.#stored.slice(this.#storedSnapshotPieces);
      updates = snapshot;
      if (log.length > 0) updates.push(log.length === 1 ? log[0]! : Y.mergeUpdates(log));
    } else {
      updates = [Y.encodeStateAsUpdate(this.doc)];
    }
    const pieces = updates.flatMap((update) => splitUpdate(update, SYNC_PIECE_BYTES));
    if (pieces.length === 0) pieces.push(Y.encodeStateAsUpdate(new Y.Doc()));
    this.#initialSync = syncStep2Messages(pieces);
    return this.#initialSync;
  }

  #handleSync(peer: Peer, decoder: decoding.Decoder): void {
    const step = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    checkFullyRead(decoder);
    switch (step) {
      case syncProtocol.messageYjsSyncStep1: {
        const hasNothing = Y.decodeStateVector(payload).size === 0; // throws on garbage before anything is queued
        // Answer once everything the document holds now is on disk: a joiner must never see
        // something a crash could lose.
        void this.whenAppended().then(() => {
          if (!this.peers.has(peer)) return;
          if (hasNothing) {
            for (const piece of this.#initialSyncMessages()) peer.send(piece);
            return;
          }
          const diff = Y.encodeStateAsUpdate(this.doc, payload);
          for (const message of syncStep2Messages(splitUpdate(diff, SYNC_PIECE_BYTES))) peer.send(message);
        });
        break;
      }
      case syncProtocol.messageYjsSyncStep2:
      case syncProtocol.messageYjsUpdate:
        if (!this.#mayWrite(peer)) {
          // Not applied, not relayed. The stock client logs the reason once.
          if (!this.#toldReadOnly.has(peer)) {
            this.#toldReadOnly.add(peer);
            const encoder = encoding.createEncoder();
            encoding.writeVarUint(encoder, MessageType.Auth);
            authProtocol.writePermissionDenied(encoder, `a ${peer.role} may not change this ${this.kind}`);
            peer.send(encoding.toUint8Array(encoder));
          }
          break;
        }
        checkUpdate(payload); // garbage is refused before it touches the document
        this.#apply(payload, peer);
        break;
      default:
        throw new Error(`unknown sync step ${step}`);
    }
  }

  /**
   * Applies a parsed update. Should Yjs still throw half-way, what the update produced is neither
   * stored nor relayed, and the room is reloaded from storage (onCorrupted).
   */
  #apply(update: Uint8Array, peer: Peer): void {
    const produced: PendingUpdate[] = [];
    this.#applying = produced;
    try {
      Y.applyUpdate(this.doc, update, peer);
    } catch (error) {
      this.#applying = null;
      this.#log.error({ mapId: this.id, err: error }, 'an update failed half-way; reloading the map from storage');
      this.#options.onCorrupted?.(this);
      throw error;
    }
    this.#applying = null;
    this.#options.onUpdateReceived?.(update.byteLength);
    for (const entry of produced) this.#queue(entry);
  }

  #mayWrite(peer: Peer): boolean {
    return can(peer.role, this.kind === 'map' ? 'edit' : 'review');
  }

  /** Applies a change made by the server itself (rename through the API, migrations). */
  change(fn: (doc: Y.Doc, origin: unknown) => void): void {
    fn(this.doc, SERVER_ORIGIN);
  }

  /** Resolves once every change applied so far is appended to the log (and relayed). */
  async whenAppended(): Promise<void> {
    // New changes may arrive while we wait; the loop ends as soon as the queue is empty.
    for (let round = 0; round < 5 && (this.#pending.length > 0 || this.#flushScheduled); round++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      await this.#appended;
    }
    await this.#appended;
  }

  /**
   * Resolves once every change applied so far is fsynced, or saving is failing (then the changes
   * are only in memory; `saveState` tells which). Never rejects.
   */
  async whenDurable(): Promise<void> {
    await this.whenAppended();
    if (this.#saveState !== SaveState.Saved) return;
    try {
      await this.#options.store.flush(this.id);
    } catch (error) {
      this.#saveFailed(error);
    }
  }

  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOADED) return;
    this.#initialSync = null;
    if (this.#applying) this.#applying.push({ update, origin });
    else this.#queue({ update, origin });
  };

  #queue(entry: PendingUpdate): void {
    this.#pending.push(entry);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      // One tick of batching: every client's updates read in this turn of the event loop are
      // appended with one write and relayed together.
      setImmediate(this.#flush);
    }
  }

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    this.#appended = this.#appended.then(() => this.#persistAndRelay(batch));
  };

  async #persistAndRelay(batch: PendingUpdate[]): Promise<void> {
    if (this.#destroyed) return;
    let appended = false;
    if (this.#saveState === SaveState.Saved) {
      try {
        await this.#options.store.append(
          this.id,
          batch.map((entry) => entry.update),
        );
        appended = true;
      } catch (error) {
        this.#saveFailed(error);
      }
    }
    this.#relay(batch);
    this.#options.hooks?.onChanged?.(this); // history: checkpoints while the map is being edited
    if (!appended) {
      this.#skippedBatches++;
      return;
    }
    this.#touchCatalogue();
    this.#options.store.flush(this.id).catch((error: unknown) => this.#saveFailed(error));
    this.#maybeCompact();
  }

  #relay(batch: PendingUpdate[]): void {
    let sent = 0;
    for (const { update, origin } of batch) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      syncProtocol.writeUpdate(encoder, update);
      const message = encoding.toUint8Array(encoder); // encoded once for every peer
      for (const peer of this.peers) {
        if (peer === origin) continue;
        peer.send(message);
        sent++;
      }
    }
    if (sent > 0) this.#options.onUpdatesRelayed?.(sent);
  }

  /** Tells clients that asked for save statuses that saving started failing or works again. */
  #broadcastSaveStatus(): void {
    const message = encodeSaveStatus({ state: this.#saveState, requestId: UNPROMPTED });
    for (const peer of this.peers) if (peer.wantsSaveStatus) peer.send(message);
  }

  /**
   * The disk refused a write. Everything stays in memory and keeps flowing between clients, whose
   * indicators now say their changes are not saved. Appends stop (a gap in the log would make
   * later records unusable); a full snapshot is retried until it succeeds.
   */
  #saveFailed(error: unknown): void {
    if (this.#destroyed) return;
    if (this.#saveState !== SaveState.Failing) {
      this.#log.error({ mapId: this.id, err: error }, 'cannot save map: changes are kept in memory and retried');
      this.#saveState = SaveState.Failing;
      this.#broadcastSaveStatus();
    }
    this.#retryTimer ??= setTimeout(() => {
      this.#retryTimer = null;
      void this.#retrySave();
    }, SAVE_RETRY_MS);
  }

  async #retrySave(): Promise<void> {
    if (this.#destroyed) return;
    await this.#appended;
    // Batches relayed while this snapshot is written are not in it: write again until none were.
    do {
      this.#skippedBatches = 0;
      try {
        await this.#options.store.compact(this.id, this.#statePieces());
      } catch (error) {
        this.#saveFailed(error);
        return;
      }
    } while (this.#skippedBatches > 0);
    this.#log.info({ mapId: this.id }, 'saving works again');
    this.#saveState = SaveState.Saved;
    this.#broadcastSaveStatus();
  }

  #maybeCompact(): void {
    if (this.#compacting) return;
    const { logBytes, snapshotBytes } = this.#options.store.stats(this.id);
    if (logBytes < Math.max(this.#options.compactMinLogBytes, 2 * snapshotBytes)) return;
    this.#compacting = this.compact().finally(() => {
      this.#compacting = null;
    });
  }

  /** Replaces the log with a snapshot of the whole document (in the background). */
  async compact(): Promise<void> {
    try {
      await this.#options.store.compact(this.id, this.#statePieces());
    } catch (error) {
      // The log still holds everything; compaction is only an optimisation.
      this.#log.warn({ mapId: this.id, err: error }, 'compaction failed; the log still holds every change');
    }
  }

  /**
   * The whole state, cut into pieces of at most SYNC_PIECE_BYTES: stored that way, a big map is
   * sent to its next first visitor (and applied on load) without being cut again.
   */
  #statePieces(): Uint8Array[] {
    return splitUpdate(Y.encodeStateAsUpdate(this.doc), SYNC_PIECE_BYTES);
  }

  #touchCatalogue(): void {
    const now = Date.now();
    this.#lastChangeAt = now;
    if (now - this.#lastCatalogueTouch < CATALOGUE_TOUCH_MS) return;
    this.#lastCatalogueTouch = now;
    this.#options.catalogue.update(this.id, { updatedAt: now }).catch((error: unknown) => {
      this.#log.warn({ mapId: this.id, err: error }, 'could not update the catalogue');
    });
  }

  readonly #onMetaChange = (event: Y.YMapEvent<unknown>): void => {
    if (event.transaction.origin === LOADED || !event.keysChanged.has('title')) return;
    const title = this.title;
    this.#options.catalogue.update(this.id, { title, updatedAt: Date.now() }).catch((error: unknown) => {
      this.#log.warn({ mapId: this.id, err: error }, 'could not update the catalogue title');
    });
  };

  readonly #onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    if (origin !== null && typeof origin === 'object' && this.peers.has(origin as Peer)) {
      const peer = origin as Peer;
      for (const id of added) peer.awarenessIds.add(id);
      for (const id of removed) peer.awarenessIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    // Sent to everyone including the sender: the stock client's 30 s liveness check relies on
    // hearing its own periodic awareness renewal back.
    const message = this.#awarenessMessage(changed);
    for (const peer of this.peers) peer.send(message);
  };

  #awarenessMessage(clients: number[]): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  /**
   * Saves what is left and lets go of the map. Compacts if the log has grown enough that the
   * next load would be slower than writing a snapshot now.
   */
  async unload(): Promise<void> {
    if (this.#stored !== null) {
      // Still loading: nothing was changed yet; wait for it, unless loading fails (nothing to save).
      if (!(await this.loaded.then(() => true, () => false))) {
        await this.#options.store.release(this.id);
        this.destroy();
        return;
      }
    }
    await this.whenAppended();
    if (this.#saveState === SaveState.Saved) {
      try {
        await this.#options.store.flush(this.id);
      } catch (error) {
        this.#saveFailed(error);
      }
    }
    await this.#compacting;
    if (this.#saveState === SaveState.Failing) {
      // Last chance: the room is going away and memory is the only other copy.
      await this.#retrySave();
    } else {
      const { logBytes, snapshotBytes } = this.#options.store.stats(this.id);
      if (logBytes > 0 && logBytes * 2 >= snapshotBytes) await this.compact();
    }
    if (this.#saveState === SaveState.Failing) {
      this.#log.error({ mapId: this.id }, 'unloading a map whose last changes could not be saved');
    }
    if (this.#lastChangeAt > this.#lastCatalogueTouch) {
      await this.#options.catalogue.update(this.id, { updatedAt: this.#lastChangeAt }).catch(() => undefined);
    }
    // History: a last automatic checkpoint, while the document is still here; a failure is only logged.
    await this.#options.hooks?.onUnload?.(this).catch((error: unknown) => {
      this.#log.warn({ mapId: this.id, err: error }, 'unload hook failed');
    });
    await this.#options.store.release(this.id);
    this.destroy();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#held = [];
    this.#initialSync = null;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.doc.off('update', this.#onDocUpdate);
    if (this.kind === 'map') metaOf(this.doc).unobserve(this.#onMetaChange);
    this.awareness.off('update', this.#onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/**
 * A sync step 2 in pieces: every piece but the last as an update, the last as sync step 2, so the
 * stock client says "synced" only once it has everything.
 */
function syncStep2Messages(pieces: readonly Uint8Array[]): Uint8Array[] {
  return pieces.map((piece, index) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    encoding.writeVarUint(encoder, index === pieces.length - 1 ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate);
    encoding.writeVarUint8Array(encoder, piece);
    return encoding.toUint8Array(encoder);
  });
}
