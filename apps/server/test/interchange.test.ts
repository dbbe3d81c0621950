import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, start, tempDir, type Running } from './helpers.js';

let dir: { dir: string; remove: () => Promise<void> };
let running: Running;

beforeEach(async () => {
  dir = await tempDir();
  running = await start(dir.dir);
});
afterEach(async () => {
  await running.close();
  await dir.remove();
});

async function hairdresser(title = 'Friseur / Парикмахер: “EQF 4”') {
  return (await api(running.url, '/api/maps', { method: 'POST', body: { template: 'hairdresser', title } })).body.id as string;
}

describe('GET /api/maps/:id/export', () => {
  it('downloads units-json with its content type and a file name from the title', async () => {
    const id = await hairdresser();
    const response = await fetch(`${running.url}/api/maps/${id}/export?format=units-json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toContain('attachment; filename="Friseur-__________-EQF-4.units.json"');
    expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe('Friseur-Парикмахер-EQF-4.units.json');
    const json = (await response.json()) as { units: unknown[]; map: { id: string } };
    expect(json.units).toHaveLength(7);
    expect(json.map.id).toBe(id);
  });

  it('lists the formats, and refuses an unknown format or map with a clear error', async () => {
    const formats = (await api(running.url, '/api/formats')).body;
    expect(formats.exports.map((f: { id: string }) => f.id)).toContain('units-json');
    const id = await hairdresser();
    const unknown = await api(running.url, `/api/maps/${id}/export?format=pptx`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/Unknown export format "pptx"\. Use one of: .*units-json/);
    expect((await api(running.url, '/api/maps/nope/export?format=units-json')).status).toBe(404);
    expect((await api(running.url, `/api/maps/${id}/export`)).status).toBe(400);
  });
});

describe('POST /api/maps/import', () => {
  it('refuses a 50 MB upload with 413 and creates nothing', async () => {
    const before = (await api(running.url, '/api/maps')).body.maps.length;
    const huge = new Uint8Array(50 * 1024 * 1024).fill(65);
    const response = await fetch(`${running.url}/api/maps/import?format=csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: huge });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: string }).error).toBe('payload-too-large');
    expect((await api(running.url, '/api/maps')).body.maps).toHaveLength(before);
  });

  it('refuses an unknown import format', async () => {
    const response = await fetch(`${running.url}/api/maps/import?format=pptx`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/Unknown import format "pptx"/);
  });
});
