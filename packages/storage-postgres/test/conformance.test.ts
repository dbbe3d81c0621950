import { afterAll, beforeAll, describe } from 'vitest';
import { runCatalogueTests, runDocumentStoreTests } from '@qms/storage/conformance';
import { PostgresCatalogue, PostgresDocumentStore } from '../src/index.js';
import { TestPostgres, postgresForTests } from '../src/testing/services.js';

const binaries = postgresForTests();

describe.skipIf(!binaries)('PostgreSQL', () => {
  let cluster: TestPostgres;
  let url: string;
  let schemas = 0;

  beforeAll(async () => {
    cluster = await TestPostgres.start(binaries!);
    url = cluster.url(); // the cluster is this file's own: its `postgres` database will do
  });
  afterAll(() => cluster?.destroy());

  // Each case gets a schema of its own in one database: what `open` and `shared` open shares it.
  runDocumentStoreTests('PostgresDocumentStore', async () => {
    const options = { connectionString: url, schema: `case_${++schemas}` };
    return {
      open: () => PostgresDocumentStore.open(options),
      shared: () => PostgresDocumentStore.open(options),
      cleanup: async () => undefined,
    };
  });

  runCatalogueTests('PostgresCatalogue', async () => {
    const options = { connectionString: url, schema: `catalogue_${++schemas}` };
    return {
      open: () => PostgresCatalogue.open(options),
      shared: () => PostgresCatalogue.open(options),
      cleanup: async () => undefined,
    };
  });
});
