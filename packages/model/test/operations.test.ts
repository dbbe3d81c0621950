import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MapView,
  RefusalReason,
  addNode,
  connect,
  edgesOf,
  initMapDocument,
  moveNodes,
  nodesOf,
  readMeta,
  removeElements,
  setMapTitle,
  setNodeTitle,
  SCHEMA_VERSION,
} from '../src/index.js';
import { twoPeers } from './peers.js';

describe('document shape', () => {
  it('stores a node as a Y.Map with a kind, a Y.Text title and a nested position map', () => {
    const doc = new Y.Doc();
    const id = addNode(doc, { kind: 'workAction', title: 'Cut hair', position: { x: 10, y: 20 } });
    const node = nodesOf(doc).get(id)!;
    expect(node.get('kind')).toBe('workAction');
    expect(node.get('title')).toBeInstanceOf(Y.Text);
    expect((node.get('title') as Y.Text).toString()).toBe('Cut hair');
    const position = node.get('position') as Y.Map<number>;
    expect(position).toBeInstanceOf(Y.Map);
    expect(position.toJSON()).toEqual({ x: 10, y: 20 });
  });

  it('stamps new maps with the schema version and title', () => {
    const doc = new Y.Doc();
    initMapDocument(doc, { title: 'Hairdresser', createdAt: 5 });
    expect(readMeta(doc)).toEqual({ schemaVersion: SCHEMA_VERSION, title: 'Hairdresser', createdAt: 5, language: 'en' });
    setMapTitle(doc, 'Barber');
    expect(readMeta(doc).title).toBe('Barber');
  });
});

describe('concurrent edits between two peers', () => {
  it('keeps both people’s words when they type into one title at once', () => {
    const { a, b, sync } = twoPeers();
    const id = addNode(a, { kind: 'workAction', title: 'Cut hair', position: { x: 0, y: 0 } });
    sync();
    setNodeTitle(a, id, 'Cut and style hair');
    setNodeTitle(b, id, 'Cut hair safely');
    sync();
    const titleA = (nodesOf(a).get(id)!.get('title') as Y.Text).toString();
    const titleB = (nodesOf(b).get(id)!.get('title') as Y.Text).toString();
    expect(titleA).toBe(titleB);
    expect(titleA).toBe('Cut and style hair safely');
  });

  it('merges a move of x by one person and of y by another', () => {
    const { a, b, sync } = twoPeers();
    const id = addNode(a, { kind: 'workAction', title: 'x', position: { x: 0, y: 0 } });
    sync();
    moveNodes(a, [{ id, position: { x: 100, y: 0 } }]);
    moveNodes(b, [{ id, position: { x: 0, y: 50 } }]);
    sync();
    for (const doc of [a, b]) {
      expect((nodesOf(doc).get(id)!.get('position') as Y.Map<number>).toJSON()).toEqual({ x: 100, y: 50 });
    }
  });

  it('hides an edge whose node a peer deleted while another peer connected it', () => {
    const { a, b, sync } = twoPeers();
    const n1 = addNode(a, { kind: 'workAction', title: '1', position: { x: 0, y: 0 } });
    const n2 = addNode(a, { kind: 'keyFunction', title: '2', position: { x: 0, y: 0 } });
    sync();
    removeElements(a, { nodeIds: [n1] });
    const edge = connect(b, { kind: 'childOf', source: n1, target: n2 });
    expect(edge.ok).toBe(true);
    sync();
    const view = new MapView(a);
    expect(view.snapshot.edges).toEqual([]);
    expect(view.snapshot.skipped).toEqual([{ id: edge.ok ? edge.value : '', item: 'edge', reason: 'missing-node' }]);
    view.destroy();
  });
});

describe('operations', () => {
  it('writes nothing when a node is dropped where it already is', () => {
    const doc = new Y.Doc();
    const id = addNode(doc, { kind: 'workAction', position: { x: 1, y: 2 } });
    let updates = 0;
    doc.on('update', () => updates++);
    moveNodes(doc, [{ id, position: { x: 1, y: 2 } }]);
    expect(updates).toBe(0);
    moveNodes(doc, [{ id, position: { x: 3, y: 2 } }]);
    expect(updates).toBe(1);
  });

  it('moves many nodes in one update', () => {
    const doc = new Y.Doc();
    const ids = [0, 1, 2].map((i) => addNode(doc, { kind: 'workAction', position: { x: i, y: 0 } }));
    let updates = 0;
    doc.on('update', () => updates++);
    moveNodes(doc, ids.map((id, i) => ({ id, position: { x: i + 10, y: 5 } })));
    expect(updates).toBe(1);
  });

  it('refuses edges to missing nodes, to itself, and duplicates', () => {
    const doc = new Y.Doc();
    const n1 = addNode(doc, { kind: 'workAction', position: { x: 0, y: 0 } });
    const n2 = addNode(doc, { kind: 'keyFunction', position: { x: 0, y: 0 } });
    expect(connect(doc, { kind: 'childOf', source: n1, target: 'nope' })).toMatchObject({ ok: false, reason: RefusalReason.NodeNotFound });
    expect(connect(doc, { kind: 'childOf', source: n1, target: n1 })).toMatchObject({ ok: false, reason: RefusalReason.SelfLoop });
    expect(connect(doc, { kind: 'childOf', source: n1, target: n2 }).ok).toBe(true);
    expect(connect(doc, { kind: 'childOf', source: n1, target: n2 })).toMatchObject({ ok: false, reason: RefusalReason.DuplicateEdge });
    expect(edgesOf(doc).size).toBe(1);
  });

  it('deletes a node together with every edge touching it, in one update', () => {
    const doc = new Y.Doc();
    const n1 = addNode(doc, { kind: 'workAction', position: { x: 0, y: 0 } });
    const n2 = addNode(doc, { kind: 'keyFunction', position: { x: 0, y: 0 } });
    const n3 = addNode(doc, { kind: 'learningOutcome', position: { x: 0, y: 0 } });
    const n4 = addNode(doc, { kind: 'workAction', position: { x: 0, y: 0 } });
    connect(doc, { kind: 'childOf', source: n1, target: n2 });
    connect(doc, { kind: 'covers', source: n3, target: n1 });
    const keep = connect(doc, { kind: 'covers', source: n3, target: n4 });
    expect(keep.ok).toBe(true);
    let updates = 0;
    doc.on('update', () => updates++);
    removeElements(doc, { nodeIds: [n1] });
    expect(updates).toBe(1);
    expect(nodesOf(doc).has(n1)).toBe(false);
    expect(Array.from(edgesOf(doc).keys())).toEqual([keep.ok ? keep.value : '']);
  });

  it('tags every change with the caller’s origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
    const me = { user: 'me' };
    const id = addNode(doc, { kind: 'workAction', position: { x: 0, y: 0 } }, me);
    setNodeTitle(doc, id, 'hello', me);
    moveNodes(doc, [{ id, position: { x: 1, y: 1 } }], me);
    removeElements(doc, { nodeIds: [id] }, me);
    expect(origins).toEqual([me, me, me, me]);
  });
});

describe('MapView', () => {
  it('re-reads only the nodes a change touched', () => {
    const doc = new Y.Doc();
    const n1 = addNode(doc, { kind: 'workAction', title: 'one', position: { x: 0, y: 0 } });
    const n2 = addNode(doc, { kind: 'workAction', title: 'two', position: { x: 0, y: 0 } });
    const view = new MapView(doc);
    const before = view.snapshot;
    const seen: number[] = [];
    view.subscribe((s) => seen.push(s.nodes.length));
    setNodeTitle(doc, n1, 'one!');
    const after = view.snapshot;
    expect(after).not.toBe(before);
    const byId = (s: typeof after, id: string) => s.nodes.find((n) => n.id === id);
    expect(byId(after, n1)!.title).toBe('one!');
    expect(byId(after, n2)).toBe(byId(before, n2));
    moveNodes(doc, [{ id: n2, position: { x: 5, y: 6 } }]);
    expect(byId(view.snapshot, n2)!.position).toEqual({ x: 5, y: 6 });
    expect(byId(view.snapshot, n1)).toBe(byId(after, n1));
    removeElements(doc, { nodeIds: [n1] });
    expect(view.snapshot.nodes.map((n) => n.id)).toEqual([n2]);
    expect(seen).toEqual([2, 2, 1]);
    view.destroy();
    addNode(doc, { kind: 'workAction', position: { x: 0, y: 0 } });
    expect(seen).toEqual([2, 2, 1]);
  });

  it('keeps the very same edge list while only nodes move or change text, and re-reads it when nodes come or go', () => {
    const doc = new Y.Doc();
    const parent = addNode(doc, { kind: 'keyFunction', title: 'KF', position: { x: 0, y: 0 } });
    const child = addNode(doc, { kind: 'workAction', title: 'WA', position: { x: 0, y: 100 } });
    expect(connect(doc, { kind: 'childOf', source: child, target: parent }).ok).toBe(true);
    const view = new MapView(doc);
    const edges = view.snapshot.edges;
    expect(edges).toHaveLength(1);
    moveNodes(doc, [{ id: child, position: { x: 40, y: 120 } }]);
    setNodeTitle(doc, parent, 'KF!');
    expect(view.snapshot.edges).toBe(edges);
    removeElements(doc, { nodeIds: [child] });
    expect(view.snapshot.edges).toEqual([]);
    view.destroy();
  });

  it('follows changes that arrive from a peer', () => {
    const { a, b, sync } = twoPeers();
    const view = new MapView(b);
    const id = addNode(a, { kind: 'unit', title: 'U 1', position: { x: 0, y: 0 } });
    sync();
    expect(view.snapshot.nodes).toEqual([{ id, kind: 'unit', code: 'U 1', title: 'U 1', position: { x: 0, y: 0 } }]);
    view.destroy();
  });
});
