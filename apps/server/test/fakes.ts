import { CloseCode, MessageType, type Role } from '@qms/protocol';
import type { Catalogue, DocumentStore, MapRecord, StoreStats, StoredDocument } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Extension } from '../src/rooms/hooks.js';
import { HookChain } from '../src/rooms/hooks.js';
import type { Peer } from '../src/rooms/peer.js';
import { Room } from '../src/rooms/room.js';

/** In-memory doubles for the room's parts: no sockets, no disk, no sleeps. */

/** A logger that keeps what it was told, by level. */
export function recordingLog(): FastifyBaseLogger & { lines: Array<{ level: string; message: string; data: unknown }> } {
  const lines: Array<{ level: string; message: string; data: unknown }> = [];
  const at = (level: string) => (data: unknown, message?: string) => {
    lines.push({ level, message: typeof data === 'string' ? data : (message ?? ''), data });
  };
  const log: Record<string, unknown> = { level: 'info', lines, info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug'), trace: at('trace'), fatal: at('fatal'), silent: () => {} };
  log.child = () => log;
  return log as unknown as FastifyBaseLogger & { lines: typeof lines };
}

/** Something to wait on, resolved by the test when it chooses. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A document store in memory that records every call in order. `full` makes writes fail as on a
 * full disk; `hold` makes the next appends wait until the test lets them through.
 */
export class MemoryStore implements DocumentStore {
  readonly calls: string[] = [];
  readonly logs = new Map<string, Uint8Array[]>();
  readonly snapshots = new Map<string, Uint8Array[]>();
  full = false;
  logBytes = 0;
  snapshotBytes = 0;
  /** While set, appends wait for it. */
  gate: Promise<void> | null = null;

  #check(): void {
    if (this.full) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  }

  async load(id: string): Promise<StoredDocument> {
    this.calls.push(`load ${id}`);
    const snapshot = this.snapshots.get(id) ?? [];
    return { updates: [...snapshot, ...(this.logs.get(id) ?? [])], snapshotPieces: snapshot.length, recoveries: [] };
  }

  async append(id: string, updates: readonly Uint8Array[]): Promise<void> {
    this.calls.push(`append ${id} ${updates.length}`);
    if (this.gate) await this.gate;
    this.#check();
    this.logs.set(id, [...(this.logs.get(id) ?? []), ...updates]);
    this.logBytes += updates.reduce((sum, update) => sum + update.byteLength, 0);
  }

  async flush(id: string): Promise<void> {
    this.calls.push(`flush ${id}`);
    this.#check();
  }

  async compact(id: string, state: Uint8Array | readonly Uint8Array[]): Promise<void> {
    this.calls.push(`compact ${id}`);
    this.#check();
    const pieces = state instanceof Uint8Array ? [state] : [...state];
    this.snapshots.set(id, pieces);
    this.logs.set(id, []);
    this.snapshotBytes = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
    this.logBytes = 0;
  }

  stats(): StoreStats {
    return { logBytes: this.logBytes, snapshotBytes: this.snapshotBytes };
  }

  async remove(id: string): Promise<void> {
    this.logs.delete(id);
    this.snapshots.delete(id);
  }

  readonly versions = new Map<string, Uint8Array>();
  async saveVersion(id: string, versionId: string, state: Uint8Array): Promise<void> {
    this.#check();
    this.versions.set(`${id}/${versionId}`, state);
  }
  async loadVersion(id: string, versionId: string): Promise<Uint8Array | undefined> {
    return this.versions.get(`${id}/${versionId}`);
  }
  async removeVersion(id: string, versionId: string): Promise<void> {
    this.versions.delete(`${id}/${versionId}`);
  }
  async mapIds(): Promise<string[]> {
    return [...new Set([...this.logs.keys(), ...this.snapshots.keys()])];
  }
  async release(id: string): Promise<void> {
    this.calls.push(`release ${id}`);
  }
  async close(): Promise<void> {}
}

let nextPeerId = 1;

/** A connection as a room sees it; `sent` holds every frame the room sent it. */
export function fakePeer(role: Role = 'editor', participantId: string | null = null): Peer & { sent: Uint8Array[]; closedWith: number | null } {
  const peer = {
    id: nextPeerId++,
    log: recordingLog(),
    role,
    tokenHash: null,
    institutionId: null,
    participantId,
    wantsSaveStatus: false,
    awarenessIds: new Set<number>(),
    sent: [] as Uint8Array[],
    closedWith: null as number | null,
    send(message: Uint8Array) {
      peer.sent.push(message);
    },
    answer(produce: () => readonly Uint8Array[]) {
      peer.sent.push(...produce());
    },
    close(code: number) {
      peer.closedWith = code;
    },
    refuseMalformed() {
      peer.closedWith = CloseCode.MalformedMessage;
    },
  };
  return peer;
}

/** The Yjs updates among the frames a peer received (sync step 2 and updates). */
export function updatesIn(frames: readonly Uint8Array[]): Uint8Array[] {
  const updates: Uint8Array[] = [];
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) continue;
    const step = decoding.readVarUint(decoder);
    if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) updates.push(decoding.readVarUint8Array(decoder));
  }
  return updates;
}

/** The message types of the frames a peer received, in order. */
export function typesOf(frames: readonly Uint8Array[]): number[] {
  return frames.map((frame) => decoding.readVarUint(decoding.createDecoder(frame)));
}

/** A client document and the updates it produces, as a client would send them. */
export function clientDoc() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    doc,
    updates,
    /** One change; returns its update. */
    set(key: string, value: unknown): Uint8Array {
      doc.getMap('m').set(key, value);
      return updates[updates.length - 1]!;
    },
  };
}

/** A map's room over a memory store, with these extensions only (no schema migration unless given). */
export async function roomWith(extensions: Extension[], store = new MemoryStore(), id = 'map1') {
  const log = recordingLog();
  const hooks = new HookChain(log, extensions);
  const room = await Room.load(id, { store, log, hooks, compactMinLogBytes: 1 << 30 });
  return { room, store, log, hooks };
}

/** A catalogue in memory (records are copied in and out, as the conformance suite asks). */
export class MemoryCatalogue implements Catalogue {
  readonly records = new Map<string, MapRecord>();
  readonly flags = new Map<string, boolean>();
  readonly updates: Array<{ id: string; patch: Partial<Omit<MapRecord, 'id'>> }> = [];

  async list(): Promise<MapRecord[]> {
    return [...this.records.values()].map((record) => structuredClone(record)).sort((a, b) => b.updatedAt - a.updatedAt);
  }
  async get(id: string): Promise<MapRecord | undefined> {
    const record = this.records.get(id);
    return record && structuredClone(record);
  }
  async put(record: MapRecord): Promise<void> {
    this.records.set(record.id, structuredClone(record));
  }
  async update(id: string, patch: Partial<Omit<MapRecord, 'id'>>): Promise<MapRecord | undefined> {
    this.updates.push({ id, patch });
    const current = this.records.get(id);
    if (!current) return undefined;
    const next = structuredClone({ ...current, ...patch, id });
    this.records.set(id, next);
    return structuredClone(next);
  }
  async delete(id: string): Promise<boolean> {
    return this.records.delete(id);
  }
  async getFlag(name: string): Promise<boolean> {
    return this.flags.get(name) === true;
  }
  async setFlag(name: string, value: boolean): Promise<void> {
    this.flags.set(name, value);
  }
  async close(): Promise<void> {}
}
