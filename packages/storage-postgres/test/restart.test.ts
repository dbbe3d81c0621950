import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { PostgresDocumentStore, isTransient, openPostgresStorage } from '../src/index.js';
import { TestPostgres, postgresForTests } from '../src/testing/services.js';

const binaries = postgresForTests();

/** A document whose every change is captured as the update a server would receive. */
function writer(name: string) {
  const doc = new Y.Doc();
  let next = 0;
  return {
    doc,
    change(): Uint8Array {
      let update: Uint8Array | undefined;
      const capture = (u: Uint8Array) => (update = u);
      doc.once('update', capture);
      doc.getMap('m').set(`${name}${next++}`, next);
      return update!;
    },
  };
}

function keysOf(all: readonly Uint8Array[]): string[] {
  const doc = new Y.Doc();
  for (const update of all) Y.applyUpdate(doc, update);
  return [...doc.getMap('m').keys()].sort();
}

// A cluster of its own: these tests crash and restart it. It keeps PostgreSQL's durable
// defaults (fsync and synchronous commit on), which is what the store's promises rest on.
describe.skipIf(!binaries)('PostgreSQL stopping and restarting under the store', () => {
  let cluster: TestPostgres;
  let url: string;
  let schemas = 0;
  const opened: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    cluster = await TestPostgres.start(binaries!);
    url = cluster.url(); // the cluster is this file's own: its `postgres` database will do
  });
  afterAll(() => cluster?.destroy());
  afterEach(async () => {
    if (!cluster.running) await cluster.start();
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  async function open(schema: string, retryMs?: number): Promise<PostgresDocumentStore> {
    const store = await PostgresDocumentStore.open({ connectionString: url, schema, ...(retryMs !== undefined && { retryMs }) });
    opened.push(store);
    return store;
  }

  it('keeps every append that resolved when PostgreSQL crashes', async () => {
    const schema = `s${++schemas}`;
    const store = await open(schema);
    const source = writer('a');
    const sent: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) {
      const update = source.change();
      sent.push(update);
      await store.append('m1', [update]);
    }
    await cluster.stop('immediate'); // no checkpoint: what survives is what the WAL holds
    await cluster.start();
    const fresh = await open(schema);
    expect(keysOf((await fresh.load('m1')).updates)).toEqual(keysOf(sent));
    // The store that was open during the crash reconnects by itself.
    const after = source.change();
    await store.append('m1', [after]);
    expect(keysOf((await fresh.load('m1')).updates)).toEqual(keysOf([...sent, after]));
  });

  it('makes writes wait while PostgreSQL restarts, and loses none of them', async () => {
    const schema = `s${++schemas}`;
    const storage = await openPostgresStorage({ connectionString: url, schema });
    opened.push(storage.documents, storage.catalogue);
    await storage.catalogue.put({ id: 'm1', title: 'Before', createdAt: 1, updatedAt: 1 });
    const writers = [writer('a'), writer('b')];
    const sent: Uint8Array[] = [];
    let restarted = false;
    let problemsWhileDown: string[] = [];
    const writing = writers.map(async (source) => {
      // Appends keep coming in while the database goes away and comes back.
      for (let i = 0; i < 40; i++) {
        const update = source.change();
        sent.push(update);
        await storage.documents.append('m1', [update]);
        if (restarted) return;
      }
    });
    const restarting = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await cluster.stop('immediate');
      problemsWhileDown = await storage.problems();
      const renaming = storage.catalogue.update('m1', { title: 'During' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await cluster.start();
      await renaming;
      restarted = true;
    })();
    await Promise.all([...writing, restarting]);
    expect(problemsWhileDown).toEqual([expect.stringMatching(/^database unreachable/)]);
    expect(await storage.problems()).toEqual([]);
    expect((await storage.catalogue.get('m1'))!.title).toBe('During');
    const fresh = await open(schema);
    const loaded = await fresh.load('m1');
    expect(keysOf(loaded.updates)).toEqual(keysOf(sent));
    // Numbers stay without gaps; a commit whose answer was cut off may be stored twice.
    const since = await fresh.loadSince('m1', 0);
    expect(since.updates.map((u) => u.seq)).toEqual(since.updates.map((_, i) => i + 1));
  });

  it('rejects writes (never crashes) once PostgreSQL stays away longer than the retry time', async () => {
    const schema = `s${++schemas}`;
    const store = await open(schema, 300);
    const source = writer('a');
    const kept = source.change();
    await store.append('m1', [kept]);
    await cluster.stop('immediate');
    const failed = await store.append('m1', [source.change()]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isTransient(failed)).toBe(true);
    expect(await store.problems()).toEqual([expect.stringMatching(/^database unreachable/)]);
    await cluster.start();
    expect(await store.problems()).toEqual([]);
    const later = source.change();
    await store.append('m1', [later]);
    const loaded = await store.load('m1');
    expect(loaded.updates).toHaveLength(2);
    expect(loaded.seq).toBe(2);
  });
});
