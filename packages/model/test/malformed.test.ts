import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  IncompatibilityReason,
  MapEditor,
  MapView,
  SCHEMA_VERSION,
  buildHairdresser,
  checkMap,
  edgesOf,
  graphOf,
  layoutMap,
  metaOf,
  migrate,
  nodesOf,
  restoreContent,
  schemaProblem,
  snapshotOf,
  type SkippedItem,
} from '../src/index.js';

/**
 * Any client with edit rights can store anything under a node's or an edge's id. A map holding
 * such entries must still open, check, lay out and restore: each one is skipped and reported,
 * and the rest of the map reads as before.
 */

/** The hairdresser sample, plus what a broken or hostile client could write beside it. */
function damagedMap() {
  const doc = new Y.Doc();
  buildHairdresser(doc);
  const before = snapshotOf(doc);
  const outcome = before.nodes.find((n) => n.kind === 'learningOutcome')!;
  const unit = before.nodes.find((n) => n.kind === 'unit')!;
  const nodes = nodesOf(doc) as Y.Map<unknown>;
  const edges = edgesOf(doc) as Y.Map<unknown>;
  doc.transact(() => {
    nodes.set('str', 'just a string');
    nodes.set('num', 42);
    nodes.set('list', new Y.Array());
    const noKind = new Y.Map<unknown>();
    nodes.set('no-kind', noKind);
    noKind.set('title', new Y.Text('I have no kind'));
    const numberKind = new Y.Map<unknown>();
    nodes.set('number-kind', numberKind);
    numberKind.set('kind', 7);
    // A node of the right shape with fields of the wrong type: kept, without them.
    const odd = new Y.Map<unknown>();
    nodes.set('odd', odd);
    odd.set('kind', 'workAction');
    odd.set('title', 12);
    odd.set('position', 'top left');
    odd.set('performanceCriteria', 'not a list');
    (nodesOf(doc).get(outcome.id) as Y.Map<unknown>).set('eqfLevel', 'high');
    // A kind this version does not know is kept as it is (another version's, or a registered one).
    const mystery = new Y.Map<unknown>();
    nodes.set('mystery', mystery);
    mystery.set('kind', 'ideaCard');
    mystery.set('title', new Y.Text('Ask about beard care'));

    edges.set('edge-str', 'a -> b');
    const missing = new Y.Map<unknown>();
    edges.set('edge-missing', missing);
    missing.set('kind', 'partOf');
    missing.set('source', outcome.id);
    missing.set('target', 'nowhere');
    const toString = new Y.Map<unknown>();
    edges.set('edge-to-str', toString);
    toString.set('kind', 'covers');
    toString.set('source', 'str');
    toString.set('target', unit.id);
    const numbers = new Y.Map<unknown>();
    edges.set('edge-numbers', numbers);
    numbers.set('kind', 'childOf');
    numbers.set('source', 1);
    numbers.set('target', 2);
  });
  return { doc, before, outcome };
}

const byId = (items: readonly SkippedItem[]) => [...items].sort((a, b) => (a.id + (a.field ?? '') < b.id + (b.field ?? '') ? -1 : 1));

describe('a map holding entries that are not nodes or edges', () => {
  it('reads without throwing: malformed entries skipped and listed with why, the rest as before', () => {
    const { doc, before, outcome } = damagedMap();
    const snapshot = snapshotOf(doc);
    expect(byId(snapshot.skipped)).toEqual(
      byId([
        { id: 'str', item: 'node', reason: 'not-a-map' },
        { id: 'num', item: 'node', reason: 'not-a-map' },
        { id: 'list', item: 'node', reason: 'not-a-map' },
        { id: 'no-kind', item: 'node', reason: 'no-kind' },
        { id: 'number-kind', item: 'node', reason: 'no-kind' },
        { id: 'odd', item: 'node', reason: 'bad-field', field: 'title' },
        { id: 'odd', item: 'node', reason: 'bad-field', field: 'position' },
        { id: 'odd', item: 'node', reason: 'bad-field', field: 'performanceCriteria' },
        { id: outcome.id, item: 'node', reason: 'bad-field', field: 'eqfLevel' },
        { id: 'edge-str', item: 'edge', reason: 'not-a-map' },
        { id: 'edge-numbers', item: 'edge', reason: 'bad-edge' },
        { id: 'edge-missing', item: 'edge', reason: 'missing-node' },
        { id: 'edge-to-str', item: 'edge', reason: 'missing-node' },
      ]),
    );
    const ids = snapshot.nodes.map((n) => n.id);
    for (const skipped of ['str', 'num', 'list', 'no-kind', 'number-kind']) expect(ids).not.toContain(skipped);
    expect(snapshot.nodes.find((n) => n.id === 'odd')).toEqual({ id: 'odd', kind: 'workAction', code: '', title: '', position: { x: 0, y: 0 } });
    expect(snapshot.nodes.find((n) => n.id === 'mystery')?.kind).toBe('ideaCard');
    expect(snapshot.nodes.find((n) => n.id === outcome.id)?.eqfLevel).toBeUndefined();
    expect(snapshot.edges).toEqual(before.edges);
  });

  it('checks, indexes and lays it out, and the checks say what was skipped', () => {
    const { doc, outcome } = damagedMap();
    const snapshot = snapshotOf(doc);
    const graph = graphOf(snapshot);
    expect(graph.nodes).toHaveLength(snapshot.nodes.length);
    expect(layoutMap(snapshot).size).toBe(snapshot.nodes.length);
    const { issues, stats } = checkMap(snapshot);
    const unreadable = issues.filter((i) => i.rule === 'unreadable');
    // Five nodes and two edges are malformed; the two dangling edges are not damage.
    expect(unreadable.filter((i) => i.code === 'skipped').map((i) => i.params.count)).toEqual([7]);
    expect(unreadable.filter((i) => i.code === 'bad-field').map((i) => `${i.nodeIds[0]}:${i.params.field}`).sort()).toEqual(
      ['odd:title', 'odd:position', 'odd:performanceCriteria', `${outcome.id}:eqfLevel`].sort(),
    );
    expect(stats.unknownNodes).toBe(1); // the idea card
  });

  it('keeps reading as entries are damaged, repaired and removed while the view is live', () => {
    const doc = new Y.Doc();
    buildHairdresser(doc);
    const view = new MapView(doc);
    const order = view.snapshot.nodes.map((n) => n.id);
    const first = order[0]!;
    const original = nodesOf(doc).get(first)!;
    const kind = original.get('kind');
    (nodesOf(doc) as Y.Map<unknown>).set('str', 'x');
    original.set('kind', 3);
    expect(view.snapshot.nodes.map((n) => n.id)).toEqual(order.slice(1));
    const skipped = view.snapshot.skipped;
    expect(skipped.filter((s) => s.item === 'node')).toEqual([
      { id: 'str', item: 'node', reason: 'not-a-map' },
      { id: first, item: 'node', reason: 'no-kind' },
    ]);
    // Its edges dangle while it is unreadable, and come back with it.
    expect(skipped.filter((s) => s.item === 'edge').length).toBeGreaterThan(0);
    expect(skipped.filter((s) => s.item === 'edge').every((s) => s.reason === 'missing-node')).toBe(true);
    original.set('kind', kind);
    nodesOf(doc).delete('str');
    expect(view.snapshot.skipped).toEqual([]);
    // Back in the reading (at the end of it: it was out while unreadable).
    expect(view.snapshot.nodes.map((n) => n.id).sort()).toEqual([...order].sort());
    view.destroy();
  });

  it('can still be edited: adding, linking and deleting do not trip over malformed entries', () => {
    const { doc, outcome } = damagedMap();
    const editor = new MapEditor(doc, 'test');
    const id = editor.addNode({ kind: 'workAction', title: 'Wash hair', position: { x: 0, y: 0 } });
    const mf = snapshotOf(doc).nodes.find((n) => n.kind === 'mainFunction')!;
    expect(editor.connect({ kind: 'childOf', source: id, target: mf.id }).ok).toBe(true);
    expect(editor.connect({ kind: 'covers', source: outcome.id, target: id }).ok).toBe(true);
    editor.remove({ nodeIds: [id, 'str'] });
    const after = snapshotOf(doc);
    expect(after.nodes.some((n) => n.id === id)).toBe(false);
    expect(after.skipped.some((s) => s.id === 'str')).toBe(false);
  });

  it('a restore of a good version removes every malformed entry', () => {
    const good = new Y.Doc();
    buildHairdresser(good);
    const { doc } = damagedMap();
    restoreContent(doc, good);
    expect(snapshotOf(doc).skipped).toEqual([]);
    expect(snapshotOf(doc).nodes).toEqual(snapshotOf(good).nodes);
    // And a version that holds malformed entries is restored without them.
    const { doc: damagedVersion } = damagedMap();
    const live = new Y.Doc();
    buildHairdresser(live);
    restoreContent(live, damagedVersion);
    expect(snapshotOf(live).skipped.filter((s) => s.reason !== 'bad-field' && s.reason !== 'missing-node')).toEqual([]);
  });
});

describe('a schema version this version cannot open', () => {
  const stamped = (value: unknown) => {
    const doc = new Y.Doc();
    buildHairdresser(doc);
    metaOf(doc).set('schemaVersion', value);
    return doc;
  };

  it('newer, or not a version number: refused and left untouched, never migrated again', () => {
    expect(schemaProblem(stamped(99))).toBe(IncompatibilityReason.NewerSchema);
    for (const value of ['2', 'x', 2.5, -1, null, Number.NaN]) {
      const doc = stamped(value);
      const positions = snapshotOf(doc).nodes.map((n) => n.position);
      expect(schemaProblem(doc), String(value)).toBe(IncompatibilityReason.UnreadableSchema);
      expect(migrate(doc).ok).toBe(false);
      // Migrating a current map again would move every outcome inside its unit.
      expect(snapshotOf(doc).nodes.map((n) => n.position)).toEqual(positions);
      expect(metaOf(doc).get('schemaVersion')).toEqual(value);
    }
    expect(schemaProblem(stamped(SCHEMA_VERSION))).toBeNull();
    const unstamped = stamped(undefined);
    metaOf(unstamped).delete('schemaVersion');
    expect(schemaProblem(unstamped)).toBeNull();
  });

  it('restoring a current version stamps the map current again', () => {
    const good = new Y.Doc();
    buildHairdresser(good);
    for (const value of [99, 'x']) {
      const doc = stamped(value);
      (nodesOf(doc) as Y.Map<unknown>).set('str', 'just a string');
      restoreContent(doc, good);
      expect(schemaProblem(doc)).toBeNull();
      expect(metaOf(doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
      expect(snapshotOf(doc).skipped).toEqual([]);
    }
    // A current map keeps its stamp as it is.
    const current = stamped(SCHEMA_VERSION);
    restoreContent(current, good);
    expect(metaOf(current).get('schemaVersion')).toBe(SCHEMA_VERSION);
  });
});
