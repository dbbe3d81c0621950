import { PostgresCatalogue } from './catalogue.js';
import { Database, type PostgresOptions } from './database.js';
import { PostgresDocumentStore } from './document-store.js';
import { PostgresMobilityStore } from './mobility-store.js';

export interface PostgresStorage {
  catalogue: PostgresCatalogue;
  documents: PostgresDocumentStore;
  mobilities: PostgresMobilityStore;
  /** Why the database cannot be used now (empty when it can): for the server's `/readyz`. */
  problems(): Promise<string[]>;
}

/**
 * The storage of an instance that keeps its maps in PostgreSQL (the server's `DATABASE_URL`):
 * creates or migrates the schema, then the catalogue and the document store over one pool of
 * connections, which is ended when both are closed.
 */
export async function openPostgresStorage(options: PostgresOptions): Promise<PostgresStorage> {
  const db = await Database.open(options);
  const storage = { catalogue: new PostgresCatalogue(db), documents: new PostgresDocumentStore(db), mobilities: new PostgresMobilityStore(db), problems: () => db.problems() };
  await db.release(); // the catalogue and the store hold it now
  return storage;
}
