import { describe, expect, it } from 'vitest';
import type { MapFlowEdge } from '../src/editor/flow-state';
import { overviewPaths, type PlacedBox } from '../src/editor/overview-edges';

const edge = (id: string, source: string, target: string, kind: string, hidden = false): MapFlowEdge =>
  ({ id, source, target, hidden, data: { edge: { id, kind, source: target, target: source } } }) as MapFlowEdge;

const boxes: Record<string, PlacedBox> = {
  parent: { x: 0, y: 0, width: 200, height: 80 },
  child: { x: 300, y: 200, width: 100, height: 60 },
  outcome: { x: 40, y: 400, width: 100, height: 50 },
  gone: { x: 0, y: 0, width: 10, height: 10, hidden: true },
};

describe('the lines of a zoomed-out map', () => {
  it('draws one path per kind, from the bottom centre of the upper node to the top centre of the lower', () => {
    const paths = overviewPaths(
      [edge('a', 'parent', 'child', 'childOf'), edge('b', 'outcome', 'child', 'covers'), edge('c', 'parent', 'outcome', 'childOf')],
      (id) => boxes[id],
    );
    expect([...paths.keys()].sort()).toEqual(['childOf', 'covers']);
    expect(paths.get('childOf')).toBe('M100 80L350 200M100 80L90 400');
    // Whichever end is higher on the canvas is where the line starts.
    expect(paths.get('covers')).toBe('M350 260L90 400');
  });

  it('leaves out hidden lines, lines to hidden or unknown nodes', () => {
    const paths = overviewPaths(
      [edge('a', 'parent', 'child', 'partOf', true), edge('b', 'parent', 'gone', 'childOf'), edge('c', 'parent', 'nowhere', 'childOf')],
      (id) => boxes[id],
    );
    expect(paths.size).toBe(0);
  });
});
