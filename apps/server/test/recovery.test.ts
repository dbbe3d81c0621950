import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileDocumentStore } from '@qms/storage';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, connect, eventually, smallDisk, start, synced, tempDir } from './helpers.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}

describe('a damaged catalogue', () => {
  it('is rebuilt with every map’s links and versions: the old owner link still works, the version list is intact, and /readyz says so', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    // No local trust: every call below proves its token.
    let running = await start(tmp.dir, { localTrust: false });
    const maps: Array<{ id: string; tokens: Tokens }> = [];
    for (const title of ['Hairdresser', 'Barber', 'Florist']) maps.push((await api(running.url, '/api/maps', { method: 'POST', body: { title } })).body);
    const [first, second] = maps as [{ id: string; tokens: Tokens }, { id: string; tokens: Tokens }];
    const named = await api(running.url, `/api/maps/${first.id}/versions`, { method: 'POST', body: { name: 'After workshop 1' }, token: first.tokens.editor });
    expect(named.status).toBe(201);
    await api(running.url, `/api/maps/${first.id}/versions`, { method: 'POST', body: { name: 'After workshop 2' }, token: first.tokens.editor });
    const rotated = (await api(running.url, `/api/maps/${second.id}/access/viewer`, { method: 'POST', token: second.tokens.owner })).body.token as string;
    const versionsBefore = (await api(running.url, `/api/maps/${first.id}/versions`, { token: first.tokens.viewer })).body.versions;
    expect(versionsBefore).toHaveLength(2);
    await running.close();

    // Twenty flipped bytes at the end of the catalogue.
    const path = join(tmp.dir, 'catalogue.json');
    const bytes = await readFile(path);
    for (let i = bytes.length - 20; i < bytes.length; i++) bytes[i]! ^= 0xff;
    await writeFile(path, bytes);

    running = await start(tmp.dir, { localTrust: false });
    cleanups.push(running.close);
    expect((await api(running.url, `/api/maps/${first.id}/access`, { token: first.tokens.owner })).status).toBe(200);
    expect((await api(running.url, `/api/maps/${first.id}/versions`, { token: first.tokens.viewer })).body.versions).toEqual(versionsBefore);
    // A link replaced before the damage stays replaced: the old one is refused, the new one works.
    expect((await api(running.url, `/api/maps/${second.id}`, { token: second.tokens.viewer })).status).toBe(401);
    expect((await api(running.url, `/api/maps/${second.id}`, { token: rotated })).status).toBe(200);
    const client = connect(running.wsUrl, first.id, new Y.Doc(), first.tokens.editor);
    cleanups.push(client.destroy);
    await synced(client.provider);

    const ready = await api(running.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.recovered).toEqual(['catalogue rebuilt from 3 maps: 3 with their links, 1 with their versions']);
    expect(await metric(running.url, 'qms_storage_damage_total{kind="catalogue"}')).toBe(1);
  });
});

describe('a damaged record in the middle of a map’s log', () => {
  it('keeps the 148 later updates, and is reported in /readyz and the metrics until a restart', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    let running = await start(tmp.dir);
    const id = (await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Logged' } })).body.id as string;
    await running.close();

    // 200 changes from as many people, each applying on its own, appended to the map's log.
    const store = new FileDocumentStore(join(tmp.dir, 'maps'));
    const updates = Array.from({ length: 200 }, (_, i) => {
      const doc = new Y.Doc();
      doc.getMap('notes').set(`n${i}`, i);
      return Y.encodeStateAsUpdate(doc);
    });
    await store.append(id, updates);
    await store.close();
    const dir = join(tmp.dir, 'maps', id);
    const log = join(dir, (await readdir(dir)).find((name) => /^log\.\d+\.bin$/.test(name))!);
    const bytes = await readFile(log);
    let at = 8;
    for (let i = 0; i < 51; i++) at += 8 + updates[i]!.byteLength;
    for (let i = 0; i < 20; i++) bytes[at + 8 + i]! ^= 0xff; // the 52nd change
    await writeFile(log, bytes);

    running = await start(tmp.dir);
    cleanups.push(running.close);
    const client = connect(running.wsUrl, id);
    cleanups.push(client.destroy);
    await synced(client.provider);
    await eventually(() => expect(client.doc.getMap('notes').size).toBe(199));
    expect(client.doc.getMap('notes').has('n51')).toBe(false);
    expect(client.doc.getMap('notes').get('n199')).toBe(199);

    const ready = await api(running.url, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.recovered).toEqual([expect.stringMatching(new RegExp(`^map ${id}, log\\.\\d+\\.bin: damaged record at byte ${at}: .*kept the 148 intact records after it`))]);
    expect(await metric(running.url, 'qms_storage_damage_total{kind="log"}')).toBe(1);
    expect((await readdir(dir)).some((name) => /^log\.\d+\.bin\.damaged-\d+$/.test(name))).toBe(true);
  });
});

describe('a full disk', () => {
  it('makes /readyz answer 503 "the disk is full" (the folder is still writable in principle), and ready again when space returns', async (context) => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const dataDir = join(tmp.dir, 'small-disk');
    const disk = smallDisk(dataDir, '2m');
    if (!disk) {
      context.skip(); // needs root and tmpfs
      return;
    }
    cleanups.push(disk.unmount);
    const running = await start(dataDir);
    cleanups.push(running.close);
    expect((await api(running.url, '/readyz')).body).toEqual({ status: 'ready', problems: [] });

    const filler = join(dataDir, 'filler.bin');
    const free = Number(execFileSync('df', ['--output=avail', '-B1', dataDir]).toString().trim().split('\n').at(-1));
    writeFileSync(filler, Buffer.alloc(free));
    const full = await api(running.url, '/readyz');
    expect(full.status).toBe(503);
    expect(full.body).toEqual({ status: 'unavailable', problems: ['the disk is full'] });

    rmSync(filler);
    await eventually(async () => expect((await api(running.url, '/readyz')).status).toBe(200));
  });
});
