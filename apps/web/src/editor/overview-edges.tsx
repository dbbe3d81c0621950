import { ViewportPortal, useStore, useStoreApi } from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { MapFlowEdge } from './flow-state';

/** Where a node is on the canvas (absolute, its unit's offset included) and how big it is drawn. */
export interface PlacedBox {
  x: number;
  y: number;
  width: number;
  height: number;
  hidden?: boolean;
}

/**
 * Zoomed out on a large map, every line of a kind becomes part of one SVG path: straight, from the
 * bottom centre of the upper node to the top centre of the lower one. A line is a pixel wide there,
 * so its route does not matter; thousands of edge components, each recomputing its route whenever
 * anything on the canvas changes, were what made a zoomed-out map slow.
 */
export function overviewPaths(edges: readonly MapFlowEdge[], boxOf: (id: string) => PlacedBox | undefined): Map<string, string> {
  const parts = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.hidden) continue;
    const from = boxOf(edge.source);
    const to = boxOf(edge.target);
    if (!from || !to || from.hidden || to.hidden) continue;
    const kind = edge.data?.edge.kind ?? 'other';
    let list = parts.get(kind);
    if (!list) parts.set(kind, (list = []));
    const [upper, lower] = from.y <= to.y ? [from, to] : [to, from];
    list.push(`M${Math.round(upper.x + upper.width / 2)} ${Math.round(upper.y + upper.height)}L${Math.round(lower.x + lower.width / 2)} ${Math.round(lower.y)}`);
  }
  return new Map([...parts].map(([kind, list]) => [kind, list.join('')]));
}

const FALLBACK_SIZE = { width: 220, height: 80 };

/** The lines of a zoomed-out large map (see overviewPaths), drawn in the viewport under the nodes. */
export const OverviewEdges = memo(function OverviewEdges({ edges }: { edges: readonly MapFlowEdge[] }) {
  // A new nodes array means something moved or changed size; positions come from the lookup.
  const nodes = useStore((state) => state.nodes);
  const store = useStoreApi();
  const paths = useMemo(() => {
    const { nodeLookup } = store.getState();
    return overviewPaths(edges, (id) => {
      const node = nodeLookup.get(id);
      if (!node) return undefined;
      const size = node.measured.width && node.measured.height ? node.measured : (node.width && node.height ? node : FALLBACK_SIZE);
      const { x, y } = node.internals.positionAbsolute;
      return { x, y, width: size.width ?? FALLBACK_SIZE.width, height: size.height ?? FALLBACK_SIZE.height, hidden: Boolean(node.hidden) };
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store's node lookup is mutable: `nodes` changing is the sign to read it again
  }, [edges, nodes, store]);
  return (
    <ViewportPortal>
      <svg className="overview-edges" aria-hidden="true">
        {[...paths].map(([kind, d]) => (
          <path key={kind} className={`overview-edge overview-edge--${kind}`} d={d} vectorEffect="non-scaling-stroke" />
        ))}
      </svg>
    </ViewportPortal>
  );
});
