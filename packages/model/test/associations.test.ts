import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { restoreContent } from '../src/history.js';
import {
  EDGE_SPECS,
  addAssociations,
  addExternalAssociations,
  addNode,
  checkMap,
  connect,
  edgesOf,
  extractFragment,
  graphOf,
  initMapDocument,
  insertFragment,
  migrate,
  nodesOf,
  relationBetween,
  snapshotOf,
} from '../src/index.js';

function map() {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: 'Associations', createdAt: 1 });
  const q = addNode(doc, { kind: 'qualification', title: 'Hairdresser', position: { x: 0, y: 0 } });
  const wa = addNode(doc, { kind: 'workAction', code: 'WA 1', title: 'Wash hair', position: { x: 0, y: 200 } });
  const lo = addNode(doc, { kind: 'learningOutcome', code: 'LO 1', title: 'Explain washing', position: { x: 0, y: 400 } });
  connect(doc, { kind: 'childOf', source: wa, target: q });
  return { doc, q, wa, lo };
}

const EXTERNAL = { type: 'exactMatchOf', destinationIdentifier: '5b6c487e-04f1-5ba9-9722-d099849b9167', destinationUri: 'http://example.org/uri/5b6c487e', title: 'Destination' };

describe('CASE associations kept on the map', () => {
  it('association edges carry their type, sequence number and identifier; several types may join two nodes', () => {
    const { doc, wa, lo } = map();
    const results = addAssociations(doc, [
      { source: wa, target: lo, type: 'precedes', sequenceNumber: 2, sourceId: 'a-1' },
      { source: wa, target: lo, type: 'isRelatedTo' },
      { source: wa, target: lo, type: 'precedes' },
      { source: wa, target: wa, type: 'isPeerOf' },
      { source: wa, target: lo, type: 'not a type' },
      { source: wa, target: 'nobody', type: 'exemplar' },
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'ok', 'duplicate-edge', 'self-loop', 'invalid-value', 'node-not-found']);
    const edges = snapshotOf(doc).edges.filter((e) => e.kind === 'association');
    expect(edges.map(({ id: _id, ...edge }) => edge)).toEqual([
      { kind: 'association', source: wa, target: lo, associationType: 'precedes', sequenceNumber: 2, sourceId: 'a-1' },
      { kind: 'association', source: wa, target: lo, associationType: 'isRelatedTo' },
    ]);
  });

  it('drawing a line never makes one, connect refuses one, and the checks and the tree ignore them', () => {
    const { doc, q, wa, lo } = map();
    expect(EDGE_SPECS.association.typed).toBe(true);
    // a unit and a work action have no relation: dragging between them stays refused
    const unit = addNode(doc, { kind: 'unit', title: 'U', position: { x: 0, y: 0 } });
    expect(relationBetween({ id: unit, kind: 'unit' }, { id: wa, kind: 'workAction' }).ok).toBe(false);
    expect(connect(doc, { kind: 'association', source: wa, target: lo })).toMatchObject({ ok: false, reason: 'kinds-mismatch' });
    const before = checkMap(snapshotOf(doc));
    addAssociations(doc, [{ source: lo, target: wa, type: 'ext:teaches' }, { source: wa, target: q, type: 'isChildOf' }]);
    const snapshot = snapshotOf(doc);
    const graph = graphOf(snapshot);
    expect(graph.covers(lo.toString())).toEqual([]);
    expect(graph.parentsOf(wa).map((n) => n.id)).toEqual([q]);
    expect(graph.linksOf('association')).toHaveLength(2);
    expect(checkMap(snapshot).issues.map((i) => i.code)).toEqual(before.issues.map((i) => i.code));
  });

  it('an association edge without its type is skipped by the reader, as an unreadable edge', () => {
    const { doc, wa, lo } = map();
    const edge = new Y.Map<unknown>();
    edgesOf(doc).set('bare', edge);
    edge.set('kind', 'association');
    edge.set('source', wa);
    edge.set('target', lo);
    const snapshot = snapshotOf(doc);
    expect(snapshot.edges.some((e) => e.id === 'bare')).toBe(false);
    expect(snapshot.skipped).toContainEqual({ id: 'bare', item: 'edge', reason: 'bad-edge' });
  });

  it('external associations are checked, appended and read; bad entries stored by another client are left out', () => {
    const { doc, wa } = map();
    expect(addExternalAssociations(doc, wa, [EXTERNAL, { type: 'exemplar', destinationUri: 'https://example.org/task/1', sequenceNumber: 1 }])).toEqual({ ok: true, value: 2 });
    expect(addExternalAssociations(doc, wa, [{ type: 'precedes' }])).toMatchObject({ ok: false, reason: 'invalid-value' });
    expect(addExternalAssociations(doc, wa, [{ type: 'precedes', destinationUri: 'x', originUri: 'y' }])).toMatchObject({ ok: false });
    expect(addExternalAssociations(doc, wa, [{ type: 'bad type', destinationUri: 'x' }])).toMatchObject({ ok: false });
    expect(addExternalAssociations(doc, 'nobody', [EXTERNAL])).toMatchObject({ ok: false, reason: 'node-not-found' });
    (nodesOf(doc).get(wa)!.get('externalAssociations') as Y.Array<unknown>).push(['junk', { type: 7 }]);
    const node = snapshotOf(doc).nodes.find((n) => n.id === wa)!;
    expect(node.externalAssociations).toEqual([EXTERNAL, { type: 'exemplar', destinationUri: 'https://example.org/task/1', sequenceNumber: 1 }]);
  });

  it('a restore brings associations back as the version had them, and a copy carries them along', () => {
    const { doc, wa, lo } = map();
    addAssociations(doc, [{ source: wa, target: lo, type: 'precedes', sequenceNumber: 3 }]);
    addExternalAssociations(doc, lo, [EXTERNAL]);
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(doc));
    for (const [id, edge] of edgesOf(doc)) if (edge.get('kind') === 'association') edgesOf(doc).delete(id);
    nodesOf(doc).get(lo)!.delete('externalAssociations');
    restoreContent(doc, version);
    expect(snapshotOf(doc)).toEqual(snapshotOf(version));

    const copy = insertFragment(doc, extractFragment(doc, [wa, lo]), { x: 500, y: 0 });
    const pasted = snapshotOf(doc).edges.filter((e) => e.kind === 'association' && copy.includes(e.source));
    expect(pasted.map((e) => [e.associationType, e.sequenceNumber, e.target === copy[1]])).toEqual([['precedes', 3, true]]);
  });

  it('needs no migration: a current document with associations stays at its schema version', () => {
    const { doc, wa, lo } = map();
    addAssociations(doc, [{ source: wa, target: lo, type: 'precedes' }]);
    expect(migrate(doc)).toEqual({ ok: true, from: 3, to: 3 });
  });
});
