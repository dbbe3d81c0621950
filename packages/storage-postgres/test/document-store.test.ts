import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MIGRATIONS, PostgresDocumentStore, SchemaTooNewError, openPostgresStorage } from '../src/index.js';
import { TestPostgres, postgresForTests } from '../src/testing/services.js';

const binaries = postgresForTests();

/** `count` updates of one document, each building on the one before. */
function updates(count: number, prefix = ''): Uint8Array[] {
  const doc = new Y.Doc();
  const list: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => list.push(update));
  for (let i = 0; i < count; i++) doc.getText('t').insert(doc.getText('t').length, `${prefix}${i} `);
  return list;
}

function textOf(all: readonly Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of all) Y.applyUpdate(doc, update);
  return doc.getText('t').toString();
}

describe.skipIf(!binaries)('PostgresDocumentStore', () => {
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
    await Promise.all(opened.splice(0).map((store) => store.close()));
  });

  async function stores(count: number, schema = `s${++schemas}`): Promise<PostgresDocumentStore[]> {
    const list = await Promise.all(Array.from({ length: count }, () => PostgresDocumentStore.open({ connectionString: url, schema })));
    opened.push(...list);
    return list;
  }

  it('numbers each map’s updates 1, 2, 3… and hands out what came after a number', async () => {
    const [store] = await stores(1);
    const all = updates(6);
    expect(await store!.appendNumbered('m1', all.slice(0, 2))).toEqual({ seq: 2 });
    expect(await store!.appendNumbered('other', updates(1))).toEqual({ seq: 1 });
    expect(await store!.appendNumbered('m1', all.slice(2, 3))).toEqual({ seq: 3 });
    expect(await store!.appendNumbered('m1', [])).toEqual({ seq: 0 });
    const since = await store!.loadSince('m1', 1);
    expect(since.head).toBe(3);
    expect(since.snapshot).toBeUndefined();
    expect(since.updates.map((u) => u.seq)).toEqual([2, 3]);
    expect(since.updates.map((u) => [...u.update])).toEqual(all.slice(1, 3).map((u) => [...u]));
    expect((await store!.load('m1')).seq).toBe(3);
    expect((await store!.loadSince('never-written', 0)).head).toBe(0);

    // Once compacted, what came after a folded number arrives as the snapshot and the rows after it.
    await store!.compact('m1', Y.encodeStateAsUpdate(docOf(all.slice(0, 3))));
    await store!.appendNumbered('m1', all.slice(3));
    const after = await store!.loadSince('m1', 1);
    expect(after.head).toBe(6);
    expect(after.snapshot?.seq).toBe(3);
    expect(after.updates.map((u) => u.seq)).toEqual([4, 5, 6]);
    expect(textOf([...after.snapshot!.pieces, ...after.updates.map((u) => u.update)])).toBe(textOf(all));
    expect((await store!.loadSince('m1', 4)).snapshot).toBeUndefined();

    // A head below the number asked for: the map was removed meanwhile.
    await store!.remove('m1');
    expect((await store!.loadSince('m1', 6)).head).toBe(0);
  });

  it('keeps what a compaction up to a number did not cover, and stores an older state as an update', async () => {
    const [one, two] = await stores(2);
    const all = updates(10);
    await one!.append('m1', all.slice(0, 4));
    await two!.append('m1', all.slice(4, 8));
    // `one` has applied updates 1–6 only.
    await one!.compact('m1', Y.encodeStateAsUpdate(docOf(all.slice(0, 6))), { upToSeq: 6 });
    let loaded = await two!.load('m1');
    expect(loaded.snapshotPieces).toBe(1);
    expect(loaded.updates).toHaveLength(3); // the snapshot, 7 and 8
    expect(textOf(loaded.updates)).toBe(textOf(all.slice(0, 8)));
    // `two` compacts from a state that is behind the stored snapshot: it must not replace it.
    await two!.compact('m1', Y.encodeStateAsUpdate(docOf(all.slice(0, 5))), { upToSeq: 5 });
    loaded = await one!.load('m1');
    expect(loaded.updates).toHaveLength(4); // the snapshot, 7, 8 and the older state
    expect(loaded.seq).toBe(9);
    expect(textOf(loaded.updates)).toBe(textOf(all.slice(0, 8)));
    // A number beyond the head covers only what is stored.
    await one!.compact('m1', Y.encodeStateAsUpdate(docOf(all.slice(0, 8))), { upToSeq: 1_000 });
    await two!.append('m1', all.slice(8));
    loaded = await two!.load('m1');
    expect(loaded.updates).toHaveLength(3); // the snapshot (up to 9), 10 and 11
    expect(textOf(loaded.updates)).toBe(textOf(all));
  });

  it('never lets a reader see a number before the ones below it are readable', async () => {
    const writers = await stores(3, 'race');
    const [reader] = await stores(1, 'race');
    const seen: number[] = [];
    let last = 0;
    let writing = true;
    const reading = (async () => {
      while (writing || last < 3 * 60) {
        const since = await reader!.loadSince('m1', last);
        for (const { seq } of since.updates) {
          expect(seq).toBe(last + 1);
          last = seq;
          seen.push(seq);
        }
      }
    })();
    await Promise.all(
      writers.map(async (writer, w) => {
        const mine = updates(60, `w${w}.`);
        for (let i = 0; i < mine.length; i += 3) {
          await Promise.all([writer.append('m1', [mine[i]!]), writer.append('m1', [mine[i + 1]!]), writer.append('m1', [mine[i + 2]!])]);
        }
      }),
    );
    writing = false;
    await reading;
    expect(seen).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
  });

  it('writes a batch larger than one INSERT takes whole, in order', async () => {
    const [store] = await stores(1);
    const all = updates(1_200);
    expect(await store!.appendNumbered('m1', all)).toEqual({ seq: 1_200 });
    const loaded = await store!.load('m1');
    expect(loaded.updates).toHaveLength(1_200);
    expect(textOf(loaded.updates)).toBe(textOf(all));
    await store!.compact('m1', all);
    expect((await store!.load('m1')).snapshotPieces).toBe(1_200);
    expect(store!.stats('m1')).toEqual({ logBytes: 0, snapshotBytes: all.reduce((sum, u) => sum + u.byteLength, 0) });
  });

  it('counts the log this instance knows of, and what a compaction left', async () => {
    const [one, two] = await stores(2);
    const all = updates(4);
    await one!.append('m1', all.slice(0, 2));
    const first = all[0]!.byteLength + all[1]!.byteLength;
    expect(one!.stats('m1')).toEqual({ logBytes: first, snapshotBytes: 0 });
    await two!.append('m1', all.slice(2));
    expect(one!.stats('m1').logBytes).toBe(first); // not told of the other instance's appends
    await one!.compact('m1', Y.encodeStateAsUpdate(docOf(all.slice(0, 2))), { upToSeq: 2 });
    expect(one!.stats('m1').logBytes).toBe(all[2]!.byteLength + all[3]!.byteLength);
  });

  it('notifies each append’s map and last number on a channel when it is committed', async () => {
    const schema = `s${++schemas}`;
    const store = await PostgresDocumentStore.open({ connectionString: url, schema, notifyChannel: 'qms_appended' });
    opened.push(store);
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    try {
      const heard: unknown[] = [];
      listener.on('notification', (message) => heard.push(JSON.parse(message.payload!)));
      await listener.query('LISTEN qms_appended');
      const all = updates(4);
      await store.append('m1', all.slice(0, 3));
      await store.append('m1.review', all.slice(3));
      await expect.poll(() => heard).toEqual([
        { map: 'm1', seq: 3 },
        { map: 'm1.review', seq: 1 },
      ]);
      // What a listener does with it: read the rows after the last number it has.
      expect((await store.loadSince('m1', 1)).updates.map((u) => u.seq)).toEqual([2, 3]);
    } finally {
      await listener.end();
    }
  });

  it('migrates once when several instances start on a new database at once', async () => {
    const fresh = await cluster.createDatabase('fresh');
    expect(fresh).toBe(cluster.url('fresh'));
    const schema = 'qms'; // the default
    const started = await Promise.all(Array.from({ length: 4 }, () => openPostgresStorage({ connectionString: fresh })));
    for (const storage of started) opened.push(storage.catalogue, storage.documents);
    const client = new pg.Client({ connectionString: fresh });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT version FROM "${schema}".schema_migrations`);
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
      // A database that a newer server migrated is refused with a clear reason.
      await client.query(`INSERT INTO "${schema}".schema_migrations (version, name) VALUES (9999, 'from the future')`);
    } finally {
      await client.end();
    }
    await expect(PostgresDocumentStore.open({ connectionString: fresh })).rejects.toBeInstanceOf(SchemaTooNewError);
    expect(await started[0]!.problems()).toEqual([]);
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(PostgresDocumentStore.open({ connectionString: url, schema: 'x"; DROP TABLE y; --' })).rejects.toThrow(/schema name/);
  });
});

function docOf(all: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of all) Y.applyUpdate(doc, update);
  return doc;
}
