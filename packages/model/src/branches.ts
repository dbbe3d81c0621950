import type { MapGraph } from './graph.js';

/**
 * Branches of the functional tree: a node and what hangs under it through `childOf`, as far down
 * as it goes. The canvas collapses a branch to its top node (each person for themself: collapse
 * state is never in the document), and needs to know what that hides and how much.
 */

/** Every node below `id` in the functional tree, depth first in sibling order, without `id` itself. */
export function branchBelow(graph: MapGraph, id: string): string[] {
  const below: string[] = [];
  const seen = new Set<string>([id]);
  const walk = (parent: string) => {
    for (const child of graph.childrenOf(parent)) {
      // A cycle (concurrent edits can make one) is walked once.
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      below.push(child.id);
      walk(child.id);
    }
  };
  walk(id);
  return below;
}

/**
 * What collapsing `collapsed` hides: each hidden node with the collapsed node that hides it (the
 * topmost one, when collapsed branches nest). A collapsed node itself stays visible, unless a
 * collapsed ancestor hides it.
 */
export function hiddenByCollapse(graph: MapGraph, collapsed: Iterable<string>): Map<string, string> {
  const hidden = new Map<string, string>();
  const tops = [...collapsed].filter((id) => graph.node(id) !== undefined);
  for (const top of tops) {
    for (const id of branchBelow(graph, top)) if (!hidden.has(id)) hidden.set(id, top);
  }
  // A collapsed node under another collapsed one: what it hides is the outer one's to show.
  for (const [id, by] of hidden) {
    let top = by;
    const seen = new Set<string>();
    while (hidden.has(top) && !seen.has(top)) {
      seen.add(top);
      top = hidden.get(top)!;
    }
    hidden.set(id, top);
  }
  return hidden;
}

/** The nodes that have something below them in the functional tree: the ones a person can collapse. */
export function branchTops(graph: MapGraph): Set<string> {
  const tops = new Set<string>();
  for (const edge of graph.linksOf('childOf')) tops.add(edge.target);
  return tops;
}
