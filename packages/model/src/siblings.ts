import * as Y from 'yjs';
import { entryAt, nodesOf } from './document.js';
import { graphOf, type MapGraph } from './graph.js';
import { compareSiblings } from './layout.js';
import type { MapNode } from './schema.js';
import { snapshotOf } from './view.js';

/** A node's siblings under its parent (itself included) in order, outcomes drawn in units left out. */
export function siblingsOf(graph: MapGraph, nodeId: string): MapNode[] | undefined {
  const parent = graph.parentOf(nodeId);
  if (!parent) return undefined;
  const inUnit = graph.unitMembership();
  return graph
    .childrenOf(parent.id)
    .filter((child) => !inUnit.has(child.id))
    .sort(compareSiblings);
}

export type SiblingMove = { ok: true; order: readonly string[] } | { ok: false; reason: 'no-parent' | 'first' | 'last' };

/**
 * Moves a node one place earlier (-1) or later (+1) among its siblings, in one transaction with
 * `origin` (one undo step): every sibling's `sequence` is set to its new place, and the node and
 * its neighbour swap places on the canvas with everything below them, so the map reads in the
 * new order without a tidy-up.
 */
export function moveAmongSiblings(doc: Y.Doc, nodeId: string, offset: -1 | 1, origin?: unknown): SiblingMove {
  const graph = graphOf(snapshotOf(doc));
  const siblings = siblingsOf(graph, nodeId);
  if (!siblings) return { ok: false, reason: 'no-parent' };
  const from = siblings.findIndex((node) => node.id === nodeId);
  const to = from + offset;
  if (to < 0) return { ok: false, reason: 'first' };
  if (to >= siblings.length) return { ok: false, reason: 'last' };
  const node = siblings[from]!;
  const neighbour = siblings[to]!;
  const order = [...siblings];
  [order[from], order[to]] = [neighbour, node];

  const nodes = nodesOf(doc);
  const shift = (rootId: string, dx: number, dy: number) => {
    for (const id of subtreeOf(graph, rootId)) {
      const position = entryAt(nodes, id)?.get('position');
      if (!(position instanceof Y.Map)) continue;
      position.set('x', Number(position.get('x')) + dx);
      position.set('y', Number(position.get('y')) + dy);
    }
  };
  doc.transact(() => {
    order.forEach((sibling, index) => {
      const entry = entryAt(nodes, sibling.id);
      if (entry && entry.get('sequence') !== index + 1) entry.set('sequence', index + 1);
    });
    const dx = neighbour.position.x - node.position.x;
    const dy = neighbour.position.y - node.position.y;
    shift(node.id, dx, dy);
    shift(neighbour.id, -dx, -dy);
  }, origin);
  return { ok: true, order: order.map((sibling) => sibling.id) };
}

/** A node and everything under it in the functional tree (not the outcomes inside units, drawn relative to them). */
function subtreeOf(graph: MapGraph, rootId: string): string[] {
  const inUnit = graph.unitMembership();
  const out: string[] = [];
  const seen = new Set<string>();
  const pending = [rootId];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue; // a cycle left by concurrent edits is walked once
    seen.add(id);
    out.push(id);
    for (const child of graph.childrenOf(id)) if (!inUnit.has(child.id)) pending.push(child.id);
  }
  return out;
}
