import { appendFile, mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FileDocumentStore, LowdbCatalogue, type Recovery } from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qms-damage-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function edits(count: number) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < count; i++) doc.getMap('m').set(`k${i}`, i);
  return { doc, updates };
}

const keysOf = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return Object.keys(doc.getMap('m').toJSON()).sort();
};

async function storeWith(count: number) {
  const maps = join(dir, 'maps');
  const store = new FileDocumentStore(maps);
  const { doc, updates } = edits(count);
  await store.append('m', updates);
  await store.close();
  return { maps, doc, updates, mapDir: join(maps, 'm') };
}

describe('FileDocumentStore with damaged files', () => {
  it('drops a record torn by a crash at the end of the log, and keeps appending after it', async () => {
    const { maps, mapDir } = await storeWith(3);
    const log = join(mapDir, 'log.1.bin');
    const size = (await readFile(log)).byteLength;
    await truncate(log, size - 3); // the last record lost its final bytes
    const recoveries: Recovery[] = [];
    const store = new FileDocumentStore(maps, { onRecovery: (_id, r) => recoveries.push(r) });
    const loaded = await store.load('m');
    expect(keysOf(loaded.updates)).toEqual(['k0', 'k1']);
    expect(loaded.recoveries).toHaveLength(1);
    expect(recoveries[0]!.action).toMatch(/torn record/);
    // Appending after the repair must be readable: the torn bytes are gone.
    const more = new Y.Doc();
    const extra: Uint8Array[] = [];
    more.on('update', (u: Uint8Array) => extra.push(u));
    more.getMap('m').set('k9', 9);
    await store.append('m', extra);
    await store.close();
    const reopened = new FileDocumentStore(maps);
    const again = await reopened.load('m');
    expect(keysOf(again.updates)).toEqual(['k0', 'k1', 'k9']);
    expect(again.recoveries).toEqual([]);
    await reopened.close();
  });

  it('repairs a torn tail even when the map is appended to without loading first', async () => {
    const { maps, mapDir, doc } = await storeWith(2);
    await appendFile(join(mapDir, 'log.1.bin'), Buffer.from([9, 0, 0])); // half a record header
    const store = new FileDocumentStore(maps);
    const extra: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => extra.push(u));
    doc.getMap('m').set('k2', 2);
    await store.append('m', extra);
    expect(keysOf((await store.load('m')).updates)).toEqual(['k0', 'k1', 'k2']);
    await store.close();
  });

  it('keeps the records before and after a damaged one in the middle of a log and copies the file aside', async () => {
    const { maps, mapDir } = await storeWith(4);
    const log = join(mapDir, 'log.1.bin');
    const bytes = await readFile(log);
    bytes[8 + 8 + 2]! ^= 0xff; // flip a byte inside the first record’s payload
    await writeFile(log, bytes);
    const store = new FileDocumentStore(maps);
    const loaded = await store.load('m');
    expect(loaded.updates).toHaveLength(3); // the three intact records after it (file-store.resync.test.ts)
    expect(loaded.recoveries[0]!.action).toMatch(/damaged record at byte 8/);
    expect((await readdir(mapDir)).some((name) => name.startsWith('log.1.bin.damaged-'))).toBe(true);
    await store.close();
  });

  it('falls back to the previous snapshot and the logs after it when the newest snapshot is damaged', async () => {
    const maps = join(dir, 'maps');
    const store = new FileDocumentStore(maps);
    const { doc, updates } = edits(30);
    await store.append('m', updates.slice(0, 10));
    await store.compact('m', Y.encodeStateAsUpdate(doc)); // a state ahead of the log is allowed
    await store.append('m', updates.slice(10, 20));
    await store.compact('m', Y.encodeStateAsUpdate(doc));
    await store.append('m', updates.slice(20));
    await store.close();
    const mapDir = join(maps, 'm');
    expect((await readdir(mapDir)).sort()).toEqual(['log.2.bin', 'log.3.bin', 'snapshot.1.bin', 'snapshot.2.bin']);
    await writeFile(join(mapDir, 'snapshot.2.bin'), 'garbage that is not a snapshot');
    const reopened = new FileDocumentStore(maps);
    const loaded = await reopened.load('m');
    expect(keysOf(loaded.updates)).toHaveLength(30);
    expect(loaded.recoveries.map((r) => r.file)).toEqual(['snapshot.2.bin']);
    expect((await readdir(mapDir)).some((name) => name.startsWith('snapshot.2.bin.damaged-'))).toBe(true);
    await reopened.close();
  });

  it('reads a truncated snapshot as damaged, not as an empty map', async () => {
    const maps = join(dir, 'maps');
    const store = new FileDocumentStore(maps);
    const { doc, updates } = edits(5);
    await store.append('m', updates);
    await store.compact('m', Y.encodeStateAsUpdate(doc));
    await store.close();
    const snapshot = join(maps, 'm', 'snapshot.1.bin');
    await truncate(snapshot, (await readFile(snapshot)).byteLength - 1);
    const reopened = new FileDocumentStore(maps);
    const loaded = await reopened.load('m');
    // The only snapshot is damaged; its log is still there because the previous snapshot's logs are kept.
    expect(keysOf(loaded.updates)).toHaveLength(5);
    expect(loaded.recoveries[0]!.file).toBe('snapshot.1.bin');
    await reopened.close();
  });
});

describe('LowdbCatalogue with a damaged file', () => {
  it('sets a garbage catalogue aside, starts empty and says so', async () => {
    const path = join(dir, 'catalogue.json');
    await writeFile(path, '{"version":1,"maps":{"a":');
    const damaged: string[] = [];
    const catalogue = await LowdbCatalogue.open(path, { onDamaged: (aside) => damaged.push(aside) });
    expect(catalogue.damaged).toBe(true);
    expect(await catalogue.list()).toEqual([]);
    expect(damaged[0]).toMatch(/catalogue\.json\.damaged-/);
    expect(await readFile(damaged[0]!, 'utf8')).toBe('{"version":1,"maps":{"a":');
  });

  it('treats JSON of the wrong shape as damaged too', async () => {
    const path = join(dir, 'catalogue.json');
    await writeFile(path, '[1,2,3]');
    const catalogue = await LowdbCatalogue.open(path);
    expect(catalogue.damaged).toBe(true);
    await catalogue.put({ id: 'a', title: 'A', createdAt: 1, updatedAt: 1 });
    expect(JSON.parse(await readFile(path, 'utf8')).maps.a.title).toBe('A');
  });
});

describe('versions on disk', () => {
  it('keeps each version in versions/<id>.bin, framed and checked like a snapshot', async () => {
    const maps = join(dir, 'maps');
    const recoveries: Recovery[] = [];
    const store = new FileDocumentStore(maps, { onRecovery: (_id, recovery) => recoveries.push(recovery) });
    const { doc } = edits(3);
    await store.saveVersion('m', 'v1', Y.encodeStateAsUpdate(doc));
    expect(await readdir(join(maps, 'm', 'versions'))).toEqual(['v1.bin']);
    // A flipped bit in the middle: refused loudly (set aside, reported), never fed to Yjs.
    const path = join(maps, 'm', 'versions', 'v1.bin');
    const bytes = await readFile(path);
    bytes[bytes.length - 3]! ^= 0xff;
    await writeFile(path, bytes);
    expect(await store.loadVersion('m', 'v1')).toBeUndefined();
    expect(recoveries.map((r) => r.file)).toEqual(['versions/v1.bin']);
    expect((await readdir(join(maps, 'm', 'versions'))).some((name) => name.startsWith('v1.bin.damaged-'))).toBe(true);
    await store.close();
  });
});

describe('backups', () => {
  it('copies versions with their maps', async () => {
    const maps = join(dir, 'maps');
    const store = new FileDocumentStore(maps);
    const { doc, updates } = edits(5);
    await store.append('a', updates);
    await store.saveVersion('a', 'workshop-1', Y.encodeStateAsUpdate(doc));
    await store.backup(join(dir, 'backup'));
    const restored = new FileDocumentStore(join(dir, 'backup'));
    expect(keysOf([(await restored.loadVersion('a', 'workshop-1'))!])).toHaveLength(5);
    await restored.close();
    await store.close();
  });

  it('copies every map while appends go on, and the copy loads to what was written before it', async () => {
    const maps = join(dir, 'maps');
    const store = new FileDocumentStore(maps);
    const { doc, updates } = edits(40);
    await store.append('a', updates.slice(0, 20));
    await store.compact('a', Y.encodeStateAsUpdate(doc));
    await store.append('a', updates.slice(20));
    await store.append('b.review', updates.slice(0, 3));
    const backup = store.backup(join(dir, 'backup'));
    const during = store.append('a', edits(1).updates); // appends are not held up
    const compaction = store.compact('a', Y.encodeStateAsUpdate(doc)); // waits for the copy
    const { files } = await backup;
    await Promise.all([during, compaction]);
    expect(files).toBeGreaterThanOrEqual(3);
    const restored = new FileDocumentStore(join(dir, 'backup'));
    expect(keysOf((await restored.load('a')).updates)).toHaveLength(40);
    expect(keysOf((await restored.load('b.review')).updates)).toEqual(['k0', 'k1', 'k2']);
    await restored.close();
    await store.close();
  });
});
