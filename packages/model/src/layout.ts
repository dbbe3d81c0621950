import dagre from '@dagrejs/dagre';
import { graphOf } from './graph.js';
import { holdsMembers, kindSpec } from './kinds.js';
import { layoutGraph } from './layout-large.js';
import { UNIT_SLOT } from './operations.js';
import type { MapEdge, MapNode, Position } from './schema.js';

export interface LayoutSize {
  width: number;
  height: number;
}

/** Card size when neither the real one nor the kind's (kinds.ts) is known. */
const DEFAULT_SIZE: LayoutSize = { width: 220, height: 90 };

export interface LayoutInput {
  nodes: readonly MapNode[];
  edges: readonly MapEdge[];
  /** Measured sizes by node id, where the canvas knows them. */
  sizes?: ReadonlyMap<string, LayoutSize>;
}

/**
 * "Tidy up": a top-down layout of the whole map (dagre). The functional map is a tree from the
 * qualification down to the work actions; outcomes sit under the work actions they cover; each
 * unit's block sits under the work actions its outcomes cover, its outcomes stacked inside it.
 * Returns a position for every node: absolute, or relative to its block for an outcome in a unit.
 * Runs only when someone asks (or after an import): it never moves nodes behind people's backs.
 */
export function layoutMap({ nodes, edges, sizes }: LayoutInput): Map<string, Position> {
  const sizeOf = (node: MapNode): LayoutSize => sizes?.get(node.id) ?? kindSpec(node.kind)?.size ?? DEFAULT_SIZE;

  // Unit membership, as the canvas draws it (graph.ts).
  const unitOf = graphOf({ nodes, edges }).unitMembership();
  const members = new Map<string, MapNode[]>();
  for (const node of nodes) {
    const unit = unitOf.get(node.id);
    if (!unit) continue;
    const list = members.get(unit);
    if (list) list.push(node);
    else members.set(unit, [node]);
  }

  const positions = new Map<string, Position>();
  // Outcomes inside a block: stacked in code order.
  const blockSize = new Map<string, LayoutSize>();
  for (const [unit, list] of members) {
    const ordered = [...list].sort((a, b) => compareCodes(a.code, b.code) || a.position.y - b.position.y);
    let y = UNIT_SLOT.headerHeight;
    let width = DEFAULT_SIZE.width;
    for (const member of ordered) {
      positions.set(member.id, { x: UNIT_SLOT.paddingX, y });
      const size = sizeOf(member);
      y += Math.max(UNIT_SLOT.rowHeight, size.height + 20);
      width = Math.max(width, size.width);
    }
    blockSize.set(unit, { width: width + 2 * UNIT_SLOT.paddingX, height: y });
  }

  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 90, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const placed = nodes.filter((n) => !unitOf.has(n.id));
  // Stable input order (by code) gives a stable, readable left-to-right order.
  for (const node of [...placed].sort((a, b) => compareCodes(a.code, b.code))) {
    const size = holdsMembers(node.kind)
      ? (blockSize.get(node.id) ?? { width: DEFAULT_SIZE.width + 2 * UNIT_SLOT.paddingX, height: UNIT_SLOT.headerHeight + UNIT_SLOT.rowHeight })
      : sizeOf(node);
    graph.setNode(node.id, { width: size.width, height: size.height });
  }
  const link = (upper: string, lower: string, weight = 1) => {
    if (upper === lower || !graph.hasNode(upper) || !graph.hasNode(lower)) return;
    if (!graph.hasEdge(upper, lower)) graph.setEdge(upper, lower, { weight, minlen: 1 });
  };
  const childrenOf = new Map<string, MapNode[]>();
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const hung = new Set<string>();
  for (const edge of edges) {
    if (edge.kind === 'childOf') {
      link(edge.target, edge.source, 4); // parent above child
      const child = byId.get(edge.source);
      const siblings = childrenOf.get(edge.target);
      if (!child || !graph.hasNode(child.id)) continue;
      if (siblings) siblings.push(child);
      else childrenOf.set(edge.target, [child]);
    }
    if (edge.kind === 'covers') {
      const unit = unitOf.get(edge.source);
      link(edge.target, unit ?? edge.source); // a work action above the outcome (or block) that teaches it
      hung.add(unit ?? edge.source);
    }
  }
  // A unit that teaches no work action yet has no place in the tree: it goes in a row below it
  // (dagre would put it beside the qualification).
  const loose = placed.filter((node) => holdsMembers(node.kind) && !hung.has(node.id));
  for (const node of loose) graph.removeNode(node.id);
  // Siblings left to right in code order (KF 1 before KF 2), whatever dagre's crossing reduction prefers.
  const constraints = [...childrenOf.values()].flatMap((children) => {
    const ordered = [...children].sort((a, b) => compareCodes(a.code, b.code));
    return ordered.slice(1).map((right, i) => ({ left: ordered[i]!.id, right: right.id }));
  });
  layoutGraph(graph, { constraints }); // dagre, or a linear layered layout for maps too large or deep for it
  let left = Infinity;
  let bottom = 0;
  for (const node of placed) {
    const laid = graph.node(node.id) as { x: number; y: number; width: number; height: number } | undefined;
    if (!laid) continue;
    // dagre gives centres; the map stores top-left corners.
    positions.set(node.id, { x: Math.round(laid.x - laid.width / 2), y: Math.round(laid.y - laid.height / 2) });
    left = Math.min(left, laid.x - laid.width / 2);
    bottom = Math.max(bottom, laid.y + laid.height / 2);
  }
  let x = Number.isFinite(left) ? Math.round(left) : 0;
  for (const unit of [...loose].sort((a, b) => compareCodes(a.code, b.code))) {
    positions.set(unit.id, { x, y: Number.isFinite(left) ? Math.round(bottom + 90) : 0 });
    x += (blockSize.get(unit.id)?.width ?? DEFAULT_SIZE.width + 2 * UNIT_SLOT.paddingX) + 24;
  }
  return positions;
}

/** "WA 2" before "WA 10"; codes without numbers by text; empty codes last. */
export function compareCodes(a: string, b: string): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  return CODE_ORDER.compare(a, b);
}

/** What `a.localeCompare(b, undefined, options)` uses, made once: that call builds a collator each time. */
const CODE_ORDER = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
