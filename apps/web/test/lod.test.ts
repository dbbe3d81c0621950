import { describe, expect, it } from 'vitest';
import { DETAIL_ZOOM, FULL_DETAIL_ZOOM, LARGE_MAP_NODES, blendSelector, detailBlend, detailSelector, fadingSelector, showsDetail, showsOverview } from '../src/editor/lod';

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

describe('fading detail in across the threshold', () => {
  it('draws no detail below the threshold and all of it from the end of the fade up', () => {
    expect(detailBlend(0.05)).toBe(0);
    expect(detailBlend(DETAIL_ZOOM)).toBe(0);
    expect(detailBlend(FULL_DETAIL_ZOOM)).toBe(1);
    expect(detailBlend(2)).toBe(1);
  });

  it('rises with the zoom in small steps, with no jump anywhere', () => {
    const zooms = Array.from({ length: 200 }, (_, i) => 0.3 + i * 0.002);
    const blends = zooms.map((zoom) => detailBlend(zoom));
    for (let i = 1; i < blends.length; i++) {
      expect(blends[i]!).toBeGreaterThanOrEqual(blends[i - 1]!);
      expect(blends[i]! - blends[i - 1]!).toBeLessThanOrEqual(0.1 + 1e-9);
    }
    expect(detailBlend((DETAIL_ZOOM + FULL_DETAIL_ZOOM) / 2)).toBe(0.5);
    // A handful of distinct values: a style change per step, not per frame of a zoom.
    expect(new Set(blends).size).toBeLessThanOrEqual(11);
  });

  it('starts mounting detail where the fade starts, and keeps the overview lines until it ends', () => {
    const inFade = (DETAIL_ZOOM + FULL_DETAIL_ZOOM) / 2;
    expect(showsDetail(inFade)).toBe(true);
    expect(showsOverview(inFade)).toBe(true);
    expect(showsOverview(DETAIL_ZOOM - 0.1)).toBe(true);
    expect(showsOverview(FULL_DETAIL_ZOOM)).toBe(false);
    expect(fadingSelector(state(inFade))).toBe(true);
    expect(fadingSelector(state(1))).toBe(false);
    expect(blendSelector(state(0.1))).toBe(0);
  });

  it('never fades a small map, and never draws its overview lines', () => {
    expect(detailBlend(0.05, LARGE_MAP_NODES)).toBe(1);
    expect(showsOverview(0.05, LARGE_MAP_NODES)).toBe(false);
  });
});

