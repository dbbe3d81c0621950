import { graphOf, kindSpec, type MapSnapshot } from '@qms/model';
import type { Size } from './geometry';
import { kindShownIn, type Lens } from './flow-state';

/** Below this zoom a card's text is too small to read on a laptop screen. */
export const READABLE_ZOOM = 0.6;
const PADDING = 0.15;

export interface OpeningFit {
  padding: number;
  maxZoom: number;
  minZoom?: number;
  /** What the first view frames; all nodes when absent. */
  nodes?: Array<{ id: string }>;
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
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const node of snapshot.nodes) {
    if (!kindShownIn(node.kind, lens)) continue;
    const parent = byId.get(membership.get(node.id) ?? '');
    const x = node.position.x + (parent?.position.x ?? 0);
    const y = node.position.y + (parent?.position.y ?? 0);
    const size = kindSpec(node.kind)?.size ?? { width: 220, height: 90 };
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x + size.width);
    bottom = Math.max(bottom, y + size.height);
  }
  const whole = { padding: PADDING, maxZoom: 1 };
  if (!Number.isFinite(left)) return whole;
  const usable = 1 - 2 * PADDING;
  const zoomForAll = Math.min((pane.width * usable) / Math.max(1, right - left), (pane.height * usable) / Math.max(1, bottom - top));
  if (zoomForAll >= READABLE_ZOOM) return whole;
  const roots = graph.roots().filter((node) => kindSpec(node.kind)?.treeLevel === 0);
  if (roots.length === 0) return whole;
  const framed = [...roots, ...roots.flatMap((root) => graph.childrenOf(root.id))];
  return { padding: PADDING, maxZoom: 1, minZoom: READABLE_ZOOM, nodes: framed.map((node) => ({ id: node.id })) };
}
