import { readMeta } from '@qms/model';
import { CloseCode, DocumentKind, SaveState, UNPROMPTED, parseDocumentId, splitUpdate } from '@qms/protocol';
import type { DocumentStore } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { maySend, refusal } from './authorization.js';
import { ClientMessageType, decodeClientMessage, encodePermissionDenied, encodeSaveStatus, encodeSyncStep1, encodeUpdate, isSyncStep1, syncStep2Messages } from './codec.js';
import { DurableLog, type LoggedUpdate } from './durable-log.js';
import type { HookChain } from './hooks.js';
import { InitialSync, SYNC_PIECE_BYTES } from './initial-sync.js';
import { LOADED_ORIGIN, RemoteOrigin, SERVER_ORIGIN, type LocalOrigin, type UpdateOrigin } from './origins.js';
import type { Peer } from './peer.js';
import { Presence } from './presence.js';
import { TokenBucket } from './token-bucket.js';
import { matchFieldsProblem } from './match-fields.js';
import { WRITERS_ROOT, verdictFor, writerOf } from './update-policy.js';
import { checkUpdate } from './validate.js';

export { SERVER_ORIGIN } from './origins.js';
export { SYNC_PIECE_BYTES } from './initial-sync.js';

export interface RoomOptions {
  store: DocumentStore;
  log: FastifyBaseLogger;
  /** The extensions' hooks (hooks.ts). */
  hooks: HookChain;
  /** Compact once the log since the last snapshot is larger than this and than the snapshot. */
  compactMinLogBytes: number;
  /**
   * Yjs threw while applying an update that parsed: the in-memory document may hold part of it.
   * The owner of the room reloads it from storage, which holds only updates that applied cleanly.
   */
  onCorrupted?: (room: Room) => void;
}

/** Messages one room holds while its document loads (a load takes well under a second). */
const MAX_HELD_MESSAGES = 10_000;

/**
 * Exact sync step 1 answers a room computes per second, counted in whole-state encodes (a client
 * that is nearly up to date costs a small share of one), and the burst: enough for a workshop
 * whose clients all reconnect at once.
 */
const EXACT_ANSWERS_PER_SECOND = 2;
const EXACT_ANSWER_BURST = 10;
/** Share of a whole-state encode that any exact answer costs: the walk over every item. */
const EXACT_ANSWER_WALK_COST = 0.05;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A loaded document (a map, or a map's review), the awareness of the people in it, and the order
 * in which everything happens to a change:
 *
 *   client frame → decoded (codec) → allowed for the sender's role (authorization) → applied →
 *   onChange → (next tick, batched across clients) appended to the log (DurableLog) → relayed to
 *   the other clients → afterStoreUpdates → fsynced (grouped) → "saved" to clients that asked.
 */
export class Room {
  readonly id: string;
  /** A map, written by editors; a map's review document (comments, sign-offs, the workshop), written by commenters too; or a participant's private workshop document. */
  readonly kind: DocumentKind;
  /** Whose private workshop document this is (null: another kind). */
  readonly participantId: string | null;
  readonly doc: Y.Doc;
  readonly peers = new Set<Peer>();
  /** Resolves once the stored state is applied and the load hooks ran; rejects if the document cannot be opened. */
  readonly loaded: Promise<void>;
  readonly #options: RoomOptions;
  readonly #hooks: HookChain;
  readonly #log: FastifyBaseLogger;
  readonly #durable: DurableLog<LocalOrigin>;
  readonly #initialSync: InitialSync;
  readonly #presence: Presence;
  /** While an update is being applied, what it produced: kept only if it applied cleanly. */
  #applying: LoggedUpdate<LocalOrigin>[] | null = null;
  /** True until the document is built, the load hooks ran and what was held is handled. */
  #holding = true;
  /** True while the stored state is being applied (answers to empty clients come from it). */
  #building = true;
  /** Messages that need the loaded document, held while it loads; handled in order after. */
  #held: Array<{ peer: Peer; message: Uint8Array }> = [];
  /** Other instances' updates that arrived while the stored state was being applied. */
  #heldRemote: Array<{ updates: readonly Uint8Array[]; origin: RemoteOrigin }> = [];
  /** Exact answers to sync step 1 this room may still give, in whole-state encodes (see #answerSyncStep1). */
  readonly #exactAnswers = new TokenBucket(EXACT_ANSWERS_PER_SECOND, EXACT_ANSWER_BURST);
  /** Sync step 1 answers computed for the client's own state vector (metrics, tests). */
  exactAnswers = 0;
  /** Peers already told that their changes are refused (told once, not per keystroke). */
  readonly #toldReadOnly = new WeakSet<Peer>();
  #destroyed = false;
  /** Resolves when afterUnloadDocument has run (null: not destroyed yet). */
  #unloaded: Promise<void> | null = null;

  private constructor(id: string, options: RoomOptions, stored: Uint8Array[], recovered: boolean, initialSync: InitialSync) {
    this.id = id;
    const named = parseDocumentId(id);
    this.kind = named.kind;
    this.participantId = named.participantId ?? null;
    this.doc = new Y.Doc();
    this.#options = options;
    this.#hooks = options.hooks;
    this.#log = options.log;
    this.#initialSync = initialSync;
    this.#durable = new DurableLog<LocalOrigin>({
      documentId: id,
      store: options.store,
      log: options.log,
      compactMinLogBytes: options.compactMinLogBytes,
      state: () => this.#statePieces(),
      afterAppend: (batch, stored) => this.#afterAppend(batch, stored),
      onSaveState: (state) => this.#broadcastSaveStatus(state),
    });
    this.#presence = new Presence(this.doc, this.peers, (change) => this.#hooks.emit('onAwarenessUpdate', { room: this, ...change }));
    this.doc.on('update', this.#onDocUpdate);
    this.loaded = this.#load(stored, recovered);
    // A failure is reported through `loaded` to whoever waits for it; never unhandled.
    this.loaded.catch(() => undefined);
  }

  /**
   * Reads a document from storage. The room is returned at once and applies the stored state in
   * the background (`loaded`): a client that has nothing gets the stored bytes straight away, so a
   * big map's first visitor does not wait for the server to build the document first.
   */
  static async load(id: string, options: RoomOptions): Promise<Room> {
    const stored = await options.store.load(id);
    for (const recovery of stored.recoveries) {
      options.log.warn({ mapId: id, file: recovery.file }, `storage damage repaired: ${recovery.action}`);
    }
    return new Room(id, options, stored.updates, stored.recoveries.length > 0, new InitialSync(stored));
  }

  async #load(stored: readonly Uint8Array[], recovered: boolean): Promise<void> {
    await this.#opening(() => this.#hooks.run('onLoadDocument', { room: this }));
    for (const update of stored) {
      for (const piece of splitUpdate(update, SYNC_PIECE_BYTES)) {
        // One piece per turn of the event loop: other rooms and this room's joiners keep moving.
        await nextTurn();
        if (this.#destroyed) throw new Error(`map ${this.id} closed while loading`);
        Y.applyUpdate(this.doc, piece, LOADED_ORIGIN);
      }
    }
    this.#building = false;
    this.#initialSync.built();
    for (const { updates, origin } of this.#heldRemote.splice(0)) this.#applyRemote(updates, origin);
    if (this.#destroyed) throw new Error(`map ${this.id} closed while loading`);
    // Maps are migrated here (the schema-migration extension, first in the chain).
    await this.#opening(() => this.#hooks.run('afterLoadDocument', { room: this }));
    // After a repair, write a fresh snapshot at once so the damage is behind us.
    if (recovered) await this.compact();
    // From here on nothing waits: greet, then handle what was held, in the order it came.
    this.#holding = false;
    for (const peer of this.peers) this.#greet(peer);
    for (const { peer, message } of this.#held.splice(0)) {
      if (!this.peers.has(peer)) continue;
      try {
        this.handleMessage(peer, message);
      } catch (error) {
        peer.refuseMalformed(error);
      }
    }
  }

  /** A step of opening the document; if it fails, the map cannot be opened: its clients are told (4500, they retry). */
  async #opening(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.#log.error({ mapId: this.id, err: error }, 'cannot open the map');
      for (const peer of [...this.peers]) peer.close(CloseCode.MapUnavailable, 'load-failed');
      this.#held = [];
      throw error;
    }
  }

  get isLoaded(): boolean {
    return !this.#holding && !this.#destroyed;
  }

  /** Bytes of the whole document as a client that has nothing is sent it. */
  get wholeStateBytes(): number {
    return this.#initialSync.bytes;
  }

  /** How often the whole state was encoded to answer clients (metrics, tests). */
  get wholeStateEncodes(): number {
    return this.#initialSync.encodes;
  }

  get title(): string {
    return readMeta(this.doc).title;
  }

  /** The people in the room (y-protocols awareness). */
  get awareness(): awarenessProtocol.Awareness {
    return this.#presence.awareness;
  }

  get saveState(): SaveState {
    return this.#durable.saveState;
  }

  addPeer(peer: Peer): void {
    this.peers.add(peer);
    if (this.isLoaded) this.#greet(peer);
  }

  /** Asks the newcomer what it has (sync step 1) and tells it who is here. */
  #greet(peer: Peer): void {
    peer.send(encodeSyncStep1(this.doc));
    if (!this.#presence.isEmpty) peer.send(this.#presence.everyone());
  }

  removePeer(peer: Peer): void {
    if (this.peers.delete(peer)) this.#presence.remove(peer);
  }

  /**
   * Handles one frame from a peer. Throws on a malformed one; the caller closes that connection
   * and nothing else.
   */
  handleMessage(peer: Peer, frame: Uint8Array): void {
    if (this.#holding) return this.#hold(peer, frame);
    const message = decodeClientMessage(frame);
    if (!maySend(peer.role, this.kind, message)) {
      // Not applied, not relayed. The stock client logs the reason once.
      if (!this.#toldReadOnly.has(peer)) {
        this.#toldReadOnly.add(peer);
        peer.send(encodePermissionDenied(refusal(peer.role, this.kind)));
      }
      return;
    }
    switch (message.type) {
      case ClientMessageType.SyncStep1:
        // Answered once everything the document holds now is on disk: a joiner must never see
        // something a crash could lose.
        void this.whenAppended().then(() => {
          if (this.peers.has(peer)) peer.answer(() => this.#answerSyncStep1(message.stateVector, message.hasNothing));
        });
        return;
      case ClientMessageType.SyncStep2:
      case ClientMessageType.Update: {
        checkUpdate(message.update); // garbage is refused before it touches the document
        const verdict = verdictFor(this.kind, this.doc, message.update, peer, this.participantId);
        const malformed = verdict.allowed && this.kind === DocumentKind.Map ? matchFieldsProblem(this.doc, message.update) : null;
        if (malformed) {
          peer.log.info({ reason: malformed }, 'change refused');
          return peer.send(encodePermissionDenied(`a match is malformed: ${malformed}`));
        }
        if (!verdict.allowed) {
          // Not applied, not relayed; the connection stays (its view may just be out of date).
          peer.log.info({ reason: verdict.reason }, 'change refused');
          return peer.send(encodePermissionDenied(verdict.reason));
        }
        this.#apply(message.update, peer);
        if (verdict.claims.length > 0) this.#recordWriters(verdict.claims, writerOf(peer));
        return;
      }
      case ClientMessageType.Awareness:
        return this.#presence.apply(message.entries, peer);
      case ClientMessageType.QueryAwareness:
        return peer.answer(() => [this.#presence.everyone()]);
      case ClientMessageType.SaveRequest:
        peer.wantsSaveStatus = true;
        // Everything this peer sent before the request is already applied and queued: answer
        // once it is fsynced.
        void this.whenDurable().then(() => {
          if (this.peers.has(peer)) peer.send(encodeSaveStatus({ state: this.saveState, requestId: message.requestId }));
        });
        return;
      case ClientMessageType.Unknown:
        return; // a message type from a newer client: nothing to do
    }
  }

  /**
   * What a client that sent this state vector is missing. A client that has nothing gets the
   * cached whole state. Anyone else gets exactly what it lacks while the room's budget for such
   * answers lasts: their cost grows with the document, and a state vector is whatever the client
   * claims, so a flood of them is answered from the cache instead (more bytes, no encoding).
   */
  #answerSyncStep1(stateVector: Uint8Array, hasNothing: boolean): Uint8Array[] {
    if (hasNothing || !this.#exactAnswers.canSpend()) return this.#initialSync.messages(this.doc);
    const answer = syncStep2Messages(splitUpdate(Y.encodeStateAsUpdate(this.doc, stateVector), SYNC_PIECE_BYTES));
    const bytes = answer.reduce((sum, message) => sum + message.byteLength, 0);
    // In whole-state encodes: the bytes written, plus a walk over every item (the delete set).
    this.#exactAnswers.charge(EXACT_ANSWER_WALK_COST + bytes / Math.max(1, this.#initialSync.bytes));
    this.exactAnswers++;
    return answer;
  }

  /**
   * Before the document is built, a client that has nothing is answered from the stored bytes;
   * everything else waits for the document (a malformed message is refused when it is handled).
   */
  #hold(peer: Peer, frame: Uint8Array): void {
    if (this.#building && isSyncStep1(frame)) {
      const message = decodeClientMessage(frame);
      if (message.type === ClientMessageType.SyncStep1 && message.hasNothing) {
        peer.answer(() => this.#initialSync.messages(this.doc));
        return;
      }
    }
    if (this.#held.length >= MAX_HELD_MESSAGES) throw new Error('too many messages while the map loads');
    this.#held.push({ peer, message: frame });
  }

  /**
   * Applies a parsed update. Should Yjs still throw half-way, what the update produced is neither
   * stored nor relayed, and the room is reloaded from storage (onCorrupted).
   */
  #apply(update: Uint8Array, peer: Peer): void {
    const produced: LoggedUpdate<LocalOrigin>[] = [];
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
    this.#hooks.emit('onChange', { room: this, update, origin: peer });
    for (const entry of produced) this.#durable.queue(entry);
  }

  /** Records who wrote new review entries (update-policy.ts), as a change of the server's. */
  #recordWriters(claims: readonly string[], writer: string): void {
    this.change((doc, origin) =>
      doc.transact(() => {
        const writers = doc.getMap<unknown>(WRITERS_ROOT);
        for (const key of claims) if (writers.get(key) !== writer) writers.set(key, writer);
      }, origin),
    );
  }

  /** Applies a change made by the server itself (rename through the API, restores): stored and relayed. */
  change(fn: (doc: Y.Doc, origin: unknown) => void): void {
    fn(this.doc, SERVER_ORIGIN);
  }

  /**
   * Applies updates that another instance stored: relayed to this room's clients at once, never
   * appended here, never handed to afterStoreUpdates. While the stored state is still being
   * applied they wait for it, so that no joiner answered from the stored bytes misses them.
   */
  applyRemoteUpdates(updates: readonly Uint8Array[], source: string): void {
    for (const update of updates) checkUpdate(update);
    const origin = new RemoteOrigin(source);
    if (this.#building) this.#heldRemote.push({ updates, origin });
    else this.#applyRemote(updates, origin);
  }

  #applyRemote(updates: readonly Uint8Array[], origin: RemoteOrigin): void {
    if (this.#destroyed) return;
    for (const update of updates) {
      try {
        Y.applyUpdate(this.doc, update, origin);
      } catch (error) {
        this.#log.error({ mapId: this.id, source: origin.source, err: error }, 'an update from another instance failed half-way; reloading the map');
        this.#options.onCorrupted?.(this);
        return;
      }
      this.#relay([{ update, origin }]);
      this.#hooks.emit('onChange', { room: this, update, origin });
    }
  }

  /** Applies awareness states from another instance; relayed to this room's clients. */
  applyRemoteAwareness(update: Uint8Array, source: string): void {
    this.#presence.applyRemote(update, source);
  }

  /** Resolves once every change applied so far is appended to the log (and relayed). */
  whenAppended(): Promise<void> {
    return this.#durable.whenAppended();
  }

  /**
   * Resolves once every change applied so far is fsynced, or saving is failing (then the changes
   * are only in memory; `saveState` tells which). Never rejects.
   */
  whenDurable(): Promise<void> {
    return this.#durable.whenDurable();
  }

  /** Replaces the log with a snapshot of the whole document. */
  compact(): Promise<void> {
    return this.#durable.compact();
  }

  readonly #onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOADED_ORIGIN) return;
    this.#initialSync.changed(update);
    if (origin instanceof RemoteOrigin) return; // stored by the instance that received it
    const entry = { update, origin: origin as LocalOrigin };
    if (this.#applying) return void this.#applying.push(entry);
    this.#hooks.emit('onChange', { room: this, update, origin: entry.origin });
    this.#durable.queue(entry);
  };

  /** A batch was appended (or saving is failing): relay it, then tell the extensions. */
  #afterAppend(batch: readonly LoggedUpdate<LocalOrigin>[], stored: boolean): void {
    const relayed = this.#relay(batch);
    this.#hooks.emit('afterStoreUpdates', {
      room: this,
      updates: batch.map((entry) => entry.update),
      origins: batch.map((entry) => entry.origin),
      stored,
      relayed,
    });
  }

  /** Sends each update, encoded once, to every peer but the one it came from. */
  #relay(batch: readonly LoggedUpdate<UpdateOrigin>[]): number {
    let sent = 0;
    for (const { update, origin } of batch) {
      const message = encodeUpdate(update);
      for (const peer of this.peers) {
        if (peer === origin) continue;
        peer.send(message);
        sent++;
      }
    }
    return sent;
  }

  /** Tells clients that asked for save statuses that saving started failing or works again. */
  #broadcastSaveStatus(state: SaveState): void {
    const message = encodeSaveStatus({ state, requestId: UNPROMPTED });
    for (const peer of this.peers) if (peer.wantsSaveStatus) peer.send(message);
  }

  /**
   * The whole state, cut into pieces of at most SYNC_PIECE_BYTES: stored that way, a big map is
   * sent to its next first visitor (and applied on load) without being cut again.
   */
  #statePieces(): Uint8Array[] {
    return splitUpdate(Y.encodeStateAsUpdate(this.doc), SYNC_PIECE_BYTES);
  }

  /**
   * Saves what is left and lets go of the document: appended, fsynced, compacted if the log has
   * grown (DurableLog.settle), then beforeUnloadDocument, release, destroy.
   */
  async unload(): Promise<void> {
    if (this.#holding) {
      // Still loading: nothing was changed yet; wait for it, unless loading fails (nothing to save).
      if (!(await this.loaded.then(() => true, () => false))) {
        await this.#options.store.release(this.id);
        await this.destroy();
        return;
      }
    }
    await this.#durable.settle();
    await this.#hooks.settle('beforeUnloadDocument', { room: this });
    await this.#options.store.release(this.id);
    await this.destroy();
  }

  /** Lets go of the document without saving anything more; then afterUnloadDocument (awaited here). */
  destroy(): Promise<void> {
    if (this.#unloaded) return this.#unloaded;
    this.#destroyed = true;
    this.#held = [];
    this.#heldRemote = [];
    this.#initialSync.destroy();
    this.#durable.destroy();
    this.doc.off('update', this.#onDocUpdate);
    this.#presence.destroy();
    this.doc.destroy();
    this.#unloaded = this.#hooks.settle('afterUnloadDocument', { room: this });
    return this.#unloaded;
  }
}
