import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { docxText, pdfText, squash } from '@qms/interchange/reading';
import { addInstitution, addTargetLanguage, closeRound, openRound, setField, signOff, unitFingerprint, updateInstitution, type MapSnapshot } from '@qms/model';
import { reviewDocumentId } from '@qms/protocol';
import { TestPostgres, postgresForTests } from '@qms/storage-postgres/testing';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, start, tempDir, type Running } from './helpers.js';

/**
 * The mobility workspace through the real server: roles, the partners' agreement on units, the
 * learners' personal data kept apart and erased for good, the three documents, and durability.
 */

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

const LEARNER = 'Zilola Ergasheva-Quxmo';
const LEARNER_EMAIL = 'zilola.quxmo@example.org';
const LEARNER_BIRTH = '2005-11-30';

interface Setup {
  running: Running;
  dir: string;
  id: string;
  tokens: Tokens;
  units: { id: string; code: string; title: string; points: number }[];
  outcomeOfFirst: string;
  home: string;
  host: string;
  logs: string[];
  snapshot(): Promise<MapSnapshot>;
  restart(): Promise<void>;
}

async function setup(): Promise<Setup> {
  const tmp = await tempDir('qms-mobility-');
  cleanups.push(tmp.remove);
  const logs: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString('utf8')));
  const boot = () => start(tmp.dir, { localTrust: false, logLevel: 'debug' }, { logStream });
  const state = { running: await boot() };
  cleanups.push(() => state.running.close());
  const created = await api(state.running.url, '/api/maps', { method: 'POST', body: { template: 'hairdresser', title: 'Hairdresser (EQF 4)' } });
  expect(created.status).toBe(201);
  const { id, tokens } = created.body as { id: string; tokens: Tokens };
  const ids = await state.running.server.maps.change(id, (doc, origin) => {
    const home = addInstitution(doc, { name: { en: 'Tashkent Service College' }, country: 'UZ', city: 'Tashkent', role: 'home', competences: ['validating', 'recognising'], contact: { name: 'Dilnoza Karimova', email: 'dk@tsc.uz' } }, origin);
    const host = addInstitution(doc, { name: { en: 'Riga Beauty School' }, country: 'LV', city: 'Riga', role: 'host', competences: ['assessing'], contact: { name: 'Jānis Bērziņš' } }, origin);
    if (!home.ok || !host.ok) throw new Error('institutions');
    return { home: home.value, host: host.value };
  });
  const snapshot = (await state.running.server.maps.snapshot(id))!;
  const units = snapshot.nodes
    .filter((n) => n.kind === 'unit')
    .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
    .map((n) => ({ id: n.id, code: n.code, title: n.title, points: n.points ?? 0 }));
  const outcomeOfFirst = snapshot.edges.find((e) => e.kind === 'partOf' && e.target === units[0]!.id)!.source;
  return {
    get running() {
      return state.running;
    },
    dir: tmp.dir,
    id,
    tokens,
    units,
    outcomeOfFirst,
    home: ids!.home,
    host: ids!.host,
    logs,
    snapshot: async () => (await state.running.server.maps.snapshot(id))!,
    async restart() {
      await state.running.close();
      state.running = await boot();
    },
  };
}

/** Both partners agree to `unitIds` in a round, which is then closed (unless `close` is false). */
async function agree(s: Setup, unitIds: string[], options: { close?: boolean; partners?: string[] } = {}) {
  const snapshot = await s.snapshot();
  await s.running.server.rooms.with(reviewDocumentId(s.id), async (room) => {
    let round = '';
    room.change((doc, origin) => {
      const opened = openRound(doc, { title: 'Units for the spring mobility', unitIds, institutions: ['Tashkent Service College', 'Riga Beauty School'] }, { name: 'Owner' }, origin);
      if (!opened.ok) throw new Error(opened.message);
      round = opened.value;
      for (const institution of options.partners ?? ['Tashkent Service College', 'Riga Beauty School']) {
        for (const unit of unitIds) {
          const done = signOff(doc, round, unit, 'agreed', '', { name: `Signer of ${institution}`, institution }, unitFingerprint(snapshot, unit)!, origin, { language: 'en' });
          if (!done.ok) throw new Error(done.message);
        }
      }
      if (options.close !== false) closeRound(doc, round, { name: 'Owner' }, origin);
    });
    await room.whenDurable();
  });
}

/** Every file under `dir`, recursively. */
async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(path)));
    else out.push(path);
  }
  return out;
}

/** The files under `dir` whose bytes hold `text` (UTF-8, or JSON-escaped, or UTF-16). */
async function filesHolding(dir: string, text: string): Promise<string[]> {
  const needles = [Buffer.from(text, 'utf8'), Buffer.from(JSON.stringify(text).slice(1, -1), 'utf8'), Buffer.from(text, 'utf16le')];
  const found: string[] = [];
  for (const path of await files(dir)) {
    const bytes = await readFile(path);
    if (needles.some((needle) => bytes.includes(needle))) found.push(path);
  }
  return found;
}

async function download(url: string, path: string, token: string) {
  const response = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    disposition: response.headers.get('content-disposition'),
    cache: response.headers.get('cache-control'),
    bytes: new Uint8Array(await response.arrayBuffer()),
  };
}

const mobilityBody = (s: Setup, extra: Record<string, unknown> = {}) => ({
  title: 'Spring 2027 Tashkent–Riga',
  home: s.home,
  host: s.host,
  start: '2027-03-01',
  end: '2027-03-28',
  units: [s.units[0]!.id, s.units[1]!.id],
  ...extra,
});

describe('the mobility workspace', () => {
  it('answers owners and editors on every route, and commenters and viewers with 403', async () => {
    const s = await setup();
    await agree(s, [s.units[0]!.id, s.units[1]!.id]);
    const { url } = s.running;
    const base = `/api/maps/${s.id}/mobilities`;
    for (const role of ['owner', 'editor'] as const) {
      const token = s.tokens[role];
      const created = await api(url, base, { method: 'POST', token, body: mobilityBody(s) });
      expect(created.status, role).toBe(201);
      const mid = created.body.id as string;
      expect((await api(url, base, { token })).body.mobilities.map((m: { id: string }) => m.id)).toContain(mid);
      expect((await api(url, `${base}/${mid}`, { token })).body).toMatchObject({ id: mid, title: 'Spring 2027 Tashkent–Riga', draft: false, learners: [] });
      expect((await api(url, `${base}/${mid}`, { method: 'PATCH', token, body: { title: `By the ${role}` } })).body.title).toBe(`By the ${role}`);
      const learner = await api(url, `${base}/${mid}/learners`, { method: 'POST', token, body: { name: LEARNER } });
      expect(learner.status).toBe(201);
      const lid = learner.body.id as string;
      const results = await api(url, `${base}/${mid}/learners/${lid}/results`, {
        method: 'PUT',
        token,
        body: { results: [{ unit: s.units[0]!.id, result: 'achieved', assessor: 'Inga Ozola', date: '2027-03-20' }] },
      });
      expect(results.status).toBe(200);
      expect(results.body.results).toHaveLength(1);
      const recognition = await api(url, `${base}/${mid}/learners/${lid}/recognition`, { method: 'PUT', token, body: { decision: 'recognised', by: 'Dilnoza Karimova', date: '2027-04-02', points: 10 } });
      expect(recognition.body.recognition).toEqual({ decision: 'recognised', by: 'Dilnoza Karimova', date: '2027-04-02', points: 10 });
      for (const path of [`${base}/${mid}/documents/mou`, `${base}/${mid}/learners/${lid}/documents/learning-agreement`, `${base}/${mid}/learners/${lid}/documents/transcript`]) {
        expect((await download(url, `${path}?format=pdf`, token)).status, path).toBe(200);
      }
      expect((await api(url, `${base}/${mid}/learners/${lid}`, { method: 'DELETE', token })).status).toBe(204);
      expect((await api(url, `${base}/${mid}`, { method: 'DELETE', token })).status).toBe(204);
      expect((await api(url, `${base}/${mid}`, { token })).status).toBe(404);
    }

    // A mobility with a learner, for the others to try.
    const mid = (await api(url, base, { method: 'POST', token: s.tokens.owner, body: mobilityBody(s) })).body.id as string;
    const lid = (await api(url, `${base}/${mid}/learners`, { method: 'POST', token: s.tokens.owner, body: { name: LEARNER } })).body.id as string;
    const before = await api(url, `${base}/${mid}`, { token: s.tokens.owner });
    const routes: Array<{ method: string; path: string; body?: unknown }> = [
      { method: 'GET', path: base },
      { method: 'POST', path: base, body: mobilityBody(s) },
      { method: 'GET', path: `${base}/${mid}` },
      { method: 'PATCH', path: `${base}/${mid}`, body: { title: 'Taken over' } },
      { method: 'POST', path: `${base}/${mid}/learners`, body: { name: 'Someone Else' } },
      { method: 'PUT', path: `${base}/${mid}/learners/${lid}/results`, body: { results: [] } },
      { method: 'PUT', path: `${base}/${mid}/learners/${lid}/recognition`, body: { decision: 'not-recognised', by: 'X', date: '2027-04-02', points: 0 } },
      { method: 'GET', path: `${base}/${mid}/documents/mou?format=docx` },
      { method: 'GET', path: `${base}/${mid}/learners/${lid}/documents/learning-agreement?format=docx` },
      { method: 'GET', path: `${base}/${mid}/learners/${lid}/documents/transcript?format=docx` },
      { method: 'DELETE', path: `${base}/${mid}/learners/${lid}` },
      { method: 'DELETE', path: `${base}/${mid}` },
    ];
    for (const role of ['commenter', 'viewer'] as const) {
      for (const route of routes) {
        const answer = await api(url, route.path, { method: route.method, token: s.tokens[role], ...(route.body === undefined ? {} : { body: route.body }) });
        expect(answer.status, `${role} ${route.method} ${route.path}`).toBe(403);
        expect(answer.body.error).toBe('forbidden');
        expect(JSON.stringify(answer.body)).not.toContain(LEARNER);
      }
    }
    // No token at all: 401; an unknown map: 404.
    expect((await api(url, base)).status).toBe(401);
    expect((await api(url, `/api/maps/nosuchmap/mobilities`, { token: s.tokens.owner })).status).toBe(404);
    expect((await api(url, `/api/maps/nosuchmap/mobilities`, { method: 'POST', token: s.tokens.owner, body: mobilityBody(s) })).status).toBe(404);
    // Nothing changed.
    expect((await api(url, `${base}/${mid}`, { token: s.tokens.owner })).body).toEqual(before.body);
    expect((await api(url, base, { token: s.tokens.owner })).body.mobilities).toHaveLength(1);
  });

  it('refuses units the partners have not agreed in a closed round, unless it is a draft; a unit changed since is no longer agreed', async () => {
    const s = await setup();
    const { url } = s.running;
    const base = `/api/maps/${s.id}/mobilities`;
    const token = s.tokens.editor;
    const [first, second] = s.units;

    const refused = await api(url, base, { method: 'POST', token, body: mobilityBody(s) });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toBe('unprocessable');
    for (const text of [first!.code, second!.code, 'Tashkent Service College', 'Riga Beauty School', 'closed review round', '"draft": true']) expect(refused.body.message).toContain(text);

    // Agreed in a round still open: not yet. One partner only, closed: names the other.
    await agree(s, [first!.id, second!.id], { close: false });
    expect((await api(url, base, { method: 'POST', token, body: mobilityBody(s) })).status).toBe(422);
    await agree(s, [first!.id], { partners: ['Riga Beauty School'] });
    const oneSided = await api(url, base, { method: 'POST', token, body: mobilityBody(s, { units: [first!.id] }) });
    expect(oneSided.status).toBe(422);
    expect(oneSided.body.message).toContain('not agreed by Tashkent Service College');
    expect(oneSided.body.message).not.toContain('not agreed by Tashkent Service College and Riga');

    // A draft is kept as it is.
    const draft = await api(url, base, { method: 'POST', token, body: mobilityBody(s, { draft: true }) });
    expect(draft.status).toBe(201);
    const mid = draft.body.id as string;
    // Leaving draft needs the agreement too.
    const leave = await api(url, `${base}/${mid}`, { method: 'PATCH', token, body: { draft: false } });
    expect(leave.status).toBe(422);
    expect((await api(url, `${base}/${mid}`, { token })).body.draft).toBe(true);

    // Both partners agree both units in a closed round: accepted, and the draft may leave draft.
    await agree(s, [first!.id, second!.id]);
    expect((await api(url, base, { method: 'POST', token, body: mobilityBody(s) })).status).toBe(201);
    expect((await api(url, `${base}/${mid}`, { method: 'PATCH', token, body: { draft: false } })).body.draft).toBe(false);

    // Partners typed by hand are matched by name.
    const byName = await api(url, base, { method: 'POST', token, body: mobilityBody(s, { home: { name: 'Tashkent service  college', country: 'uz' }, units: [first!.id] }) });
    expect(byName.status).toBe(201);
    expect((await api(url, `${base}/${byName.body.id}`, { token })).body.home).toEqual({ name: 'Tashkent service college', country: 'UZ' });

    // The unit changes after the agreement: stale, refused again.
    await s.running.server.maps.change(s.id, (doc, origin) => {
      if (!setField(doc, first!.id, 'points', first!.points + 5, origin).ok) throw new Error('points');
    });
    const stale = await api(url, base, { method: 'POST', token, body: mobilityBody(s) });
    expect(stale.status).toBe(422);
    expect(stale.body.message).toContain(first!.code);
    expect(stale.body.message).not.toContain(`${second!.code} (`);

    // Unknown units and institutions are named; home and host must differ.
    const unknownUnit = await api(url, base, { method: 'POST', token, body: mobilityBody(s, { units: ['no-such-unit', s.outcomeOfFirst], draft: true }) });
    expect(unknownUnit.status).toBe(422);
    expect(unknownUnit.body.message).toContain('no-such-unit');
    expect(unknownUnit.body.message).toContain(s.outcomeOfFirst);
    const unknownPartner = await api(url, base, { method: 'POST', token, body: mobilityBody(s, { host: 'no-such-institution', draft: true }) });
    expect(unknownPartner.status).toBe(422);
    expect(unknownPartner.body.message).toContain('no-such-institution');
    expect((await api(url, base, { method: 'POST', token, body: mobilityBody(s, { host: s.home, draft: true }) })).status).toBe(422);
  });

  it('answers 404 for a learner of another mobility, and 400 for bad bodies, changing nothing', async () => {
    const s = await setup();
    await agree(s, [s.units[0]!.id, s.units[1]!.id]);
    const { url } = s.running;
    const base = `/api/maps/${s.id}/mobilities`;
    const token = s.tokens.owner;
    const a = (await api(url, base, { method: 'POST', token, body: mobilityBody(s) })).body.id as string;
    const b = (await api(url, base, { method: 'POST', token, body: mobilityBody(s, { title: 'Autumn' }) })).body.id as string;
    const lid = (await api(url, `${base}/${a}/learners`, { method: 'POST', token, body: { name: LEARNER } })).body.id as string;
    for (const [method, path, body] of [
      ['PUT', `${base}/${b}/learners/${lid}/results`, { results: [] }],
      ['PUT', `${base}/${b}/learners/${lid}/recognition`, { decision: 'recognised', by: 'X', date: '2027-04-01', points: 1 }],
      ['GET', `${base}/${b}/learners/${lid}/documents/transcript?format=pdf`, undefined],
      ['GET', `${base}/${b}/learners/${lid}/documents/learning-agreement?format=docx`, undefined],
      ['DELETE', `${base}/${b}/learners/${lid}`, undefined],
      ['GET', `${base}/nosuchmobility`, undefined],
      ['POST', `${base}/nosuchmobility/learners`, { name: 'X' }],
    ] as const) {
      const answer = await api(url, path, { method, token, ...(body === undefined ? {} : { body }) });
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.error).toBe('not-found');
    }

    const file = join(s.dir, 'mobilities', `${s.id}.json`);
    const stored = await readFile(file);
    const long = 'x'.repeat(5000);
    const bad: Array<[string, string, unknown]> = [
      ['POST', base, { ...mobilityBody(s), title: '' }],
      ['POST', base, { ...mobilityBody(s), title: long }],
      ['POST', base, { ...mobilityBody(s), start: '1 March 2027' }],
      ['POST', base, { ...mobilityBody(s), start: '2027-02-30' }],
      ['POST', base, { ...mobilityBody(s), end: '2027-02-01' }],
      ['POST', base, { ...mobilityBody(s), units: Array.from({ length: 500 }, (_, i) => `u${i}`) }],
      ['POST', base, { ...mobilityBody(s), home: { name: 'X' } }],
      ['POST', base, { ...mobilityBody(s), home: { name: 'X', country: 'Latvia' } }],
      ['POST', base, { ...mobilityBody(s), extra: 1 }],
      ['POST', base, { title: 'No partners' }],
      ['PATCH', `${base}/${a}`, {}],
      ['PATCH', `${base}/${a}`, { units: 'U 1' }],
      ['PATCH', `${base}/${a}`, { end: '2026-01-01' }],
      ['POST', `${base}/${a}/learners`, { name: '   ' }],
      ['POST', `${base}/${a}/learners`, { name: long }],
      ['POST', `${base}/${a}/learners`, { name: 'Ok', dateOfBirth: '30.11.2005' }],
      ['POST', `${base}/${a}/learners`, { name: 'Ok', email: 'not an address' }],
      ['POST', `${base}/${a}/learners`, { name: 'Ok', nationality: 'UZ' }],
      ['PUT', `${base}/${a}/learners/${lid}/results`, { results: [{ unit: s.units[0]!.id, result: 'passed', assessor: 'A', date: '2027-03-02' }] }],
      ['PUT', `${base}/${a}/learners/${lid}/results`, { results: [{ unit: s.units[0]!.id, result: 'achieved', assessor: '', date: '2027-03-02' }] }],
      ['PUT', `${base}/${a}/learners/${lid}/results`, { results: Array.from({ length: 1001 }, () => ({ unit: s.units[0]!.id, result: 'achieved', assessor: 'A', date: '2027-03-02' })) }],
      ['PUT', `${base}/${a}/learners/${lid}/results`, { results: [{ unit: s.units[0]!.id, result: 'achieved', assessor: 'A', date: '2027-03-02', evidence: long }] }],
      ['PUT', `${base}/${a}/learners/${lid}/recognition`, { decision: 'maybe', by: 'X', date: '2027-04-01', points: 1 }],
      ['PUT', `${base}/${a}/learners/${lid}/recognition`, { decision: 'recognised', by: 'X', date: '2027-04-01', points: -1 }],
      ['PUT', `${base}/${a}/learners/${lid}/recognition`, { decision: 'recognised', by: 'X', date: '2027-04-01', points: '10' }],
    ];
    for (const [method, path, body] of bad) {
      const answer = await api(url, path, { method, token, body });
      expect(answer.status, `${method} ${path} ${JSON.stringify(body).slice(0, 120)}`).toBe(400);
      expect(answer.body.error).toBe('invalid-request');
      expect(answer.body.message.length).toBeGreaterThan(10);
    }
    // Results for a unit outside the mobility, or an outcome outside the unit: 422, named.
    const outside = s.units[2]!.id;
    const wrongUnit = await api(url, `${base}/${a}/learners/${lid}/results`, { method: 'PUT', token, body: { results: [{ unit: outside, result: 'achieved', assessor: 'A', date: '2027-03-02' }] } });
    expect(wrongUnit.status).toBe(422);
    expect(wrongUnit.body.message).toContain(outside);
    const wrongOutcome = await api(url, `${base}/${a}/learners/${lid}/results`, {
      method: 'PUT',
      token,
      body: { results: [{ unit: s.units[1]!.id, outcome: s.outcomeOfFirst, result: 'achieved', assessor: 'A', date: '2027-03-02' }] },
    });
    expect(wrongOutcome.status).toBe(422);
    // Bad document queries.
    expect((await api(url, `${base}/${a}/documents/mou?format=odt`, { token })).status).toBe(400);
    expect((await api(url, `${base}/${a}/documents/mou?format=pdf&language=xx-!!`, { token })).status).toBe(400);
    expect((await api(url, `${base}/${a}/documents/mou?format=pdf&language=fr`, { token })).status).toBe(400);
    // Not a byte changed on disk.
    expect(await readFile(file)).toEqual(stored);
  });

  it('makes the three documents from the map and the workspace, in Word and PDF', async () => {
    const s = await setup();
    const [first, second] = s.units;
    await agree(s, [first!.id, second!.id]);
    const { url } = s.running;
    const base = `/api/maps/${s.id}/mobilities`;
    const token = s.tokens.editor;
    const mid = (await api(url, base, { method: 'POST', token, body: mobilityBody(s) })).body.id as string;
    const lid = (await api(url, `${base}/${mid}/learners`, { method: 'POST', token, body: { name: LEARNER, email: LEARNER_EMAIL, dateOfBirth: LEARNER_BIRTH } })).body.id as string;
    const results = [
      { unit: first!.id, outcome: s.outcomeOfFirst, result: 'achieved', assessor: 'Inga Ozola', date: '2027-03-20', evidence: 'Observed salon consultation' },
      { unit: first!.id, result: 'achieved', assessor: 'Inga Ozola', date: '2027-03-21' },
      { unit: second!.id, result: 'not-achieved', assessor: 'Pēteris Liepa', date: '2027-03-22', evidence: 'Practical test sheet 4' },
    ];
    expect((await api(url, `${base}/${mid}/learners/${lid}/results`, { method: 'PUT', token, body: { results } })).status).toBe(200);
    expect((await api(url, `${base}/${mid}/learners/${lid}/recognition`, { method: 'PUT', token, body: { decision: 'partially-recognised', by: 'Dilnoza Karimova', date: '2027-04-05', points: first!.points } })).status).toBe(200);

    const mouDocx = await download(url, `${base}/${mid}/documents/mou?format=docx`, token);
    expect(mouDocx.status).toBe(200);
    expect(mouDocx.type).toContain('wordprocessingml');
    expect(mouDocx.disposition).toMatch(/attachment; filename=".*\.docx"/);
    expect(mouDocx.cache).toBe('no-store');
    const listed = await fetch(`${url}${base}/${mid}`, { headers: { authorization: `Bearer ${token}` } });
    expect(listed.headers.get('cache-control')).toBe('no-store');
    const mou = await docxText(mouDocx.bytes);
    for (const text of ['Memorandum of Understanding', 'Tashkent Service College', 'Riga Beauty School', 'Dilnoza Karimova', 'Jānis Bērziņš', first!.code, first!.title, second!.title, String(first!.points), 'None recorded', '1 March 2027 — 28 March 2027', 'Signer of Riga Beauty School']) {
      expect(mou, text).toContain(text);
    }
    expect(mou).not.toContain(LEARNER); // the MoU is between institutions

    const laPdf = await download(url, `${base}/${mid}/learners/${lid}/documents/learning-agreement?format=pdf`, token);
    expect(laPdf.type).toBe('application/pdf');
    const la = squash(pdfText(laPdf.bytes).pages.join(' '));
    for (const text of ['Learning Agreement', LEARNER, LEARNER_EMAIL, '30 November 2005', 'Tashkent Service College', 'Riga Beauty School', first!.title, second!.title, String(first!.points + second!.points)]) {
      expect(la, text).toContain(squash(text));
    }

    for (const format of ['docx', 'pdf'] as const) {
      const transcript = await download(url, `${base}/${mid}/learners/${lid}/documents/transcript?format=${format}`, token);
      expect(transcript.status).toBe(200);
      const text = format === 'docx' ? await docxText(transcript.bytes) : pdfText(transcript.bytes).pages.join(' ');
      for (const expected of ['Personal Transcript', LEARNER, 'Inga Ozola', 'Pēteris Liepa', 'Observed salon consultation', 'Practical test sheet 4', 'Not achieved', 'Partially recognised', '5 April 2027', first!.title, 'Tashkent Service College', 'Riga Beauty School']) {
        expect(squash(text), `${format}: ${expected}`).toContain(squash(expected));
      }
      if (format === 'docx') expect(text).toContain(`Total points credited\n${first!.points}\n`);
    }

    // In Russian: the labels, and the partner under its Russian name, its agreements still shown.
    await s.running.server.maps.change(s.id, (doc, origin) => {
      if (!addTargetLanguage(doc, 'ru', origin).ok) throw new Error('ru');
      const home = { name: { en: 'Tashkent Service College', ru: 'Ташкентский колледж сервиса' }, country: 'UZ', city: 'Tashkent', role: 'home' as const, competences: ['validating', 'recognising'], contact: { name: 'Dilnoza Karimova' } };
      if (!updateInstitution(doc, s.home, home, origin).ok) throw new Error('institution');
    });
    expect((await download(url, `${base}/${mid}/documents/mou?format=docx&language=de`, token)).status).toBe(400);
    const russian = await docxText((await download(url, `${base}/${mid}/documents/mou?format=docx&language=ru`, token)).bytes);
    for (const text of ['Меморандум о взаимопонимании', 'Ташкентский колледж сервиса', 'Ташкентский колледж сервиса: Signer of Tashkent Service College', 'Riga Beauty School: Signer of Riga Beauty School', '1 марта 2027']) {
      expect(russian, text).toContain(text);
    }
    expect(russian).not.toContain('ещё не согласовано');
  });

  it('erases a learner for good: no byte of their name, e-mail or birth date under the data folder, in no log line, in no export or version', async () => {
    const s = await setup();
    await agree(s, [s.units[0]!.id, s.units[1]!.id]);
    const { url } = s.running;
    const base = `/api/maps/${s.id}/mobilities`;
    const token = s.tokens.owner;
    const mid = (await api(url, base, { method: 'POST', token, body: mobilityBody(s) })).body.id as string;
    const lid = (await api(url, `${base}/${mid}/learners`, { method: 'POST', token, body: { name: LEARNER, email: LEARNER_EMAIL, dateOfBirth: LEARNER_BIRTH } })).body.id as string;
    const other = (await api(url, `${base}/${mid}/learners`, { method: 'POST', token, body: { name: 'Bobur Toshmatov' } })).body.id as string;
    await api(url, `${base}/${mid}/learners/${lid}/results`, { method: 'PUT', token, body: { results: [{ unit: s.units[0]!.id, result: 'achieved', assessor: 'Inga Ozola', date: '2027-03-20' }] } });
    for (const doc of ['learning-agreement', 'transcript']) expect((await download(url, `${base}/${mid}/learners/${lid}/documents/${doc}?format=docx`, token)).status).toBe(200);
    // A version, a backup and an export of the map, taken while the learner is there.
    expect((await api(url, `/api/maps/${s.id}/versions`, { method: 'POST', token, body: { name: 'Before the mobility' } })).status).toBe(201);
    const backup = await s.running.server.services.backup();
    expect(backup).not.toBeNull();
    const exported = await fetch(`${url}/api/maps/${s.id}/export?format=units-json`, { headers: { authorization: `Bearer ${token}` } });
    expect(await exported.text()).not.toContain(LEARNER);
    // A set-aside copy of the workspace (as a damaged file would be) holding the learner.
    const file = join(s.dir, 'mobilities', `${s.id}.json`);
    const { copyFile } = await import('node:fs/promises');
    await copyFile(file, `${file}.damaged-1`);

    // The learner is on disk only in the workspace file (and the copy set aside), nowhere in the map's folder, its versions or backups.
    expect((await filesHolding(s.dir, LEARNER)).sort()).toEqual([file, `${file}.damaged-1`].sort());
    expect(await filesHolding(join(s.dir, 'maps'), LEARNER_EMAIL)).toEqual([]);

    expect((await api(url, `${base}/${mid}/learners/${lid}`, { method: 'DELETE', token })).status).toBe(204);
    await s.running.server.rooms.whenAllDurable();
    for (const text of [LEARNER, LEARNER_EMAIL, LEARNER_BIRTH]) expect(await filesHolding(s.dir, text), text).toEqual([]);
    expect(await stat(file)).toBeTruthy();
    // The other learner stays; the erased one is gone from every answer.
    const after = await api(url, `${base}/${mid}`, { token });
    expect(after.body.learners.map((l: { id: string }) => l.id)).toEqual([other]);
    expect((await api(url, `${base}/${mid}/learners/${lid}/documents/transcript?format=docx`, { token })).status).toBe(404);
    // After a restart too, and no log line ever held the learner's details.
    await s.restart();
    expect((await api(s.running.url, `${base}/${mid}`, { token })).body.learners).toHaveLength(1);
    const log = s.logs.join('');
    expect(log).toContain('learner erased');
    for (const text of [LEARNER, LEARNER_EMAIL, LEARNER_BIRTH, 'Bobur Toshmatov']) expect(log).not.toContain(text);
  });

  it('keeps mobilities across a restart, and deletes them with their map', async () => {
    const s = await setup();
    await agree(s, [s.units[0]!.id]);
    const base = `/api/maps/${s.id}/mobilities`;
    const token = s.tokens.owner;
    const mid = (await api(s.running.url, base, { method: 'POST', token, body: mobilityBody(s, { units: [s.units[0]!.id] }) })).body.id as string;
    const lid = (await api(s.running.url, `${base}/${mid}/learners`, { method: 'POST', token, body: { name: LEARNER } })).body.id as string;
    await api(s.running.url, `${base}/${mid}/learners/${lid}/recognition`, { method: 'PUT', token, body: { decision: 'recognised', by: 'Dilnoza Karimova', date: '2027-04-02', points: 10 } });
    const before = (await api(s.running.url, `${base}/${mid}`, { token })).body;
    await s.restart();
    const after = await api(s.running.url, `${base}/${mid}`, { token });
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before);
    expect(after.body.learners[0]).toMatchObject({ id: lid, name: LEARNER, recognition: { decision: 'recognised', points: 10 } });
    expect((await api(s.running.url, base, { token })).body.mobilities).toEqual([expect.objectContaining({ id: mid, learners: 1 })]);

    expect((await api(s.running.url, `/api/maps/${s.id}`, { method: 'DELETE', token })).status).toBe(204);
    expect(await filesHolding(s.dir, LEARNER)).toEqual([]);
    await expect(stat(join(s.dir, 'mobilities', `${s.id}.json`))).rejects.toThrow();
    expect((await api(s.running.url, base, { token })).status).toBe(404);
  });
});

const postgresBinaries = postgresForTests();

describe.skipIf(!postgresBinaries)('the mobility workspace on PostgreSQL (DATABASE_URL)', () => {
  let cluster: TestPostgres;
  beforeAll(async () => {
    cluster = await TestPostgres.start(postgresBinaries!);
  });
  afterAll(() => cluster?.destroy());

  it('keeps mobilities in the database, not under the data folder, and erases a learner from its table', async () => {
    const databaseUrl = await cluster.createDatabase();
    const boot = async () => {
      const tmp = await tempDir('qms-mobility-pg-');
      cleanups.push(tmp.remove);
      const running = await start(tmp.dir, { databaseUrl, localTrust: false, adminToken: 'admin-secret' });
      cleanups.push(() => running.close());
      return { running, dir: tmp.dir };
    };
    const first = await boot();
    const created = await api(first.running.url, '/api/maps', { method: 'POST', body: { title: 'Welder' }, token: 'admin-secret' });
    const { id, tokens } = created.body as { id: string; tokens: Tokens };
    const base = `/api/maps/${id}/mobilities`;
    const body = { title: 'Autumn', home: { name: 'Tashkent Service College', country: 'UZ' }, host: { name: 'Riga Beauty School', country: 'LV' }, start: '2027-10-01', end: '2027-10-20', units: [], draft: true };
    const mid = (await api(first.running.url, base, { method: 'POST', token: tokens.owner, body })).body.id as string;
    const lid = (await api(first.running.url, `${base}/${mid}/learners`, { method: 'POST', token: tokens.owner, body: { name: LEARNER, email: LEARNER_EMAIL } })).body.id as string;
    await api(first.running.url, `${base}/${mid}/learners`, { method: 'POST', token: tokens.owner, body: { name: 'Bobur Toshmatov' } });
    expect(await files(first.dir).then((all) => all.filter((path) => path.includes('mobilities')))).toEqual([]);
    await first.running.close();

    // Another instance, on an empty data folder: the workspace comes from the database.
    const second = await boot();
    const read = await api(second.running.url, `${base}/${mid}`, { token: tokens.editor });
    expect(read.body.learners.map((l: { name: string }) => l.name)).toEqual([LEARNER, 'Bobur Toshmatov']);
    expect((await api(second.running.url, `${base}/${mid}/learners/${lid}`, { method: 'DELETE', token: tokens.editor })).status).toBe(204);
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ data: string }>('SELECT data::text AS data FROM qms.mobility_workspaces');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.data).toContain('Bobur Toshmatov');
      expect(rows[0]!.data).not.toContain(LEARNER);
      expect(rows[0]!.data).not.toContain(LEARNER_EMAIL);
      // (That no dead version of the row stays in the table's files: storage-postgres's mobility-store test.)
      // Deleting the map deletes its row.
      expect((await api(second.running.url, `/api/maps/${id}`, { method: 'DELETE', token: tokens.owner })).status).toBe(204);
      expect((await db.query('SELECT 1 FROM qms.mobility_workspaces')).rowCount).toBe(0);
    } finally {
      await db.end();
    }
  });
});
