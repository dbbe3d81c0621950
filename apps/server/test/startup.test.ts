import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE_MAP_ID } from '../src/index.js';
import { api, start, tempDir } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startIn(dir: string, seedSamples = true) {
  const running = await start(dir, { seedSamples });
  return running;
}

describe('first start', () => {
  it('creates the sample maps once, and does not bring one back after the user deleted it', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    let running = await startIn(tmp.dir);
    const maps = (await api(running.url, '/api/maps')).body.maps as Array<{ id: string; title: string }>;
    expect(maps.map((m) => m.id).sort()).toEqual(['sample-hairdresser', SAMPLE_MAP_ID]);
    for (const map of maps) expect(map.title).toMatch(/^Sample/);
    expect((await api(running.url, `/api/maps/${SAMPLE_MAP_ID}`, { method: 'DELETE' })).status).toBe(204);
    await running.close();
    running = await startIn(tmp.dir);
    expect((await api(running.url, '/api/maps')).body.maps.map((m: { id: string }) => m.id)).toEqual(['sample-hairdresser']);
    await running.close();
  });
});

describe('a damaged catalogue', () => {
  it('is set aside and rebuilt from the maps on disk, titles included', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    let running = await startIn(tmp.dir, false);
    const created = (await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Survivor' } })).body;
    await running.close();
    await writeFile(join(tmp.dir, 'catalogue.json'), '\u0000\u0000 not json');
    running = await startIn(tmp.dir, true);
    const maps = (await api(running.url, '/api/maps')).body.maps;
    // The map is back; the samples are not re-created on an instance that already had maps.
    expect(maps).toEqual([expect.objectContaining({ id: created.id, title: 'Survivor' })]);
    await running.close();
  });

  it('starts with an empty list when the catalogue file is simply missing', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const running = await startIn(tmp.dir, false);
    await running.close();
    await rm(join(tmp.dir, 'catalogue.json'), { force: true });
    const again = await startIn(tmp.dir, false);
    expect((await api(again.url, '/api/maps')).body.maps).toEqual([]);
    await again.close();
  });
});
