import { addNode, connect, diffSnapshots, initMapDocument, moveNodes, nodesOf, removeElements, setField, setNodeTitle, snapshotOf } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { VersionInfo } from '../src/api';
import type { MapFlowEdge, MapFlowNode } from '../src/editor/flow-state';
import { compareDocs, diffClasses, diffEdgeClasses, groupByDay, inOrder, versionLabel, withDiffClasses, withEdgeDiffClasses } from '../src/history/compare';

function copy(doc: Y.Doc): Y.Doc {
  const next = new Y.Doc();
  Y.applyUpdate(next, Y.encodeStateAsUpdate(doc));
  return next;
}

/** A small map, and the same map after a round of edits of every sort. */
function twoStates() {
  const before = new Y.Doc();
  initMapDocument(before, { title: 'Hairdresser', createdAt: 1 });
  const fn = addNode(before, { kind: 'mainFunction', code: 'MF 1', title: 'Care for hair', position: { x: 0, y: 0 } });
  const wash = addNode(before, { kind: 'workAction', code: 'WA 1', title: 'Wash hair', position: { x: 0, y: 200 } });
  const cut = addNode(before, { kind: 'workAction', code: 'WA 2', title: 'Cut hair', position: { x: 300, y: 200 } });
  const dry = addNode(before, { kind: 'workAction', code: 'WA 3', title: 'Dry hair', position: { x: 600, y: 200 } });
  const unit = addNode(before, { kind: 'unit', code: 'U 1', title: 'Cutting', position: { x: 0, y: 600 } });
  const outcome = addNode(before, { kind: 'learningOutcome', code: 'LO 1', title: 'Cut to a plan', position: { x: 0, y: 400 } });
  for (const source of [wash, cut, dry]) connect(before, { kind: 'childOf', source, target: fn });
  connect(before, { kind: 'partOf', source: outcome, target: unit, position: { x: 16, y: 64 } });
  const covers = connect(before, { kind: 'covers', source: outcome, target: cut });

  const after = copy(before);
  const greet = addNode(after, { kind: 'workAction', code: 'WA 4', title: 'Greet the client', position: { x: 900, y: 200 } });
  setNodeTitle(after, wash, 'Wash and condition hair');
  moveNodes(after, [{ id: wash, position: { x: 10, y: 200 } }, { id: dry, position: { x: 650, y: 250 } }]);
  removeElements(after, { nodeIds: [cut, outcome] });
  return { before, after, ids: { fn, wash, cut, dry, unit, outcome, greet, covers: covers.ok ? covers.value : '' } };
}

describe('diffClasses', () => {
  it('gives each differing node one highlight: added, removed, changed (even if also moved) or moved', () => {
    const { before, after, ids } = twoStates();
    const classes = diffClasses(diffSnapshots(snapshotOf(before), snapshotOf(after)));
    expect(Object.fromEntries(classes)).toEqual({
      [ids.greet]: 'added',
      [ids.cut]: 'removed',
      [ids.outcome]: 'removed',
      [ids.wash]: 'changed',
      [ids.dry]: 'moved',
    });
  });

  it('highlights nothing between equal states', () => {
    const { before } = twoStates();
    expect(diffClasses(diffSnapshots(snapshotOf(before), snapshotOf(copy(before)))).size).toBe(0);
  });

  it('marks added and removed links', () => {
    const { before, after, ids } = twoStates();
    const edges = diffEdgeClasses(diffSnapshots(snapshotOf(before), snapshotOf(after)));
    expect(edges.get(ids.covers)).toBe('removed');
    expect([...edges.values()].every((c) => c === 'removed')).toBe(true);
  });
});

describe('withDiffClasses', () => {
  const node = (id: string, className?: string) => ({ id, position: { x: 0, y: 0 }, data: {}, ...(className ? { className } : {}) }) as unknown as MapFlowNode;

  it('puts the class on highlighted nodes and keeps the others as they are (same objects)', () => {
    const plain = node('a');
    const styled = node('b', 'other');
    const result = withDiffClasses([plain, styled, node('c')], new Map([['b', 'added' as const], ['c', 'removed' as const]]));
    expect(result[0]).toBe(plain);
    expect(result[1]!.className).toBe('other history-diff history-diff--added');
    expect(result[2]!.className).toBe('history-diff history-diff--removed');
    // Applying again to its own output neither stacks classes nor copies needlessly.
    const again = withDiffClasses(result, new Map([['b', 'added' as const], ['c', 'removed' as const]]));
    expect(again[1]).toBe(result[1]);
    expect(withDiffClasses(result, new Map())[1]!.className).toBe('other');
  });

  it('does the same for edges', () => {
    const edge = { id: 'e', source: 'a', target: 'b', className: 'map-edge' } as MapFlowEdge;
    expect(withEdgeDiffClasses([edge], new Map([['e', 'removed' as const]]))[0]!.className).toBe('map-edge history-diff history-diff--removed');
    expect(withEdgeDiffClasses([edge], new Map())[0]).toBe(edge);
  });
});

describe('compareDocs', () => {
  it('draws the newer state with the removed nodes put back in place, and leaves both states untouched', () => {
    const { before, after, ids } = twoStates();
    const beforeState = Y.encodeStateAsUpdate(before);
    const afterState = Y.encodeStateAsUpdate(after);
    const { diff, doc, nodes } = compareDocs(before, after);

    expect(diff.removed.map((n) => n.code)).toEqual(['LO 1', 'WA 2']);
    const drawn = snapshotOf(doc);
    expect(drawn.nodes.map((n) => n.id).sort()).toEqual([ids.fn, ids.wash, ids.cut, ids.dry, ids.unit, ids.outcome, ids.greet].sort());
    // The removed ones read as they were, where they were: the outcome inside its unit.
    const cut = drawn.nodes.find((n) => n.id === ids.cut)!;
    expect(cut).toMatchObject({ title: 'Cut hair', position: { x: 300, y: 200 } });
    expect(drawn.edges.some((e) => e.kind === 'partOf' && e.source === ids.outcome && e.target === ids.unit)).toBe(true);
    expect(drawn.nodes.find((n) => n.id === ids.outcome)!.position).toEqual({ x: 16, y: 64 });
    expect(drawn.edges.some((e) => e.kind === 'childOf' && e.source === ids.cut && e.target === ids.fn)).toBe(true);
    // Nodes present in both read as in the newer state.
    expect(drawn.nodes.find((n) => n.id === ids.wash)!.title).toBe('Wash and condition hair');
    expect(nodes.find((n) => n.id === ids.wash)!.title).toBe('Wash and condition hair');
    expect(nodes.some((n) => n.id === ids.cut)).toBe(true);

    expect(Y.encodeStateAsUpdate(before)).toEqual(beforeState);
    expect(Y.encodeStateAsUpdate(after)).toEqual(afterState);
  });

  it('never moves a present node under a removed one', () => {
    const before = new Y.Doc();
    const oldParent = addNode(before, { kind: 'mainFunction', code: 'MF 1', title: 'Old', position: { x: 0, y: 0 } });
    const newParent = addNode(before, { kind: 'mainFunction', code: 'MF 2', title: 'New', position: { x: 300, y: 0 } });
    const action = addNode(before, { kind: 'workAction', code: 'WA 1', title: 'Act', position: { x: 0, y: 200 } });
    connect(before, { kind: 'childOf', source: action, target: oldParent });
    const after = copy(before);
    connect(after, { kind: 'childOf', source: action, target: newParent }); // replaces the old link
    removeElements(after, { nodeIds: [oldParent] });

    const { doc } = compareDocs(before, after);
    const parents = snapshotOf(doc).edges.filter((e) => e.kind === 'childOf' && e.source === action).map((e) => e.target);
    expect(parents).toEqual([newParent]);
    expect(nodesOf(doc).has(oldParent)).toBe(true);
  });

  it('is the newer state itself when nothing was removed', () => {
    const before = new Y.Doc();
    const a = addNode(before, { kind: 'unit', code: 'U 1', title: 'A', position: { x: 0, y: 0 } });
    const after = copy(before);
    setField(after, a, 'points', 5);
    const { diff, doc } = compareDocs(before, after);
    expect(diff.changed.map((c) => c.fields)).toEqual([['points']]);
    expect(snapshotOf(doc).nodes).toEqual(snapshotOf(after).nodes);
  });
});

describe('versionLabel', () => {
  it('translates the names the server gives, and only those', () => {
    expect(versionLabel({ name: 'Automatic checkpoint', auto: true })).toEqual({ key: 'history.autoCheckpoint' });
    expect(versionLabel({ name: 'Before restoring “After workshop 1”', auto: true })).toEqual({ key: 'history.beforeRestoring', name: 'After workshop 1' });
    // Somebody may well name their own version like that: theirs is shown as typed.
    expect(versionLabel({ name: 'Automatic checkpoint', auto: false })).toEqual({ text: 'Automatic checkpoint' });
    expect(versionLabel({ name: 'Before restoring “x”', auto: false })).toEqual({ text: 'Before restoring “x”' });
    expect(versionLabel({ name: 'После семинара 1', auto: false })).toEqual({ text: 'После семинара 1' });
  });
});

describe('timeline helpers', () => {
  const version = (id: string, createdAt: number): VersionInfo => ({ id, name: id, createdAt, auto: false });

  it('orders a comparison from the older to the newer, the live map last', () => {
    const old = version('old', 1);
    const recent = version('recent', 2);
    expect(inOrder(recent, old)).toEqual([old, recent]);
    expect(inOrder(old, recent)).toEqual([old, recent]);
    expect(inOrder(recent, null)).toEqual([recent, null]);
  });

  it('groups versions (newest first) under the local day they were saved', () => {
    const day = (d: number, h: number) => new Date(2025, 4, d, h).getTime();
    const groups = groupByDay([version('c', day(13, 9)), version('b', day(12, 18)), version('a', day(12, 8))]);
    expect(groups.map((g) => [g.day, g.versions.map((v) => v.id)])).toEqual([
      ['2025-05-13', ['c']],
      ['2025-05-12', ['b', 'a']],
    ]);
  });
});
