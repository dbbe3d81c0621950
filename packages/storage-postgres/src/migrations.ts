import type pg from 'pg';

/**
 * The schema, as numbered steps. A database records the steps it has had in
 * `schema_migrations`; at start an instance applies the ones missing, in order, in one
 * transaction under an advisory lock, so that instances starting together migrate once.
 * Add a step at the end; never edit one that has shipped.
 */
export interface Migration {
  version: number;
  name: string;
  /** The statements, given the function that names a table in the schema. */
  sql(table: (name: string) => string): string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'maps, flags, documents with their updates, snapshots and versions',
    sql: (t) => `
      -- The catalogue: one record per map (MapRecord), and the instance flags.
      CREATE TABLE ${t('maps')} (
        id text PRIMARY KEY,
        title text NOT NULL,
        created_at bigint NOT NULL,       -- milliseconds since the epoch
        updated_at bigint NOT NULL,
        access jsonb,                     -- per role, the SHA-256 of its link's token, or null
        versions jsonb                    -- VersionRecord[], oldest first
      );
      CREATE INDEX maps_by_updated_at ON ${t('maps')} (updated_at DESC);
      CREATE TABLE ${t('flags')} (
        name text PRIMARY KEY,
        value boolean NOT NULL
      );

      -- One row per document that has stored data; head_seq numbers its updates. An append
      -- raises it in the same statement that inserts the rows, so the row lock orders one
      -- document's appends (from any instance) and numbers them without gaps, in commit order.
      CREATE TABLE ${t('documents')} (
        map_id text PRIMARY KEY,
        head_seq bigint NOT NULL DEFAULT 0
      );
      -- The append-only log: each Yjs update as it was received.
      CREATE TABLE ${t('updates')} (
        map_id text NOT NULL,
        seq bigint NOT NULL,
        data bytea NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (map_id, seq)
      );
      -- The compacted state: it holds every update numbered up to covers_seq, whose rows were
      -- deleted in the transaction that wrote it. Stored in the pieces it was given.
      CREATE TABLE ${t('snapshots')} (
        map_id text PRIMARY KEY,
        covers_seq bigint NOT NULL,
        pieces integer NOT NULL,
        bytes bigint NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE ${t('snapshot_pieces')} (
        map_id text NOT NULL,
        piece integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (map_id, piece)
      );
      -- Saved versions: whole states, never touched by compaction.
      CREATE TABLE ${t('versions')} (
        map_id text NOT NULL,
        version_id text NOT NULL,
        data bytea NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (map_id, version_id)
      );
    `,
  },
  {
    version: 2,
    name: 'review links issued to partner institutions',
    sql: (t) => `
      -- ReviewLinkRecord[]: per link its id, the institution, the SHA-256 of its token, when made.
      ALTER TABLE ${t('maps')} ADD COLUMN review_links jsonb;
    `,
  },
  {
    version: 3,
    name: 'mobility workspaces (learners: personal data, apart from the maps)',
    sql: (t) => `
      CREATE TABLE ${t('mobility_workspaces')} (
        map_id text PRIMARY KEY,
        data jsonb NOT NULL,              -- MobilityWorkspace (@qms/protocol)
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    version: 4,
    name: 'publication of maps through the CASE provider',
    sql: (t) => `
      -- PublicationRecord: status (draft / adopted / deprecated), when it changed, the adoptions' versions.
      ALTER TABLE ${t('maps')} ADD COLUMN publication jsonb;
    `,
  },
];

/** Thrown when the database was migrated by a newer version of the server than this one. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `The database schema is at version ${found}, newer than this server knows (${known}): ` +
        'a newer server has used this database. Run that version (or newer) of the server.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/** Brings the schema up to date; runs inside the caller's transaction. */
export async function migrate(client: pg.PoolClient, schema: string, lockKey: string): Promise<number[]> {
  const t = (name: string) => `"${schema}".${name}`;
  // Held until the transaction ends: a second instance starting now waits here, then finds
  // the steps applied.
  await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockKey]);
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await client.query(`
    CREATE TABLE IF NOT EXISTS ${t('schema_migrations')} (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
  const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${t('schema_migrations')}`);
  const applied = new Set(rows.map((row) => row.version));
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  const newest = Math.max(0, ...applied);
  if (newest > latest) throw new SchemaTooNewError(newest, latest);
  const done: number[] = [];
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    await client.query(migration.sql(t));
    await client.query(`INSERT INTO ${t('schema_migrations')} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
    done.push(migration.version);
  }
  return done;
}
