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
