import { addNode, connect as link, edgesOf, matchAcrossMaps, refreshMatchSnapshot, setField, snapshotOf, unitMatches, type MatchedUnit } from '@qms/model';
import type { MapUnitsResponse } from '@qms/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, connect, eventually, start, synced, tempDir, type Running } from './helpers.js';

/**
 * Units matched across two maps on one server, edited through stock y-websocket clients: the
 * match and its snapshot of the partner unit stored and read back, the partner's units read
 * through GET /api/maps/:id/units, "changed since" and the checks after the partner unit changes,
 * and malformed match fields refused.
 */

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

async function setup() {
  const tmp = await tempDir();
  cleanups.push(tmp.remove);
  const running = await start(tmp.dir, { localTrust: false });
  cleanups.push(() => running.close());
  const create = async (title: string) => (await api(running.url, '/api/maps', { method: 'POST', body: { title } })).body as { id: string; tokens: Tokens };
  const client = async (id: string, token: string) => {
    const c = connect(running.wsUrl, id, new Y.Doc(), token);
    cleanups.push(c.destroy);
    await synced(c.provider);
    return c;
  };
  return { running, create, client };
}

/** A unit with a knowledge and a skills outcome; returns its id. */
function writeUnit(doc: Y.Doc, code: string, title: string, points: number, eqfLevel: number): string {
  const unit = addNode(doc, { kind: 'unit', code, title, position: { x: 0, y: 0 } });
  setField(doc, unit, 'points', points);
  setField(doc, unit, 'eqfLevel', eqfLevel);
  for (const [i, domain] of (['knowledge', 'skills'] as const).entries()) {
    const outcome = addNode(doc, { kind: 'learningOutcome', code: `${code}.${i + 1}`, title: `Outcome ${i + 1} of ${code}`, position: { x: 0, y: 0 } });
    setField(doc, outcome, 'domain', domain);
    link(doc, { kind: 'partOf', source: outcome, target: unit });
  }
  return unit;
}

const unitsOf = async (running: Running, id: string, token?: string) => api(running.url, `/api/maps/${id}/units`, token ? { token } : {});
const matchIssues = async (running: Running, id: string, token: string) =>
  ((await api(running.url, `/api/maps/${id}/report`, { token })).body.issues as Array<{ rule: string; code: string; severity: string; params: Record<string, unknown> }>).filter((i) => i.rule.startsWith('unit-match'));

describe('units matched across maps', () => {
  it('stores the match with its snapshot, reads it back, and tells when the partner unit changed', async () => {
    const { running, create, client } = await setup();
    const home = await create('Hairdresser (Vilnius)');
    const partner = await create('Parrucchiere (Bologna)');
    const a = await client(home.id, home.tokens.editor);
    const b = await client(partner.id, partner.tokens.editor);
    const homeUnit = writeUnit(a.doc, 'U 1', 'Cut hair', 10, 4);
    const partnerUnit = writeUnit(b.doc, 'UC 3', 'Taglio', 10, 4);
    await eventually(async () => expect((await unitsOf(running, partner.id, partner.tokens.viewer)).body.units).toHaveLength(1));

    // The partner's units, read with that map's (viewer) token.
    const read = await unitsOf(running, partner.id, partner.tokens.viewer);
    expect(read.status).toBe(200);
    const body = read.body as MapUnitsResponse;
    expect(body).toMatchObject({ id: partner.id, title: 'Parrucchiere (Bologna)', language: 'en' });
    const [target] = body.units;
    expect(target).toMatchObject({ id: partnerUnit, code: 'UC 3', title: 'Taglio', points: 10, eqfLevel: 4 });
    expect(target!.outcomes.map((o) => o.domain)).toEqual(['knowledge', 'skills']);

    expect(matchAcrossMaps(a.doc, { source: homeUnit, targetMap: partner.id, target: target as MatchedUnit, matchType: 'partial', note: 'Italian unit has no hygiene outcome' }).ok).toBe(true);

    // Stored on the server, and read back by a client that connects afresh.
    await eventually(() => expect(unitMatches(snapshotOf(running.server.rooms.peek(home.id)!.doc))).toHaveLength(1));
    const fresh = await client(home.id, home.tokens.viewer);
    const [match] = unitMatches(snapshotOf(fresh.doc));
    expect(match).toMatchObject({ source: homeUnit, target: partnerUnit, targetMap: partner.id, matchType: 'partial', note: 'Italian unit has no hygiene outcome' });
    expect(match!.targetSnapshot).toMatchObject({ code: 'UC 3', title: 'Taglio', points: 10, eqfLevel: 4, fingerprint: target!.fingerprint });
    expect(match!.targetSnapshot!.outcomes).toHaveLength(2);
    expect(await matchIssues(running, home.id, home.tokens.viewer)).toEqual([]);

    // The partner unit's points change: its fingerprint no longer is the snapshot's.
    setField(b.doc, partnerUnit, 'points', 20);
    await eventually(async () => expect((await unitsOf(running, partner.id, partner.tokens.viewer)).body.units[0].points).toBe(20));
    const changed = (await unitsOf(running, partner.id, partner.tokens.viewer)).body as MapUnitsResponse;
    expect(changed.units[0]!.fingerprint).not.toBe(match!.targetSnapshot!.fingerprint);
    const issues = await matchIssues(running, home.id, home.tokens.viewer);
    // The report says so, without telling a reader of the home map what the partner unit says now.
    expect(issues.map((i) => `${i.rule}/${i.code}`)).toEqual(['unit-match/target-changed']);
    expect(issues[0]!.params).toMatchObject({ label: 'U 1 "Cut hair"', partner: 'UC 3 "Taglio"' });
    // Matched again with the unit as it is now: the points differ by half.
    const [edgeId] = [...edgesOf(a.doc).keys()].filter((key) => edgesOf(a.doc).get(key)!.get('targetMap') === partner.id);
    expect(refreshMatchSnapshot(a.doc, edgeId!, changed.units[0] as MatchedUnit).ok).toBe(true);
    await eventually(async () => expect((await matchIssues(running, home.id, home.tokens.viewer)).map((i) => i.code)).toEqual(['points-differ']));
    const differ = (await matchIssues(running, home.id, home.tokens.viewer))[0]!;
    expect(differ.params).toMatchObject({ label: 'U 1 "Cut hair"', partner: 'UC 3 "Taglio"', points: '10', partnerPoints: '20', percent: 50 });
    setField(b.doc, partnerUnit, 'title', 'Taglio e barba');

    // The correspondence table.
    await eventually(async () => expect((await matchIssues(running, home.id, home.tokens.viewer)).map((i) => i.code)).toEqual(['points-differ', 'target-changed']));
    const exported = await fetch(`${running.url}/api/maps/${home.id}/export?format=correspondence-csv`, { headers: { authorization: `Bearer ${home.tokens.viewer}` } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await exported.text()).split('\r\n');
    expect(lines[0]).toMatch(/^Home unit code,Home unit title,/);
    // As matched (the new title is not shown to a reader of the home map), and said to have changed.
    expect(lines[1]).toContain('U 1,Cut hair,10,4,1 / 1 / 0,partial,' + partner.id + ',' + partnerUnit + ',UC 3,Taglio,20,4,');
    expect(lines[1]).toContain('ECVET points (more than 25 %),changed since matched,Italian unit has no hygiene outcome');

    // The partner map deleted: an error, from the snapshot.
    expect((await api(running.url, `/api/maps/${partner.id}`, { method: 'DELETE', token: partner.tokens.owner })).status).toBe(204);
    const gone = await matchIssues(running, home.id, home.tokens.viewer);
    expect(gone.map((i) => `${i.rule}/${i.code}/${i.severity}`)).toEqual(['unit-match-target/map-missing/error']);
  });

  it('answers the units route only with a token of that map', async () => {
    const { running, create } = await setup();
    const one = await create('One');
    const two = await create('Two');
    expect((await unitsOf(running, one.id)).status).toBe(401);
    expect((await unitsOf(running, one.id, two.tokens.owner)).status).toBe(401);
    expect((await unitsOf(running, 'no-such-map', one.tokens.owner)).status).toBe(404);
    const ok = await unitsOf(running, one.id, one.tokens.viewer);
    expect(ok).toMatchObject({ status: 200, body: { id: one.id, units: [] } });
  });

  it('refuses an update with a malformed match, and applies a well-formed one', async () => {
    const { running, create, client } = await setup();
    const home = await create('Home');
    const a = await client(home.id, home.tokens.editor);
    const unit = writeUnit(a.doc, 'U 1', 'Cut hair', 10, 4);
    await eventually(() => expect(snapshotOf(running.server.rooms.peek(home.id)!.doc).nodes).toHaveLength(3));
    // Each from a client of its own: a refused update leaves a gap in its sender's history, which
    // holds back that sender's later updates until it reconnects.
    const write = async (id: string, fields: Record<string, unknown>) => {
      const c = await client(home.id, home.tokens.editor);
      c.doc.transact(() => {
        const edge = new Y.Map<unknown>();
        edgesOf(c.doc).set(id, edge as never);
        edge.set('kind', 'matches');
        edge.set('source', unit);
        edge.set('target', 'abc');
        for (const [key, value] of Object.entries(fields)) edge.set(key, value);
      });
      // Handled once the server has this client's later presence (same socket, in order).
      c.provider.awareness.setLocalStateField('mark', id);
      await eventually(() => expect(running.server.rooms.peek(home.id)!.awareness.getStates().get(c.doc.clientID)?.mark).toBe(id));
    };
    const good = { code: 'X 1', title: 'Partner', outcomes: [], fingerprint: '0123456789abcdef', takenAt: 1 };
    await write('bad-type', { targetMap: 'partner', matchType: 'close-enough', targetSnapshot: good });
    await write('bad-map', { targetMap: '../../etc', matchType: 'exact', targetSnapshot: good });
    await write('bad-snapshot', { targetMap: 'partner', matchType: 'exact', targetSnapshot: { ...good, outcomes: [{ code: 'a', title: 'b', domain: 'feelings' }] } });
    await write('bad-note', { targetMap: 'partner', matchType: 'exact', note: 'x'.repeat(5000) });
    await write('good', { targetMap: 'partner', matchType: 'related', note: 'fine', targetSnapshot: good });
    const served = () => edgesOf(running.server.rooms.peek(home.id)!.doc);
    expect(served().has('good')).toBe(true);
    for (const id of ['bad-type', 'bad-map', 'bad-snapshot', 'bad-note']) expect(served().has(id), id).toBe(false);
    expect(served().get('good')!.get('targetSnapshot')).toEqual(good);
    // The rest of the map went through as usual.
    expect(snapshotOf(running.server.rooms.peek(home.id)!.doc).nodes).toHaveLength(3);
  });
});
