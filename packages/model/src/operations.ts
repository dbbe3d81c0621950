import * as diff from 'lib0/diff';
import * as Y from 'yjs';
import { edgesOf, metaOf, nodesOf, type YEdge, type YNode } from './document.js';
import { newId } from './ids.js';
import type { EdgeKind, NodeKind, Position } from './schema.js';

/**
 * Every change a person makes to a map goes through these functions. Each runs in one
 * `doc.transact` with the caller's origin, so a peer receives one update per intent and an undo
 * manager tracking that origin undoes exactly that intent.
 */

/** Why an operation was refused. Stable strings: the web app translates them. */
export const RefusalReason = {
  NodeNotFound: 'node-not-found',
  SelfLoop: 'self-loop',
  DuplicateEdge: 'duplicate-edge',
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

export type Result<T> = { ok: true; value: T } | { ok: false; reason: RefusalReason; message: string };

export interface NewNode {
  kind: NodeKind;
  title?: string;
  position: Position;
  /** Give an id to keep one (paste, import); a fresh one is made otherwise. */
  id?: string;
}

function writeNode(nodes: Y.Map<YNode>, spec: NewNode): string {
  const id = spec.id ?? newId();
  const node: YNode = new Y.Map();
  const position = new Y.Map<number>();
  // Integrate the node first, then fill it: prelim types are filled on integration anyway,
  // but this keeps one code path for nested types.
  nodes.set(id, node);
  node.set('kind', spec.kind);
  node.set('title', new Y.Text(spec.title ?? ''));
  node.set('position', position);
  position.set('x', spec.position.x);
  position.set('y', spec.position.y);
  return id;
}

export function addNode(doc: Y.Doc, spec: NewNode, origin?: unknown): string {
  let id = '';
  doc.transact(() => {
    id = writeNode(nodesOf(doc), spec);
  }, origin);
  return id;
}

export function addNodes(doc: Y.Doc, specs: readonly NewNode[], origin?: unknown): string[] {
  const ids: string[] = [];
  doc.transact(() => {
    const nodes = nodesOf(doc);
    for (const spec of specs) ids.push(writeNode(nodes, spec));
  }, origin);
  return ids;
}

/**
 * Moves nodes. Only coordinates that changed are written, so a drag that ends where it started
 * writes nothing, and x and y moved by two people at once both survive.
 */
export function moveNodes(doc: Y.Doc, moves: ReadonlyArray<{ id: string; position: Position }>, origin?: unknown): void {
  const nodes = nodesOf(doc);
  doc.transact(() => {
    for (const { id, position } of moves) {
      const node = nodes.get(id);
      const stored = node?.get('position');
      if (!(stored instanceof Y.Map)) continue;
      if (stored.get('x') !== position.x) stored.set('x', position.x);
      if (stored.get('y') !== position.y) stored.set('y', position.y);
    }
  }, origin);
}

/**
 * Edits a Y.Text so that it reads `next`, touching only the span that differs. Two people typing
 * into one title at once then both keep their words. `cursor` disambiguates repeated characters
 * (typing "a" after "a" in "aa").
 */
export function editText(text: Y.Text, next: string, cursor?: number): void {
  const current = text.toString();
  if (current === next) return;
  const change =
    cursor === undefined ? diff.simpleDiffString(current, next) : diff.simpleDiffStringWithCursor(current, next, cursor);
  if (change.remove > 0) text.delete(change.index, change.remove);
  if (change.insert.length > 0) text.insert(change.index, change.insert);
}

/** The node's title as a shared text, for editors that bind to it directly. */
export function titleText(doc: Y.Doc, nodeId: string): Y.Text | undefined {
  const title = nodesOf(doc).get(nodeId)?.get('title');
  return title instanceof Y.Text ? title : undefined;
}

export function setNodeTitle(doc: Y.Doc, nodeId: string, title: string, origin?: unknown, cursor?: number): Result<void> {
  const node = nodesOf(doc).get(nodeId);
  if (!node) return refuse(RefusalReason.NodeNotFound, `There is no node ${nodeId}.`);
  doc.transact(() => {
    let text = node.get('title');
    if (!(text instanceof Y.Text)) {
      text = new Y.Text();
      node.set('title', text);
    }
    editText(text as Y.Text, title, cursor);
  }, origin);
  return { ok: true, value: undefined };
}

export interface NewEdge {
  kind: EdgeKind;
  source: string;
  target: string;
  id?: string;
}

export function connect(doc: Y.Doc, spec: NewEdge, origin?: unknown): Result<string> {
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  if (!nodes.has(spec.source)) return refuse(RefusalReason.NodeNotFound, `There is no node ${spec.source}.`);
  if (!nodes.has(spec.target)) return refuse(RefusalReason.NodeNotFound, `There is no node ${spec.target}.`);
  if (spec.source === spec.target) return refuse(RefusalReason.SelfLoop, 'A node cannot be linked to itself.');
  for (const edge of edges.values()) {
    if (edge.get('kind') === spec.kind && edge.get('source') === spec.source && edge.get('target') === spec.target) {
      return refuse(RefusalReason.DuplicateEdge, 'These two nodes are already linked this way.');
    }
  }
  const id = spec.id ?? newId();
  doc.transact(() => {
    const edge: YEdge = new Y.Map();
    edges.set(id, edge);
    edge.set('kind', spec.kind);
    edge.set('source', spec.source);
    edge.set('target', spec.target);
  }, origin);
  return { ok: true, value: id };
}

/** Deletes nodes with every edge that touches them, and the given edges, in one transaction. */
export function removeElements(
  doc: Y.Doc,
  targets: { nodeIds?: Iterable<string>; edgeIds?: Iterable<string> },
  origin?: unknown,
): void {
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  const nodeIds = new Set(targets.nodeIds ?? []);
  const edgeIds = new Set(targets.edgeIds ?? []);
  if (nodeIds.size > 0) {
    for (const [id, edge] of edges) {
      if (nodeIds.has(edge.get('source') as string) || nodeIds.has(edge.get('target') as string)) edgeIds.add(id);
    }
  }
  if (nodeIds.size === 0 && edgeIds.size === 0) return;
  doc.transact(() => {
    for (const id of edgeIds) if (edges.has(id)) edges.delete(id);
    for (const id of nodeIds) if (nodes.has(id)) nodes.delete(id);
  }, origin);
}

export function setMapTitle(doc: Y.Doc, title: string, origin?: unknown): void {
  doc.transact(() => {
    const meta = metaOf(doc);
    if (meta.get('title') !== title) meta.set('title', title);
  }, origin);
}

function refuse(reason: RefusalReason, message: string): { ok: false; reason: RefusalReason; message: string } {
  return { ok: false, reason, message };
}
