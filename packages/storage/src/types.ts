/**
 * The two things the server stores, behind interfaces so that a Redis or PostgreSQL store can be
 * added later and pass the same conformance suite (conformance.ts):
 *
 * - the catalogue: one small record per map (title, timestamps), read by the map list;
 * - each map's document: an append-only stream of Yjs updates, compacted now and then into a
 *   snapshot. Updates are opaque bytes here; applying all of them in order gives the document.
 */

export interface MapRecord {
  id: string;
  title: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  updatedAt: number;
  /**
   * The map's share links: per role, the SHA-256 (hex) of its capability token, or null when that
   * role has no link. Tokens themselves are never stored. Absent on maps made before links.
   */
  access?: Partial<Record<'owner' | 'editor' | 'commenter' | 'viewer', string | null>>;
  /**
   * Saved versions of the map, oldest first; each one's document is kept by the DocumentStore
   * (`saveVersion`). Absent on maps that never had one.
   */
  versions?: VersionRecord[];
}

/** One saved version of a map: a name people gave it, or an automatic checkpoint. */
export interface VersionRecord {
  /** Safe as a file name (VERSION_ID_PATTERN). */
  id: string;
  name: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Made by the server (a checkpoint, or the state before a restore); pruned to the newest few. */
  auto: boolean;
  /** The role that saved it, when a person did (there are no accounts to name). */
  createdBy?: string;
}

/** Version ids become file names: the same rule as map ids. */
export const VERSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidVersionId(value: unknown): value is string {
  return typeof value === 'string' && VERSION_ID_PATTERN.test(value);
}

export interface Catalogue {
  list(): Promise<MapRecord[]>;
  get(id: string): Promise<MapRecord | undefined>;
  /** Creates the record, or replaces the one with the same id. */
  put(record: MapRecord): Promise<void>;
  /** Changes some fields; resolves to the new record, or undefined for an unknown id. */
  update(id: string, patch: Partial<Omit<MapRecord, 'id'>>): Promise<MapRecord | undefined>;
  /** Resolves to false when there was no such record. */
  delete(id: string): Promise<boolean>;
  /** Small flags the instance keeps about itself (e.g. "the sample maps were created"). */
  getFlag(name: string): Promise<boolean>;
  setFlag(name: string, value: boolean): Promise<void>;
  close(): Promise<void>;
  /**
   * Optional: the copy of a map's record that the store keeps beside the map's documents (the
   * embedded store's `maps/<id>/record.json`), read to rebuild a damaged catalogue with its share
   * links and version list. Undefined when there is none.
   */
  readRecordCopy?(id: string): Promise<MapRecord | undefined>;
}

/** Something found damaged while loading, set aside, and worked around. */
export interface Recovery {
  /** What was damaged, e.g. `snapshot.3.bin` or `log.4.bin`. */
  file: string;
  /** What was done, for the log. */
  action: string;
}

export interface StoredDocument {
  /** Apply these in order (a snapshot first, if there is one) to rebuild the document. */
  updates: Uint8Array[];
  /** How many of `updates`, from the first, are the snapshot's pieces (the rest: the log since). */
  snapshotPieces: number;
  /** Damage found and worked around while loading; empty on a healthy store. */
  recoveries: Recovery[];
}

export interface StoreStats {
  /** Bytes appended since the last compaction. */
  logBytes: number;
  /** Size of the last snapshot (0 if none). */
  snapshotBytes: number;
}

export interface DocumentStore {
  /** Everything stored for the map; `{ updates: [] }` for a map never written. */
  load(mapId: string): Promise<StoredDocument>;
  /**
   * Appends updates after everything appended before. Resolves once they would survive a crash
   * of this process (for a file store: handed to the operating system), which is the point after
   * which the server may show them to other clients. Rejects (e.g. disk full) with nothing
   * half-written: a failed append leaves the stored stream as it was.
   */
  append(mapId: string, updates: readonly Uint8Array[]): Promise<void>;
  /** Resolves once everything appended before the call would survive a power loss (fsync). */
  flush(mapId: string): Promise<void>;
  /**
   * Replaces what is stored with `state`, which must contain every update appended so far
   * (the caller encodes it from the live document): one update, or pieces of it applied in order
   * (load returns them as they were given, so a large map can be sent on without re-cutting it).
   * Written atomically: a crash during compaction leaves either the old or the new state, never
   * neither.
   */
  compact(mapId: string, state: Uint8Array | readonly Uint8Array[]): Promise<void>;
  stats(mapId: string): StoreStats;
  /** Deletes everything stored for the map, its versions included. */
  remove(mapId: string): Promise<void>;
  /**
   * Keeps a whole document state as a version of the map, apart from its log and snapshots (which
   * compaction replaces). Written atomically; replaces a version with the same id. Rejects with
   * StorageError InvalidMapId / InvalidVersionId for unsafe ids.
   */
  saveVersion(mapId: string, versionId: string, state: Uint8Array): Promise<void>;
  /** The state saved as that version, or undefined if there is none (or it is damaged). */
  loadVersion(mapId: string, versionId: string): Promise<Uint8Array | undefined>;
  /** Deletes a version; deleting one that does not exist is not an error. */
  removeVersion(mapId: string, versionId: string): Promise<void>;
  /** Ids of every document with stored data (to rebuild a lost catalogue). */
  mapIds(): Promise<string[]>;
  /** Lets go of what is held open for one map (its room unloaded). Stored data is kept. */
  release(mapId: string): Promise<void>;
  /** Flushes and lets go of everything. */
  close(): Promise<void>;
}

/** Errors a store throws on purpose, with a reason callers can branch on. */
export class StorageError extends Error {
  constructor(
    readonly reason: StorageErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export const StorageErrorReason = {
  /** The map id is not valid (it would not be a safe file name). */
  InvalidMapId: 'invalid-map-id',
  /** The version id is not valid (it would not be a safe file name). */
  InvalidVersionId: 'invalid-version-id',
  /** The store was closed. */
  Closed: 'closed',
} as const;
export type StorageErrorReason = (typeof StorageErrorReason)[keyof typeof StorageErrorReason];
