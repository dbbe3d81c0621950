import type { MobilityStore } from './mobility-store.js';
import type { VersionKind } from '@qms/protocol';

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
  /**
   * Review links issued to one partner institution each (commenters who sign off for it, and only
   * for it). Like share links, only the SHA-256 (hex) of each token is stored. Absent: none.
   */
  reviewLinks?: ReviewLinkRecord[];
  /**
   * Whether the map is published through the CASE provider (`/ims/case/…`): its status, and the
   * named versions each adoption froze, oldest first. Absent: a draft that was never adopted.
   */
  publication?: PublicationRecord;
}

/** The publication of a map: `draft` (not served), `adopted` or `deprecated` (served). */
export interface PublicationRecord {
  status: 'draft' | 'adopted' | 'deprecated';
  /** Milliseconds since the epoch: when the status last changed. */
  changedAt: number;
  /** Every adoption, oldest first: the named version it froze, and when. The last is the one served as current. */
  adoptions: AdoptionRecord[];
}

export interface AdoptionRecord {
  /** A named version of the map (`versions`), never pruned. */
  versionId: string;
  /** Milliseconds since the epoch. */
  adoptedAt: number;
  /** The identifier of the CFDocument the CASE provider serves for this adoption. */
  documentIdentifier: string;
}

/** A review link issued to a partner institution of the map (`meta.institutions`). */
export interface ReviewLinkRecord {
  /** Names the link in the API (not a secret): `DELETE /api/maps/:id/review-links/:linkId`. */
  id: string;
  /** The partner institution's id in the map document. */
  institutionId: string;
  /** SHA-256 (hex) of the link's token. */
  hash: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
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
  /**
   * Named by a person, an automatic checkpoint, or the state before a restore. Absent on records
   * written before it existed: `versionKindOf` (@qms/protocol) reads those.
   */
  kind?: VersionKind;
  /** For a `backup`: the name of the version whose restore it precedes. */
  restoredName?: string;
  /** The role that saved it, when a person did (there are no accounts to name). */
  createdBy?: string;
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
   * True when the catalogue's data was unreadable when it was opened and it started empty: the
   * server then lists again the maps found in the DocumentStore. Absent: never.
   */
  readonly damaged?: boolean;
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
  /**
   * Stores that number updates (see AppendResult): the sequence number of the newest update
   * included, so that `updates` holds everything numbered up to it (0 for a map never written).
   */
  seq?: number;
}

/**
 * What a store that numbers its updates says about an append. A map's updates are numbered
 * 1, 2, 3… in the order they are stored, without gaps, whichever instance wrote them; an
 * instance that holds update n and then hears of n + 2 knows it missed one (see `loadSince`).
 */
export interface AppendResult {
  /** The sequence number of the last update this call stored (0 when it was given none). */
  seq: number;
}

export interface CompactOptions {
  /**
   * The highest sequence number such that `state` contains every update numbered up to it (the
   * caller's document has applied them all). The snapshot replaces only those; updates numbered
   * after it are kept and replayed after the snapshot. When several instances share the store,
   * the caller passes it: only the caller knows which other instances' updates its document
   * has applied. Without it, a store counts what this very instance loaded and appended, in
   * order, which is right for a single instance. Stores that do not number updates ignore it.
   */
  upToSeq?: number;
}

/** One stored update with its sequence number (see AppendResult). */
export interface SequencedUpdate {
  seq: number;
  update: Uint8Array;
}

/** What an instance that missed some updates of a map reads to catch up (`loadSince`). */
export interface UpdatesSince {
  /**
   * The sequence number of the newest update stored for the map when it was read; `snapshot`
   * and `updates` together hold everything after the `seq` asked for, up to it. A head below
   * that `seq` means the map was removed (and perhaps written again) meanwhile: load it anew.
   */
  head: number;
  /**
   * Present only when some of the updates asked for were already folded into a snapshot by a
   * compaction: that snapshot, covering everything up to `seq`, to apply first (applying state
   * a document already has is harmless: Yjs updates are idempotent).
   */
  snapshot?: { pieces: Uint8Array[]; seq: number };
  /** The updates after `seq` (or after `snapshot.seq`), oldest first, numbered without gaps. */
  updates: SequencedUpdate[];
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
   * half-written: a failed append leaves the stored stream as it was. A store shared by several
   * instances (PostgreSQL) resolves once the updates are committed.
   */
  append(mapId: string, updates: readonly Uint8Array[]): Promise<void>;
  /**
   * Stores that number updates: `append`, resolving to the sequence number of the last update
   * stored (what an instance tells the others, so that they notice a missed one).
   */
  appendNumbered?(mapId: string, updates: readonly Uint8Array[]): Promise<AppendResult>;
  /** Resolves once everything appended before the call would survive a power loss (fsync). */
  flush(mapId: string): Promise<void>;
  /**
   * Replaces what is stored with `state`, which must contain every update appended so far
   * (the caller encodes it from the live document): one update, or pieces of it applied in order
   * (load returns them as they were given, so a large map can be sent on without re-cutting it).
   * Written atomically: a crash during compaction leaves either the old or the new state, never
   * neither.
   *
   * In a store shared by several instances, compactions of one map run one at a time, and the
   * updates that `state` may lack are kept: those numbered after `options.upToSeq`. When another
   * instance's snapshot already covers more than that, `state` is stored as an ordinary update
   * instead of replacing it. There `state` should hold only what was appended (or is being
   * appended): a change that was never appended belongs in `append` (a whole state is a valid
   * update), since another instance's later snapshot, made from its own document, would not
   * contain it.
   */
  compact(mapId: string, state: Uint8Array | readonly Uint8Array[], options?: CompactOptions): Promise<void>;
  /**
   * Sizes as this instance knows them, without asking the backing store. A shared store counts
   * what this instance loaded, appended and compacted: updates appended by other instances are
   * counted at this instance's next load or compaction of the map.
   */
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
  /**
   * Stores that number updates: what an instance that missed updates of a map (a restart, a
   * trimmed bus, a lost message) reads to catch up — everything stored after `seq`, in order.
   */
  loadSince?(mapId: string, seq: number): Promise<UpdatesSince>;
  /** Ids of every document with stored data (to rebuild a lost catalogue). */
  mapIds(): Promise<string[]>;
  /** Lets go of what is held open for one map (its room unloaded). Stored data is kept. */
  release(mapId: string): Promise<void>;
  /** Flushes and lets go of everything. */
  close(): Promise<void>;
}

/** What a backup copied. */
export interface BackupResult {
  files: number;
  bytes: number;
}

/** Everything the server stores: the catalogue and the documents, as one unit it opens and closes. */
export interface Storage {
  catalogue: Catalogue;
  documents: DocumentStore;
  /**
   * The maps' mobility workspaces (personal data, kept apart: mobility-store.ts). Absent: the
   * server keeps them in files under its data folder.
   */
  mobilities?: MobilityStore;
  /**
   * What keeps the storage from taking writes now, one sentence each for an operator (e.g. "the
   * data folder is not writable"); empty when it is ready. Absent: always ready (`storageProblems`).
   */
  problems?(): Promise<string[]>;
  /**
   * Writes a consistent copy of everything stored under the folder `target` (the caller first
   * waits until every change it accepted is flushed). Absent: the store makes its own backups.
   */
  backup?(target: string): Promise<BackupResult>;
}

/** The storage's problems, or none for a storage that does not report any. */
export async function storageProblems(storage: Storage): Promise<string[]> {
  return storage.problems ? storage.problems() : [];
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
