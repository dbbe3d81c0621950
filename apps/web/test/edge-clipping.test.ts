import { getSmoothStepPath } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { clipRect, clipRoute, routeSegments } from '../src/editor/edge-culling';

// A step route as React Flow draws it: down from (0, 0), across to x = 10,000, down to y = 400.
const [route] = getSmoothStepPath({ sourceX: 0, sourceY: 0, targetX: 10_000, targetY: 400 });

describe('a line drawn only near the screen', () => {
  it('reads React Flow step routes', () => {
    const segments = routeSegments(route)!;
    expect(segments.map((s) => s.kind)).toEqual(['L', 'Q', 'L', 'Q', 'L']);
    const length = segments.reduce((sum, s) => sum + s.length, 0);
    // Down 400 and across 10,000, a little less for the two rounded corners.
    expect(length).toBeGreaterThan(10_390);
    expect(length).toBeLessThan(10_400);
    expect(routeSegments('not a path')).toBeNull();
  });

  it('keeps a route inside the rectangle as it is drawn', () => {
    const [short] = getSmoothStepPath({ sourceX: 0, sourceY: 0, targetX: 300, targetY: 400 });
    const clipped = clipRoute(short, { x: -100, y: -100, width: 600, height: 600 }, 30);
    expect(routeSegments(clipped)!.map((s) => s.kind)).toEqual(['L', 'Q', 'L', 'Q', 'L']);
    const ends = (path: string) => routeSegments(path)!.map((s) => [Math.round(s.to.x), Math.round(s.to.y)]);
    expect(ends(clipped)).toEqual(ends(short));
  });

  it('draws only the part inside, starting a whole number of dash periods along the route', () => {
    // The middle of the long horizontal run, far from both ends.
    const clipped = clipRoute(route, { x: 5000, y: 0, width: 1000, height: 400 }, 30);
    const segments = routeSegments(clipped)!;
    expect(segments).toHaveLength(1);
    const [piece] = segments;
    expect(piece!.from.y).toBe(200);
    expect(piece!.to.x).toBe(6000);
    expect(piece!.from.x).toBeLessThanOrEqual(5000);
    expect(piece!.from.x).toBeGreaterThan(5000 - 30);
    // Where it starts, a whole number of periods have been drawn since the source: the dashes line up.
    const before = routeSegments(route)!;
    const atCorner = before[0]!.length + before[1]!.length;
    const startsAt = atCorner + (piece!.from.x - before[2]!.from.x);
    // (to a hundredth of a pixel: the path's coordinates are rounded so)
    expect(Math.abs(startsAt - Math.round(startsAt / 30) * 30)).toBeLessThan(0.01);
  });

  it('draws nothing of a route that stays out of the rectangle', () => {
    expect(clipRoute(route, { x: 20_000, y: 20_000, width: 100, height: 100 }, 30)).toBe('');
  });
});

describe('the rectangle lines are clipped to', () => {
  it('holds the screen and more, and stays the same while the view moves a little', () => {
    const a = clipRect([0, 0, 1], 1280, 800);
    const b = clipRect([-100, -50, 1], 1280, 800);
    expect(a).toEqual(b);
    expect(a.x).toBeLessThanOrEqual(-1280);
    expect(a.x + a.width).toBeGreaterThanOrEqual(2 * 1280);
    expect(a.y + a.height).toBeGreaterThanOrEqual(800 + 800);
  });

  it('changes when the view has moved far, or zoomed out a lot', () => {
    expect(clipRect([-5000, 0, 1], 1280, 800)).not.toEqual(clipRect([0, 0, 1], 1280, 800));
    const out = clipRect([0, 0, 0.25], 1280, 800);
    expect(out.width).toBeGreaterThanOrEqual(3 * 1280 * 4);
  });
});
