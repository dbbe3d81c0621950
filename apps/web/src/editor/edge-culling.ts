import { useStore, type InternalNode, type ReactFlowState } from '@xyflow/react';
import { useCallback } from 'react';
import type { MapFlowEdge } from './flow-state';

/** A rectangle on the canvas, in flow coordinates. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a node is on the canvas (absolute, its unit's offset included) and how big it is drawn. */
export interface PlacedBox extends Rect {
  hidden?: boolean;
}

/** The size assumed for a node not yet measured (never drawn: off-screen on a large map). */
export const FALLBACK_SIZE = { width: 220, height: 80 };

/** A node of React Flow's lookup as a box on the canvas. */
export function placedBox(node: InternalNode): PlacedBox {
  const size = node.measured.width && node.measured.height ? node.measured : node.width && node.height ? node : FALLBACK_SIZE;
  const { x, y } = node.internals.positionAbsolute;
  return { x, y, width: size.width ?? FALLBACK_SIZE.width, height: size.height ?? FALLBACK_SIZE.height, hidden: Boolean(node.hidden) };
}

/**
 * The part of the canvas on screen, in flow coordinates, grown on each side by `margin` times its
 * size (so that a line whose end is about to scroll into view is already there).
 */
export function viewRect(transform: readonly [number, number, number], width: number, height: number, margin = 0): Rect {
  const [tx, ty, zoom] = transform;
  const w = width / zoom;
  const h = height / zoom;
  return { x: (0 - tx) / zoom - w * margin, y: (0 - ty) / zoom - h * margin, width: w * (1 + 2 * margin), height: h * (1 + 2 * margin) };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The lines worth drawing: those with at least one end in `view`, and selected ones (so that Delete
 * still finds them). A line whose ends are both off-screen is culled even when it crosses the
 * screen: on a large map hundreds of long lines cross every view, and in software each costs a
 * repaint of the whole screen while panning. A line to a node that is not on the canvas is culled.
 */
export function cullEdges<E extends Pick<MapFlowEdge, 'source' | 'target' | 'selected'>>(
  edges: readonly E[],
  boxOf: (id: string) => PlacedBox | undefined,
  view: Rect,
): E[] {
  const inView = new Map<string, boolean>();
  const seen = (id: string) => {
    let known = inView.get(id);
    if (known === undefined) {
      const box = boxOf(id);
      known = box !== undefined && !box.hidden && overlaps(box, view);
      inView.set(id, known);
    }
    return known;
  };
  return edges.filter((edge) => edge.selected || seen(edge.source) || seen(edge.target));
}

/** The same elements in the same order (the elements are compared by identity). */
export function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
}

/** How far beyond the screen an end may be and its line still be drawn, as a share of the view. */
export const CULL_MARGIN = 0.15;
const NONE: MapFlowEdge[] = [];

/**
 * `edges` without the lines whose ends are both off-screen (cullEdges), kept up to date as the view
 * and the nodes move; the same array as long as the same lines are drawn, so panning re-renders
 * the canvas only when a line comes into view or leaves it. Off (`enabled` false): no lines.
 */
export function useCulledEdges(edges: MapFlowEdge[], enabled: boolean): MapFlowEdge[] {
  const selector = useCallback(
    (state: ReactFlowState): MapFlowEdge[] => {
      if (!enabled || !state.width || !state.height) return NONE;
      const view = viewRect(state.transform, state.width, state.height, CULL_MARGIN);
      return cullEdges(
        edges,
        (id) => {
          const node = state.nodeLookup.get(id);
          return node && placedBox(node);
        },
        view,
      );
    },
    [edges, enabled],
  );
  return useStore(selector, sameElements);
}
