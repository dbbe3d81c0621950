import type * as Y from 'yjs';
import { edgesOf, entryAt, mapEntries, nodesOf } from './document.js';
import { graphOf } from './graph.js';
import { addNode, connect, placeInUnit } from './operations.js';
import { holdsMembers, inTree, knownKinds, kindSpec, type EdgeKind, type NodeKind } from './kinds.js';
import type { Position } from './schema.js';
import { snapshotOf, type MapSnapshot } from './view.js';

/** The kind "add child" would create under a node of this kind, if any (kinds.ts: `child`). */
export function childKindOf(kind: string): string | undefined {
  return kindSpec(kind)?.child?.kind;
}

/** Links that place a new node under another: `matches` pairs equals, it makes no child. */
const PLACING: readonly EdgeKind[] = ['childOf', 'covers', 'partOf'];

/** How a new node of `kind` links to a node of `targetKind` the tree allows, if it may. */
function placingLink(kind: string, targetKind: string): EdgeKind | undefined {
  const links = kindSpec(kind)?.links;
  // A unit `partOf` a qualification says which one it is of (a map with several): someone
  // states that in the side panel; adding never places a unit or a group in the tree.
  const stating = (edge: EdgeKind) => edge === 'partOf' && inTree(targetKind);
  return PLACING.find((edge) => links?.[edge]?.includes(targetKind) && !stating(edge));
}

export interface ChildRule {
  readonly kind: string;
  readonly link: EdgeKind;
}

/**
 * Every kind "add child" (Tab) may make under a node of this kind, and its link: the natural
 * child first (kinds.ts `child`), then every other kind the tree lets link to it, in the table's
 * order (a key function may get a main function or, in shallower methods, a work action).
 */
export function childRulesOf(kind: string): ChildRule[] {
  const natural = kindSpec(kind)?.child;
  const rules: ChildRule[] = natural ? [{ kind: natural.kind, link: natural.link }] : [];
  for (const other of knownKinds()) {
    if (other === natural?.kind) continue;
    const link = placingLink(other, kind);
    if (link) rules.push({ kind: other, link });
  }
  return rules;
}

export interface NewNodeLink {
  readonly link: EdgeKind;
  /** The node the new one links to (the new one is the link's source). */
  readonly target: string;
}

/**
 * What a node of `kind` added with `selectedId` selected links to, so that nothing added from
 * the toolbar or keyboard is an orphan: the selection if the tree allows it (a work action under
 * the selected function, an outcome covering the selected work action or inside the selected
 * unit), else the nearest node above the selection that allows it (a key function added with a
 * work action selected goes under its qualification); with nothing fitting selected, the only
 * node in the map it may link to (the qualification of a new map). Undefined: nowhere to link.
 */
export function linkForNew(snapshot: MapSnapshot, kind: string, selectedId?: string): NewNodeLink | undefined {
  const graph = graphOf(snapshot);
  const seen = new Set<string>();
  let current = selectedId ? graph.node(selectedId) : undefined;
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    const link = placingLink(kind, current.kind);
    if (link) return { link, target: current.id };
    // Up the tree; an outcome goes up through the work action it covers.
    current = graph.parentOf(current.id) ?? graph.covers(current.id)[0];
  }
  // A unit goes into a group only when someone puts it there: a group is never the only candidate.
  const candidates = snapshot.nodes.filter((node) => {
    const link = placingLink(kind, node.kind);
    return link !== undefined && (link !== 'partOf' || holdsMembers(node.kind));
  });
  const [only] = candidates;
  if (candidates.length === 1 && only) return { link: placingLink(kind, only.kind)!, target: only.id };
  return undefined;
}

/**
 * Adds a node linked as `linkForNew` said, in one transaction (one update, one undo step).
 * `position` is absolute, or relative to the unit's block for a `partOf` link.
 */
export function addLinked(doc: Y.Doc, node: { kind: string; position: Position; title?: string }, link: NewNodeLink | undefined, origin?: unknown): string {
  const { kind, position, title = '' } = node;
  let id!: string;
  doc.transact(() => {
    id = addNode(doc, { kind: kind as NodeKind, title, position }, origin);
    if (!link) return;
    if (link.link === 'partOf') placeInUnit(doc, id, link.target, position, origin);
    else connect(doc, { kind: link.link, source: id, target: link.target }, origin);
  }, origin);
  return id;
}

/**
 * Adds the natural child of a node (or another kind from `childRulesOf`), linked to it, in one transaction: a key function under the
 * qualification, a work action under a main function, an outcome that covers a work action, an
 * outcome inside a unit. `position` is absolute, except inside a unit (relative to its block).
 * Returns the new node's id, or undefined if this kind has no children.
 */
export function addChild(doc: Y.Doc, parentId: string, position: Position, origin?: unknown, kind?: string): string | undefined {
  const parent = entryAt(nodesOf(doc), parentId);
  const rules = parent ? childRulesOf(String(parent.get('kind'))) : [];
  // Another allowed kind when asked for one (the Tab menu), else the natural child.
  const rule = kind === undefined ? rules[0] : rules.find((r) => r.kind === kind);
  if (!rule) return undefined;
  return addLinked(doc, { kind: rule.kind, position }, { link: rule.link, target: parentId }, origin);
}

/**
 * Adds a node of the same kind next to this one with the same links that place it: the same
 * parent, the same unit, covering the same work actions. `position` is absolute, or relative
 * inside a unit.
 */
export function addSibling(doc: Y.Doc, nodeId: string, position: Position, origin?: unknown): string | undefined {
  const node = entryAt(nodesOf(doc), nodeId);
  if (!node) return undefined;
  const kind = String(node.get('kind'));
  const links = [...mapEntries(edgesOf(doc))].map(([, edge]) => edge).filter((edge) => edge.get('source') === nodeId);
  let id: string | undefined;
  doc.transact(() => {
    id = addNode(doc, { kind: kind as NodeKind, title: '', position }, origin);
    for (const edge of links) {
      const edgeKind = String(edge.get('kind'));
      const target = String(edge.get('target'));
      if (edgeKind === 'partOf') placeInUnit(doc, id, target, position, origin);
      else if (edgeKind === 'childOf' || edgeKind === 'covers') connect(doc, { kind: edgeKind, source: id, target }, origin);
    }
  }, origin);
  return id;
}

/**
 * The unit an outcome is drawn in (its first `partOf` link to an existing unit), if any. Reads the
 * whole document: renderers ask their snapshot's graph (`graphOf(snapshot).unitOf`) instead.
 */
export function unitOf(doc: Y.Doc, nodeId: string): string | undefined {
  return graphOf(snapshotOf(doc)).unitOf(nodeId)?.id;
}
