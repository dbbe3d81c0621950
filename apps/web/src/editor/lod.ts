import { useStore } from '@xyflow/react';

/**
 * Level of detail: below this zoom a card's text is too small to read (a 13 px title is under
 * 6 px on screen), so nodes are drawn as plain boxes with their code, and the dotted grid (whose
 * dots would be closer than 11 px) is left out. Drawing less is what keeps a large map smooth.
 */
export const DETAIL_ZOOM = 0.45;

/**
 * From DETAIL_ZOOM up to here the detail fades in (lod-blend.tsx): the cards' text over the plain
 * box's big code, the routed lines over the straight ones of the overview. So crossing the
 * threshold changes nothing on the screen at once.
 */
export const FULL_DETAIL_ZOOM = 0.6;

/** Maps up to this many nodes are drawn in full at any zoom, and whole (not only what is in view). */
export const LARGE_MAP_NODES = 300;

export function isLargeMap(nodeCount: number): boolean {
  return nodeCount > LARGE_MAP_NODES;
}

export function showsDetail(zoom: number, nodeCount = Infinity): boolean {
  return zoom >= DETAIL_ZOOM || !isLargeMap(nodeCount);
}

/** Whether the overview's straight lines are drawn: zoomed out on a large map, and while detail fades in. */
export function showsOverview(zoom: number, nodeCount = Infinity): boolean {
  return zoom < FULL_DETAIL_ZOOM && isLargeMap(nodeCount);
}

/** Steps of the fade (a style change per step, not per frame of a zoom). */
const BLEND_STEPS = 10;

/**
 * How much of the detail is drawn, from 0 (plain boxes) to 1 (full cards): 0 below DETAIL_ZOOM,
 * 1 from FULL_DETAIL_ZOOM up, in BLEND_STEPS even steps between. A small map: always 1.
 */
export function detailBlend(zoom: number, nodeCount = Infinity): number {
  if (!isLargeMap(nodeCount) || zoom >= FULL_DETAIL_ZOOM) return 1;
  if (zoom <= DETAIL_ZOOM) return 0;
  return Math.round(((zoom - DETAIL_ZOOM) / (FULL_DETAIL_ZOOM - DETAIL_ZOOM)) * BLEND_STEPS) / BLEND_STEPS;
}

type ZoomState = { transform: readonly [number, number, number]; nodes: readonly unknown[] };

/**
 * For React Flow's store: whether the view shows detail. A boolean, so that a component using it
 * re-renders only when the zoom crosses the threshold, not on every frame of a zoom.
 */
export function detailSelector(state: ZoomState): boolean {
  return showsDetail(state.transform[2], state.nodes.length);
}

export const overviewSelector = (state: ZoomState): boolean => showsOverview(state.transform[2], state.nodes.length);
export const blendSelector = (state: ZoomState): number => detailBlend(state.transform[2], state.nodes.length);
/** Whether detail is still fading in (a boolean: changes at the ends of the fade only). */
export const fadingSelector = (state: ZoomState): boolean => blendSelector(state) < 1;

/** Whether nodes are drawn in full at the current zoom (re-renders only when that changes). */
export function useShowsDetail(): boolean {
  return useStore(detailSelector);
}

export function useShowsOverview(): boolean {
  return useStore(overviewSelector);
}
