import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MobilityWorkspace } from '@qms/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { FileMobilityStore, openEmbeddedStorage } from '../src/index.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qms-mobility-store-'));
  dirs.push(dir);
  return dir;
}

const workspace = (names: string[]): MobilityWorkspace => ({
  version: 1,
  mobilities: [
    {
      id: 'm1',
      title: 'Spring',
      home: 'h',
      host: { name: 'Riga Beauty School', country: 'LV' },
      start: '2027-03-01',
      end: '2027-03-28',
      units: ['u1'],
      draft: false,
      createdAt: 1,
      updatedAt: 1,
      learners: names.map((name, i) => ({ id: `l${i}`, name, results: [], createdAt: 1 })),
    },
  ],
});

describe('the mobility workspaces on disk', () => {
  it('writes each map’s workspace whole, leaving no temp file, and reads it back', async () => {
    const dir = await temp();
    const store = new FileMobilityStore(dir);
    expect(await store.read('map1')).toBeNull();
    await Promise.all([store.write('map1', workspace(['Ana'])), store.write('map1', workspace(['Ana', 'Ben'])), store.write('map2', workspace(['Cem']))]);
    expect((await store.read('map1'))!.mobilities[0]!.learners.map((l) => l.name)).toEqual(['Ana', 'Ben']);
    expect((await readdir(dir)).sort()).toEqual(['map1.json', 'map2.json']);
    // Ids that are not map ids never become paths.
    await expect(store.write('../escape', workspace([]))).rejects.toThrow();
    expect(await store.read('../escape')).toBeNull();
    await store.remove('map1');
    expect(await readdir(dir)).toEqual(['map2.json']);
    await store.close();
  });

  it('sets a damaged file aside, and an erasure deletes the set-aside copies that hold the erased texts', async () => {
    const dir = await temp();
    const damaged: string[] = [];
    const store = new FileMobilityStore(dir, { onDamaged: (_map, aside) => damaged.push(aside) });
    await writeFile(join(dir, 'map1.json'), '{"version":1,"mobilities":[{"id":"m1","learners":[{"name":"Dana Ü"}]'); // torn
    expect(await store.read('map1')).toBeNull();
    expect(damaged).toHaveLength(1);
    await writeFile(join(dir, 'map1.json.damaged-2'), 'Someone else entirely');
    await store.write('map1', workspace(['Eva']), { erased: ['Dana Ü'] });
    expect((await readdir(dir)).sort()).toEqual(['map1.json', 'map1.json.damaged-2']);
    expect(await readFile(join(dir, 'map1.json'), 'utf8')).toContain('Eva');
    // Removing the map removes every copy.
    await store.remove('map1');
    expect(await readdir(dir)).toEqual([]);
  });

  it('is part of the embedded storage, beside the maps and out of their backups', async () => {
    const dir = await temp();
    const storage = await openEmbeddedStorage(dir);
    await storage.mobilities.write('map1', workspace(['Farida']));
    expect(await readdir(join(dir, 'mobilities'))).toEqual(['map1.json']);
    await storage.backup(join(dir, 'backup'));
    expect(await readdir(join(dir, 'backup'))).not.toContain('mobilities');
    await storage.mobilities.close();
    await storage.documents.close();
    await storage.catalogue.close();
  });
});
