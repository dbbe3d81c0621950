import { describe, expect, it } from 'vitest';
import { DETAIL_ZOOM, LARGE_MAP_NODES, detailSelector, showsDetail } from '../src/editor/lod';

const many = new Array(2000).fill(null);
const state = (zoom: number, nodes: readonly unknown[] = many) => ({ transform: [120, -40, zoom] as const, nodes });

describe('level of detail', () => {
  it('shows detail from the threshold up', () => {
    expect(showsDetail(1)).toBe(true);
    expect(showsDetail(DETAIL_ZOOM)).toBe(true);
    expect(showsDetail(DETAIL_ZOOM - 0.01)).toBe(false);
    expect(showsDetail(0.05)).toBe(false);
  });

  it('selects a boolean from the zoom alone, the same value for every zoom on one side', () => {
    const above = [0.5, 1, 2.5].map((zoom) => detailSelector(state(zoom)));
    const below = [0.05, 0.2, 0.44].map((zoom) => detailSelector(state(zoom)));
    expect(new Set(above)).toEqual(new Set([true]));
    expect(new Set(below)).toEqual(new Set([false]));
    // Panning (x, y) does not matter.
    expect(detailSelector({ transform: [0, 0, 0.3], nodes: many })).toBe(detailSelector({ transform: [9999, -9999, 0.3], nodes: many }));
  });

  it('keeps a small map in full at any zoom', () => {
    expect(detailSelector(state(0.05, new Array(LARGE_MAP_NODES).fill(null)))).toBe(true);
    expect(detailSelector(state(0.05, new Array(LARGE_MAP_NODES + 1).fill(null)))).toBe(false);
    expect(showsDetail(0.1, 19)).toBe(true);
  });
});
