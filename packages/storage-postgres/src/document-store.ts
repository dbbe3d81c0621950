import type pg from 'pg';
import { isValidDocumentId } from '@qms/protocol';
import {
  StorageError,
  StorageErrorReason,
  isValidVersionId,
  type AppendResult,
  type CompactOptions,
  type DocumentStore,
  type StoreStats,
  type StoredDocument,
  type UpdatesSince,
} from '@qms/storage';
import { Database, type PostgresOptions } from './database.js';

/** Rows per INSERT statement: PostgreSQL takes at most 65 535 parameters in one. */
const ROWS_PER_INSERT = 1_000;

/** A consistent view of one document across the statements of a load. */
const READ_SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

interface PendingAppend {
  updates: readonly Uint8Array[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** What this instance knows about one document it has loaded, appended to or compacted. */
interface MapState {
  /**
   * The highest sequence number such that this instance loaded or appended every update
   * numbered up to it: what a compaction without `upToSeq` may fold into the snapshot.
   */
  covered: number;
  /** Updates numbered up to this are already counted in `logBytes`. */
  countedThrough: number;
  logBytes: number;
  snapshotBytes: number;
  /** Appends waiting for the one being written; they are written together next. */
  queue: PendingAppend[];
  /** The write running now (never rejects: each append's caller gets its own outcome). */
  writing: Promise<void> | null;
  /** The last compaction started by this instance (never rejects). */
  compacting: Promise<unknown>;
}

/**
 * Each map's Yjs updates in PostgreSQL (tables: migrations.ts):
 *
 * - `append` inserts one row per update into `updates`, numbered per map 1, 2, 3… in commit
 *   order (the map's `documents.head_seq` is raised in the same statement, whose row lock orders
 *   the appends of every instance). It resolves once the INSERT has committed, which with
 *   PostgreSQL's default `synchronous_commit = on` means flushed to its write-ahead log: durable,
 *   so `flush` has nothing left to do. This instance's appends to one map are written one batch
 *   at a time, in call order; those made while one is written share the next INSERT.
 * - `compact` writes the snapshot and deletes the rows it covers, in one transaction, under a
 *   transaction-level advisory lock per map, so compactions of a map (from any instance) run one
 *   at a time. The snapshot covers the rows numbered up to `upToSeq`: rows appended meanwhile
 *   by anyone are kept (see CompactOptions).
 * - `load` reads the snapshot and the rows after it in one REPEATABLE READ transaction, so it
 *   never sees half of a compaction.
 * - With `notifyChannel`, each append notifies the map and its last number on that channel, for
 *   instances that follow each other through LISTEN rather than a bus.
 */
export class PostgresDocumentStore implements DocumentStore {
  readonly #db: Database;
  readonly #maps = new Map<string, MapState>();
  /** A table's name in the store's schema, for SQL. */
  readonly #t = (name: string): string => this.#db.table(name);
  #closed = false;

  constructor(db: Database) {
    this.#db = db;
    db.acquire();
  }

  /** Opens a store with a pool of its own (ended by `close`). */
  static async open(options: PostgresOptions): Promise<PostgresDocumentStore> {
    const db = await Database.open(options);
    const store = new PostgresDocumentStore(db);
    await db.release(); // the store holds the only reference now
    return store;
  }

  /** Why the database cannot be used now (empty when it can): for the server's `/readyz`. */
  problems(): Promise<string[]> {
    return this.#db.problems();
  }

  async load(mapId: string): Promise<StoredDocument> {
    this.#check(mapId);
    const t = this.#t;
    const loaded = await this.#db.run(() =>
      this.#db.transaction(async (client) => {
        const head = await headOf(client, t, mapId);
        const snapshot = await client.query<{ covers_seq: string; bytes: string }>(
          `SELECT covers_seq, bytes FROM ${t('snapshots')} WHERE map_id = $1`,
          [mapId],
        );
        const covers = Number(snapshot.rows[0]?.covers_seq ?? 0);
        const pieces = snapshot.rows.length > 0 ? await piecesOf(client, t, mapId) : [];
        const rows = await client.query<{ seq: string; data: Buffer }>(
          `SELECT seq, data FROM ${t('updates')} WHERE map_id = $1 AND seq > $2 ORDER BY seq`,
          [mapId, covers],
        );
        return { head, pieces, snapshotBytes: Number(snapshot.rows[0]?.bytes ?? 0), rows: rows.rows };
      }, READ_SNAPSHOT),
    );
    const state = this.#state(mapId);
    state.covered = Math.max(state.covered, loaded.head);
    state.countedThrough = loaded.head;
    state.logBytes = loaded.rows.reduce((sum, row) => sum + row.data.byteLength, 0);
    state.snapshotBytes = loaded.snapshotBytes;
    return {
      updates: [...loaded.pieces, ...loaded.rows.map((row) => view(row.data))],
      snapshotPieces: loaded.pieces.length,
      recoveries: [],
      seq: loaded.head,
    };
  }

  async loadSince(mapId: string, seq: number): Promise<UpdatesSince> {
    this.#check(mapId);
    const t = this.#t;
    return this.#db.run(() =>
      this.#db.transaction(async (client) => {
        const head = await headOf(client, t, mapId);
        const snapshot = await client.query<{ covers_seq: string }>(`SELECT covers_seq FROM ${t('snapshots')} WHERE map_id = $1`, [
          mapId,
        ]);
        const covers = Number(snapshot.rows[0]?.covers_seq ?? 0);
        const result: UpdatesSince = { head, updates: [] };
        let after = seq;
        if (covers > seq) {
          // Some of the updates asked for were folded into the snapshot: hand it over whole.
          result.snapshot = { pieces: await piecesOf(client, t, mapId), seq: covers };
          after = covers;
        }
        const rows = await client.query<{ seq: string; data: Buffer }>(
          `SELECT seq, data FROM ${t('updates')} WHERE map_id = $1 AND seq > $2 ORDER BY seq`,
          [mapId, after],
        );
        result.updates = rows.rows.map((row) => ({ seq: Number(row.seq), update: view(row.data) }));
        return result;
      }, READ_SNAPSHOT),
    );
  }

  async append(mapId: string, updates: readonly Uint8Array[]): Promise<void> {
    await this.appendNumbered(mapId, updates);
  }

  async appendNumbered(mapId: string, updates: readonly Uint8Array[]): Promise<AppendResult> {
    this.#check(mapId);
    if (updates.length === 0) return { seq: 0 };
    const state = this.#state(mapId);
    return new Promise<AppendResult>((resolve, reject) => {
      state.queue.push({ updates, resolve, reject });
      this.#write(mapId, state);
    });
  }

  /** Writes the queued appends of one map, one INSERT (one batch) at a time, in call order. */
  #write(mapId: string, state: MapState): void {
    if (state.writing) return;
    state.writing = (async () => {
      while (state.queue.length > 0) {
        const batch = state.queue.splice(0, state.queue.length);
        const rows = batch.flatMap((pending) => pending.updates);
        let last: number;
        try {
          last = await this.#db.run(() => this.#insert(mapId, rows));
        } catch (error) {
          // One statement (or one transaction): none of the batch was stored.
          for (const pending of batch) pending.reject(error);
          continue;
        }
        this.#noteStored(state, last - rows.length + 1, rows);
        let seq = last - rows.length;
        for (const pending of batch) {
          seq += pending.updates.length;
          pending.resolve({ seq });
        }
      }
      state.writing = null;
    })();
  }

  /** Inserts the rows after everything stored for the map; resolves to the last one's number. */
  async #insert(mapId: string, rows: readonly Uint8Array[], client?: pg.PoolClient): Promise<number> {
    if (client) return this.#insertAll(client, mapId, rows);
    if (rows.length <= ROWS_PER_INSERT) return insertRows(this.#db.pool, this.#t, mapId, rows, this.#db.notifyChannel);
    return this.#db.transaction((own) => this.#insertAll(own, mapId, rows));
  }

  async #insertAll(client: pg.PoolClient, mapId: string, rows: readonly Uint8Array[]): Promise<number> {
    let last = 0;
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      last = await insertRows(client, this.#t, mapId, rows.slice(start, start + ROWS_PER_INSERT), this.#db.notifyChannel);
    }
    return last;
  }

  /** Counts rows this instance stored, numbered first, first + 1, …. */
  #noteStored(state: MapState, first: number, rows: readonly Uint8Array[]): void {
    const last = first + rows.length - 1;
    // Contiguous with what this instance already holds: another instance wrote nothing between.
    if (first <= state.covered + 1) state.covered = Math.max(state.covered, last);
    for (let i = 0; i < rows.length; i++) {
      if (first + i > state.countedThrough) state.logBytes += rows[i]!.byteLength;
    }
    state.countedThrough = Math.max(state.countedThrough, last);
  }

  async flush(mapId: string): Promise<void> {
    // A committed INSERT is already durable (see the class comment): only wait for the appends
    // still being written.
    await this.#maps.get(mapId)?.writing;
  }

  async compact(mapId: string, state: Uint8Array | readonly Uint8Array[], options: CompactOptions = {}): Promise<void> {
    this.#check(mapId);
    const pieces = state instanceof Uint8Array ? [state] : [...state];
    const map = this.#state(mapId);
    // Taken now, before anything else runs: updates appended after this call are not in
    // `state`, and their rows must survive.
    const upTo = options.upToSeq ?? map.covered;
    const run = map.compacting.then(() => this.#db.run(() => this.#compactNow(mapId, pieces, upTo)));
    map.compacting = run.catch(() => undefined);
    const done = await run;
    if (done.replaced) {
      map.snapshotBytes = done.snapshotBytes;
      map.logBytes = done.logBytes;
      map.countedThrough = Math.max(map.countedThrough, done.countedThrough);
      map.covered = Math.max(map.covered, done.snapshotSeq);
    } else {
      this.#noteStored(map, done.appendedFrom, pieces);
    }
  }

  #compactNow(mapId: string, pieces: readonly Uint8Array[], upTo: number) {
    const t = this.#t;
    return this.#db.transaction(async (client) => {
      // One compaction of this map at a time, across instances; released at COMMIT/ROLLBACK.
      await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [this.#db.lockKey(`compact:${mapId}`)]);
      await client.query(`INSERT INTO ${t('documents')} (map_id) VALUES ($1) ON CONFLICT (map_id) DO NOTHING`, [mapId]);
      // The committed head: every row numbered up to it is committed too (appends commit in
      // order). Rows of appends still running are numbered after it and are kept.
      const head = await headOf(client, t, mapId);
      const covers = Math.max(0, Math.min(upTo, head));
      const stored = await client.query<{ covers_seq: string }>(`SELECT covers_seq FROM ${t('snapshots')} WHERE map_id = $1`, [mapId]);
      const storedCovers = stored.rows.length > 0 ? Number(stored.rows[0]!.covers_seq) : -1;
      if (covers < storedCovers) {
        // Another instance's snapshot already holds more than `state` is known to: replacing it
        // could drop rows it folded in. Keep `state` as an update instead (idempotent).
        const last = await this.#insert(mapId, pieces, client);
        return { replaced: false as const, snapshotSeq: storedCovers, appendedFrom: last - pieces.length + 1 };
      }
      await client.query(`DELETE FROM ${t('snapshot_pieces')} WHERE map_id = $1`, [mapId]);
      for (let start = 0; start < pieces.length; start += ROWS_PER_INSERT) {
        const chunk = pieces.slice(start, start + ROWS_PER_INSERT);
        const values = chunk.map((_, i) => `($1, ${start + i}, $${i + 2}::bytea)`).join(', ');
        await client.query(`INSERT INTO ${t('snapshot_pieces')} (map_id, piece, data) VALUES ${values}`, [mapId, ...chunk.map(toBuffer)]);
      }
      const snapshotBytes = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
      await client.query(
        `INSERT INTO ${t('snapshots')} (map_id, covers_seq, pieces, bytes) VALUES ($1, $2, $3, $4)
         ON CONFLICT (map_id) DO UPDATE
           SET covers_seq = EXCLUDED.covers_seq, pieces = EXCLUDED.pieces, bytes = EXCLUDED.bytes, stored_at = now()`,
        [mapId, covers, pieces.length, snapshotBytes],
      );
      await client.query(`DELETE FROM ${t('updates')} WHERE map_id = $1 AND seq <= $2`, [mapId, covers]);
      const left = await client.query<{ bytes: string; through: string }>(
        `SELECT coalesce(sum(octet_length(data)), 0) AS bytes, coalesce(max(seq), 0) AS through FROM ${t('updates')} WHERE map_id = $1`,
        [mapId],
      );
      return {
        replaced: true as const,
        snapshotSeq: covers,
        snapshotBytes,
        logBytes: Number(left.rows[0]!.bytes),
        countedThrough: Math.max(covers, Number(left.rows[0]!.through)),
      };
    });
  }

  stats(mapId: string): StoreStats {
    const state = this.#maps.get(mapId);
    return { logBytes: state?.logBytes ?? 0, snapshotBytes: state?.snapshotBytes ?? 0 };
  }

  async remove(mapId: string): Promise<void> {
    this.#check(mapId);
    await this.#settle(mapId);
    const t = this.#t;
    await this.#db.run(() =>
      this.#db.transaction(async (client) => {
        // Not while a compaction of the map runs: it would write the snapshot back.
        await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [this.#db.lockKey(`compact:${mapId}`)]);
        for (const table of ['updates', 'snapshot_pieces', 'snapshots', 'versions', 'documents']) {
          await client.query(`DELETE FROM ${t(table)} WHERE map_id = $1`, [mapId]);
        }
      }),
    );
    this.#maps.delete(mapId);
  }

  async saveVersion(mapId: string, versionId: string, state: Uint8Array): Promise<void> {
    this.#checkVersion(mapId, versionId);
    await this.#db.run(() =>
      this.#db.pool.query(
        `INSERT INTO ${this.#db.table('versions')} (map_id, version_id, data) VALUES ($1, $2, $3)
         ON CONFLICT (map_id, version_id) DO UPDATE SET data = EXCLUDED.data, stored_at = now()`,
        [mapId, versionId, toBuffer(state)],
      ),
    );
  }

  async loadVersion(mapId: string, versionId: string): Promise<Uint8Array | undefined> {
    this.#checkVersion(mapId, versionId);
    const { rows } = await this.#db.run(() =>
      this.#db.pool.query<{ data: Buffer }>(`SELECT data FROM ${this.#db.table('versions')} WHERE map_id = $1 AND version_id = $2`, [
        mapId,
        versionId,
      ]),
    );
    return rows[0] && view(rows[0].data);
  }

  async removeVersion(mapId: string, versionId: string): Promise<void> {
    this.#checkVersion(mapId, versionId);
    await this.#db.run(() =>
      this.#db.pool.query(`DELETE FROM ${this.#db.table('versions')} WHERE map_id = $1 AND version_id = $2`, [mapId, versionId]),
    );
  }

  async mapIds(): Promise<string[]> {
    if (this.#closed) throw new StorageError(StorageErrorReason.Closed, 'The store is closed.');
    const { rows } = await this.#db.run(() =>
      this.#db.pool.query<{ map_id: string }>(
        `SELECT map_id FROM ${this.#db.table('documents')} UNION SELECT map_id FROM ${this.#db.table('versions')} ORDER BY 1`,
      ),
    );
    return rows.map((row) => row.map_id);
  }

  async release(mapId: string): Promise<void> {
    await this.#settle(mapId);
    const state = this.#maps.get(mapId);
    if (state && state.queue.length === 0 && !state.writing) this.#maps.delete(mapId);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await Promise.all([...this.#maps.keys()].map((id) => this.#settle(id)));
    this.#closed = true;
    this.#maps.clear();
    await this.#db.release();
  }

  /** Waits for this instance's appends and compaction of the map to finish. */
  async #settle(mapId: string): Promise<void> {
    const state = this.#maps.get(mapId);
    if (!state) return;
    while (state.writing) await state.writing;
    await state.compacting;
  }

  #state(mapId: string): MapState {
    let state = this.#maps.get(mapId);
    if (!state) {
      state = { covered: 0, countedThrough: 0, logBytes: 0, snapshotBytes: 0, queue: [], writing: null, compacting: Promise.resolve() };
      this.#maps.set(mapId, state);
    }
    return state;
  }

  #check(mapId: string): void {
    if (this.#closed) throw new StorageError(StorageErrorReason.Closed, 'The store is closed.');
    if (!isValidDocumentId(mapId)) {
      throw new StorageError(StorageErrorReason.InvalidMapId, `"${String(mapId).slice(0, 80)}" is not a valid map id.`);
    }
  }

  #checkVersion(mapId: string, versionId: string): void {
    this.#check(mapId);
    if (!isValidVersionId(versionId)) {
      throw new StorageError(StorageErrorReason.InvalidVersionId, `"${String(versionId).slice(0, 80)}" is not a valid version id.`);
    }
  }
}

/**
 * Numbers and inserts rows in one statement: raising the map's head takes its row lock until
 * the statement's transaction commits, so appends to one map commit in the order of their
 * numbers, and a head that can be read means every row up to it can be read. With a channel,
 * the same statement notifies `{"map": id, "seq": last}` on it, which PostgreSQL delivers to
 * listeners exactly when the rows are committed.
 */
async function insertRows(
  db: Queryable,
  t: (name: string) => string,
  mapId: string,
  rows: readonly Uint8Array[],
  channel: string | undefined,
): Promise<number> {
  const params: unknown[] = [mapId, rows.length];
  const notify = channel === undefined ? '' : `, pg_notify($${params.push(channel)}, json_build_object('map', $1::text, 'seq', max(seq))::text)`;
  const values = rows.map((row, i) => `(${i + 1}, $${params.push(toBuffer(row))}::bytea)`).join(', ');
  const result = await db.query<{ last: string }>(
    `WITH head AS (
       INSERT INTO ${t('documents')} AS d (map_id, head_seq) VALUES ($1, $2::bigint)
       ON CONFLICT (map_id) DO UPDATE SET head_seq = d.head_seq + EXCLUDED.head_seq
       RETURNING d.head_seq
     ), stored AS (
       INSERT INTO ${t('updates')} (map_id, seq, data)
       SELECT $1, head.head_seq - $2::bigint + v.n, v.data FROM head, (VALUES ${values}) AS v (n, data)
       RETURNING seq
     )
     SELECT max(seq) AS last${notify} FROM stored`,
    params,
  );
  return Number(result.rows[0]!.last);
}

async function headOf(client: pg.PoolClient, t: (name: string) => string, mapId: string): Promise<number> {
  const { rows } = await client.query<{ head_seq: string }>(`SELECT head_seq FROM ${t('documents')} WHERE map_id = $1`, [mapId]);
  return Number(rows[0]?.head_seq ?? 0);
}

async function piecesOf(client: pg.PoolClient, t: (name: string) => string, mapId: string): Promise<Uint8Array[]> {
  const { rows } = await client.query<{ data: Buffer }>(`SELECT data FROM ${t('snapshot_pieces')} WHERE map_id = $1 ORDER BY piece`, [mapId]);
  return rows.map((row) => view(row.data));
}

/** Bytes as read, as a plain Uint8Array (as the other stores give them), without a copy. */
function view(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** node-postgres sends Buffers as binary parameters; a view over the same bytes, not a copy. */
function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
