import type { EdgeKind } from './schema.js';

/**
 * How far from the root each kind sits in the functional map (qualification → key function →
 * main function → work action). A lower rank is nearer the root.
 */
const TREE_RANK: Record<string, number> = {
  qualification: 0,
  keyFunction: 1,
  mainFunction: 2,
  workAction: 3,
};

/** Whether "source <kind> target" makes sense for these node kinds. */
export function edgeAllowed(kind: string, sourceKind: string, targetKind: string): boolean {
  switch (kind) {
    case 'childOf': {
      const child = TREE_RANK[sourceKind];
      const parent = TREE_RANK[targetKind];
      if (child === undefined || parent === undefined) return false;
      return child > parent || (sourceKind === 'mainFunction' && targetKind === 'mainFunction');
    }
    case 'covers':
      return sourceKind === 'learningOutcome' && targetKind === 'workAction';
    case 'partOf':
      return sourceKind === 'learningOutcome' && targetKind === 'unit';
    case 'matches':
      return sourceKind === 'unit' && targetKind === 'unit';
    default:
      return false;
  }
}

export type Relation =
  | { ok: true; kind: EdgeKind; source: string; target: string }
  | { ok: false; reason: 'no-relation'; message: string };

export interface Endpoint {
  id: string;
  kind: string;
}

/**
 * The one relation that makes sense between two nodes, whichever way the person dragged:
 * a work action is `childOf` a function, a learning outcome `covers` a work action or is `partOf`
 * a unit, a unit `matches` another unit. Between two main functions the drag direction decides
 * (the node dragged from becomes the child).
 */
export function relationBetween(from: Endpoint, to: Endpoint): Relation {
  const rankFrom = TREE_RANK[from.kind];
  const rankTo = TREE_RANK[to.kind];
  if (rankFrom !== undefined && rankTo !== undefined) {
    if (rankFrom > rankTo) return link('childOf', from, to);
    if (rankTo > rankFrom) return link('childOf', to, from);
    if (from.kind === 'mainFunction') return link('childOf', from, to);
  }
  const pair = new Set([from.kind, to.kind]);
  const pick = (kind: string) => (from.kind === kind ? [from, to] : [to, from]) as [Endpoint, Endpoint];
  if (pair.size === 2 && pair.has('learningOutcome') && pair.has('workAction')) return link('covers', ...pick('learningOutcome'));
  if (pair.size === 2 && pair.has('learningOutcome') && pair.has('unit')) return link('partOf', ...pick('learningOutcome'));
  if (from.kind === 'unit' && to.kind === 'unit') return link('matches', from, to);
  return { ok: false, reason: 'no-relation', message: `A ${from.kind} cannot be linked to a ${to.kind}.` };
}

function link(kind: EdgeKind, source: Endpoint, target: Endpoint): Relation {
  return { ok: true, kind, source: source.id, target: target.id };
}
