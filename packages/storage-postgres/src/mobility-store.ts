import { isWorkspace, type MobilityStore } from '@qms/storage';
import type { MobilityWorkspace } from '@qms/protocol';
import { Database, type PostgresOptions } from './database.js';

/**
 * The maps' mobility workspaces (learners: personal data) in the `mobility_workspaces` table, one
 * row per map, apart from the maps' documents and catalogue.
 *
 * An UPDATE or DELETE in PostgreSQL leaves the old row in the table's file as a dead tuple until
 * a vacuum, and a plain VACUUM only marks its space reusable. So after an erasure (`erased`) or a
 * removal the table is rewritten with `VACUUM FULL`: new files hold only the live rows, the old
 * ones are truncated at once (and unlinked at the next checkpoint), and a `CHECKPOINT` is asked
 * for (it needs the pg_checkpoint role or a superuser; without it the server's own checkpoint
 * follows within `checkpoint_timeout`). What this cannot reach: the write-ahead log keeps the old
 * row until its segments are recycled and overwritten, and WAL archives or base backups an
 * operator keeps hold it as long as they are kept. Those are the database operator's to purge.
 */
export class PostgresMobilityStore implements MobilityStore {
  readonly #db: Database;
  #closed = false;

  constructor(db: Database) {
    this.#db = db;
    db.acquire();
  }

  /** Opens a store with a pool of its own (ended by `close`). */
  static async open(options: PostgresOptions): Promise<PostgresMobilityStore> {
    const db = await Database.open(options);
    const store = new PostgresMobilityStore(db);
    await db.release();
    return store;
  }

  async read(mapId: string): Promise<MobilityWorkspace | null> {
    const { rows } = await this.#db.run(() => this.#db.pool.query<{ data: unknown }>(`SELECT data FROM ${this.#db.table('mobility_workspaces')} WHERE map_id = $1`, [mapId]));
    const data = rows[0]?.data;
    return data !== undefined && isWorkspace(data) ? data : null;
  }

  async write(mapId: string, workspace: MobilityWorkspace, options: { erased?: readonly string[] } = {}): Promise<void> {
    await this.#db.run(() =>
      this.#db.pool.query(
        `INSERT INTO ${this.#db.table('mobility_workspaces')} (map_id, data, updated_at) VALUES ($1, $2::jsonb, now())
         ON CONFLICT (map_id) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
        [mapId, JSON.stringify(workspace)],
      ),
    );
    if (options.erased && options.erased.length > 0) await this.#purge();
  }

  async remove(mapId: string): Promise<void> {
    const { rowCount } = await this.#db.run(() => this.#db.pool.query(`DELETE FROM ${this.#db.table('mobility_workspaces')} WHERE map_id = $1`, [mapId]));
    if (rowCount) await this.#purge();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.release();
  }

  /** Rewrites the table (and its TOAST table) without its dead rows, then asks for a checkpoint. */
  async #purge(): Promise<void> {
    await this.#db.run(() => this.#db.pool.query(`VACUUM (FULL) ${this.#db.table('mobility_workspaces')}`));
    await this.#db.pool.query('CHECKPOINT').catch(() => undefined); // not allowed to everyone: see above
  }
}
