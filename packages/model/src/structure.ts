import type * as Y from 'yjs';
import { edgesOf, entryAt, mapEntries, nodesOf } from './document.js';
import { graphOf } from './graph.js';
import { addNode, connect, placeInUnit } from './operations.js';
import { kindSpec, type NodeKind } from './kinds.js';
import type { Position } from './schema.js';
import { snapshotOf } from './view.js';

/** The kind "add child" would create under a node of this kind, if any (kinds.ts: `child`). */
export function childKindOf(kind: string): string | undefined {
  return kindSpec(kind)?.child?.kind;
}

/**
 * Adds the natural child of a node, linked to it, in one transaction: a key function under the
 * qualification, a work action under a main function, an outcome that covers a work action, an
 * outcome inside a unit. `position` is absolute, except inside a unit (relative to its block).
 * Returns the new node's id, or undefined if this kind has no children.
 */
export function addChild(doc: Y.Doc, parentId: string, position: Position, origin?: unknown): string | undefined {
  const parent = entryAt(nodesOf(doc), parentId);
  const rule = parent ? kindSpec(String(parent.get('kind')))?.child : undefined;
  if (!rule) return undefined;
  let id: string | undefined;
  doc.transact(() => {
    id = addNode(doc, { kind: rule.kind, title: '', position }, origin);
    if (rule.link === 'partOf') placeInUnit(doc, id, parentId, position, origin);
    else connect(doc, { kind: rule.link, source: id, target: parentId }, origin);
  }, origin);
  return id;
}

/**
 * Adds a node of the same kind next to this one, under the same parent (or in the same unit, or
 * covering the same work actions). `position` is absolute, or relative inside a unit.
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
      else if (edgeKind === 'childOf') connect(doc, { kind: 'childOf', source: id, target }, origin);
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
