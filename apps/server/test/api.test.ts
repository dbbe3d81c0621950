import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertListItem, readMeta, snapshotOf } from '@qms/model';
import { api, connect, eventually, start, synced, tempDir, type Running } from './helpers.js';

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

describe('HTTP API', () => {
  it('answers /healthz with JSON', async () => {
    const { status, body } = await api(running.url, '/healthz');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
  });

  it('creates, lists, reads, renames and deletes a map', async () => {
    const created = await api(running.url, '/api/maps', { method: 'POST', body: { title: '  Hairdresser  ' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Hairdresser', url: `/maps/${created.body.id}` });
    expect(created.body.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const id = created.body.id as string;

    const list = await api(running.url, '/api/maps');
    expect(list.body.maps.map((m: { id: string }) => m.id)).toEqual([id]);
    expect(list.body.maps[0]).toMatchObject({ id, title: 'Hairdresser' });
    expect(typeof list.body.maps[0].updatedAt).toBe('number');

    expect((await api(running.url, `/api/maps/${id}`)).body.title).toBe('Hairdresser');
    const renamed = await api(running.url, `/api/maps/${id}`, { method: 'PATCH', body: { title: 'Barber' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe('Barber');
    expect((await api(running.url, `/api/maps/${id}`)).body.title).toBe('Barber');

    expect((await api(running.url, `/api/maps/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(running.url, `/api/maps/${id}`)).status).toBe(404);
    expect((await api(running.url, '/api/maps')).body.maps).toEqual([]);
  });

  it('answers an unknown or malformed map id with 404 and a JSON error', async () => {
    for (const path of ['/api/maps/nope', '/api/maps/..%2F..%2Fetc']) {
      const { status, body } = await api(running.url, path);
      expect(status).toBe(404);
      expect(body).toEqual({ error: 'not-found', message: expect.stringContaining('no map') });
    }
    expect((await api(running.url, '/api/maps/nope', { method: 'DELETE' })).status).toBe(404);
    expect((await api(running.url, '/api/maps/nope', { method: 'PATCH', body: { title: 'x' } })).status).toBe(404);
  });

  it('refuses bad bodies with 400 and changes nothing', async () => {
    for (const body of [{}, { title: '' }, { title: '   ' }, { title: 42 }, { title: 'x'.repeat(201) }, { title: 'ok', extra: 1 }]) {
      const response = await api(running.url, '/api/maps', { method: 'POST', body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toBe('invalid-request');
      expect(response.body.message).toEqual(expect.any(String));
    }
    const notJson = await fetch(`${running.url}/api/maps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: string }).error).toBe('invalid-request');
    expect((await api(running.url, '/api/maps')).body.maps).toEqual([]);
  });

  it('refuses an oversized body with 413', async () => {
    const response = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'x'.repeat(2 * 1024 * 1024) } });
    expect(response.status).toBe(413);
    expect(response.body.error).toBe('payload-too-large');
  });

  it('lists the templates and creates a map from one, under its own or a given title', async () => {
    const { body } = await api(running.url, '/api/templates');
    expect(body.templates.map((t: { id: string }) => t.id)).toEqual(['ruecvet-course', 'hairdresser']);
    const fromTemplate = await api(running.url, '/api/maps', { method: 'POST', body: { template: 'hairdresser' } });
    expect(fromTemplate.status).toBe(201);
    expect(fromTemplate.body.title).toBe('Sample (illustrative): Hairdresser, EQF 4');
    const named = await api(running.url, '/api/maps', { method: 'POST', body: { template: 'ruecvet-course', title: 'Our course' } });
    expect(named.body.title).toBe('Our course');
    const unknown = await api(running.url, '/api/maps', { method: 'POST', body: { template: 'plumber' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/no template "plumber"/);
  });

  it('creates a map in the language asked for, canonicalised; refuses a tag that is not BCP 47, creating nothing', async () => {
    const created = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Парикмахер', language: 'ru' } });
    expect(created.status).toBe(201);
    const uzbek = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Sartarosh', language: 'uz-latn' } });
    const plain = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Hairdresser' } });
    for (const [map, language] of [[created, 'ru'], [uzbek, 'uz-Latn'], [plain, 'en']] as const) {
      const client = connect(running.wsUrl, map.body.id as string);
      await synced(client.provider);
      expect(readMeta(client.doc).language).toBe(language);
      client.destroy();
    }
    const before = (await api(running.url, '/api/maps')).body.maps.length;
    for (const language of ['Russian language', 'x', '', 42, 'ru_RU_', 'a'.repeat(200)]) {
      const refused = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Map', language } });
      expect(refused.status, String(language)).toBe(400);
      expect(refused.body.error).toBe('invalid-request');
      if (typeof language === 'string' && language.length < 100) expect(refused.body.message, language).toMatch(/language/);
    }
    const template = await api(running.url, '/api/maps', { method: 'POST', body: { template: 'hairdresser', language: 'ru' } });
    expect(template.status).toBe(400);
    expect(template.body.message).toMatch(/written in en/);
    expect((await api(running.url, '/api/maps', { method: 'POST', body: { template: 'hairdresser', language: 'en' } })).status).toBe(201);
    expect((await api(running.url, '/api/maps')).body.maps.length).toBe(before + 1);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const { status, body } = await api(running.url, '/api/nothing-here');
    expect(status).toBe(404);
    expect(body.error).toBe('not-found');
  });
});

describe('GET /api/maps/:id/report', () => {
  let dir2: { dir: string; remove: () => Promise<void> };
  let server2: Running;
  beforeEach(async () => {
    dir2 = await tempDir();
    server2 = await start(dir2.dir);
  });
  afterEach(async () => {
    await server2.close();
    await dir2.remove();
  });

  it('checks the live document: the RUECVET course has units without assessment criteria; an edit shows at once', async () => {
    const id = (await api(server2.url, '/api/maps', { method: 'POST', body: { template: 'ruecvet-course' } })).body.id as string;
    const report = await api(server2.url, `/api/maps/${id}/report`);
    expect(report.status).toBe(200);
    const unassessed = report.body.issues.filter((i: { rule: string }) => i.rule === 'assessability');
    expect(unassessed).toHaveLength(4);
    expect(unassessed[0]).toMatchObject({ severity: 'error', nodeIds: [expect.any(String)], message: expect.stringMatching(/criteri/i) });
    for (const issue of report.body.issues) expect(Object.keys(issue).sort()).toEqual(['code', 'message', 'nodeIds', 'params', 'rule', 'severity']);
    expect(report.body.stats).toMatchObject({
      counts: { qualification: 1, learningOutcome: 4, workAction: 12, unit: 4 },
      workActions: { total: 12, covered: 12 },
      outcomes: { total: 4, grouped: 4 },
      units: { total: 4, withCriteria: 0 },
    });

    // A person gives one unit its criterion through the editor: the next report reflects it.
    const client = connect(server2.wsUrl, id);
    await synced(client.provider);
    const unit = snapshotOf(client.doc).nodes.find((n) => n.code === 'U 1')!;
    expect(insertListItem(client.doc, unit.id, 'assessmentCriteria', 0, 'Names the EU and national acts that govern ECVET in a written review').ok).toBe(true);
    await eventually(async () => {
      const after = await api(server2.url, `/api/maps/${id}/report`);
      expect(after.body.issues.filter((i: { rule: string }) => i.rule === 'assessability')).toHaveLength(3);
      expect(after.body.stats.units.withCriteria).toBe(1);
    });
    client.destroy();
  });

  it('says 404 for an unknown map', async () => {
    expect((await api(server2.url, '/api/maps/nope/report')).status).toBe(404);
  });
});
