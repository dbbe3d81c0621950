import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffSnapshots, isEmptyDiff, restoreContent } from '../src/history.js';
import {
  addNode,
  connect,
  initMapDocument,
  moveNodes,
  nodesOf,
  removeElements,
  setField,
  setMapTitle,
  setNodeTitle,
  setTextField,
  snapshotOf,
  type MapSnapshot,
} from '../src/index.js';
import { twoPeers } from './peers.js';

const RESTORE = Symbol('restore');

/** A stored version: the document's whole state, read back into a separate document. */
function versionOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** What a restore must reproduce: everything but when and by which schema the document was made. */
function content(snapshot: MapSnapshot) {
  const { createdAt: _createdAt, schemaVersion: _schemaVersion, ...meta } = snapshot.meta;
  const byId = <T extends { id: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { meta, nodes: byId(snapshot.nodes), edges: byId(snapshot.edges), skipped: [...snapshot.skipped].sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

function sampleMap() {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: 'Hairdresser', createdAt: 1 });
  const wa2 = addNode(doc, { kind: 'workAction', code: 'WA 2', title: 'Wash hair', position: { x: 0, y: 0 }, fields: { performanceCriteria: ['Water is warm', 'Client is comfortable'] } });
  const wa10 = addNode(doc, { kind: 'workAction', code: 'WA 10', title: 'Cut hair', position: { x: 300, y: 0 } });
  const lo = addNode(doc, { kind: 'learningOutcome', code: 'LO 1', title: 'Cut hair to a plan', position: { x: 0, y: 200 }, fields: { domain: 'skills', eqfLevel: 4 } });
  const unit = addNode(doc, { kind: 'unit', code: 'U 1', title: 'Cutting', position: { x: 600, y: 200 }, fields: { points: 10 } });
  const covers = connect(doc, { kind: 'covers', source: lo, target: wa10 });
  if (!covers.ok) throw new Error(covers.message);
  return { doc, wa2, wa10, lo, unit, covers: covers.value };
}

describe('diffSnapshots', () => {
  it('lists added, removed, changed (with the fields) and moved nodes, and added and removed edges, by code', () => {
    const { doc, wa2, wa10, lo, unit, covers } = sampleMap();
    const before = snapshotOf(doc);
    const wa3 = addNode(doc, { kind: 'workAction', code: 'WA 3', title: 'Dry hair', position: { x: 0, y: 400 } });
    const wa1 = addNode(doc, { kind: 'workAction', code: 'WA 1', title: 'Greet the client', position: { x: 0, y: 500 } });
    removeElements(doc, { nodeIds: [unit] });
    setNodeTitle(doc, wa10, 'Cut and style hair');
    setField(doc, wa2, 'performanceCriteria', ['Water is warm']);
    setField(doc, lo, 'eqfLevel', 5);
    moveNodes(doc, [{ id: wa2, position: { x: 5, y: 0 } }, { id: lo, position: { x: 0, y: 250 } }]);
    removeElements(doc, { edgeIds: [covers] });
    const link = connect(doc, { kind: 'covers', source: lo, target: wa2 });
    setMapTitle(doc, 'Barber');
    const after = snapshotOf(doc);

    const change = diffSnapshots(before, after);
    expect(change.added.map((n) => n.id)).toEqual([wa1, wa3]);
    expect(change.removed.map((n) => n.code)).toEqual(['U 1']);
    // WA 2 sorts before WA 10: codes compare by number, not as strings.
    expect(change.changed.map((c) => [c.after.code, c.fields])).toEqual([
      ['LO 1', ['eqfLevel']],
      ['WA 2', ['performanceCriteria']],
      ['WA 10', ['title']],
    ]);
    expect(change.changed[2]!.before.title).toBe('Cut hair');
    // A move is not a change of content; a node can be both.
    expect(change.moved.map((m) => m.after.code)).toEqual(['LO 1', 'WA 2']);
    expect(change.edgesAdded.map((e) => e.id)).toEqual([link.ok ? link.value : '']);
    expect(change.edgesRemoved.map((e) => e.id)).toEqual([covers]);
    expect(change.title).toEqual({ before: 'Hairdresser', after: 'Barber' });
    expect(isEmptyDiff(change)).toBe(false);
  });

  it('finds nothing between two readings of the same map, and is symmetric', () => {
    const { doc, wa10 } = sampleMap();
    const before = snapshotOf(doc);
    expect(isEmptyDiff(diffSnapshots(before, snapshotOf(versionOf(doc))))).toBe(true);
    setNodeTitle(doc, wa10, 'Cut');
    addNode(doc, { kind: 'unit', code: 'U 9', title: 'New', position: { x: 0, y: 0 } });
    const after = snapshotOf(doc);
    const forward = diffSnapshots(before, after);
    const backward = diffSnapshots(after, before);
    expect(backward.added).toEqual(forward.removed);
    expect(backward.removed).toEqual(forward.added);
    expect(backward.changed.map((c) => [c.before, c.after, c.fields])).toEqual(forward.changed.map((c) => [c.after, c.before, c.fields]));
  });

  it('reports a field that appeared or disappeared, and a changed code', () => {
    const { doc, lo } = sampleMap();
    const before = snapshotOf(doc);
    setField(doc, lo, 'bloomLevel', 'apply');
    setField(doc, lo, 'domain', undefined);
    setField(doc, lo, 'code', 'LO 7');
    expect(diffSnapshots(before, snapshotOf(doc)).changed.map((c) => c.fields)).toEqual([['code', 'domain', 'bloomLevel']]);
  });
});

describe('restoreContent', () => {
  it('brings nodes, edges and the title back as one new change, without rewriting history', () => {
    const { doc, wa2, wa10, lo, unit } = sampleMap();
    setTextField(doc, addNode(doc, { kind: 'qualification', code: 'Q 1', title: 'Hairdresser', position: { x: 0, y: -200 } }), 'keyPurpose', 'To serve clients');
    const version = versionOf(doc);
    const placed = connect(doc, { kind: 'partOf', source: lo, target: unit });
    expect(placed.ok).toBe(true);
    removeElements(doc, { nodeIds: [wa10] }); // also removes the covers link
    setNodeTitle(doc, wa2, 'Wash and condition hair');
    setField(doc, wa2, 'performanceCriteria', ['Client is comfortable', 'Towel ready']);
    setField(doc, lo, 'domain', 'knowledge');
    setField(doc, unit, 'points', 12);
    addNode(doc, { kind: 'workAction', code: 'WA 11', title: 'Sweep the floor', position: { x: 50, y: 50 } });
    setMapTitle(doc, 'Renamed');
    const qualification = [...nodesOf(doc).entries()].find(([, n]) => n.get('kind') === 'qualification')![0];
    setTextField(doc, qualification, 'keyPurpose', '');

    const stateBefore = Y.encodeStateVector(doc);
    const updates: Array<{ update: Uint8Array; origin: unknown }> = [];
    doc.on('update', (update: Uint8Array, origin: unknown) => updates.push({ update, origin }));
    restoreContent(doc, version, RESTORE);

    expect(updates).toHaveLength(1);
    expect(updates[0]!.origin).toBe(RESTORE);
    expect(content(snapshotOf(doc))).toEqual(content(snapshotOf(version)));
    // A client that holds the state before the restore catches up with that one update.
    const client = versionOf(doc);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc, stateBefore));
    expect(content(snapshotOf(client))).toEqual(content(snapshotOf(version)));
    // The version itself is untouched, and the restored node kept its id.
    expect(nodesOf(doc).has(wa10)).toBe(true);
    expect(content(snapshotOf(version)).nodes.find((n) => n.id === wa10)?.title).toBe('Cut hair');
  });

  it('writes nothing when the document already equals the version', () => {
    const { doc } = sampleMap();
    const version = versionOf(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    restoreContent(doc, version);
    expect(updates).toBe(0);
  });

  it('removes fields and codes the version did not have', () => {
    const { doc, lo } = sampleMap();
    const version = versionOf(doc);
    setField(doc, lo, 'bloomLevel', 'apply');
    setField(doc, lo, 'assessmentCriteria', ['Cuts to length']);
    setField(doc, lo, 'transversal', true);
    const extra = addNode(doc, { kind: 'workAction', code: '', title: '', position: { x: 0, y: 0 } });
    restoreContent(doc, version);
    expect(content(snapshotOf(doc))).toEqual(content(snapshotOf(version)));
    expect(nodesOf(doc).get(lo)!.has('bloomLevel')).toBe(false);
    expect(nodesOf(doc).has(extra)).toBe(false);
  });

  it('leaves what did not change alone: a peer’s concurrent edit elsewhere survives and both converge', () => {
    const { a, b, sync } = twoPeers();
    const { doc: built, wa2, wa10, lo } = sampleMap();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(built));
    sync();
    const version = versionOf(a);
    setNodeTitle(a, wa10, 'Cut and style');
    setField(a, lo, 'eqfLevel', 3);
    sync();

    // At the same time: a restores; b types into a title the restore does not touch, edits a
    // criterion and adds a node.
    restoreContent(a, version, RESTORE);
    setNodeTitle(b, wa2, 'Wash hair gently');
    setField(b, wa2, 'performanceCriteria', ['Water is warm', 'Client is comfortable', 'Scalp checked']);
    const added = addNode(b, { kind: 'workAction', code: 'WA 20', title: 'Book the next visit', position: { x: 0, y: 900 } });
    sync();

    expect(content(snapshotOf(a))).toEqual(content(snapshotOf(b)));
    const nodes = new Map(snapshotOf(a).nodes.map((n) => [n.id, n]));
    expect(nodes.get(wa10)!.title).toBe('Cut hair');
    expect(nodes.get(lo)!.eqfLevel).toBe(4);
    expect(nodes.get(wa2)!.title).toBe('Wash hair gently');
    expect(nodes.get(wa2)!.performanceCriteria).toEqual(['Water is warm', 'Client is comfortable', 'Scalp checked']);
    expect(nodes.has(added)).toBe(true);
  });

  it('converges when a peer types into a title that the restore changes back', () => {
    const { a, b, sync } = twoPeers();
    const { doc: built, wa10 } = sampleMap();
    Y.applyUpdate(a, Y.encodeStateAsUpdate(built));
    sync();
    const version = versionOf(a);
    setNodeTitle(a, wa10, 'Cut and style hair');
    sync();
    restoreContent(a, version);
    setNodeTitle(b, wa10, 'Cut and style hair quickly');
    sync();
    expect(content(snapshotOf(a))).toEqual(content(snapshotOf(b)));
    // The restore removed " and style"; b's concurrent insertion stays, as two people typing would.
    expect(snapshotOf(a).nodes.find((n) => n.id === wa10)!.title).toBe('Cut hair quickly');
  });
});

describe('restoreContent (property)', () => {
  type Op =
    | { op: 'add'; kind: 'workAction' | 'learningOutcome' | 'unit' | 'qualification'; title: string; x: number }
    | { op: 'remove'; pick: number }
    | { op: 'title'; pick: number; title: string }
    | { op: 'move'; pick: number; x: number; y: number }
    | { op: 'criteria'; pick: number; items: string[] }
    | { op: 'number'; pick: number; value: number }
    | { op: 'purpose'; pick: number; text: string }
    | { op: 'link'; from: number; to: number }
    | { op: 'unlink'; pick: number }
    | { op: 'mapTitle'; title: string };

  const text = fc.string({ maxLength: 12 });
  const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('add' as const), kind: fc.constantFrom('workAction' as const, 'learningOutcome' as const, 'unit' as const, 'qualification' as const), title: text, x: fc.integer({ min: -500, max: 500 }) }),
    fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('title' as const), pick: fc.nat(), title: text }),
    fc.record({ op: fc.constant('move' as const), pick: fc.nat(), x: fc.integer({ min: -500, max: 500 }), y: fc.integer({ min: -500, max: 500 }) }),
    fc.record({ op: fc.constant('criteria' as const), pick: fc.nat(), items: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 5 }) }),
    fc.record({ op: fc.constant('number' as const), pick: fc.nat(), value: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ op: fc.constant('purpose' as const), pick: fc.nat(), text }),
    fc.record({ op: fc.constant('link' as const), from: fc.nat(), to: fc.nat() }),
    fc.record({ op: fc.constant('unlink' as const), pick: fc.nat() }),
    fc.record({ op: fc.constant('mapTitle' as const), title: text }),
  );

  /** Applies an operation through the model's own functions; refusals are simply no change. */
  function apply(doc: Y.Doc, op: Op): void {
    const ids = [...nodesOf(doc).keys()].sort();
    const pick = (n: number) => ids[n % Math.max(1, ids.length)];
    const id = 'pick' in op ? pick(op.pick) : undefined;
    switch (op.op) {
      case 'add':
        addNode(doc, { kind: op.kind, title: op.title, position: { x: op.x, y: 0 } });
        return;
      case 'remove':
        if (id) removeElements(doc, { nodeIds: [id] });
        return;
      case 'title':
        if (id) setNodeTitle(doc, id, op.title);
        return;
      case 'move':
        if (id) moveNodes(doc, [{ id, position: { x: op.x, y: op.y } }]);
        return;
      case 'criteria':
        if (id) {
          setField(doc, id, 'performanceCriteria', op.items);
          setField(doc, id, 'assessmentCriteria', op.items);
        }
        return;
      case 'number':
        if (id) {
          setField(doc, id, 'eqfLevel', op.value);
          setField(doc, id, 'points', op.value * 5);
        }
        return;
      case 'purpose':
        if (id) setTextField(doc, id, 'keyPurpose', op.text);
        return;
      case 'link': {
        const source = pick(op.from);
        const target = pick(op.to);
        if (source && target) for (const kind of ['covers', 'partOf', 'childOf'] as const) connect(doc, { kind, source, target });
        return;
      }
      case 'unlink': {
        const edges = [...doc.getMap('edges').keys()].sort();
        const edge = edges[op.pick % Math.max(1, edges.length)];
        if (edge) removeElements(doc, { edgeIds: [edge] });
        return;
      }
      case 'mapTitle':
        setMapTitle(doc, op.title);
        return;
    }
  }

  const ops = fc.array(opArbitrary, { maxLength: 25 });

  it('makes the document read exactly as the version did', () => {
    fc.assert(
      fc.property(ops, ops, (toVersion, afterVersion) => {
        const doc = new Y.Doc();
        initMapDocument(doc, { title: 'Start', createdAt: 1 });
        for (const op of toVersion) apply(doc, op);
        const version = versionOf(doc);
        for (const op of afterVersion) apply(doc, op);
        restoreContent(doc, version);
        expect(content(snapshotOf(doc))).toEqual(content(snapshotOf(version)));
      }),
      { numRuns: 200 },
    );
  });

  it('converges with a peer that edits concurrently', () => {
    fc.assert(
      fc.property(ops, ops, ops, (toVersion, afterVersion, concurrent) => {
        const { a, b, sync } = twoPeers();
        initMapDocument(a, { title: 'Start', createdAt: 1 });
        for (const op of toVersion) apply(a, op);
        sync();
        const version = versionOf(a);
        for (const op of afterVersion) apply(b, op);
        sync();
        restoreContent(a, version);
        for (const op of concurrent) apply(b, op);
        sync();
        expect(content(snapshotOf(a))).toEqual(content(snapshotOf(b)));
        // Without a concurrent edit, the result is the version itself.
        if (concurrent.length === 0) expect(content(snapshotOf(a))).toEqual(content(snapshotOf(version)));
      }),
      { numRuns: 150 },
    );
  });
});
