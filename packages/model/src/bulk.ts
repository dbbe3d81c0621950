import * as Y from 'yjs';
import { edgesOf, entryAt, mapEntries, nodesOf, type YEdge, type YNode } from './document.js';
import { newId } from './ids.js';
import { EDGE_SPECS, holdsMembers, type EdgeKind } from './kinds.js';
import { RefusalReason, UNIT_SLOT, linkRefusal, type NewEdge, type Result } from './operations.js';
import { readPosition } from './read.js';

/**
 * `connect` for many links at once (an import writes thousands): the same checks, refusals and
 * effects, each link checked against the map and the links written before it, in one
 * transaction. `connect` reads every link of the map for each call; this builds its indexes once,
 * so the cost grows with the number of links rather than with its square.
 */
export function connectMany(doc: Y.Doc, specs: readonly NewEdge[], origin?: unknown): Array<Result<string>> {
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  const key = (kind: string, source: string, target: string) => `${kind}\u0000${source}\u0000${target}`;
  const existing = new Set<string>();
  /** `kind source` → ids of that node's links of that kind (single kinds: replaced). */
  const outOf = new Map<string, string[]>();
  /** Per tree kind: child → parents. */
  const parents = new Map<string, Map<string, string[]>>();
  const index = (id: string, kind: string, source: string, target: string) => {
    existing.add(key(kind, source, target));
    const from = `${kind}\u0000${source}`;
    const list = outOf.get(from);
    if (list) list.push(id);
    else outOf.set(from, [id]);
    if (EDGE_SPECS[kind as EdgeKind]?.tree) {
      let byChild = parents.get(kind);
      if (!byChild) parents.set(kind, (byChild = new Map()));
      const up = byChild.get(source);
      if (up) up.push(target);
      else byChild.set(source, [target]);
    }
  };
  const unindex = (id: string, kind: string, source: string, target: string) => {
    existing.delete(key(kind, source, target));
    const from = `${kind}\u0000${source}`;
    outOf.set(from, (outOf.get(from) ?? []).filter((other) => other !== id));
    const up = parents.get(kind)?.get(source);
    if (up) {
      const at = up.indexOf(target);
      if (at >= 0) up.splice(at, 1);
    }
  };
  for (const [id, edge] of mapEntries(edges)) index(id, String(edge.get('kind')), String(edge.get('source')), String(edge.get('target')));

  /** True if `ancestor` is `node` or above it through links of this (tree) kind. */
  const isAncestor = (kind: string, node: string, ancestor: string): boolean => {
    const byChild = parents.get(kind);
    if (!byChild) return ancestor === node;
    // A node without a parent yet is the top of its tree: it is above `ancestor` only if that
    // tree is its own. Finding the top follows shortcuts (set on the way, as in union-find), so
    // a chain of thousands of parents is not walked again for every link added below it.
    if (!byChild.get(node)?.length && EDGE_SPECS[kind as EdgeKind]?.single && !multiParent.has(kind)) return topOf(kind, byChild, ancestor) === node;
    const seen = new Set<string>();
    const stack = [ancestor];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (current === node) return true;
      if (seen.has(current)) continue;
      seen.add(current);
      for (const up of byChild.get(current) ?? []) stack.push(up);
    }
    return false;
  };
  /** Per tree kind: shortcuts from a node to one of its ancestors; valid while links are only added. */
  const shortcuts = new Map<string, Map<string, string>>();
  /** Tree kinds where some node has several parents (a document made elsewhere): no shortcuts. */
  const multiParent = new Set<string>();
  for (const [kind, byChild] of parents) for (const up of byChild.values()) if (up.length > 1) multiParent.add(kind);
  const topOf = (kind: string, byChild: Map<string, string[]>, start: string): string => {
    let jumps = shortcuts.get(kind);
    if (!jumps) shortcuts.set(kind, (jumps = new Map()));
    const path: string[] = [];
    let current = start;
    for (;;) {
      const next = jumps.get(current) ?? byChild.get(current)?.[0];
      if (next === undefined) break;
      path.push(current);
      current = next;
    }
    for (const visited of path) jumps.set(visited, current);
    return current;
  };

  /** Each unit's members, and the lowest member's y in its block (computed when first needed). */
  const members = new Map<string, Set<string>>();
  for (const [, edge] of mapEntries(edges)) {
    if (edge.get('kind') !== 'partOf') continue;
    const unit = String(edge.get('target'));
    if (!members.has(unit)) members.set(unit, new Set());
    members.get(unit)!.add(String(edge.get('source')));
  }
  const lowest = new Map<string, number>();
  const lowestIn = (unitId: string): number => {
    const known = lowest.get(unitId);
    if (known !== undefined) return known;
    let y = UNIT_SLOT.headerHeight - UNIT_SLOT.rowHeight;
    for (const id of members.get(unitId) ?? []) {
      const member = entryAt(nodes, id);
      if (member) y = Math.max(y, readPosition(member).y);
    }
    lowest.set(unitId, y);
    return y;
  };

  const results: Array<Result<string>> = [];
  doc.transact(() => {
    for (const spec of specs) {
      const source = entryAt(nodes, spec.source);
      const target = entryAt(nodes, spec.target);
      const refused = linkRefusal(spec, source, target, {
        linked: () => existing.has(key(spec.kind, spec.source, spec.target)),
        below: () => isAncestor(spec.kind, spec.source, spec.target),
      });
      if (refused || !source) {
        results.push(refused ?? refuse(RefusalReason.NodeNotFound, `There is no node ${spec.source}.`));
        continue;
      }
      // One parent, one unit: the new link replaces the old one.
      if (EDGE_SPECS[spec.kind].single) {
        for (const edgeId of [...(outOf.get(`${spec.kind}\u0000${spec.source}`) ?? [])]) {
          const edge = entryAt(edges, edgeId);
          if (!edge) continue;
          if (spec.kind === 'partOf') {
            leaveUnit(nodes, edge, source);
            members.get(String(edge.get('target')))?.delete(spec.source);
            lowest.delete(String(edge.get('target')));
          }
          unindex(edgeId, spec.kind, spec.source, String(edge.get('target')));
          shortcuts.delete(spec.kind); // ancestors changed: the shortcuts may skip the new ones
          edges.delete(edgeId);
        }
      }
      const id = spec.id ?? newId();
      const edge: YEdge = new Y.Map();
      edges.set(id, edge);
      edge.set('kind', spec.kind);
      edge.set('source', spec.source);
      edge.set('target', spec.target);
      if (spec.kind === 'partOf' && !holdsMembers(String(target!.get('kind')))) {
        if (spec.position) setPosition(source, spec.position);
      } else if (spec.kind === 'partOf') {
        const slot = spec.position ?? { x: UNIT_SLOT.paddingX, y: lowestIn(spec.target) + UNIT_SLOT.rowHeight };
        setPosition(source, slot);
        if (lowest.has(spec.target)) lowest.set(spec.target, Math.max(lowest.get(spec.target)!, slot.y));
        if (!members.has(spec.target)) members.set(spec.target, new Set());
        members.get(spec.target)!.add(spec.source);
      }
      index(id, spec.kind, spec.source, spec.target);
      results.push({ ok: true, value: id });
    }
  }, origin);
  return results;
}

function setPosition(node: YNode, position: { x: number; y: number }): void {
  let stored = node.get('position');
  if (!(stored instanceof Y.Map)) {
    stored = new Y.Map<number>();
    node.set('position', stored);
  }
  const map = stored as Y.Map<number>;
  if (map.get('x') !== position.x) map.set('x', position.x);
  if (map.get('y') !== position.y) map.set('y', position.y);
}

/** An outcome leaving a unit keeps its place on screen: relative → absolute. */
function leaveUnit(nodes: Y.Map<YNode>, partOf: YEdge, member: YNode): void {
  const unit = entryAt(nodes, String(partOf.get('target')));
  if (!unit || !holdsMembers(String(unit.get('kind')))) return;
  const offset = readPosition(unit);
  const relative = readPosition(member);
  setPosition(member, { x: offset.x + relative.x, y: offset.y + relative.y });
}

function refuse(reason: RefusalReason, message: string): { ok: false; reason: RefusalReason; message: string } {
  return { ok: false, reason, message };
}
