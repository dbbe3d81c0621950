import { describe, expect, it } from 'vitest';
import type { MapFlowNode } from '../src/editor/flow-state';
import { mapFrame, pixelRatioFor, printedNodes } from '../src/editor/image-export';

const node = (id: string): MapFlowNode =>
  ({
    id,
    type: 'learningOutcome',
    position: { x: 0, y: 0 },
    selected: true,
    measured: { width: 220, height: 60 },
    data: {
      node: { id, kind: 'learningOutcome', title: 'Cut hair to shape' },
      lens: 'teacher',
      badge: { errors: 1, warnings: 0 },
      taught: null,
      remote: { colors: ['#f00'], names: ['Boris'] },
      review: { state: 'open', roundTitle: 'Round 1' },
      comments: { open: 2, unread: 1 },
    },
  }) as unknown as MapFlowNode;

describe('pictures of the map', () => {
  it('print the cards without anyone’s selection, review or comment marks, and with check badges only when asked', () => {
    const [plain] = printedNodes([node('a')], false);
    expect(plain).toMatchObject({ selected: false, data: { remote: null, review: null, comments: null, badge: null } });
    expect(plain!.measured).toBeUndefined(); // measured again in full on the print canvas
    expect(printedNodes([node('a')], true)[0]!.data.badge).toEqual({ errors: 1, warnings: 0 });
  });

  it('frame the whole map with a margin, scaled down only past 4,000 px', () => {
    expect(mapFrame({ x: 100, y: 50, width: 1000, height: 500 })).toEqual({ width: 1080, height: 580, viewport: { x: -60, y: -10, zoom: 1 } });
    const huge = mapFrame({ x: 0, y: 0, width: 8000, height: 1000 });
    expect(huge.width).toBe(4080);
    expect(huge.viewport.zoom).toBe(0.5);
  });

  it('keep a PNG within what a browser can draw', () => {
    expect(pixelRatioFor({ width: 1000, height: 800 }, 3)).toBe(3);
    expect(pixelRatioFor({ width: 8000, height: 800 }, 3)).toBe(2);
  });
});
