import { describe, expect, it } from 'vitest';
import type { MapFlowEdge } from '../src/editor/flow-state';
import { OverviewPathCache, RecentMoves, overviewPaths, splitMoving, type PlacedBox } from '../src/editor/overview-edges';

const edge = (id: string, source: string, target: string, kind: string, hidden = false): MapFlowEdge =>
  ({ id, source, target, hidden, data: { edge: { id, kind, source: target, target: source } } }) as MapFlowEdge;

const boxes: Record<string, PlacedBox> = {
  parent: { x: 0, y: 0, width: 200, height: 80 },
  child: { x: 300, y: 200, width: 100, height: 60 },
  outcome: { x: 40, y: 400, width: 100, height: 50 },
  far: { x: 5000, y: 0, width: 200, height: 80 },
  farChild: { x: 5100, y: 300, width: 100, height: 60 },
  gone: { x: 0, y: 0, width: 10, height: 10, hidden: true },
};
const byKind = (paths: ReturnType<typeof overviewPaths>) => Object.fromEntries(paths.map((p) => [p.kind, p.d]));

describe('the lines of a zoomed-out map', () => {
  it('draws one path per kind, from the bottom centre of the upper node to the top centre of the lower', () => {
    const paths = overviewPaths(
      [edge('a', 'parent', 'child', 'childOf'), edge('b', 'outcome', 'child', 'covers'), edge('c', 'parent', 'outcome', 'childOf')],
      (id) => boxes[id],
    );
    expect(paths.map((p) => p.kind).sort()).toEqual(['childOf', 'covers']);
    expect(byKind(paths).childOf).toBe('M100 80L350 200M100 80L90 400');
    // Whichever end is higher on the canvas is where the line starts.
    expect(byKind(paths).covers).toBe('M350 260L90 400');
  });

  it('splits a kind by the square of the canvas its lines start in, so a move redraws only its square', () => {
    const lines = [edge('a', 'parent', 'child', 'childOf'), edge('f', 'far', 'farChild', 'childOf')];
    const paths = overviewPaths(lines, (id) => boxes[id], 2048);
    expect(paths.map((p) => p.key)).toEqual(['childOf 0 0', 'childOf 2 0']);
    const moved = overviewPaths(lines, (id) => (id === 'farChild' ? { ...boxes.farChild!, x: 5200 } : boxes[id]), 2048);
    expect(moved[0]).toEqual(paths[0]);
    expect(moved[1]!.d).not.toBe(paths[1]!.d);
  });

  it('leaves out hidden lines, lines to hidden or unknown nodes', () => {
    const paths = overviewPaths(
      [edge('a', 'parent', 'child', 'partOf', true), edge('b', 'parent', 'gone', 'childOf'), edge('c', 'parent', 'nowhere', 'childOf')],
      (id) => boxes[id],
    );
    expect(paths).toHaveLength(0);
  });
});

describe('the lines of a zoomed-out map, remembered between calls', () => {
  const sorted = (paths: ReturnType<typeof overviewPaths>) => [...paths].sort((a, b) => a.key.localeCompare(b.key));

  it('draws what overviewPaths draws, after moves, removals and hidden lines, reusing unchanged squares', () => {
    const nodes = new Map(Object.entries(boxes).map(([id, box]) => [id, { ...box }]));
    let lines = [edge('a', 'parent', 'child', 'childOf'), edge('b', 'outcome', 'child', 'covers'), edge('f', 'far', 'farChild', 'childOf')];
    const cache = new OverviewPathCache(2048);
    const draw = () => cache.paths(lines, (id) => nodes.get(id), (box) => box);
    const expected = () => sorted(overviewPaths(lines, (id) => nodes.get(id), 2048));

    const first = draw();
    expect(sorted(first)).toEqual(expected());
    // A node far away moves (a new object, as React Flow gives): only its square's path is new.
    nodes.set('farChild', { ...nodes.get('farChild')!, x: 5300 });
    const second = draw();
    expect(sorted(second)).toEqual(expected());
    const near = (paths: typeof first) => paths.find((p) => p.key === 'childOf 0 0')!.d;
    expect(near(second)).toBe(near(first));
    expect(second.find((p) => p.key === 'childOf 2 0')!.d).not.toBe(first.find((p) => p.key === 'childOf 2 0')!.d);
    // A line removed, another hidden.
    lines = [lines[0]!, { ...lines[1]!, hidden: true }];
    expect(sorted(draw())).toEqual(expected());
    expect(draw().map((p) => p.key)).toEqual(['childOf 0 0']);
  });
});


describe('the lines at nodes that moved lately', () => {
  const at = (x: number, y = 0): PlacedBox => ({ x, y, width: 100, height: 50 });

  it('counts a node as moving for the hold after it moved, changed size or while it is dragged here', () => {
    const recent = new RecentMoves(1000);
    recent.observe([{ id: 'a', box: at(0) }, { id: 'b', box: at(200) }, { id: 'c', box: at(400) }], 0);
    // Seen for the first time: the map opening is not a move.
    expect(recent.movingKey(0)).toBe('');
    expect(recent.nextExpiry()).toBeNull();
    recent.observe([{ id: 'a', box: at(10) }, { id: 'b', box: { ...at(200), height: 90 } }, { id: 'c', box: at(400) }], 100);
    expect(recent.movingKey(100)).toBe('a\u0000b');
    expect(recent.nextExpiry()).toBe(1100);
    // Still within the hold: unchanged; a drag here keeps its node moving however long it lasts.
    recent.observe([{ id: 'a', box: at(10) }, { id: 'b', box: { ...at(200), height: 90 } }, { id: 'c', box: at(400), dragging: true }], 900);
    expect(recent.movingKey(900)).toBe('a\u0000b\u0000c');
    // After the hold the unmoved leave; a removed node leaves at once.
    recent.observe([{ id: 'a', box: at(10) }, { id: 'c', box: at(400), dragging: true }], 1500);
    expect(recent.movingKey(1500)).toBe('c');
    recent.observe([{ id: 'a', box: at(10) }, { id: 'c', box: at(400) }], 2600);
    expect(recent.movingKey(2600)).toBe('');
    // A node that comes back is new again, not moved.
    recent.observe([{ id: 'a', box: at(10) }, { id: 'b', box: at(900) }, { id: 'c', box: at(400) }], 2700);
    expect(recent.movingKey(2700)).toBe('');
  });

  it('puts every line at a moving node apart, and leaves the list as it is when none moves', () => {
    const lines = [edge('1', 'a', 'b', 'childOf'), edge('2', 'b', 'c', 'childOf'), edge('3', 'c', 'd', 'covers')];
    expect(splitMoving(lines, new Set()).still).toBe(lines);
    const split = splitMoving(lines, new Set(['c']));
    expect(split.still.map((e) => e.id)).toEqual(['1']);
    expect(split.moving.map((e) => e.id)).toEqual(['2', '3']);
  });
});
