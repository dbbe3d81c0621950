import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { runCatalogueTests, runDocumentStoreTests } from '@qms/storage/conformance';
import { PostgresCatalogue, PostgresDocumentStore, openPostgresStorage } from '../src/index.js';
import { TestPostgres, postgresForTests } from '../src/testing/services.js';

const binaries = postgresForTests();

/** Every table the schema has (migrations.ts). */
const TABLES = ['maps', 'flags', 'documents', 'updates', 'snapshots', 'snapshot_pieces', 'versions'];

describe.skipIf(!binaries)('PostgreSQL', () => {
  let cluster: TestPostgres;
  let admin: pg.Client;
  const options = { connectionString: '', schema: 'conformance' };

  beforeAll(async () => {
    // The suite checks what the store does, not PostgreSQL's durability (restart.test.ts does,
    // with the durable defaults): commits here return before the log reaches the disk.
    cluster = await TestPostgres.start(binaries!, { settings: { synchronous_commit: 'off' } });
    options.connectionString = cluster.url(); // the cluster is this file's own
    const storage = await openPostgresStorage(options); // creates the schema
    await Promise.all([storage.catalogue.close(), storage.documents.close()]);
    admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await cluster?.destroy();
  });

  /** Each case starts from empty tables (the stores of the case before are closed by then). */
  async function empty(): Promise<void> {
    await admin.query(TABLES.map((table) => `DELETE FROM "${options.schema}".${table};`).join('\n'));
  }

  runDocumentStoreTests('PostgresDocumentStore', async () => {
    await empty();
    return {
      open: () => PostgresDocumentStore.open(options),
      shared: () => PostgresDocumentStore.open(options),
      cleanup: async () => undefined,
    };
  });

  runCatalogueTests('PostgresCatalogue', async () => {
    await empty();
    return {
      open: () => PostgresCatalogue.open(options),
      shared: () => PostgresCatalogue.open(options),
      cleanup: async () => undefined,
    };
  });
});
