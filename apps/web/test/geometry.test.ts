import { UNIT_SLOT, nextSlotInUnit } from '@qms/model';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_NODE_SIZE,
  absolutePosition,
  centreOf,
  centredAt,
  childSpot,
  containsRect,
  dropTarget,
  freeSpot,
  nextSlotIn,
  occupiedRects,
  roundPosition,
  siblingSpot,
  sizeOf,
  unitBlockAt,
  unitBlockSize,
  viewCentre,
  visibleRect,
  type FlowBox,
  type Rect,
} from '../src/editor/geometry';

const rect = (x: number, y: number): Rect => ({ x, y, ...DEFAULT_NODE_SIZE });
const overlapping = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('freeSpot', () => {
  it('keeps the desired spot when it is free', () => {
    expect(freeSpot({ x: 10, y: 20 }, [rect(500, 500)])).toEqual({ x: 10, y: 20 });
  });

  it('never puts a new node on top of another, however many are added at one spot', () => {
    const placed: Rect[] = [];
    for (let i = 0; i < 40; i++) placed.push(rect(freeSpot({ x: 0, y: 0 }, placed).x, freeSpot({ x: 0, y: 0 }, placed).y));
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) expect(overlapping(placed[i]!, placed[j]!)).toBe(false);
    }
    // …and stays near the desired spot.
    for (const r of placed) expect(Math.hypot(r.x, r.y)).toBeLessThan(1200);
  });

  it('keeps clear of the others by the gap, on the nearest ring that has room', () => {
    const spot = freeSpot({ x: 0, y: 0 }, [rect(0, 0)]);
    expect(overlapping({ ...rect(spot.x, spot.y), x: spot.x - 16, y: spot.y - 16, width: 252, height: 122 }, rect(0, 0))).toBe(false);
    expect(Math.max(Math.abs(spot.x), Math.abs(spot.y))).toBeLessThanOrEqual(3 * 40);
  });
});

describe('where nodes are', () => {
  const unit: FlowBox = { id: 'u', position: { x: 500, y: 100 }, width: 252, height: 300 };
  const outcome: FlowBox = { id: 'lo', position: { x: 16, y: 64 }, parentId: 'u', measured: { width: 220, height: 70 } };
  const card: FlowBox = { id: 'wa', position: { x: 0, y: 0 } };

  it('sizes a node as measured, else as the canvas sized it, else as a card', () => {
    expect(sizeOf(outcome)).toEqual({ width: 220, height: 70 });
    expect(sizeOf(unit)).toEqual({ width: 252, height: 300 });
    expect(sizeOf(card)).toEqual(DEFAULT_NODE_SIZE);
  });

  it('adds the block’s position to a position inside a unit', () => {
    expect(absolutePosition(outcome, (id) => (id === 'u' ? unit : undefined))).toEqual({ x: 516, y: 164 });
    expect(absolutePosition(card, () => undefined)).toEqual({ x: 0, y: 0 });
    expect(occupiedRects([unit, outcome, card])).toEqual([
      { x: 500, y: 100, width: 252, height: 300 },
      { x: 516, y: 164, width: 220, height: 70 },
      { x: 0, y: 0, width: 220, height: 90 },
    ]);
  });

  it('centres, rounds, and tells whether one box lies inside another', () => {
    expect(centreOf(rect(0, 0))).toEqual({ x: 110, y: 45 });
    expect(centredAt({ x: 110, y: 45 })).toEqual({ x: 0, y: 0 });
    expect(roundPosition({ x: 1.4, y: 2.6 })).toEqual({ x: 1, y: 3 });
    expect(containsRect({ x: 0, y: 0, width: 100, height: 100 }, { x: 10, y: 10, width: 90, height: 90 })).toBe(true);
    expect(containsRect({ x: 0, y: 0, width: 100, height: 100 }, { x: 10, y: 10, width: 91, height: 90 })).toBe(false);
  });
});

describe('unit blocks', () => {
  it('puts the next outcome one row below the lowest, or under the header of an empty block', () => {
    expect(nextSlotInUnit([])).toEqual({ x: UNIT_SLOT.paddingX, y: UNIT_SLOT.headerHeight });
    expect(nextSlotInUnit([{ x: 16, y: 64 }, { x: 16, y: 300 }, { x: 16, y: 174 }])).toEqual({ x: UNIT_SLOT.paddingX, y: 300 + UNIT_SLOT.rowHeight });
  });

  it('finds the next slot among the nodes drawn in that block only', () => {
    const boxes: FlowBox[] = [
      { id: 'a', position: { x: 16, y: 64 }, parentId: 'u1' },
      { id: 'b', position: { x: 16, y: 500 }, parentId: 'u2' },
      { id: 'c', position: { x: 16, y: 900 } },
    ];
    expect(nextSlotIn('u1', boxes)).toEqual({ x: 16, y: 174 });
    expect(nextSlotIn('u3', boxes)).toEqual({ x: 16, y: 64 });
  });

  it('grows a block to hold its outcomes', () => {
    expect(unitBlockSize([])).toEqual({ width: 252, height: 174 });
    expect(unitBlockSize([{ x: 100, y: 400 }])).toEqual({ width: 336, height: 510 });
  });
});

describe('dropping an outcome', () => {
  const blocks: FlowBox[] = [
    { id: 'u1', position: { x: 0, y: 0 }, width: 252, height: 400 },
    { id: 'u2', position: { x: 1000, y: 0 }, measured: { width: 252, height: 400 } },
  ];

  it('finds the block under a point, edges included', () => {
    expect(unitBlockAt({ x: 252, y: 400 }, blocks)?.id).toBe('u1');
    expect(unitBlockAt({ x: 1100, y: 10 }, blocks)?.id).toBe('u2');
    expect(unitBlockAt({ x: 600, y: 10 }, blocks)).toBeUndefined();
  });

  it('puts it in the block under its centre, relative to the block, on whole pixels', () => {
    expect(dropTarget({ rect: { x: 1010.4, y: 80.6, width: 220, height: 90 } }, blocks)).toEqual({ unitId: 'u2', position: { x: 10, y: 81 } });
    // A card hanging over the block's edge lands inside it, below its header.
    expect(dropTarget({ rect: { x: 1100, y: 10, width: 220, height: 90 } }, blocks)).toEqual({ unitId: 'u2', position: { x: 32, y: 64 } });
    // From one block into another.
    expect(dropTarget({ rect: { x: 1010, y: 80, width: 220, height: 90 }, parentId: 'u1' }, blocks)).toEqual({ unitId: 'u2', position: { x: 10, y: 80 } });
  });

  it('takes it out when dropped outside every block, and does nothing when it stays', () => {
    expect(dropTarget({ rect: { x: 600.2, y: 700, width: 220, height: 90 }, parentId: 'u1' }, blocks)).toEqual({ unitId: null, position: { x: 600, y: 700 } });
    expect(dropTarget({ rect: { x: 10, y: 80, width: 220, height: 90 }, parentId: 'u1' }, blocks)).toBeNull();
    expect(dropTarget({ rect: { x: 600, y: 700, width: 220, height: 90 } }, blocks)).toBeNull();
    // Without a pointer its centre decides, not its corner.
    expect(dropTarget({ rect: { x: 200, y: 10, width: 220, height: 90 } }, blocks)).toBeNull();
  });

  it('puts it in the block under the pointer, wherever the card’s centre is', () => {
    const card = { rect: { x: 200, y: 10, width: 220, height: 90 } };
    expect(dropTarget(card, blocks, { x: 240, y: 30 })).toEqual({ unitId: 'u1', position: { x: 32, y: 64 } });
    // The pointer outside every block: the card stays out, even with its centre over one.
    expect(dropTarget({ rect: { x: 10, y: 80, width: 220, height: 90 } }, blocks, { x: 600, y: 90 })).toBeNull();
  });
});

describe('new children and siblings', () => {
  it('goes below the parent, right of the children it has; a sibling just right of the node', () => {
    expect(childSpot({ x: 100, y: 50, width: 220, height: 90 }, 0)).toEqual({ x: 100, y: 270 });
    expect(childSpot({ x: 100, y: 50, width: 220, height: 90 }, 2)).toEqual({ x: 580, y: 270 });
    expect(siblingSpot({ x: 100, y: 50, width: 220, height: 90 })).toEqual({ x: 340, y: 50 });
  });
});

describe('the view', () => {
  // Panned 100 px right and 50 px down, at half size, in an 800 × 600 pane.
  const view = { x: 100, y: 50, zoom: 0.5, width: 800, height: 600 };

  it('knows the point of the map in the middle of the pane', () => {
    expect(viewCentre(view)).toEqual({ x: 600, y: 500 });
    expect(viewCentre({ x: 0, y: 0, zoom: 1, width: 800, height: 600 })).toEqual({ x: 400, y: 300 });
  });

  it('knows which part of the map is in view', () => {
    expect(visibleRect(view)).toEqual({ x: -200, y: -100, width: 1600, height: 1200 });
    expect(containsRect(visibleRect(view), rect(1100, 0))).toBe(true);
    expect(containsRect(visibleRect(view), rect(1100, 1100))).toBe(false);
  });
});
