import { buildHairdresser, MapView, type MapEdge, type MapNode } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { foldOf, isOutlined, mergeEdges, mergeNodes, SIDE_IN, SIDE_OUT, type EdgeMergeMemo, type FlowInput, type MapFlowNode } from '../src/editor/flow-state';
import { openingFit, READABLE_ZOOM, viewportFor } from '../src/editor/opening-view';

const node = (id: string, kind: string, x = 0): MapNode => ({ id, kind, code: '', title: id, position: { x, y: 0 } });
const childOf = (source: string, target: string): MapEdge => ({ id: `${source}>${target}`, kind: 'childOf', source, target });

// q ← kf ← mf ← (wa1, wa2); lo covers wa1
const nodes = [node('q', 'qualification'), node('kf', 'keyFunction'), node('mf', 'mainFunction'), node('wa1', 'workAction'), node('wa2', 'workAction'), node('lo', 'learningOutcome')];
const edges: MapEdge[] = [childOf('kf', 'q'), childOf('mf', 'kf'), childOf('wa1', 'mf'), childOf('wa2', 'mf'), { id: 'lo>wa1', kind: 'covers', source: 'lo', target: 'wa1' }];
const input = (collapsed: string[], extra: Partial<FlowInput> = {}): FlowInput => ({
  nodes,
  edges,
  lens: 'teacher',
  badges: new Map([
    ['wa1', { errors: 1, warnings: 0 }],
    ['wa2', { errors: 0, warnings: 2 }],
  ]),
  fold: foldOf(nodes, edges, new Set(collapsed)),
  ...extra,
});
const byId = (list: readonly MapFlowNode[]) => new Map(list.map((n) => [n.id, n]));

describe('folding branches on the canvas', () => {
  it('hides what a folded node holds and says how much, with the checks it would hide', () => {
    const flow = byId(mergeNodes([], input(['kf'])));
    expect(['mf', 'wa1', 'wa2'].map((id) => flow.get(id)!.hidden)).toEqual([true, true, true]);
    expect(flow.get('kf')).toMatchObject({ hidden: false, data: { branch: { collapsed: true, hidden: 3, errors: 1, warnings: 2 } } });
    // Open branches can fold; a leaf cannot; the outcome is not in the tree and stays.
    expect(flow.get('q')!.data.branch).toEqual({ collapsed: false, hidden: 0, errors: 0, warnings: 0 });
    expect(flow.get('wa1')!.data.branch).toBeNull();
    expect(flow.get('lo')!.hidden).toBe(false);
  });

  it('hides the lines into a folded branch and shows them again when it opens', () => {
    const folded = mergeEdges([], { edges, lens: 'teacher', fold: foldOf(nodes, edges, new Set(['mf'])) });
    expect(folded.filter((e) => e.hidden).map((e) => e.id).sort()).toEqual(['lo>wa1', 'wa1>mf', 'wa2>mf']);
    const open = mergeEdges(folded, { edges, lens: 'teacher', fold: foldOf(nodes, edges, new Set()) });
    expect(open.filter((e) => e.hidden)).toEqual([]);
  });

  it('unselects what it folds away, so that Delete cannot reach it', () => {
    const first = mergeNodes([], input([]));
    const selected = first.map((n) => (n.id === 'wa2' || n.id === 'kf' ? { ...n, selected: true } : n));
    const flow = byId(mergeNodes(selected, input(['mf'])));
    expect(flow.get('wa2')!.selected).toBe(false);
    expect(flow.get('kf')!.selected).toBe(true);
  });

  it('offers no folding where no fold is given (versions, pictures)', () => {
    const flow = mergeNodes([], { ...input([]), fold: undefined });
    expect(flow.every((n) => n.data.branch === null)).toBe(true);
  });
});

describe('the outline’s brackets', () => {
  it('hang a child stacked under its parent from the left side, and leave other links top to bottom', () => {
    const kf = { ...node('kf', 'keyFunction'), position: { x: 100, y: 200 } };
    const mf = { ...node('mf', 'mainFunction'), position: { x: 124, y: 320 } };
    const q = { ...node('q', 'qualification'), position: { x: 400, y: 0 } };
    expect(isOutlined(kf, mf)).toBe(true);
    expect(isOutlined(q, kf)).toBe(false); // a column beside the qualification, not under it
    expect(isOutlined(mf, kf)).toBe(false);
    const lines = mergeEdges([], { edges: [childOf('mf', 'kf'), childOf('kf', 'q')], nodes: [q, kf, mf], lens: 'teacher' });
    expect(lines.map((e) => [e.sourceHandle, e.targetHandle])).toEqual([
      [SIDE_OUT, SIDE_IN],
      [null, null],
    ]);
    // Moved out from under its parent, the child is linked top to bottom again.
    const moved = mergeEdges(lines, { edges: [childOf('mf', 'kf'), childOf('kf', 'q')], nodes: [q, kf, { ...mf, position: { x: 600, y: 320 } }], lens: 'teacher' });
    expect(moved[0]!.sourceHandle).toBeNull();
  });

  it('looks again only at the lines of a node that moved, and agrees with a full merge', () => {
    const kf = { ...node('kf', 'keyFunction'), position: { x: 100, y: 200 } };
    const mf = { ...node('mf', 'mainFunction'), position: { x: 124, y: 320 } };
    const q = { ...node('q', 'qualification'), position: { x: 400, y: 0 } };
    const edges = [childOf('mf', 'kf'), childOf('kf', 'q')];
    const memo: EdgeMergeMemo = {};
    const lines = mergeEdges([], { edges, nodes: [q, kf, mf], lens: 'teacher' }, undefined, memo);
    // The qualification moves: no line's bracket changes, so the very same array.
    const qMoved = [{ ...q, position: { x: 500, y: 0 } }, kf, mf];
    expect(mergeEdges(lines, { edges, nodes: qMoved, lens: 'teacher' }, undefined, memo)).toBe(lines);
    // The main function moves out from under its parent: its line alone is new.
    const mfMoved = [qMoved[0]!, kf, { ...mf, position: { x: 600, y: 320 } }];
    const moved = mergeEdges(lines, { edges, nodes: mfMoved, lens: 'teacher' }, undefined, memo);
    expect(moved[0]!.sourceHandle).toBeNull();
    expect(moved[1]).toBe(lines[1]);
    expect(moved).toEqual(mergeEdges([], { edges, nodes: mfMoved, lens: 'teacher' }));
    // And back under it.
    const back = mergeEdges(moved, { edges, nodes: [qMoved[0]!, kf, mf], lens: 'teacher' }, undefined, memo);
    expect(back[0]!.sourceHandle).toBe(SIDE_OUT);
  });
});

describe('where a map opens', () => {
  const pane = { width: 1060, height: 720 };

  it('shows a small map whole', () => {
    expect(openingFit({ nodes: nodes.map((n, i) => ({ ...n, position: { x: i * 60, y: i * 40 } })), edges }, 'teacher', pane).nodes).toBeUndefined();
  });

  it('opens the hairdresser sample on its qualification and key functions at a readable zoom', () => {
    const doc = new Y.Doc();
    buildHairdresser(doc);
    const snapshot = new MapView(doc).snapshot;
    const fit = openingFit(snapshot, 'teacher', pane);
    const kinds = fit.nodes!.map((id) => snapshot.nodes.find((n) => n.id === id)!.kind);
    expect(kinds.filter((k) => k === 'qualification')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'keyFunction')).toHaveLength(7);
    expect(kinds).toHaveLength(8);
    // Seven columns do not fit a laptop's pane at a readable zoom: the view keeps the zoom and the qualification at the top.
    const view = viewportFor(fit.frame!, pane);
    expect(view.zoom).toBe(READABLE_ZOOM);
    const q = snapshot.nodes.find((n) => n.kind === 'qualification')!;
    const onScreen = { x: q.position.x * view.zoom + view.x, y: q.position.y * view.zoom + view.y };
    expect(onScreen.y).toBeGreaterThanOrEqual(0);
    expect(onScreen.y).toBeLessThan(pane.height * 0.2);
    expect(onScreen.x).toBeGreaterThan(0);
    expect(onScreen.x + 280 * view.zoom).toBeLessThan(pane.width);
  });
});

describe('merging lines when only a node changed', () => {
  it('gives back the very same array, and a new one once a line changes', () => {
    const first = mergeEdges([], { edges, nodes, lens: 'teacher' });
    const renamed = nodes.map((n) => (n.id === 'wa1' ? { ...n, title: 'Renamed' } : n));
    expect(mergeEdges(first, { edges, nodes: renamed, lens: 'teacher' })).toBe(first);
    expect(mergeEdges(first, { edges, nodes, lens: 'teacher', fold: foldOf(nodes, edges, new Set(['mf'])) })).not.toBe(first);
  });
});
