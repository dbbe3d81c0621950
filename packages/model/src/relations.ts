import { EDGE_KINDS, EDGE_SPECS, edgeAllowed, type EdgeKind } from './kinds.js';

export { edgeAllowed } from './kinds.js';

export type Relation =
  | { ok: true; kind: EdgeKind; source: string; target: string }
  | { ok: false; reason: 'no-relation'; message: string };

export interface Endpoint {
  id: string;
  kind: string;
}

/**
 * The one relation that makes sense between two nodes, whichever way the person dragged (the
 * kinds' `links` in kinds.ts): a work action is `childOf` a function, a learning outcome `covers` a
 * work action or is `partOf` a unit, a unit `matches` another unit. Where both directions are
 * allowed (two main functions), the node dragged from becomes the source (the child).
 */
export function relationBetween(from: Endpoint, to: Endpoint): Relation {
  for (const kind of EDGE_KINDS) {
    // An association carries a CASE type a drawn line cannot know: imports make them.
    if (EDGE_SPECS[kind].typed) continue;
    if (edgeAllowed(kind, from.kind, to.kind)) return { ok: true, kind, source: from.id, target: to.id };
    if (edgeAllowed(kind, to.kind, from.kind)) return { ok: true, kind, source: to.id, target: from.id };
  }
  return { ok: false, reason: 'no-relation', message: `A ${from.kind} cannot be linked to a ${to.kind}.` };
}
