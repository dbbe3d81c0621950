import type { AppendResult, CompactOptions, DocumentStore, StoredDocument, StoreStats, UpdatesSince } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode } from '@qms/protocol';
import type { OtherInstances } from '../maps.js';
import type { Extension } from '../rooms/hooks.js';
import { isPeerOrigin } from '../rooms/origins.js';
import type { Room } from '../rooms/room.js';
import type { Rooms } from '../rooms/rooms.js';

/**
 * Several instances serving the same maps from one PostgreSQL database. Every update is numbered
 * by the database when it is appended (1, 2, 3… per document, without gaps, whichever instance
 * wrote it); an instance tells the others through a transport (PostgreSQL LISTEN/NOTIFY, or
 * Redis) only after the append has committed, so no client anywhere sees an update a crash
 * could lose. Each instance knows, per open document, the number up to which its document holds
 * every update (`applied`). A message that does not follow on from it reveals a gap, filled from
 * the database (`loadSince`); so does every (re)connection of the transport, and every load.
 * Writers take no lock: Yjs updates are idempotent, so applying one twice is harmless.
 */

/** What a transport tells the bus. */
export interface BusReceiver {
  /**
   * Updates of a document numbered up to `last` were stored by some instance. With `updates`,
   * they are the updates numbered `last - updates.length + 1` … `last`; without, read them.
   * `sentAt`: when they were published (ms since the epoch), for the lag metric.
   */
  updates(documentId: string, last: number, updates?: readonly Uint8Array[], sentAt?: number): void;
  /** Awareness states of a document from another instance. */
  presence(documentId: string, update: Uint8Array, source: string): void;
  /** Messages may have been lost (the transport reconnected): check every open document. */
  resync(): void;
  /** Another instance deleted a map or replaced one of its links. */
  control(event: ControlEvent): void;
}

/** What an instance tells the others so that they close connections too (delivered at most once). */
export type ControlEvent = { kind: 'deleted'; mapId: string } | { kind: 'token-replaced'; mapId: string; tokenHash: string };

/** A control event read from the wire, or null when it is not one. */
export function parseControl(value: unknown): ControlEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const { kind, mapId, tokenHash } = value as Record<string, unknown>;
  if (typeof mapId !== 'string') return null;
  if (kind === 'deleted') return { kind, mapId };
  if (kind === 'token-replaced' && typeof tokenHash === 'string') return { kind, mapId, tokenHash };
  return null;
}

/** How updates and presence travel between instances. */
export interface BusTransport {
  /** For /readyz and logs: "PostgreSQL LISTEN/NOTIFY", "Redis". */
  readonly name: string;
  start(receiver: BusReceiver): Promise<void>;
  /** This instance opened the document: deliver its messages from now on. */
  follow(documentId: string): Promise<void>;
  unfollow(documentId: string): void;
  /** Updates numbered up to `last` were committed by this instance (never before the commit). */
  publishUpdates(documentId: string, last: number, updates: readonly Uint8Array[]): void;
  publishPresence(documentId: string, update: Uint8Array): void;
  publishControl(event: ControlEvent): void;
  /** Why messages may not be travelling now; empty when they are. */
  problems(): string[];
  close(): Promise<void>;
}

export interface BusMetrics {
  /** Time from publishing to applying here, in seconds. */
  lag(seconds: number): void;
  /** A gap was found and read from the database. */
  gapCaughtUp(): void;
}

/** A name for one instance among the others (logs, and to ignore its own presence messages). */
export function newInstanceId(): string {
  return `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/**
 * How long a gap may wait for the missing entries (instances publish in their own time, so two
 * appends can arrive in the other order) before the missing updates are read from the database.
 */
export const GAP_WAIT_MS = 200;

/** While the transport is down, every open document is read from the database this often instead. */
export const FALLBACK_POLL_MS = 1_000;

/** Least time between two presence messages of one document from this instance. */
export const PRESENCE_THROTTLE_MS = 50;

/** What this instance knows of one document it has open. */
interface Followed {
  room: Room | null;
  /** Every update numbered up to this is in the document. */
  applied: number;
  /**
   * Updates numbered after `applied` that are in the document already (first → last): this
   * instance's own appends, and others' applied the moment they arrived, ahead of a number still
   * missing. Yjs updates commute, so nobody waits for the missing one; `applied` waits.
   */
  held: Map<number, number>;
  /** Others' updates that arrived while the document could not take them (loading, catching up): first → last and the updates. */
  ahead: Map<number, { last: number; updates: readonly Uint8Array[] }>;
  /** Set while a gap is given GAP_WAIT_MS to fill from the bus before it is read from the database. */
  gapTimer: NodeJS.Timeout | null;
  /** The catch-up running now, and whether another was asked for meanwhile. */
  catchingUp: Promise<void> | null;
  again: boolean;
  /** Awareness client ids changed here since the last presence message. */
  presenceIds: Set<number>;
  presenceTimer: NodeJS.Timeout | null;
}

export class UpdateBus {
  readonly #transport: BusTransport;
  readonly #log: FastifyBaseLogger;
  readonly #metrics: BusMetrics | undefined;
  readonly #followed = new Map<string, Followed>();
  #store: DocumentStore | null = null;
  #started = false;
  #poll: NodeJS.Timeout | null = null;
  #rooms: Rooms | null = null;

  constructor(transport: BusTransport, log: FastifyBaseLogger, metrics?: BusMetrics) {
    this.#transport = transport;
    this.#log = log;
    this.#metrics = metrics;
  }

  get transportName(): string {
    return this.#transport.name;
  }

  /**
   * The store the rooms use: appends are numbered and published after they commit, loads note
   * the number they cover, compactions say which numbers the document holds.
   */
  wrap(inner: DocumentStore): DocumentStore {
    if (!inner.appendNumbered || !inner.loadSince) throw new Error('several instances need a store that numbers its updates (PostgreSQL)');
    this.#store = inner;
    return new BusDocumentStore(inner, this);
  }

  async start(): Promise<void> {
    await this.#transport.start({
      updates: (id, last, updates, sentAt) => this.#received(id, last, updates, sentAt),
      presence: (id, update, source) => this.#receivedPresence(id, update, source),
      resync: () => this.#resync(),
      control: (event) => this.#controlled(event),
    });
    this.#started = true;
    // Losing the transport costs speed, not updates: until it is back, read from the database.
    this.#poll = setInterval(() => {
      if (this.#transport.problems().length > 0) this.#resync();
    }, FALLBACK_POLL_MS);
    this.#poll.unref();
  }

  /** What the other instances are told when a map is deleted or a link replaced here (Maps). */
  get others(): OtherInstances {
    return {
      mapDeleted: (mapId) => this.#transport.publishControl({ kind: 'deleted', mapId }),
      tokenReplaced: (mapId, tokenHash) => this.#transport.publishControl({ kind: 'token-replaced', mapId, tokenHash }),
    };
  }

  #controlled(event: ControlEvent): void {
    const rooms = this.#rooms;
    if (!rooms) return;
    if (event.kind === 'token-replaced') return rooms.disconnectToken(event.mapId, event.tokenHash);
    for (const id of rooms.loadedIdsOf(event.mapId)) {
      rooms.drop(id, CloseCode.MapDeleted, 'map deleted').catch((error: unknown) => this.#log.warn({ mapId: id, err: error }, 'bus: could not close a deleted map'));
    }
  }

  #resync(): void {
    for (const id of this.#followed.keys()) this.#catchUp(id);
  }

  problems(): string[] {
    return this.#started ? this.#transport.problems() : ['the bus is not started'];
  }

  /** The number up to which the document holds every update (compaction's `upToSeq`). */
  appliedThrough(id: string): number | undefined {
    return this.#followed.get(id)?.applied;
  }

  /** A load read the document up to `seq`. */
  loaded(id: string, seq: number): void {
    const followed = this.#followed.get(id);
    if (followed) followed.applied = Math.max(followed.applied, seq);
    else {
      this.#followed.set(id, { room: null, applied: seq, held: new Map(), ahead: new Map(), gapTimer: null, catchingUp: null, again: false, presenceIds: new Set(), presenceTimer: null });
      void this.#transport.follow(id).catch((error: unknown) => this.#log.warn({ mapId: id, err: error }, 'bus: could not follow the map'));
    }
  }

  /** This instance committed updates numbered `last - updates.length + 1` … `last`. */
  appended(id: string, last: number, updates: readonly Uint8Array[]): void {
    const followed = this.#followed.get(id);
    if (followed && last > followed.applied) {
      followed.held.set(last - updates.length + 1, last);
      this.#advance(id, followed);
    }
    this.#transport.publishUpdates(id, last, updates);
  }

  /**
   * Moves `applied` over the updates held and the others' updates that follow on from it; what
   * is left beyond a gap waits GAP_WAIT_MS, then the gap is read from the database.
   */
  #advance(id: string, followed: Followed): void {
    for (;;) {
      const next = followed.applied + 1;
      const held = followed.held.get(next);
      const ahead = followed.ahead.get(next);
      if (held !== undefined) {
        followed.held.delete(next);
        followed.applied = held;
      } else if (ahead && followed.room && !followed.catchingUp) {
        followed.ahead.delete(next);
        try {
          followed.room.applyRemoteUpdates(ahead.updates, 'bus');
        } catch (error) {
          this.#log.warn({ mapId: id, err: error }, 'bus: an update from another instance was refused; reading it from the database');
          return this.#catchUp(id);
        }
        followed.applied = ahead.last;
      } else break;
    }
    for (const [first, last] of followed.held) if (last <= followed.applied) followed.held.delete(first);
    for (const [first, entry] of followed.ahead) if (entry.last <= followed.applied) followed.ahead.delete(first);
    if (followed.held.size + followed.ahead.size === 0) {
      if (followed.gapTimer) clearTimeout(followed.gapTimer);
      followed.gapTimer = null;
    } else {
      followed.gapTimer ??= setTimeout(() => {
        followed.gapTimer = null;
        if (this.#followed.get(id) !== followed || followed.held.size + followed.ahead.size === 0) return;
        this.#metrics?.gapCaughtUp();
        this.#catchUp(id);
      }, GAP_WAIT_MS);
    }
  }

  #received(id: string, last: number, updates: readonly Uint8Array[] | undefined, sentAt: number | undefined): void {
    const followed = this.#followed.get(id);
    if (!followed || last <= followed.applied) return;
    if (sentAt !== undefined) this.#metrics?.lag(Math.max(0, Date.now() - sentAt) / 1000);
    // A notification without the updates: read them.
    if (!updates || updates.length === 0) return this.#catchUp(id);
    let first = last - updates.length + 1;
    let fresh = updates;
    if (first <= followed.applied) {
      // Partly applied already (a catch-up read some of it).
      fresh = updates.slice(followed.applied + 1 - first);
      first = followed.applied + 1;
    }
    if (followed.room && !followed.catchingUp) {
      // Shown at once, even ahead of a number still missing: waiting for it held every client
      // of this instance back behind the slowest of the other instances' publications.
      try {
        followed.room.applyRemoteUpdates(fresh, 'bus');
      } catch (error) {
        this.#log.warn({ mapId: id, err: error }, 'bus: an update from another instance was refused; reading it from the database');
        return this.#catchUp(id);
      }
      followed.held.set(first, last);
    } else {
      followed.ahead.set(first, { last, updates: fresh });
    }
    this.#advance(id, followed);
  }

  /** Reads what the document lacks from the database; one at a time per document. */
  #catchUp(id: string): void {
    const followed = this.#followed.get(id);
    if (!followed?.room) return;
    if (followed.catchingUp) {
      followed.again = true;
      return;
    }
    followed.catchingUp = (async () => {
      do {
        followed.again = false;
        try {
          await this.#readSince(id, followed);
        } catch (error) {
          this.#log.warn({ mapId: id, err: error }, 'bus: could not read the changes of other instances; retrying at the next message');
        }
      } while (followed.again && this.#followed.get(id) === followed);
      followed.catchingUp = null;
      // What arrived meanwhile and follows on from what was read.
      if (this.#followed.get(id) === followed) this.#advance(id, followed);
    })();
  }

  async #readSince(id: string, followed: Followed): Promise<void> {
    const room = followed.room;
    if (!room) return;
    const from = followed.applied;
    const since: UpdatesSince = await this.#store!.loadSince!(id, from);
    if (this.#followed.get(id) !== followed || followed.room !== room) return;
    if (since.head < from) {
      this.#log.warn({ mapId: id }, 'bus: the map was removed by another instance');
      return;
    }
    const batch: Uint8Array[] = [...(since.snapshot?.pieces ?? [])];
    let through = since.snapshot ? Math.max(from, since.snapshot.seq) : from;
    for (const { seq, update } of since.updates) {
      if (seq <= followed.applied) continue;
      if (!isHeld(followed, seq)) batch.push(update);
      through = Math.max(through, seq);
    }
    if (batch.length > 0) room.applyRemoteUpdates(batch, 'database');
    followed.applied = Math.max(followed.applied, through);
    this.#advance(id, followed);
  }

  /** Resolves once every catch-up running now has finished (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.#followed.values()].map((followed) => followed.catchingUp));
  }

  get extension(): Extension {
    return {
      name: 'bus',
      onConfigure: ({ rooms }) => {
        this.#rooms = rooms;
      },
      onLoadDocument: ({ room }) => {
        this.loaded(room.id, this.#followed.get(room.id)?.applied ?? 0);
        this.#followed.get(room.id)!.room = room;
      },
      // What other instances stored between this instance's load and its following the map.
      afterLoadDocument: async ({ room }) => {
        this.#catchUp(room.id);
        await this.#followed.get(room.id)?.catchingUp;
      },
      onAwarenessUpdate: ({ room, added, updated, removed, origin }) => {
        // Only this instance's clients' states travel: what came from another instance stays.
        if (origin !== null && !isPeerOrigin(origin)) return;
        const followed = this.#followed.get(room.id);
        if (!followed) return;
        for (const ids of [added, updated, removed]) for (const clientId of ids) followed.presenceIds.add(clientId);
        followed.presenceTimer ??= setTimeout(() => this.#flushPresence(room, followed), PRESENCE_THROTTLE_MS);
      },
      // The last client's leaving travels before the room goes.
      beforeUnloadDocument: ({ room }) => {
        const followed = this.#followed.get(room.id);
        if (followed?.room === room) this.#flushPresence(room, followed);
      },
      afterUnloadDocument: ({ room }) => {
        const followed = this.#followed.get(room.id);
        if (!followed || (followed.room && followed.room !== room)) return;
        if (followed.presenceTimer) clearTimeout(followed.presenceTimer);
        if (followed.gapTimer) clearTimeout(followed.gapTimer);
        this.#followed.delete(room.id);
        this.#transport.unfollow(room.id);
      },
      onDestroy: async () => {
        if (this.#poll) clearInterval(this.#poll);
        await this.settled();
        await this.#transport.close();
      },
    };
  }

  #flushPresence(room: Room, followed: Followed): void {
    if (followed.presenceTimer) clearTimeout(followed.presenceTimer);
    followed.presenceTimer = null;
    const ids = [...followed.presenceIds].filter((clientId) => room.awareness.meta.has(clientId));
    followed.presenceIds.clear();
    if (ids.length === 0 || this.#followed.get(room.id) !== followed) return;
    this.#transport.publishPresence(room.id, awarenessProtocol.encodeAwarenessUpdate(room.awareness, ids));
  }

  #receivedPresence(id: string, update: Uint8Array, source: string): void {
    const room = this.#followed.get(id)?.room;
    if (!room?.isLoaded) return;
    try {
      room.applyRemoteAwareness(update, source);
    } catch (error) {
      this.#log.warn({ mapId: id, err: error }, 'bus: ignored malformed presence from another instance');
    }
  }
}

function isHeld(followed: Followed, seq: number): boolean {
  for (const [first, last] of followed.held) if (seq >= first && seq <= last) return true;
  return false;
}

/** The rooms' store when several instances share the database (see UpdateBus.wrap). */
class BusDocumentStore implements DocumentStore {
  /** Documents with an append that failed since: their clients' changes are only in memory. */
  readonly #unsaved = new Set<string>();

  constructor(
    private readonly inner: DocumentStore,
    private readonly bus: UpdateBus,
  ) {}

  async load(mapId: string): Promise<StoredDocument> {
    const stored = await this.inner.load(mapId);
    this.bus.loaded(mapId, stored.seq ?? 0);
    return stored;
  }

  async append(mapId: string, updates: readonly Uint8Array[]): Promise<void> {
    await this.appendNumbered(mapId, updates);
  }

  async appendNumbered(mapId: string, updates: readonly Uint8Array[]): Promise<AppendResult> {
    let result: AppendResult;
    try {
      result = await this.inner.appendNumbered!(mapId, updates);
    } catch (error) {
      this.#unsaved.add(mapId);
      throw error;
    }
    // Committed: now, and not before, may other instances show it.
    if (updates.length > 0) this.bus.appended(mapId, result.seq, updates);
    return result;
  }

  flush(mapId: string): Promise<void> {
    return this.inner.flush(mapId);
  }

  async compact(mapId: string, state: Uint8Array | readonly Uint8Array[], options: CompactOptions = {}): Promise<void> {
    if (this.#unsaved.has(mapId)) {
      // The save retried after failed appends: the state holds changes never appended, which the
      // other instances lack, and a snapshot made later by one of them would drop. Appended (a
      // whole state is an update), they are numbered and published like any other.
      await this.appendNumbered(mapId, state instanceof Uint8Array ? [state] : state);
      this.#unsaved.delete(mapId);
      return;
    }
    // The room's document holds every update numbered up to what it has applied, and maybe more.
    const upToSeq = options.upToSeq ?? this.bus.appliedThrough(mapId);
    await this.inner.compact(mapId, state, upToSeq === undefined ? options : { ...options, upToSeq });
  }

  stats(mapId: string): StoreStats {
    return this.inner.stats(mapId);
  }

  loadSince(mapId: string, seq: number): Promise<UpdatesSince> {
    return this.inner.loadSince!(mapId, seq);
  }

  remove(mapId: string): Promise<void> {
    return this.inner.remove(mapId);
  }

  saveVersion(mapId: string, versionId: string, state: Uint8Array): Promise<void> {
    return this.inner.saveVersion(mapId, versionId, state);
  }

  loadVersion(mapId: string, versionId: string): Promise<Uint8Array | undefined> {
    return this.inner.loadVersion(mapId, versionId);
  }

  removeVersion(mapId: string, versionId: string): Promise<void> {
    return this.inner.removeVersion(mapId, versionId);
  }

  mapIds(): Promise<string[]> {
    return this.inner.mapIds();
  }

  release(mapId: string): Promise<void> {
    return this.inner.release(mapId);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
