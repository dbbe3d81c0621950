/**
 * The shape of a qualification map as stored in a Yjs document. Other tools rely on these names;
 * ARCHITECTURE.md documents them. Changing a persisted shape means a new SCHEMA_VERSION and a
 * migration in migrations.ts.
 *
 *   doc.getMap('meta')   schemaVersion: number, title: string, createdAt: number (ms),
 *                        language: string (the language the map's texts are written in),
 *                        sample?: 'real' | 'illustrative'
 *   doc.getMap('nodes')  nodeId → Y.Map { kind: string, code: string, title: Y.Text,
 *                        position: Y.Map { x, y }, …the kind's fields (fields.ts) }
 *   doc.getMap('edges')  edgeId → Y.Map { kind: string, source: nodeId, target: nodeId }
 *
 * An edge reads "source <kind> target": a work action `childOf` a function, a learning outcome
 * `covers` a work action, a learning outcome `partOf` a unit.
 *
 * A learning outcome that is `partOf` a unit is drawn inside that unit's block: its position is
 * relative to the unit's top-left corner. Every other position is absolute.
 *
 * Content in several languages (later) fits beside these fields: a node's `translations` map,
 * language → { title, keyPurpose, … }, with the fields above in `meta.language`.
 *
 * Selection, drag state and measured sizes are local to each browser and never stored here.
 */
export const SCHEMA_VERSION = 2;

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

/** A plain, immutable reading of one node. Fields a node's kind does not have are absent. */
export interface MapNode {
  readonly id: string;
  /** Usually a NodeKind; a kind this version does not know is kept as it is. */
  readonly kind: string;
  readonly code: string;
  readonly title: string;
  readonly position: Position;
  readonly keyPurpose?: string;
  readonly eqfLevel?: number;
  readonly nqfLevel?: string;
  readonly points?: number;
  readonly programmeYears?: number;
  readonly iscoCode?: string;
  readonly escoOccupation?: string;
  readonly status?: string;
  readonly performanceCriteria?: readonly string[];
  readonly domain?: string;
  readonly bloomLevel?: string;
  readonly transversal?: boolean;
  readonly assessmentCriteria?: readonly string[];
  readonly escoSkills?: readonly string[];
  readonly validity?: string;
  readonly sourceId?: string;
  readonly sourceType?: string;
  readonly sequence?: number;
}

/** Prefix of the codes proposed for each kind: WA 1, LO 1, U 1… */
export const CODE_PREFIX: Record<NodeKind, string> = {
  qualification: 'Q',
  keyFunction: 'KF',
  mainFunction: 'MF',
  workAction: 'WA',
  learningOutcome: 'LO',
  unit: 'U',
};

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
  /** BCP 47 code of the language the map's texts are written in. */
  readonly language: string;
  /** Set on sample maps: 'illustrative' ones hold example statements, not an official standard. */
  readonly sample?: 'real' | 'illustrative';
}
