import { ViewportPortal, useStore, useStoreApi } from '@xyflow/react';
import { memo, useEffect, useMemo, useState } from 'react';
import { placedBox, type PlacedBox } from './edge-culling';
import type { MapFlowEdge } from './flow-state';

export type { PlacedBox } from './edge-culling';

/**
 * Lines are grouped by kind and by the square of the canvas (this many flow pixels a side) their
 * upper end is in. A moved node then changes the paths of its squares only, and the rest of the
 * picture is neither rebuilt nor repainted; a square off-screen costs nothing to paint.
 */
export const OVERVIEW_CELL = 2048;

export interface OverviewPath {
  /** Kind and square: stable while the lines stay where they are. */
  key: string;
  kind: string;
  d: string;
}

/**
 * Zoomed out on a large map, lines become a few SVG paths (one per kind and square of the canvas):
 * straight, from the bottom centre of the upper node to the top centre of the lower one. A line is
 * a pixel wide there, so its route does not matter; thousands of edge components, each recomputing
 * its route whenever anything on the canvas changes, were what made a zoomed-out map slow.
 */
export function overviewPaths(edges: readonly MapFlowEdge[], boxOf: (id: string) => PlacedBox | undefined, cell = OVERVIEW_CELL): OverviewPath[] {
  const parts = new Map<string, { kind: string; list: string[] }>();
  for (const edge of edges) {
    if (edge.hidden) continue;
    const from = boxOf(edge.source);
    const to = boxOf(edge.target);
    if (!from || !to || from.hidden || to.hidden) continue;
    const kind = edge.data?.edge.kind ?? 'other';
    const [upper, lower] = from.y <= to.y ? [from, to] : [to, from];
    const x = Math.round(upper.x + upper.width / 2);
    const y = Math.round(upper.y + upper.height);
    const key = `${kind} ${Math.floor(x / cell)} ${Math.floor(y / cell)}`;
    let part = parts.get(key);
    if (!part) parts.set(key, (part = { kind, list: [] }));
    part.list.push(`M${x} ${y}L${Math.round(lower.x + lower.width / 2)} ${Math.round(lower.y)}`);
  }
  return [...parts].map(([key, { kind, list }]) => ({ key, kind, d: list.join('') }));
}

/**
 * overviewPaths, remembered between calls: a line whose two nodes are the same objects as last
 * time (React Flow keeps a node's object while it does not change) keeps its piece of path, and a
 * square none of whose lines changed keeps its path. A move then costs its squares, not the map.
 */
export class OverviewPathCache {
  private readonly lines = new Map<string, { edge: MapFlowEdge; from: object; to: object; key: string; piece: string }>();
  private readonly squares = new Map<string, { kind: string; d: string; count: number }>();

  constructor(private readonly cell = OVERVIEW_CELL) {}

  paths<N extends object>(edges: readonly MapFlowEdge[], nodeOf: (id: string) => N | undefined, boxOf: (node: N) => PlacedBox): OverviewPath[] {
    const changed = new Set<string>();
    const pieces = new Map<string, { kind: string; list: string[] }>();
    const seen = new Set<string>();
    for (const edge of edges) {
      const from = edge.hidden ? undefined : nodeOf(edge.source);
      const to = edge.hidden ? undefined : nodeOf(edge.target);
      let line = this.lines.get(edge.id);
      if (!from || !to) {
        if (line) changed.add(line.key);
        continue;
      }
      if (!line || line.edge !== edge || line.from !== from || line.to !== to) {
        const [path] = overviewPaths([edge], (id) => boxOf(id === edge.source ? from : to), this.cell);
        if (line) changed.add(line.key);
        if (!path) {
          this.lines.delete(edge.id);
          continue;
        }
        line = { edge, from, to, key: path.key, piece: path.d };
        this.lines.set(edge.id, line);
        changed.add(line.key);
      }
      seen.add(edge.id);
      let square = pieces.get(line.key);
      if (!square) pieces.set(line.key, (square = { kind: edge.data?.edge.kind ?? 'other', list: [] }));
      square.list.push(line.piece);
    }
    for (const [id, line] of this.lines) {
      if (seen.has(id)) continue;
      changed.add(line.key);
      this.lines.delete(id);
    }
    const out: OverviewPath[] = [];
    for (const [key, { kind, list }] of pieces) {
      const before = this.squares.get(key);
      const d = before && !changed.has(key) && before.count === list.length ? before.d : list.join('');
      this.squares.set(key, { kind, d, count: list.length });
      out.push({ key, kind, d });
    }
    for (const key of this.squares.keys()) if (!pieces.has(key)) this.squares.delete(key);
    return out;
  }
}

/**
 * How long a node that moved keeps its lines in the moving layer: a node moved once is likely to
 * move again soon (a drag in progress here or in another browser, a remote person's moves).
 */
export const MOVING_HOLD_MS = 2500;

/**
 * Which nodes moved or changed size lately. A changed path makes the browser paint its whole
 * extent again, and painting the squares' long paths in software on every move was what kept a
 * 5,000-node map at a few frames a second while someone moved nodes: the lines at recent movers
 * are drawn in a layer of their own, so the squares stay as they were.
 */
export class RecentMoves {
  private readonly boxes = new Map<string, { box: PlacedBox; seen: number }>();
  private readonly movedAt = new Map<string, number>();
  private round = 0;

  constructor(private readonly hold = MOVING_HOLD_MS) {}

  /**
   * Notes the nodes as they are now; a node dragged here counts as moving while the drag lasts.
   * Nodes seen for the first time are not moves (the map opening, a node added).
   */
  observe(nodes: Iterable<{ id: string; box: PlacedBox; dragging?: boolean }>, now: number): void {
    const round = ++this.round;
    let count = 0;
    for (const { id, box, dragging } of nodes) {
      count++;
      const before = this.boxes.get(id);
      const changed = before !== undefined && (before.box.x !== box.x || before.box.y !== box.y || before.box.width !== box.width || before.box.height !== box.height);
      if (changed || dragging) this.movedAt.set(id, now);
      if (before === undefined || changed) this.boxes.set(id, { box, seen: round });
      else before.seen = round;
    }
    if (this.boxes.size === count) return;
    for (const [id, { seen }] of this.boxes) {
      if (seen === round) continue;
      this.boxes.delete(id);
      this.movedAt.delete(id);
    }
  }

  /** The nodes that moved within the hold, as one sorted string (stable while the set is). */
  movingKey(now: number): string {
    const ids: string[] = [];
    for (const [id, at] of this.movedAt) {
      if (now - at < this.hold) ids.push(id);
      else this.movedAt.delete(id);
    }
    return ids.sort().join('\u0000');
  }

  /** When the next mover leaves the moving set (null when none is moving). */
  nextExpiry(): number | null {
    let first: number | null = null;
    for (const at of this.movedAt.values()) if (first === null || at + this.hold < first) first = at + this.hold;
    return first;
  }
}

/** The lines at any of the `moving` nodes, apart from the others. */
export function splitMoving(edges: readonly MapFlowEdge[], moving: ReadonlySet<string>): { still: readonly MapFlowEdge[]; moving: MapFlowEdge[] } {
  if (moving.size === 0) return { still: edges, moving: [] };
  const still: MapFlowEdge[] = [];
  const moved: MapFlowEdge[] = [];
  for (const edge of edges) (moving.has(edge.source) || moving.has(edge.target) ? moved : still).push(edge);
  return { still, moving: moved };
}

/** The lines of a zoomed-out large map (see overviewPaths), drawn in the viewport under the nodes. */
export const OverviewEdges = memo(function OverviewEdges({ edges }: { edges: readonly MapFlowEdge[] }) {
  // A new nodes array means something moved or changed size; positions come from the lookup.
  const nodes = useStore((state) => state.nodes);
  const store = useStoreApi();
  const [cache] = useState(() => new OverviewPathCache());
  const [recent] = useState(() => new RecentMoves());
  // Bumped when a mover's hold ends, so that its lines go back to their squares.
  const [expired, setExpired] = useState(0);
  const movingKey = useMemo(() => {
    const { nodeLookup } = store.getState();
    const now = performance.now();
    recent.observe(
      (function* () {
        for (const [id, node] of nodeLookup) yield { id, box: placedBox(node), dragging: node.dragging };
      })(),
      now,
    );
    return recent.movingKey(now);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the store's node lookup is mutable: `nodes` changing is the sign to read it again
  }, [nodes, store, recent, expired]);
  useEffect(() => {
    const at = recent.nextExpiry();
    if (at === null) return;
    const timer = setTimeout(() => setExpired((n) => n + 1), Math.max(0, at - performance.now()) + 20);
    return () => clearTimeout(timer);
  }, [movingKey, recent]);
  const split = useMemo(() => splitMoving(edges, new Set(movingKey ? movingKey.split('\u0000') : [])), [edges, movingKey]);
  const paths = useMemo(() => {
    const { nodeLookup } = store.getState();
    return cache.paths(split.still, (id) => nodeLookup.get(id), placedBox);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
  }, [split, nodes, store, cache]);
  const movingPaths = useMemo(() => {
    if (split.moving.length === 0) return [];
    const { nodeLookup } = store.getState();
    return overviewPaths(split.moving, (id) => {
      const node = nodeLookup.get(id);
      return node && placedBox(node);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
  }, [split, nodes, store]);
  return (
    <ViewportPortal>
      <svg className="overview-edges" aria-hidden="true">
        {paths.map(({ key, kind, d }) => (
          <OverviewPathElement key={key} kind={kind} d={d} />
        ))}
      </svg>
      {movingPaths.length > 0 && (
        <svg className="overview-edges overview-edges--moving" aria-hidden="true" data-testid="overview-moving">
          {movingPaths.map(({ key, kind, d }) => (
            <OverviewPathElement key={key} kind={kind} d={d} />
          ))}
        </svg>
      )}
    </ViewportPortal>
  );
});

/** One path; memoised, so that a path whose lines did not move is not touched (nor repainted). */
const OverviewPathElement = memo(function OverviewPathElement({ kind, d }: { kind: string; d: string }) {
  return <path className={`overview-edge overview-edge--${kind}`} d={d} vectorEffect="non-scaling-stroke" />;
});
