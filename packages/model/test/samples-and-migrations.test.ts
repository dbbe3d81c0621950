import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IncompatibilityReason, MapView, SCHEMA_VERSION, buildRuecvetCourse, checkMap, metaOf, migrate, readMeta } from '../src/index.js';

describe('the RUECVET course sample', () => {
  it('holds the course, LO 1–4, WA 1–12 and their links', () => {
    const doc = new Y.Doc();
    buildRuecvetCourse(doc);
    const { nodes, edges, meta } = new MapView(doc).snapshot;
    expect(meta.title).toMatch(/^Sample:/);
    const count = (kind: string) => nodes.filter((n) => n.kind === kind).length;
    expect(count('qualification')).toBe(1);
    expect(count('learningOutcome')).toBe(4);
    expect(count('workAction')).toBe(12);
    const codes = nodes.map((n) => n.code);
    for (let i = 1; i <= 12; i++) expect(codes).toContain(`WA ${i}`);
    expect(nodes.find((n) => n.code === 'WA 6')!.title).toBe('Develop a functional qualification map');
    // Each outcome covers its three work actions; each work action hangs under the course.
    const byCode = (code: string) => nodes.find((n) => n.code === code)!.id;
    const covers = edges.filter((e) => e.kind === 'covers');
    expect(covers).toHaveLength(12);
    expect(covers.filter((e) => e.source === byCode('LO 2')).map((e) => e.target).sort()).toEqual(
      [byCode('WA 4'), byCode('WA 5'), byCode('WA 6')].sort(),
    );
    expect(meta.sample).toBe('real');
    // "180 hours – 5 credit units": national units at 36 hours each, and a draft while its checks fail.
    expect(nodes.find((n) => n.kind === 'qualification')).toMatchObject({ points: 5, creditSystem: 'national', hoursPerCredit: 36, status: 'draft' });
    expect(edges.filter((e) => e.kind === 'childOf')).toHaveLength(12);
  });

  it('holds a unit per outcome whose hours make the 180 and whose credit units make the 5, and stays a draft while its checks fail', () => {
    const doc = new Y.Doc();
    buildRuecvetCourse(doc);
    const snapshot = new MapView(doc).snapshot;
    const units = snapshot.nodes.filter((n) => n.kind === 'unit');
    expect(units.map((u) => u.code)).toEqual(['U 1', 'U 2', 'U 3', 'U 4']);
    expect(units.reduce((sum, u) => sum + Number(u.points), 0)).toBe(5);
    expect(units.reduce((sum, u) => sum + Number(u.contactHours), 0)).toBe(180);
    const partOf = snapshot.edges.filter((e) => e.kind === 'partOf');
    expect(partOf).toHaveLength(4);
    const { issues, stats } = checkMap(snapshot);
    // Points add up, hours match the credit units, every outcome is in a unit…
    for (const rule of ['points-sum', 'grouping', 'workload', 'unit-content']) expect(issues.filter((i) => i.rule === rule)).toEqual([]);
    expect(stats.qualification?.unitPoints).toBe(5);
    // …but the course publishes no EQF level and no assessment criteria: not ready to adopt.
    expect(issues.filter((i) => i.severity === 'error').map((i) => i.rule).sort()).toEqual(['assessability', 'assessability', 'assessability', 'assessability', 'qualification-level']);
    expect(snapshot.nodes.find((n) => n.kind === 'qualification')?.status).toBe('draft');
  });
});

/** A map as version 1 of the app stored it: codes inside titles, absolute positions everywhere. */
function version1Map(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    const meta = doc.getMap('meta');
    meta.set('schemaVersion', 1);
    meta.set('title', 'Old map');
    meta.set('createdAt', 1);
    const nodes = doc.getMap<Y.Map<unknown>>('nodes');
    const add = (id: string, kind: string, title: string, x: number, y: number) => {
      const node = new Y.Map<unknown>();
      nodes.set(id, node);
      node.set('kind', kind);
      node.set('title', new Y.Text(title));
      const position = new Y.Map<number>();
      node.set('position', position);
      position.set('x', x);
      position.set('y', y);
    };
    add('wa', 'workAction', 'WA 3. Analyse the client’s hair', 0, 0);
    add('lo', 'learningOutcome', 'LO 12 – Explain hair types', 500, 300);
    add('u', 'unit', 'U2: Consultation', 400, 200);
    add('free', 'workAction', 'Greet the client', 0, 0);
    const edge = new Y.Map<unknown>();
    doc.getMap<Y.Map<unknown>>('edges').set('e', edge);
    edge.set('kind', 'partOf');
    edge.set('source', 'lo');
    edge.set('target', 'u');
  });
  return doc;
}

describe('migrations', () => {
  it('moves codes out of titles and makes unit members’ positions relative (1 → 2)', () => {
    const doc = version1Map();
    expect(migrate(doc)).toEqual({ ok: true, from: 1, to: SCHEMA_VERSION });
    const nodes = new Map(new MapView(doc).snapshot.nodes.map((n) => [n.id, n]));
    expect(nodes.get('wa')).toMatchObject({ code: 'WA 3', title: 'Analyse the client’s hair' });
    expect(nodes.get('lo')).toMatchObject({ code: 'LO 12', title: 'Explain hair types', position: { x: 100, y: 100 } });
    expect(nodes.get('u')).toMatchObject({ code: 'U 2', title: 'Consultation', position: { x: 400, y: 200 } });
    expect(nodes.get('free')).toMatchObject({ code: '', title: 'Greet the client' });
    expect(readMeta(doc).language).toBe('en');
  });

  it('gives the same result when two peers migrate the same old map at once', () => {
    const a = version1Map();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    migrate(a);
    migrate(b);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const titles = (doc: Y.Doc) => new MapView(doc).snapshot.nodes.map((n) => `${n.code}|${n.title}`).sort();
    expect(titles(a)).toEqual(titles(b));
    // Both peers removed the same prefix: the merged title is not cut twice or doubled.
    expect(titles(a)).toContain('WA 3|Analyse the client’s hair');
  });

  it('stamps a document that has no schema version yet', () => {
    const doc = new Y.Doc();
    metaOf(doc).set('title', 'old');
    expect(migrate(doc)).toEqual({ ok: true, from: 0, to: SCHEMA_VERSION });
    expect(readMeta(doc).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('leaves a current document untouched', () => {
    const doc = new Y.Doc();
    buildRuecvetCourse(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrate(doc)).toEqual({ ok: true, from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(updates).toBe(0);
  });

  it('refuses a document written by a newer version', () => {
    const doc = new Y.Doc();
    metaOf(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    expect(migrate(doc)).toEqual({ ok: false, reason: IncompatibilityReason.NewerSchema, version: SCHEMA_VERSION + 1 });
  });
});
