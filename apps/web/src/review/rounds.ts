import { compareSiblings, graphOf, type MapNode, type MapSnapshot } from '@qms/model';

/**
 * The partner institutions the owner types when opening a round: one per line (or separated by
 * semicolons — names themselves may hold commas: "CFP, Bologna"). Blank and repeated ones dropped.
 */
export function institutionsFromText(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const part of text.split(/[\n;]/)) {
    const name = part.replace(/\s+/g, ' ').trim();
    const key = name.toLowerCase();
    if (!name || seen.has(key)) continue;
    seen.add(key);
    out.push(name);
  }
  return out;
}

/** A key function with what a validation round on it holds: itself and the functions and work actions under it. */
export interface FunctionalBranch {
  readonly keyFunction: MapNode;
  readonly ids: readonly string[];
  readonly workActions: number;
}

/** The functional map as a round offers it: one branch per key function, in the map's order. */
export function functionalBranches(snapshot: MapSnapshot): FunctionalBranch[] {
  const graph = graphOf(snapshot);
  return [...graph.ofKind('keyFunction')]
    .sort(compareSiblings)
    .map((keyFunction) => {
      const ids: string[] = [];
      let workActions = 0;
      const seen = new Set<string>();
      const pending = [keyFunction];
      while (pending.length > 0) {
        const node = pending.pop()!;
        if (seen.has(node.id)) continue; // a cycle left by concurrent edits is walked once
        seen.add(node.id);
        ids.push(node.id);
        if (node.kind === 'workAction') workActions++;
        for (const child of graph.childrenOf(node.id)) if (child.kind === 'mainFunction' || child.kind === 'workAction') pending.push(child);
      }
      return { keyFunction, ids, workActions };
    });
}
