import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_SIZE, freeSpot, type Rect } from '../src/editor/placement';

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
});
