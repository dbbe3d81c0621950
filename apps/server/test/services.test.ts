import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { addNode } from '@qms/model';
import { VersionKind } from '@qms/protocol';
import type { Storage } from '@qms/storage';
import { afterEach, describe, expect, it } from 'vitest';
import type { Extension, StoredUpdatesContext } from '../src/index.js';
import { MemoryCatalogue, MemoryStore } from './fakes.js';
import { api, connect, eventually, start, synced, tempDir } from './helpers.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A storage that is neither the embedded one nor on disk: only the Storage interface. */
function memoryStorage(problems: string[] = []): Storage & { documents: MemoryStore; catalogue: MemoryCatalogue } {
  return { catalogue: new MemoryCatalogue(), documents: new MemoryStore(), problems: async () => problems };
}

describe('a server over any storage', () => {
  it('serves maps from a storage it did not open, without touching a data folder', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const dataDir = join(tmp.dir, 'never-created');
    const storage = memoryStorage();
    const running = await start(dataDir, {}, { storage });
    cleanups.push(running.close);

    expect((await api(running.url, '/readyz')).body).toEqual({ status: 'ready', problems: [] });
    const id = (await api(running.url, '/api/maps', { method: 'POST', body: { title: 'In memory' } })).body.id as string;
    const c = connect(running.wsUrl, id);
    cleanups.push(c.destroy);
    await synced(c.provider);
    addNode(c.doc, { kind: 'unit', title: 'U 1', position: { x: 0, y: 0 } });
    await eventually(() => expect(storage.documents.calls).toContain(`append ${id} 1`));
    expect((await api(running.url, `/api/maps/${id}`)).body.title).toBe('In memory');
    // This storage makes no backups of its own kind.
    expect((await api(running.url, '/api/admin/backup', { method: 'POST' })).status).toBe(501);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('reports the storage’s own problems as not ready', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const running = await start(tmp.dir, {}, { storage: memoryStorage(['the database is read-only']) });
    cleanups.push(running.close);
    const ready = await api(running.url, '/readyz');
    expect(ready).toEqual({ status: 503, body: { status: 'unavailable', problems: ['the database is read-only'] } });
  });

  it('runs the extensions it is given after its own, through a map’s whole life', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const calls: string[] = [];
    const batches: StoredUpdatesContext[] = [];
    const bus: Extension = {
      name: 'bus',
      onConfigure: () => void calls.push('configure'),
      onLoadDocument: ({ room }) => void calls.push(`load ${room.kind}`),
      afterLoadDocument: ({ room }) => void calls.push(`loaded ${room.kind}`),
      afterStoreUpdates: (context) => void batches.push(context),
      beforeUnloadDocument: ({ room }) => void calls.push(`unloading ${room.kind}`),
      afterUnloadDocument: ({ room }) => void calls.push(`unloaded ${room.kind}`),
      onDestroy: () => void calls.push('destroy'),
    };
    const running = await start(tmp.dir, {}, { extensions: [bus] });
    expect(running.server.services.hooks.extensions.map((e) => e.name)).toEqual(['schema-migration', 'metrics', 'catalogue-mirror', 'versions', 'bus']);
    const id = (await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Bus' } })).body.id as string;
    const c = connect(running.wsUrl, id);
    await synced(c.provider);
    addNode(c.doc, { kind: 'unit', title: 'U 1', position: { x: 0, y: 0 } });
    await eventually(() => expect(batches.some((b) => b.stored && b.room.id === id)).toBe(true));
    c.destroy();
    await eventually(() => expect(calls).toContain('unloaded map'));
    await running.close();
    expect(calls).toEqual(['configure', 'load map', 'loaded map', 'unloading map', 'unloaded map', 'destroy']);
  });
});

describe('version kinds over HTTP', () => {
  it('lists each version’s kind, and migrates records saved before kinds existed', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const running = await start(tmp.dir);
    cleanups.push(running.close);
    const id = (await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Kinds' } })).body.id as string;
    const catalogue = running.server.storage.catalogue;
    // As an older server stored them: no kind.
    await catalogue.update(id, {
      versions: [
        { id: 'old-auto', name: 'Automatic checkpoint', createdAt: 1, auto: true },
        { id: 'old-backup', name: 'Before restoring “Workshop”', createdAt: 2, auto: true, createdBy: 'owner' },
        { id: 'old-named', name: 'Workshop', createdAt: 3, auto: false, createdBy: 'editor' },
      ],
    });
    const plain = await api(running.url, `/api/maps/${id}/versions`);
    expect(plain.body.versions[0]).toEqual({ id: 'old-named', name: 'Workshop', createdAt: 3, auto: false, kind: VersionKind.Named, createdBy: 'editor' });

    const named = await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'After review' } });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ name: 'After review', auto: false, kind: VersionKind.Named });
    const listed = (await api(running.url, `/api/maps/${id}/versions`)).body.versions as Array<Record<string, unknown>>;
    expect(listed.map(({ id, kind, restoredName }) => ({ id, kind, restoredName }))).toEqual([
      { id: named.body.id, kind: VersionKind.Named, restoredName: undefined },
      { id: 'old-named', kind: VersionKind.Named, restoredName: undefined },
      { id: 'old-backup', kind: VersionKind.Backup, restoredName: 'Workshop' },
      { id: 'old-auto', kind: VersionKind.Auto, restoredName: undefined },
    ]);
    // Written back with their kind the next time the list was saved.
    expect((await catalogue.get(id))!.versions!.map((v) => v.kind)).toEqual([VersionKind.Auto, VersionKind.Backup, VersionKind.Named, VersionKind.Named]);
  });

  it('marks the state saved before a restore as a backup, naming the version restored', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const running = await start(tmp.dir);
    cleanups.push(running.close);
    const id = (await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Restore' } })).body.id as string;
    const version = (await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'Workshop “1”' } })).body.id as string;
    const restored = await api(running.url, `/api/maps/${id}/versions/${version}/restore`, { method: 'POST' });
    const listed = (await api(running.url, `/api/maps/${id}/versions`)).body.versions as Array<Record<string, unknown>>;
    expect(listed.find((v) => v.id === restored.body.backup)).toMatchObject({
      name: 'Before restoring “Workshop “1””',
      auto: true,
      kind: VersionKind.Backup,
      restoredName: 'Workshop “1”',
    });
  });
});
