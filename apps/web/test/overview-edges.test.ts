import { describe, expect, it } from 'vitest';
import type { MapFlowEdge } from '../src/editor/flow-state';
import { OverviewPathCache, overviewPaths, type PlacedBox } from '../src/editor/overview-edges';

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

