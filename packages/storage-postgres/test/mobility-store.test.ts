import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MobilityWorkspace } from '@qms/protocol';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresMobilityStore, openPostgresStorage } from '../src/index.js';
import { TestPostgres, postgresForTests } from '../src/testing/services.js';

const binaries = postgresForTests();

const NAME = 'Gulnora Yusupova-Erkinovna';

function workspace(learners: string[]): MobilityWorkspace {
  return {
    version: 1,
    mobilities: [
      {
        id: 'm1',
        title: 'Spring',
        home: 'inst-home',
        host: { name: 'Riga Beauty School', country: 'LV' },
        start: '2027-03-01',
        end: '2027-03-28',
        units: ['u1'],
        draft: false,
        createdAt: 1,
        updatedAt: 2,
        learners: learners.map((name, i) => ({ id: `l${i}`, name, results: [], createdAt: 3 })),
      },
    ],
  };
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else out.push(path);
  }
  return out;
}

/** The cluster's table files (`data/base`) holding `text`. */
async function tableFilesHolding(cluster: TestPostgres, text: string): Promise<string[]> {
  const needle = Buffer.from(text, 'utf8');
  const found: string[] = [];
  for (const path of await files(join(cluster.dir, 'data', 'base'))) {
    const bytes = await readFile(path).catch(() => null);
    if (bytes?.includes(needle)) found.push(path);
  }
  return found;
}

describe.skipIf(!binaries)('mobility workspaces in PostgreSQL', () => {
  let cluster: TestPostgres;
  beforeAll(async () => {
    cluster = await TestPostgres.start(binaries!);
  });
  afterAll(() => cluster?.destroy());

  it('stores, replaces and removes a map’s workspace, and is opened with the storage', async () => {
    const storage = await openPostgresStorage({ connectionString: cluster.url(), schema: 'mobility_a' });
    try {
      expect(await storage.mobilities.read('map1')).toBeNull();
      await storage.mobilities.write('map1', workspace(['A', 'B']));
      expect((await storage.mobilities.read('map1'))!.mobilities[0]!.learners.map((l) => l.name)).toEqual(['A', 'B']);
      await storage.mobilities.write('map1', workspace(['B']));
      expect((await storage.mobilities.read('map1'))!.mobilities[0]!.learners.map((l) => l.name)).toEqual(['B']);
      expect(await storage.mobilities.read('map2')).toBeNull();
      await storage.mobilities.remove('map1');
      expect(await storage.mobilities.read('map1')).toBeNull();
    } finally {
      await storage.mobilities.close();
      await storage.documents.close();
      await storage.catalogue.close();
    }
  });

  it('leaves no byte of an erased learner in the table’s files (dead rows vacuumed away)', async () => {
    const store = await PostgresMobilityStore.open({ connectionString: cluster.url(), schema: 'mobility_b' });
    const client = new pg.Client({ connectionString: cluster.url() });
    await client.connect();
    try {
      await store.write('map1', workspace([NAME, 'Other Learner']));
      // A second version of the row: the first stays behind as a dead tuple.
      await store.write('map1', workspace([NAME, 'Other Learner', 'Third']));
      await client.query('CHECKPOINT');
      expect((await tableFilesHolding(cluster, NAME)).length).toBeGreaterThan(0);

      await store.write('map1', workspace(['Other Learner', 'Third']), { erased: [NAME] });
      expect(await tableFilesHolding(cluster, NAME)).toEqual([]);
      expect((await tableFilesHolding(cluster, 'Other Learner')).length).toBeGreaterThan(0);
      expect((await store.read('map1'))!.mobilities[0]!.learners.map((l) => l.name)).toEqual(['Other Learner', 'Third']);

      await store.remove('map1');
      await client.query('CHECKPOINT');
      expect(await tableFilesHolding(cluster, 'Other Learner')).toEqual([]);
    } finally {
      await client.end();
      await store.close();
    }
  });
});
