import { describe, expect, it } from 'vitest';
import { DETAIL_ZOOM, detailSelector, showsDetail } from '../src/editor/lod';

const state = (zoom: number) => ({ transform: [120, -40, zoom] as const });

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
    expect(detailSelector({ transform: [0, 0, 0.3] })).toBe(detailSelector({ transform: [9999, -9999, 0.3] }));
  });
});
