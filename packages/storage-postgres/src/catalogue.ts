import { StorageError, StorageErrorReason, type Catalogue, type MapRecord } from '@qms/storage';
import { Database, type PostgresOptions } from './database.js';

interface MapRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  access: MapRecord['access'] | null;
  versions: MapRecord['versions'] | null;
  review_links: MapRecord['reviewLinks'] | null;
  publication: MapRecord['publication'] | null;
}

/** Each field of a record, its column, and how its value is given to SQL. */
const COLUMNS = {
  title: { column: 'title', cast: 'text', toSql: (value: unknown) => value },
  createdAt: { column: 'created_at', cast: 'bigint', toSql: (value: unknown) => value },
  updatedAt: { column: 'updated_at', cast: 'bigint', toSql: (value: unknown) => value },
  access: { column: 'access', cast: 'jsonb', toSql: (value: unknown) => (value === undefined ? null : JSON.stringify(value)) },
  versions: { column: 'versions', cast: 'jsonb', toSql: (value: unknown) => (value === undefined ? null : JSON.stringify(value)) },
  reviewLinks: { column: 'review_links', cast: 'jsonb', toSql: (value: unknown) => (value === undefined ? null : JSON.stringify(value)) },
  publication: { column: 'publication', cast: 'jsonb', toSql: (value: unknown) => (value === undefined ? null : JSON.stringify(value)) },
} as const satisfies Record<keyof Omit<MapRecord, 'id'>, { column: string; cast: string; toSql: (value: unknown) => unknown }>;

/**
 * The catalogue in the `maps` and `flags` tables. Every call is one statement, so two instances
 * never lose each other's changes: `update` sets only the fields it is given, in place, and
 * two updates of one map's different fields both stay. (A caller that reads a record, changes
 * a list in it and writes the list back still races another instance doing the same.)
 * Records come from the database on each call: callers always get fresh copies.
 */
export class PostgresCatalogue implements Catalogue {
  readonly #db: Database;
  #closed = false;

  constructor(db: Database) {
    this.#db = db;
    db.acquire();
  }

  /** Opens a catalogue with a pool of its own (ended by `close`). */
  static async open(options: PostgresOptions): Promise<PostgresCatalogue> {
    const db = await Database.open(options);
    const catalogue = new PostgresCatalogue(db);
    await db.release();
    return catalogue;
  }

  /** Why the database cannot be used now (empty when it can): for the server's `/readyz`. */
  problems(): Promise<string[]> {
    return this.#db.problems();
  }

  async list(): Promise<MapRecord[]> {
    const { rows } = await this.#query<MapRow>(`SELECT * FROM ${this.#db.table('maps')} ORDER BY updated_at DESC, id`);
    return rows.map(toRecord);
  }

  async get(id: string): Promise<MapRecord | undefined> {
    const { rows } = await this.#query<MapRow>(`SELECT * FROM ${this.#db.table('maps')} WHERE id = $1`, [id]);
    return rows[0] && toRecord(rows[0]);
  }

  async put(record: MapRecord): Promise<void> {
    await this.#query(
      `INSERT INTO ${this.#db.table('maps')} (id, title, created_at, updated_at, access, versions, review_links, publication)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8::jsonb)
       ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, created_at = EXCLUDED.created_at,
         updated_at = EXCLUDED.updated_at, access = EXCLUDED.access, versions = EXCLUDED.versions,
         review_links = EXCLUDED.review_links, publication = EXCLUDED.publication`,
      [
        record.id,
        record.title,
        record.createdAt,
        record.updatedAt,
        COLUMNS.access.toSql(record.access),
        COLUMNS.versions.toSql(record.versions),
        COLUMNS.reviewLinks.toSql(record.reviewLinks),
        COLUMNS.publication.toSql(record.publication),
      ],
    );
  }

  async update(id: string, patch: Partial<Omit<MapRecord, 'id'>>): Promise<MapRecord | undefined> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    for (const [field, spec] of Object.entries(COLUMNS)) {
      if (!Object.hasOwn(patch, field)) continue;
      values.push(spec.toSql(patch[field as keyof typeof COLUMNS]));
      sets.push(`${spec.column} = $${values.length}::${spec.cast}`);
    }
    const table = this.#db.table('maps');
    const { rows } = await this.#query<MapRow>(
      sets.length > 0 ? `UPDATE ${table} SET ${sets.join(', ')} WHERE id = $1 RETURNING *` : `SELECT * FROM ${table} WHERE id = $1`,
      values,
    );
    return rows[0] && toRecord(rows[0]);
  }

  async delete(id: string): Promise<boolean> {
    const { rowCount } = await this.#query(`DELETE FROM ${this.#db.table('maps')} WHERE id = $1`, [id]);
    return (rowCount ?? 0) > 0;
  }

  async getFlag(name: string): Promise<boolean> {
    const { rows } = await this.#query<{ value: boolean }>(`SELECT value FROM ${this.#db.table('flags')} WHERE name = $1`, [name]);
    return rows[0]?.value === true;
  }

  async setFlag(name: string, value: boolean): Promise<void> {
    await this.#query(
      `INSERT INTO ${this.#db.table('flags')} (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
      [name, value],
    );
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.release();
  }

  #query<R extends object = Record<string, unknown>>(sql: string, values: unknown[] = []) {
    if (this.#closed) return Promise.reject(new StorageError(StorageErrorReason.Closed, 'The catalogue is closed.'));
    return this.#db.run(() => this.#db.pool.query<R>(sql, values));
  }
}

function toRecord(row: MapRow): MapRecord {
  const record: MapRecord = { id: row.id, title: row.title, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) };
  if (row.access !== null) record.access = row.access;
  if (row.versions !== null) record.versions = row.versions;
  if (row.review_links !== null && row.review_links !== undefined) record.reviewLinks = row.review_links;
  if (row.publication !== null && row.publication !== undefined) record.publication = row.publication;
  return record;
}
