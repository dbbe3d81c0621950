import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openEmbeddedStorage, storageProblems, type Storage } from '../src/index.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qms-embedded-'));
  dirs.push(dir);
  return dir;
}

describe('the embedded storage', () => {
  it('is ready while its data folder is writable, and says so when it is not', async () => {
    const dataDir = join(await tempDir(), 'data');
    const storage = await openEmbeddedStorage(dataDir);
    expect(await storage.problems()).toEqual([]);
    await rm(dataDir, { recursive: true, force: true });
    expect(await storage.problems()).toEqual(['the data folder is not writable']);
    await storage.documents.close();
  });

  it('copies the maps and the catalogue into a backup folder', async () => {
    const dataDir = await tempDir();
    const storage = await openEmbeddedStorage(dataDir);
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    await storage.documents.append('m1', [Y.encodeStateAsUpdate(doc)]);
    await storage.documents.flush('m1');
    await storage.catalogue.put({ id: 'm1', title: 'One', createdAt: 1, updatedAt: 1 });
    const target = join(await tempDir(), 'backup');
    const copied = await storage.backup(target);
    expect(copied.files).toBeGreaterThan(0);
    expect((await readdir(target)).sort()).toEqual(['catalogue.json', 'maps']);
    expect(JSON.parse(await readFile(join(target, 'catalogue.json'), 'utf8')).maps.m1.title).toBe('One');
    await storage.documents.close();
  });
});

describe('a storage without readiness of its own', () => {
  it('is taken as ready', async () => {
    const storage = { catalogue: {}, documents: {} } as unknown as Storage;
    expect(await storageProblems(storage)).toEqual([]);
  });
});
