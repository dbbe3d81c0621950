import { graphOf, kindSpec, type MapNode, type MapSnapshot } from '@qms/model';
import type { Size } from './geometry';
import { kindShownIn, type Lens } from './flow-state';

/** Below this zoom a card's text is too small to read on a laptop screen. */
export const READABLE_ZOOM = 0.6;
const PADDING = 0.15;

export interface OpeningFit {
  padding: number;
  maxZoom: number;
  /** The qualification and its first level (flow coordinates, from stored positions): framed at the top of the pane. Absent: the whole map is fitted. */
  frame?: { x: number; y: number; width: number; height: number };
  /** The nodes framed. */
  nodes?: string[];
}

/** The view that shows a frame at a readable zoom, centred across and near the top of the pane. */
export function viewportFor(frame: NonNullable<OpeningFit['frame']>, pane: Size): { x: number; y: number; zoom: number } {
  const usable = 1 - 2 * PADDING;
  const zoom = Math.min(1, Math.max(READABLE_ZOOM, Math.min((pane.width * usable) / frame.width, (pane.height * usable) / frame.height)));
  return {
    x: Math.round(pane.width / 2 - (frame.x + frame.width / 2) * zoom),
    y: Math.round(pane.height * 0.05 - frame.y * zoom),
    zoom,
  };
}

/**
 * Where a map opens. A map that fits the pane at a readable zoom is shown whole; a larger one
 * opens on its qualification and the first level under it, at a readable zoom even if that
 * level is wider than the pane (centred on it, the rest a scroll or a fold away). Estimated from
 * stored positions and the kinds' card sizes: the cards are not measured yet when it is chosen.
 */
export function openingFit(snapshot: Pick<MapSnapshot, 'nodes' | 'edges'>, lens: Lens, pane: Size): OpeningFit {
  const graph = graphOf(snapshot);
  const membership = graph.unitMembership();
  const byId = new Map(snapshot.nodes.map((node) => [node.id, node]));
  const bounds = (list: readonly MapNode[]) => {
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (const node of list) {
      const parent = byId.get(membership.get(node.id) ?? '');
      const x = node.position.x + (parent?.position.x ?? 0);
      const y = node.position.y + (parent?.position.y ?? 0);
      const size = kindSpec(node.kind)?.size ?? { width: 220, height: 90 };
      left = Math.min(left, x);
      top = Math.min(top, y);
      right = Math.max(right, x + size.width);
      bottom = Math.max(bottom, y + size.height);
    }
    return Number.isFinite(left) ? { x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) } : undefined;
  };
  const whole = { padding: PADDING, maxZoom: 1 };
  const all = bounds(snapshot.nodes.filter((node) => kindShownIn(node.kind, lens)));
  if (!all) return whole;
  const usable = 1 - 2 * PADDING;
  if (Math.min((pane.width * usable) / all.width, (pane.height * usable) / all.height) >= READABLE_ZOOM) return whole;
  const roots = graph.roots().filter((node) => kindSpec(node.kind)?.treeLevel === 0);
  const framed = [...roots, ...roots.flatMap((root) => graph.childrenOf(root.id))];
  const frame = bounds(framed);
  if (!frame) return whole;
  return { ...whole, frame, nodes: framed.map((node) => node.id) };
}
