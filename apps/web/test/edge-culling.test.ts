import { describe, expect, it } from 'vitest';
import { cullEdges, overlaps, sameElements, viewRect, type PlacedBox } from '../src/editor/edge-culling';

const line = (id: string, source: string, target: string, selected = false) => ({ id, source, target, selected });

// The screen: 1000 × 500 flow pixels from (0, 0) (at 100 %, not panned).
const view = viewRect([0, 0, 1], 1000, 500);
const boxes: Record<string, PlacedBox> = {
  here: { x: 100, y: 100, width: 200, height: 80 },
  alsoHere: { x: 600, y: 300, width: 200, height: 80 },
  farLeft: { x: -5000, y: 200, width: 200, height: 80 },
  farRight: { x: 6000, y: 200, width: 200, height: 80 },
  farBelow: { x: 400, y: 4000, width: 200, height: 80 },
  // Only its right edge pokes into the screen.
  atTheEdge: { x: -150, y: 0, width: 200, height: 80 },
  hidden: { x: 100, y: 100, width: 200, height: 80, hidden: true },
};
const boxOf = (id: string) => boxes[id];

describe('the part of the map on screen', () => {
  it('follows the pan and the zoom, in flow coordinates', () => {
    expect(viewRect([0, 0, 1], 1000, 500)).toEqual({ x: 0, y: 0, width: 1000, height: 500 });
    // Panned 200 px right and zoomed to 50 %: the screen shows twice as much, starting left of 0.
    expect(viewRect([200, -100, 0.5], 1000, 500)).toEqual({ x: -400, y: 200, width: 2000, height: 1000 });
  });

  it('grows by a margin on each side', () => {
    expect(viewRect([0, 0, 1], 1000, 500, 0.1)).toEqual({ x: -100, y: -50, width: 1200, height: 600 });
  });

  it('meets a box that overlaps it, not one that only touches it', () => {
    expect(overlaps({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 })).toBe(true);
    expect(overlaps({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 })).toBe(false);
  });
});

describe('culling lines', () => {
  it('keeps a line with one end or both on screen', () => {
    const lines = [line('both', 'here', 'alsoHere'), line('one', 'here', 'farRight'), line('other', 'farBelow', 'alsoHere'), line('edge', 'atTheEdge', 'farLeft')];
    expect(cullEdges(lines, boxOf, view).map((l) => l.id)).toEqual(['both', 'one', 'other', 'edge']);
  });

  it('drops a line whose ends are both off-screen, even one that crosses the screen', () => {
    const lines = [line('crossing', 'farLeft', 'farRight'), line('away', 'farLeft', 'farBelow'), line('kept', 'here', 'farLeft')];
    expect(cullEdges(lines, boxOf, view).map((l) => l.id)).toEqual(['kept']);
  });

  it('keeps a selected line wherever its ends are, so that Delete still finds it', () => {
    expect(cullEdges([line('chosen', 'farLeft', 'farRight', true)], boxOf, view).map((l) => l.id)).toEqual(['chosen']);
  });

  it('drops lines to hidden or unknown nodes', () => {
    const lines = [line('toHidden', 'hidden', 'farRight'), line('toNothing', 'nowhere', 'farLeft')];
    expect(cullEdges(lines, boxOf, view)).toEqual([]);
  });

  it('brings a line back when the view pans to one of its ends', () => {
    const crossing = line('crossing', 'farLeft', 'farRight');
    const overFarRight = viewRect([-5800, 0, 1], 1000, 500);
    expect(cullEdges([crossing], boxOf, overFarRight)).toEqual([crossing]);
  });

  it('keeps the lines in their order and reads each node once', () => {
    const read: string[] = [];
    const lines = [line('a', 'here', 'farLeft'), line('b', 'farLeft', 'alsoHere'), line('c', 'here', 'alsoHere')];
    const kept = cullEdges(lines, (id) => (read.push(id), boxOf(id)), view);
    expect(kept).toEqual(lines);
    expect(read.sort()).toEqual(['alsoHere', 'farLeft', 'here']);
  });
});

describe('comparing what is drawn', () => {
  it('is the same list when the same lines are in it, in the same order', () => {
    const a = line('a', 'x', 'y');
    const b = line('b', 'x', 'y');
    expect(sameElements([a, b], [a, b])).toBe(true);
    expect(sameElements([a, b], [b, a])).toBe(false);
    expect(sameElements([a], [a, b])).toBe(false);
    expect(sameElements([a], [{ ...a }])).toBe(false);
  });
});
