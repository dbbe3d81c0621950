import type { MapEdge, MapNode, Position } from '@qms/model';
import type { Edge, Node } from '@xyflow/react';

/**
 * React Flow's view of the map. Position and data come from the shared document; `selected`,
 * `dragging` and `measured` are this browser's own and are carried over from the previous
 * render, never written to the document.
 */
export type MapFlowNode = Node<{ node: MapNode }, 'mapNode'>;
export type MapFlowEdge = Edge<{ edge: MapEdge }>;

export function mergeNodes(previous: readonly MapFlowNode[], next: readonly MapNode[]): MapFlowNode[] {
  const byId = new Map(previous.map((node) => [node.id, node]));
  return next.map((node) => {
    const prev = byId.get(node.id);
    if (prev && prev.data.node === node) return prev;
    return {
      ...prev,
      id: node.id,
      type: 'mapNode',
      // While this browser drags the node, its own pointer is the truth; echoes may lag behind it.
      position: prev?.dragging ? prev.position : node.position,
      data: { node },
    };
  });
}

export function mergeEdges(
  previous: readonly MapFlowEdge[],
  next: readonly MapEdge[],
  label: (kind: string) => string = (kind) => kind,
): MapFlowEdge[] {
  const byId = new Map(previous.map((edge) => [edge.id, edge]));
  return next.map((edge) => {
    const prev = byId.get(edge.id);
    if (prev && prev.data?.edge === edge) return prev;
    return {
      ...prev,
      id: edge.id,
      // Drawn from the document's target to its source: the parent above its child, a work
      // action above the outcome that covers it, so that lines run top-down like the map.
      source: edge.target,
      target: edge.source,
      className: `map-edge map-edge--${edge.kind}`,
      label: label(edge.kind),
      data: { edge },
    };
  });
}

/**
 * Collects drag positions and writes them at most every `intervalMs`; `flush()` writes at once
 * (on drop). Positions are rounded to whole pixels: smaller updates, and no churn from sub-pixel
 * jitter.
 */
export class ThrottledMoves {
  readonly #write: (moves: Array<{ id: string; position: Position }>) => void;
  readonly #intervalMs: number;
  readonly #pending = new Map<string, Position>();
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(write: (moves: Array<{ id: string; position: Position }>) => void, intervalMs = 50) {
    this.#write = write;
    this.#intervalMs = intervalMs;
  }

  queue(id: string, position: Position): void {
    this.#pending.set(id, { x: Math.round(position.x), y: Math.round(position.y) });
    this.#timer ??= setTimeout(() => this.flush(), this.#intervalMs);
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#pending.size === 0) return;
    const moves = [...this.#pending].map(([id, position]) => ({ id, position }));
    this.#pending.clear();
    this.#write(moves);
  }

  dispose(): void {
    this.flush();
  }
}
