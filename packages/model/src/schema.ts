/**
 * The shape of a qualification map as stored in a Yjs document. Other tools rely on these names;
 * ARCHITECTURE.md documents them. Changing a persisted shape means a new SCHEMA_VERSION and a
 * migration in migrations.ts.
 *
 *   doc.getMap('meta')   schemaVersion: number, title: string, createdAt: number (ms)
 *   doc.getMap('nodes')  nodeId → Y.Map { kind: string, title: Y.Text, position: Y.Map { x, y } }
 *   doc.getMap('edges')  edgeId → Y.Map { kind: string, source: nodeId, target: nodeId }
 *
 * An edge reads "source <kind> target": a work action `childOf` a function, a learning outcome
 * `covers` a work action, a learning outcome `partOf` a unit.
 *
 * Selection, drag state and measured sizes are local to each browser and never stored here.
 */
export const SCHEMA_VERSION = 1;

/** Names of the document's root types. */
export const Root = {
  meta: 'meta',
  nodes: 'nodes',
  edges: 'edges',
} as const;

export const NODE_KINDS = [
  'qualification',
  'keyFunction',
  'mainFunction',
  'workAction',
  'learningOutcome',
  'unit',
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const EDGE_KINDS = ['childOf', 'covers', 'partOf', 'matches'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === 'string' && (NODE_KINDS as readonly string[]).includes(value);
}

export function isEdgeKind(value: unknown): value is EdgeKind {
  return typeof value === 'string' && (EDGE_KINDS as readonly string[]).includes(value);
}

export interface Position {
  x: number;
  y: number;
}

/** A plain, immutable reading of one node. */
export interface MapNode {
  readonly id: string;
  /** Usually a NodeKind; a kind this version does not know is kept as it is. */
  readonly kind: string;
  readonly title: string;
  readonly position: Position;
}

/** A plain, immutable reading of one edge. */
export interface MapEdge {
  readonly id: string;
  readonly kind: string;
  readonly source: string;
  readonly target: string;
}

export interface MapMeta {
  readonly schemaVersion: number;
  readonly title: string;
  readonly createdAt: number;
}
