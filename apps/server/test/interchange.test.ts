import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { casePackage } from '@qms/interchange';
import { WorkshopRoot, addTargetLanguage, ratingKey, setTranslation, snapshotOf } from '@qms/model';
import { DocumentKind, documentId } from '@qms/protocol';
import * as Y from 'yjs';
import { api, connect, eventually, start, synced, tempDir, type Running } from './helpers.js';

/** ../shared/fixtures beside the project: always there in CI, maybe not in a user's clone. */
const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));
const hasFixtures = existsSync(FIXTURES);
const fixture = (path: string) => readFileSync(`${FIXTURES}${path}`, 'utf8');

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
    expect(json.units).toHaveLength(8);
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

describe('GET /api/maps/:id/export?format=dacum-csv', () => {
  it('reads the ratings of the review document: one row per work action, its count and means', async () => {
    const id = await hairdresser('Hairdresser DACUM');
    const workActions = await running.server.rooms.with(id, (room) =>
      [...room.doc.getMap('nodes').entries()]
        .filter(([, node]) => (node as Y.Map<unknown>).get('kind') === 'workAction')
        .map(([nodeId, node]) => ({ id: nodeId, code: String((node as Y.Map<unknown>).get('code')) })),
    );
    const [rated] = workActions;
    await running.server.rooms.with(documentId(id, DocumentKind.Review), (room) => {
      room.doc.transact(() => {
        const ratings = room.doc.getMap(WorkshopRoot.ratings);
        ratings.set(ratingKey(rated!.id, 'a'.repeat(32)), { criticality: 5, frequency: 2, difficulty: 3, trainingNeed: 'school' });
        ratings.set(ratingKey(rated!.id, 'b'.repeat(32)), { criticality: 4, frequency: 4, difficulty: 1, trainingNeed: 'school' });
      });
    });
    const response = await fetch(`${running.url}/api/maps/${id}/export?format=dacum-csv`);
    expect(response.status).toBe(200);
    // RFC 4180 fields: quoted ones may hold commas (the statements do).
    const fields = (line: string) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"'));
    const lines = (await response.text()).replace(/^\uFEFF/, '').trim().split(/\r\n/);
    const header = fields(lines[0]!);
    expect(lines).toHaveLength(workActions.length + 1);
    const row = fields(lines.find((line) => line.startsWith(`${rated!.code},`))!);
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('Ratings')).toBe('2');
    expect(Number(cell('Criticality mean'))).toBe(4.5);
    expect(Number(cell('Frequency mean'))).toBe(3);
    expect(Number(cell('Difficulty mean'))).toBe(2);
  });
});

describe('GET /api/maps/:id/export&language=', () => {
  /** The hairdresser map (English) with Russian as a target language and one unit's title translated. */
  async function translated() {
    const id = await hairdresser('Hairdresser');
    const client = connect(running.wsUrl, id);
    await synced(client.provider);
    expect(addTargetLanguage(client.doc, 'ru').ok).toBe(true);
    const unit = snapshotOf(client.doc).nodes.find((node) => node.kind === 'unit')!;
    expect(setTranslation(client.doc, unit.id, 'ru', 'title', 'Стрижка волос').ok).toBe(true);
    return { id, unit, client };
  }

  it('exports in a target language, the source by default, with the language in the file name', async () => {
    const { id, unit, client } = await translated();
    try {
      const russian = await eventually(async () => {
        const response = await fetch(`${running.url}/api/maps/${id}/export?format=units-json&language=RU`);
        expect(response.status).toBe(200);
        const json = (await response.json()) as { units: { id: string; title: string }[] };
        expect(json.units.find((u) => u.id === unit.id)!.title).toBe('Стрижка волос');
        return response;
      });
      expect(russian.headers.get('content-disposition')).toContain('filename="Hairdresser-ru.units.json"');
      const source = await fetch(`${running.url}/api/maps/${id}/export?format=units-json`);
      const json = (await source.json()) as { units: { id: string; title: string }[] };
      expect(json.units.find((u) => u.id === unit.id)!.title).toBe(unit.title);
      expect((await fetch(`${running.url}/api/maps/${id}/export?format=units-json&language=en`)).status).toBe(200);
    } finally {
      client.destroy();
    }
  });

  it('exports the bilingual annex with the target language, and refuses it in the source language', async () => {
    const { id, client } = await translated();
    try {
      await eventually(async () => {
        const response = await fetch(`${running.url}/api/maps/${id}/export?format=annex-bilingual-docx&language=ru`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-disposition')).toContain('filename="Hairdresser-ru.annex.docx"');
        // Its text is read back in packages/interchange/test/languages.test.ts.
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
      });
      const refused = await api(running.url, `/api/maps/${id}/export?format=annex-bilingual-pdf`);
      expect(refused.status).toBe(422);
      expect(refused.body.message).toMatch(/choose one of the map's target languages \(language=ru\)/);
    } finally {
      client.destroy();
    }
  });

  it('refuses a tag that is not BCP 47, or a language the map does not have, naming the map\'s languages', async () => {
    const { id, client } = await translated();
    try {
      const invalid = await api(running.url, `/api/maps/${id}/export?format=docx&language=${encodeURIComponent('not a language')}`);
      expect(invalid.status).toBe(400);
      expect(invalid.body.message).toMatch(/^language: .*not a BCP 47 language tag/);
      const absent = await api(running.url, `/api/maps/${id}/export?format=docx&language=kk`);
      expect(absent.status).toBe(400);
      expect(absent.body.message).toBe('language: this map is not written or translated in kk. Use one of: en, ru.');
      const tooLong = await api(running.url, `/api/maps/${id}/export?format=docx&language=${'a'.repeat(60)}`);
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.message).toMatch(/^language: /);
    } finally {
      client.destroy();
    }
  });
});

describe('POST /api/maps/:id/translations/import?format=case', () => {
  it("adds a Russian CASE package of the map as its Russian translation; refuses one in the map's own language, changing nothing", async () => {
    const id = await hairdresser('Hairdresser');
    const client = connect(running.wsUrl, id);
    try {
      await synced(client.provider);
      // A partner's copy of the map, translated in part, exported as a Russian package.
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(client.doc));
      expect(addTargetLanguage(copy, 'ru').ok).toBe(true);
      const unit = snapshotOf(copy).nodes.find((node) => node.kind === 'unit')!;
      expect(setTranslation(copy, unit.id, 'ru', 'title', 'Стрижка волос').ok).toBe(true);
      const russian = JSON.stringify(casePackage(snapshotOf(copy), { generatedAt: new Date(), mapId: id, language: 'ru' }, '1.1'));
      const english = JSON.stringify(casePackage(snapshotOf(copy), { generatedAt: new Date(), mapId: id }, '1.1'));

      const refused = await fetch(`${running.url}/api/maps/${id}/translations/import?format=case`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: english });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { message: string }).message).toMatch(/the map's own language: import it as a new map instead/);
      expect((await api(running.url, `/api/maps/${id}/export?format=units-json&language=ru`)).status).toBe(400);

      const added = await fetch(`${running.url}/api/maps/${id}/translations/import?format=case`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: russian });
      expect(added.status).toBe(200);
      expect(await added.json()).toMatchObject({ language: 'ru', translated: 1 });
      const json = (await (await fetch(`${running.url}/api/maps/${id}/export?format=units-json&language=ru`)).json()) as { units: { id: string; title: string }[] };
      expect(json.units.find((u) => u.id === unit.id)!.title).toBe('Стрижка волос');
      // Open editors receive it.
      await eventually(() => expect(snapshotOf(client.doc).meta.languages).toEqual(['ru']));
    } finally {
      client.destroy();
    }
  });
});

describe('POST /api/maps/:id/translations/import: the file is read in a worker with an import’s budget', () => {
  it('stops reading a translation that overruns its time (422) and changes nothing; the map keeps its languages', async () => {
    const hurried = await start(dir.dir, { importTimeoutMs: 1 });
    try {
      const { body } = await api(hurried.url, '/api/maps', { method: 'POST', body: { template: 'hairdresser', title: 'Hairdresser' } });
      const id = body.id as string;
      // The map's own package, relabelled Russian: a valid translation, were there time to read it.
      const own = (await api(hurried.url, `/api/maps/${id}/export?format=case-1.1`)).body as { CFDocument: { language?: string } };
      const russian = JSON.stringify({ ...own, CFDocument: { ...own.CFDocument, language: 'ru' } });
      const late = await fetch(`${hurried.url}/api/maps/${id}/translations/import?format=case`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: russian });
      expect(late.status).toBe(422);
      expect(await late.json()).toEqual({ error: 'invalid-file', message: expect.stringMatching(/took longer than/) });
      expect((await api(hurried.url, `/api/maps/${id}/export?format=units-json&language=ru`)).status).toBe(400);
    } finally {
      await hurried.close();
    }
  }, 60_000);

  it('says what is wrong with a file that is not a CASE package, and changes nothing', async () => {
    const id = await hairdresser('Hairdresser');
    for (const [body, message] of [
      [new Uint8Array([0xff, 0xfe, 0x00]), /not UTF-8 text/],
      ['{"CFItems": []}', /Expected a CASE CFPackage/],
      ['{"CFDocument": {"title": "x"}}', /has no language/],
    ] as const) {
      const response = await fetch(`${running.url}/api/maps/${id}/translations/import?format=case`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(message);
    }
    expect((await api(running.url, `/api/maps/${id}/export?format=units-json&language=ru`)).status).toBe(400);
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

describe('importing a CASE file through the API', () => {
  it.skipIf(!hasFixtures)('creates a laid-out map from a real CASE file and keeps its identifiers', async () => {
    const file = fixture('case/SmartLevelFramework.json');
    const response = await fetch(`${running.url}/api/maps/import?format=case`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: file });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; title: string; tokens: Record<string, string>; warnings: string[] };
    expect(created.tokens.owner).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const snapshot = (await running.server.maps.snapshot(created.id))!;
    const items = JSON.parse(file).CFItems as Array<{ identifier: string }>;
    const sourceIds = new Set(snapshot.nodes.map((n) => n.sourceId));
    for (const item of items) expect(sourceIds.has(item.identifier)).toBe(true);
    // Laid out: no two nodes share a position.
    expect(new Set(snapshot.nodes.map((n) => `${n.position.x},${n.position.y}`)).size).toBe(snapshot.nodes.length);
    // Exporting it again as CASE gives the same items back.
    const back = await api(running.url, `/api/maps/${created.id}/export?format=case`);
    expect(back.body.CFItems.map((i: { identifier: string }) => i.identifier).sort()).toEqual(items.map((i) => i.identifier).sort());
  });

  it('accepts a multipart upload', async () => {
    const form = new FormData();
    form.append('file', new Blob([JSON.stringify(tinyCase())], { type: 'application/json' }), 'tiny.json');
    const response = await fetch(`${running.url}/api/maps/import?format=case&title=From%20a%20form`, { method: 'POST', body: form });
    expect(response.status).toBe(201);
    expect(((await response.json()) as { title: string }).title).toBe('From a form');
  });

  it('refuses bad files with a message naming the problem, and creates nothing', async () => {
    const before = (await api(running.url, '/api/maps')).body.maps.length;
    const dangling = tinyCase();
    dangling.CFAssociations.push({
      identifier: 'assoc-dangling',
      associationType: 'isChildOf',
      uri: 'https://example.org/assoc-dangling',
      originNodeURI: { identifier: 'no-such-item', uri: 'https://example.org/no-such-item', title: 'x' },
      destinationNodeURI: { identifier: 'doc-1', uri: 'https://example.org/doc-1', title: 'x' },
      lastChangeDateTime: '2026-01-01T00:00:00+00:00',
    });
    for (const [body, pattern] of [
      ['{"CFDocument": ', /JSON/i],
      [JSON.stringify({ hello: 'world' }), /CFDocument|CFPackage/i],
      [JSON.stringify(dangling), /assoc-dangling|no-such-item/],
    ] as const) {
      const response = await fetch(`${running.url}/api/maps/import?format=case`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBe(400);
      const error = (await response.json()) as { error: string; message: string };
      expect(error.error).toBe('invalid-file');
      expect(error.message).toMatch(pattern);
    }
    expect((await api(running.url, '/api/maps')).body.maps).toHaveLength(before);
  });
});

/** The smallest CASE package: a document and one item under it. */
function tinyCase() {
  const when = '2026-01-01T00:00:00+00:00';
  return {
    CFDocument: { identifier: 'doc-1', uri: 'https://example.org/doc-1', creator: 'Test', title: 'Tiny framework', lastChangeDateTime: when },
    CFItems: [{ identifier: 'item-1', uri: 'https://example.org/item-1', fullStatement: 'Cut hair to shape', lastChangeDateTime: when }],
    CFAssociations: [
      {
        identifier: 'assoc-1',
        associationType: 'isChildOf',
        uri: 'https://example.org/assoc-1',
        originNodeURI: { identifier: 'item-1', uri: 'https://example.org/item-1', title: 'Cut hair to shape' },
        destinationNodeURI: { identifier: 'doc-1', uri: 'https://example.org/doc-1', title: 'Tiny framework' },
        lastChangeDateTime: when,
      },
    ] as Array<Record<string, unknown>>,
  };
}

describe('every export format, and spreadsheets back in', () => {
  it('downloads every format for both samples with the right content type', async () => {
    const formats = (await api(running.url, '/api/formats')).body.exports as Array<{ id: string; mediaType: string; extension: string }>;
    expect(formats.map((f) => f.id)).toEqual(['units-json', 'docx', 'pdf', 'annex-bilingual-docx', 'annex-bilingual-pdf', 'xlsx', 'csv', 'case', 'case-1.1', 'loq-xml', 'canvas-csv', 'moodle-csv', 'correspondence-csv', 'dacum-csv', 'dacum-xlsx', 'dacum-docx', 'dacum-pdf', 'workshop-minutes-docx', 'workshop-minutes-pdf']);
    for (const template of ['hairdresser', 'ruecvet-course']) {
      const id = (await api(running.url, '/api/maps', { method: 'POST', body: { template } })).body.id as string;
      for (const format of formats) {
        if (format.id.startsWith('annex-bilingual')) {
          // The samples have no target language: nothing to print beside the source.
          const refused = await api(running.url, `/api/maps/${id}/export?format=${format.id}`);
          expect(refused.status, `${template} as ${format.id}`).toBe(422);
          expect(refused.body.message).toMatch(/choose one of the map's target languages/);
          continue;
        }
        const response = await fetch(`${running.url}/api/maps/${id}/export?format=${format.id}`);
        expect(response.status, `${template} as ${format.id}`).toBe(200);
        expect(response.headers.get('content-type')!.split(';')[0]).toBe(format.mediaType.split(';')[0]);
        expect(response.headers.get('content-disposition')).toContain(`.${format.extension}"`);
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
      }
    }
  });

  it('re-imports its own xlsx export to the same map', async () => {
    const id = (await api(running.url, '/api/maps', { method: 'POST', body: { template: 'hairdresser' } })).body.id as string;
    const xlsx = new Uint8Array(await (await fetch(`${running.url}/api/maps/${id}/export?format=xlsx`)).arrayBuffer());
    const response = await fetch(`${running.url}/api/maps/import?format=xlsx`, {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      body: xlsx,
    });
    expect(response.status).toBe(201);
    const copy = (await response.json()) as { id: string; title: string; warnings: string[] };
    expect(copy.warnings).toEqual([]);
    const shape = async (mapId: string) => {
      const snapshot = (await running.server.maps.snapshot(mapId))!;
      const code = new Map(snapshot.nodes.map((n) => [n.id, n.code]));
      return {
        nodes: snapshot.nodes.map(({ id: _id, position: _p, ...rest }) => rest).sort((a, b) => a.code.localeCompare(b.code)),
        edges: snapshot.edges.map((e) => `${code.get(e.source)} ${e.kind} ${code.get(e.target)}`).sort(),
      };
    };
    expect(await shape(copy.id)).toEqual(await shape(id));
  });

  it('refuses a spreadsheet with a cycle and names the row, creating nothing', async () => {
    const before = (await api(running.url, '/api/maps')).body.maps.length;
    const csv = 'Kind,Code,Title,Parent\nkeyFunction,KF 1,Run the salon,MF 1\nmainFunction,MF 1,Keep accounts,KF 1\n';
    const response = await fetch(`${running.url}/api/maps/import?format=csv`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(response.status).toBe(400);
    const error = (await response.json()) as { error: string; message: string };
    expect(error.error).toBe('invalid-file');
    expect(error.message).toMatch(/[Rr]ow \d/);
    expect((await api(running.url, '/api/maps')).body.maps).toHaveLength(before);
  });
});
