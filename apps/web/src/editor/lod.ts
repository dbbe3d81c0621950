import { useStore } from '@xyflow/react';

/**
 * Level of detail: below this zoom a card's text is too small to read (a 13 px title is under
 * 6 px on screen), so nodes are drawn as plain boxes with their code, and the dotted grid (whose
 * dots would be closer than 11 px) is left out. Drawing less is what keeps a large map smooth.
 */
export const DETAIL_ZOOM = 0.45;

/** Maps up to this many nodes are drawn in full at any zoom, and whole (not only what is in view). */
export const LARGE_MAP_NODES = 300;

export function isLargeMap(nodeCount: number): boolean {
  return nodeCount > LARGE_MAP_NODES;
}

export function showsDetail(zoom: number, nodeCount = Infinity): boolean {
  return zoom >= DETAIL_ZOOM || !isLargeMap(nodeCount);
}

/**
 * For React Flow's store: whether the view shows detail. A boolean, so that a component using it
 * re-renders only when the zoom crosses the threshold, not on every frame of a zoom.
 */
export function detailSelector(state: { transform: readonly [number, number, number]; nodes: readonly unknown[] }): boolean {
  return showsDetail(state.transform[2], state.nodes.length);
}

/** Whether nodes are drawn in full at the current zoom (re-renders only when that changes). */
export function useShowsDetail(): boolean {
  return useStore(detailSelector);
}
