import type { Institution } from './institutions.js';

/**
 * The shape of a qualification map as stored in a Yjs document. Other tools rely on these names;
 * ARCHITECTURE.md documents them. Changing a persisted shape means a new SCHEMA_VERSION and a
 * migration in migrations.ts.
 *
 *   doc.getMap('meta')   schemaVersion: number, title: string, createdAt: number (ms),
 *                        language: string (BCP 47: the source language the map's texts are written in),
 *                        languages: Y.Array<string> (target languages partners translate into),
 *                        verbs: Y.Map language → Y.Array<string> (verbs the map's editors accepted
 *                          as action verbs in that language, beyond the shipped lists),
 *                        ignored: Y.Map "rule|nodeId" (or "rule|nodeId|language" for a translation) → true (findings answered "ignore here"),
 *                        sample?: 'real' | 'illustrative'
 *   doc.getMap('nodes')  nodeId → Y.Map { kind: string, code: string, title: Y.Text,
 *                        position: Y.Map { x, y }, …the kind's fields (fields.ts),
 *                        translations: Y.Map language → Y.Map {
 *                          title, keyPurpose: Y.Text; assessmentCriteria, performanceCriteria:
 *                          Y.Array<string> (the kind's translatable fields, translations.ts);
 *                          fingerprints: Y.Map field → fingerprint of the source text the field
 *                            was translated from (unchanged source: current; changed: outdated);
 *                          reviewed: Y.Map field → fingerprint of source and translation a
 *                            translator marked reviewed }
 *                        externalAssociations?: Y.Array of plain objects (ExternalAssociation,
 *                          associations.ts): CASE associations between this node and items
 *                          outside the map (another framework's item, a URL), kept from an import;
 *                        previousCodes?: Y.Array<string>: codes it had before a renumbering
 *                          (renumber.ts), most recent last }
 *   doc.getMap('edges')  edgeId → Y.Map { kind: string, source: nodeId, target: nodeId;
 *                        a `matches` edge may also carry targetMap, matchType, note and
 *                        targetSnapshot: matches.ts; with targetMap its target is in that map;
 *                        an `association` edge also: associationType: string (a CASE type:
 *                        precedes, exemplar, isRelatedTo, exactMatchOf, ext:…), sequenceNumber?:
 *                        number, sourceId?: string (the CFAssociation's identifier at its source) }
 *
 * An edge reads "source <kind> target": a work action `childOf` a function, a learning outcome
 * `covers` a work action, a learning outcome `partOf` a unit.
 *
 * A learning outcome that is `partOf` a unit is drawn inside that unit's block: its position is
 * relative to the unit's top-left corner. Every other position is absolute.
 *
 * The fields of a node are in `meta.language`; `translations` holds the other languages. Every
 * node has its `translations` map from its creation (or the migration); the target languages'
 * maps and their empty texts are made when a language is added (and for nodes added later), so
 * that two translators' first keystrokes into one field merge.
 *
 * Selection, drag state and measured sizes are local to each browser and never stored here.
 */
export const SCHEMA_VERSION = 3;

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
  readonly creditSystem?: string;
  readonly hoursPerCredit?: number;
  readonly hoursPerYear?: number;
  readonly contactHours?: number;
  readonly selfStudyHours?: number;
  readonly workBasedHours?: number;
  readonly pointsRationale?: string;
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
  readonly optional?: boolean;
  readonly minPoints?: number;
  readonly minUnits?: number;
  readonly sourceId?: string;
  readonly sourceType?: string;
  readonly sequence?: number;
  /** Translations by language (a language tag of meta.languages, or a former one): only when the node has any. */
  readonly translations?: NodeTranslations;
  /** CASE associations to or from items outside the map (associations.ts): only when the node has any. */
  readonly externalAssociations?: readonly ExternalAssociation[];
  /** Codes the node had before it was renumbered (renumber.ts), most recent last: only when it has any. */
  readonly previousCodes?: readonly string[];
}

/**
 * A CASE association between a node and an item that is not in the map (another framework's item,
 * a web page), kept on the node from an import so that the next export writes it again. The node
 * is the association's origin; with `originIdentifier` (an association from outside into the map)
 * the node is its destination instead, and the destination fields are absent.
 */
export interface ExternalAssociation {
  /** The CASE associationType as it came (`exactMatchOf`, `exemplar`, `ext:…`). */
  readonly type: string;
  readonly destinationIdentifier?: string;
  readonly destinationUri?: string;
  /** The title the association gave its far end. */
  readonly title?: string;
  readonly sequenceNumber?: number;
  /** The CFAssociation's own identifier at its source. */
  readonly identifier?: string;
  readonly originIdentifier?: string;
  readonly originUri?: string;
}

/** One translated field: its text (or list), and the fingerprints that give its status. */
export interface TranslatedField {
  readonly value: string | readonly string[];
  /** Fingerprint of the source it was translated from; absent when it was never written through the model. */
  readonly fingerprint?: string;
  /** Fingerprint of source and translation when a translator marked it reviewed. */
  readonly reviewed?: string;
}

/** language → field name → translated field. */
export type NodeTranslations = Readonly<Record<string, Readonly<Record<string, TranslatedField>>>>;

/** A plain, immutable reading of one edge. */
export interface MapEdge {
  readonly id: string;
  readonly kind: string;
  readonly source: string;
  /** A node of this map; on a `matches` edge with `targetMap`, a node of that map (matches.ts). */
  readonly target: string;
  /** `matches` only: the map the target unit is in, when it is another map on this server. */
  readonly targetMap?: string;
  /** `matches` only: how well the units match. */
  readonly matchType?: 'exact' | 'partial' | 'related';
  /** `matches` only: what differs. */
  readonly note?: string;
  /** `matches` across maps: the target unit as it was when matched (matches.ts, MatchSnapshot). */
  readonly targetSnapshot?: import('./matches.js').MatchSnapshot;
  /** `association` edges: the CASE associationType (origin = source, destination = target). */
  readonly associationType?: string;
  /** `association` edges: the CASE sequenceNumber, when it had one. */
  readonly sequenceNumber?: number;
  /** `association` edges: the CFAssociation's identifier at its source. */
  readonly sourceId?: string;
}

export interface MapMeta {
  readonly schemaVersion: number;
  readonly title: string;
  readonly createdAt: number;
  /** BCP 47 code of the language the map's texts are written in (the source language). */
  readonly language: string;
  /** Target languages, in the order they were added (present when there is one). */
  readonly languages?: readonly string[];
  /** Verbs accepted in this map, by language (present when there is one). */
  readonly verbs?: Readonly<Record<string, readonly string[]>>;
  /** Keys of the findings answered "ignore here" (answers.ts, ignoreKey; present when there is one). */
  readonly ignored?: readonly string[];
  /** Set on sample maps: 'illustrative' ones hold example statements, not an official standard. */
  readonly sample?: 'real' | 'illustrative';
  /** The partner institutions (institutions.ts; present when there is one). */
  readonly institutions?: readonly Institution[];
}
