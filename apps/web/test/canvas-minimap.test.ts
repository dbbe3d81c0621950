import type { InternalNode } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { boundsOf, fitBounds, flowPointAt, minimapBoxes, MINIMAP_HEIGHT, MINIMAP_WIDTH } from '../src/editor/canvas-minimap';

const internal = (id: string, kind: string, x: number, y: number, extra: Partial<InternalNode> = {}) =>
  ({ id, type: kind, position: { x, y }, data: { node: { id, kind } }, measured: { width: 100, height: 50 }, internals: { positionAbsolute: { x, y }, z: 0, userNode: {} }, ...extra }) as unknown as InternalNode;

describe('the canvas minimap', () => {
  it('draws every shown node where React Flow has it (children of a unit too), in its kind’s colour', () => {
    const lookup = new Map([
      ['a', internal('a', 'workAction', 0, 0)],
      ['b', internal('b', 'learningOutcome', 400, 300, { internals: { positionAbsolute: { x: 900, y: 700 }, z: 1, userNode: {} } } as Partial<InternalNode>)],
      ['c', internal('c', 'workAction', 5000, 5000, { hidden: true })],
      ['u', internal('u', 'unit', 800, 600)],
    ]);
    const boxes = minimapBoxes(lookup);
    expect(boxes.map((box) => [box.x, box.y])).toEqual([
      [0, 0],
      [900, 700],
      [800, 600],
    ]);
    expect(boxes[0]!.color).toMatch(/^#/);
    expect(boxes.map((box) => box.block)).toEqual([false, false, true]);
    expect(boundsOf(boxes)).toEqual({ x: 0, y: 0, width: 1000, height: 750 });
  });

  it('fits the map in the minimap, centred, and finds the flow point under a pixel', () => {
    const fit = fitBounds({ x: -100, y: 0, width: 2000, height: 500 });
    expect(fit.scale).toBeCloseTo(MINIMAP_WIDTH / 2000);
    expect(fit.offsetX).toBe(0);
    expect(fit.offsetY).toBeCloseTo((MINIMAP_HEIGHT - 500 * fit.scale) / 2);
    expect(flowPointAt(fit, 0, fit.offsetY)).toEqual({ x: -100, y: 0 });
    const end = flowPointAt(fit, MINIMAP_WIDTH, MINIMAP_HEIGHT / 2);
    expect(end.x).toBeCloseTo(1900);
    expect(end.y).toBeCloseTo(250);
  });
});
