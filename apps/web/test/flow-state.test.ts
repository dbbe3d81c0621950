import type { MapNode } from '@qms/model';
import { describe, expect, it } from 'vitest';
import { ASSOCIATION_EDGE_STYLE, mergeEdges, mergeNodes, sameNodeKinds, type FlowInput, type MapFlowNode, type MergeMemo } from '../src/editor/flow-state';
import { unitBlockSize } from '../src/editor/geometry';

const node = (id: string, x = 0, kind = 'workAction', title = id): MapNode => ({ id, kind, code: '', title, position: { x, y: 0 } });
const input = (nodes: MapNode[], extra: Partial<FlowInput> = {}): FlowInput => ({ nodes, edges: [], lens: 'teacher', badges: new Map(), ...extra });

describe('mergeNodes', () => {
  it('keeps local selection and measurements, takes position and data from the document', () => {
    const first = mergeNodes([], input([node('a'), node('b')]));
    const local: MapFlowNode[] = first.map((n) => (n.id === 'a' ? { ...n, selected: true, measured: { width: 220, height: 60 } } : n));
    const next = mergeNodes(local, input([node('a', 50), node('b')]));
    expect(next.find((n) => n.id === 'a')).toMatchObject({ selected: true, measured: { width: 220, height: 60 }, position: { x: 50, y: 0 } });
  });

  it('returns the very same object for a node nothing changed for', () => {
    const a = node('a');
    const b = node('b', 9);
    const first = mergeNodes([], input([a, node('b')]));
    const next = mergeNodes(first, input([a, b], { badges: new Map([['a', { errors: 0, warnings: 0 }]]) }));
    expect(next[0]).not.toBe(first[0]); // its badge appeared
    const again = mergeNodes(next, input([a, b], { badges: new Map([['a', { errors: 0, warnings: 0 }]]) }));
    expect(again[0]).toBe(next[0]); // equal badge, same node: same object
    expect(again[1]).toBe(next[1]);
  });

  it('redoes only the nodes someone else drags when nothing but their drag changed', () => {
    const nodes = [node('a'), node('b', 300), node('c', 600)];
    const base = input(nodes);
    const memo: MergeMemo = {};
    const first = mergeNodes([], base, memo);
    const dragging = mergeNodes(first, { ...base, remoteDrags: new Map([['b', { x: 310, y: 20 }]]) }, memo);
    expect(dragging[1]!.position).toEqual({ x: 310, y: 20 });
    expect(dragging[0]).toBe(first[0]);
    expect(dragging[2]).toBe(first[2]);
    // The same drag again (someone's cursor moved): the very same array.
    expect(mergeNodes(dragging, { ...base, remoteDrags: new Map([['b', { x: 310, y: 20 }]]) }, memo)).toBe(dragging);
    // The drag ends: back where the document has it, as a full merge would put it.
    const dropped = mergeNodes(dragging, { ...base, remoteDrags: new Map() }, memo);
    expect(dropped[1]!.position).toEqual({ x: 300, y: 0 });
    expect(dropped).toEqual(mergeNodes([], base));
    // Anything else changed (a selection outline): the whole merge runs, and still agrees.
    const selected = mergeNodes(dropped, { ...base, remoteSelections: new Map([['c', { colors: ['#f00'], names: ['Anna'] }]]) }, memo);
    expect(selected[2]!.data.remote).toEqual({ colors: ['#f00'], names: ['Anna'] });
  });

  it('tells when only positions or texts changed, not which nodes there are', () => {
    const nodes = [node('a'), node('b')];
    expect(sameNodeKinds(nodes, [node('a', 50, 'workAction', 'moved'), node('b')])).toBe(true);
    expect(sameNodeKinds(nodes, [node('a'), node('b', 0, 'learningOutcome')])).toBe(false);
    expect(sameNodeKinds(nodes, [node('b'), node('a')])).toBe(false);
    expect(sameNodeKinds(nodes, [node('a')])).toBe(false);
  });

  it('keeps the pointer’s position for a node this browser is dragging', () => {
    const first = mergeNodes([], input([node('a')]));
    const dragging: MapFlowNode[] = [{ ...first[0]!, dragging: true, position: { x: 120, y: 40 } }];
    expect(mergeNodes(dragging, input([node('a', 100)]))[0]!.position).toEqual({ x: 120, y: 40 });
  });

  it('draws a node someone else is dragging where their pointer has it, and outlines others’ selections', () => {
    const first = mergeNodes([], input([node('a', 10)]));
    const next = mergeNodes(first, input([first[0]!.data.node], {
      remoteDrags: new Map([['a', { x: 300, y: 40 }]]),
      remoteSelections: new Map([['a', { colors: ['#d9480f'], names: ['Boris'] }]]),
    }));
    expect(next[0]).toMatchObject({ position: { x: 300, y: 40 }, data: { remote: { names: ['Boris'] } } });
    // When the drag ends, the document's position is back in charge.
    expect(mergeNodes(next, input([first[0]!.data.node]))[0]!.position).toEqual({ x: 10, y: 0 });
  });

  it('drops nodes the document no longer has', () => {
    expect(mergeNodes(mergeNodes([], input([node('a'), node('b')])), input([node('b')])).map((n) => n.id)).toEqual(['b']);
  });

  it('draws an outcome inside its unit’s block, the block first and big enough to hold it', () => {
    const unit = node('u', 500, 'unit');
    const lo: MapNode = { ...node('lo', 0, 'learningOutcome'), position: { x: 16, y: 284 } };
    const nodes = mergeNodes([], input([lo, unit], { edges: [{ id: 'e', kind: 'partOf', source: 'lo', target: 'u' }] }));
    expect(nodes.map((n) => n.id)).toEqual(['u', 'lo']);
    expect(nodes[1]).toMatchObject({ parentId: 'u', position: { x: 16, y: 284 } });
    expect(nodes[0]!.height).toBeGreaterThanOrEqual(284 + 90);
    expect(nodes[0]!.width).toBe(252);
    expect(unitBlockSize([])).toEqual({ width: 252, height: 174 });
  });

  it('puts a card outside a unit above the lines React Flow lifts for cards inside units', () => {
    const nodes = mergeNodes([], input([node('wa'), node('lo', 0, 'learningOutcome'), node('u', 0, 'unit')], { edges: [{ id: 'e', kind: 'partOf', source: 'lo', target: 'u' }] }));
    const z = (id: string) => nodes.find((n) => n.id === id)!.zIndex;
    // A line to 'lo' is drawn at its z (its unit's + 1 = 1); 'wa' must be above it, 'u' below.
    expect(z('wa')).toBeGreaterThan(1);
    expect(z('u')).toBeUndefined();
    expect(z('lo')).toBeUndefined();
  });

  it('hides outcomes and units from the employer lens and tells whether each work action is taught', () => {
    const nodes = [node('wa1'), node('wa2'), node('lo', 0, 'learningOutcome'), node('u', 0, 'unit')];
    const edges = [{ id: 'c', kind: 'covers', source: 'lo', target: 'wa1' }];
    const employer = mergeNodes([], input(nodes, { edges, lens: 'employer' }));
    const byId = new Map(employer.map((n) => [n.id, n]));
    expect(byId.get('lo')!.hidden).toBe(true);
    expect(byId.get('u')!.hidden).toBe(true);
    expect(byId.get('wa1')!.hidden).toBe(false);
    expect(byId.get('wa1')!.data.taught).toBe(true);
    expect(byId.get('wa2')!.data.taught).toBe(false);
    const teacher = mergeNodes(employer, input(nodes, { edges, lens: 'teacher' }));
    expect(teacher.every((n) => !n.hidden)).toBe(true);
  });
});

describe('mergeEdges', () => {
  it('styles edges by kind, names only matches, and keeps local selection', () => {
    const edge = { id: 'e', kind: 'covers', source: 'a', target: 'b' };
    const first = mergeEdges([], { edges: [edge, { id: 'm', kind: 'matches', source: 'u1', target: 'u2' }], lens: 'teacher' }, (kind) => `label:${kind}`);
    // Drawn top-down: from the covered work action (b) to the outcome (a).
    expect(first[0]).toMatchObject({ source: 'b', target: 'a', className: 'map-edge map-edge--covers', hidden: false });
    expect(first[0]!.label).toBeUndefined();
    expect(first[1]!.label).toBe('label:matches');
    const next = mergeEdges([{ ...first[0]!, selected: true }], { edges: [{ ...edge, target: 'c' }], lens: 'teacher' });
    expect(next[0]).toMatchObject({ selected: true, source: 'c' });
  });

  it('hides unit membership (the block shows it) and, for employers, everything but the functional map', () => {
    const edges = [
      { id: '1', kind: 'childOf', source: 'a', target: 'b' },
      { id: '2', kind: 'covers', source: 'a', target: 'b' },
      { id: '3', kind: 'partOf', source: 'a', target: 'b' },
    ];
    expect(mergeEdges([], { edges, lens: 'teacher' }).map((e) => e.hidden)).toEqual([false, false, true]);
    expect(mergeEdges([], { edges, lens: 'employer' }).map((e) => e.hidden)).toEqual([false, true, true]);
  });

  it('draws a unit’s line to its group and a prerequisite, named, for teachers only; an outcome’s unit stays the block', () => {
    const nodes = [node('u1', 0, 'unit'), node('u2', 0, 'unit'), node('g', 0, 'unitGroup'), node('lo', 0, 'learningOutcome')];
    const edges = [
      { id: '1', kind: 'partOf', source: 'u1', target: 'g' },
      { id: '2', kind: 'requires', source: 'u2', target: 'u1' },
      { id: '3', kind: 'partOf', source: 'lo', target: 'u1' },
    ];
    const teacher = mergeEdges([], { edges, nodes, lens: 'teacher' }, (kind) => `label:${kind}`);
    expect(teacher.map((e) => e.hidden)).toEqual([false, false, true]);
    expect(teacher[1]).toMatchObject({ className: 'map-edge map-edge--requires', label: 'label:requires', source: 'u1', target: 'u2' });
    expect(mergeEdges([], { edges, nodes, lens: 'employer' }).map((e) => e.hidden)).toEqual([true, true, true]);
  });

  it('draws CASE associations as light dashed lines in both lenses, named by their type but not labelled', () => {
    const association = { id: 'x', kind: 'association', source: 'a', target: 'b', associationType: 'precedes' };
    const child = { id: 'c', kind: 'childOf', source: 'a', target: 'b' };
    for (const lens of ['teacher', 'employer'] as const) {
      const [line, tree] = mergeEdges([], { edges: [association, child], lens }, (kind) => `label:${kind}`);
      expect(line).toMatchObject({ className: 'map-edge map-edge--association', hidden: false, ariaLabel: 'label:association: precedes', selectable: false });
      expect(line!.label).toBeUndefined();
      expect(line!.style).toEqual(ASSOCIATION_EDGE_STYLE);
      expect(Number(line!.style!.strokeOpacity)).toBeLessThan(1);
      expect(String(line!.style!.strokeDasharray)).toMatch(/^\d+ \d+$/);
      // the map's own links keep the style sheet's look
      expect(tree!.style).toBeUndefined();
    }
  });
});
