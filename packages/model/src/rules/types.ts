import type { NodeKind } from '../kinds.js';
import type { MatchTargets } from '../matches.js';
import type { SkippedItem } from '../read.js';
import type { MapEdge, MapMeta, MapNode } from '../schema.js';

/** The methodology checks, in the order a checks panel lists them (docs/domain.md, "What a methodologist checks"). */
export const RULE_IDS = [
  'points-sum',
  'coverage',
  'traceability',
  'grouping',
  'assessability',
  'ksc-balance',
  'verb',
  'eqf-level',
  'titles',
  'empty-function',
  'translation',
  'unreadable',
  'unit-match-target',
  'unit-match',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning';

/** How serious breaking each rule is. */
export const RULE_SEVERITY: Readonly<Record<RuleId, Severity>> = {
  'points-sum': 'error',
  coverage: 'error',
  traceability: 'warning',
  grouping: 'error',
  assessability: 'error',
  'ksc-balance': 'warning',
  verb: 'warning',
  'eqf-level': 'warning',
  titles: 'warning',
  'empty-function': 'warning',
  translation: 'warning',
  unreadable: 'warning',
  'unit-match-target': 'error',
  'unit-match': 'warning',
};

/**
 * Every variant (`code`) each rule emits. Translations key on `${rule}.${code}`
 * (apps/web/src/locales/rules.<lang>.json).
 */
export const RULE_CODES = {
  'points-sum': ['total-vs-years', 'total-missing', 'units-vs-total', 'unit-no-points'],
  coverage: ['uncovered'],
  traceability: ['untraced'],
  grouping: ['no-unit', 'several-units'],
  assessability: ['no-criteria'],
  'ksc-balance': ['no-domains', 'missing-knowledge', 'missing-skills', 'missing-autonomy'],
  verb: ['empty', 'vague', 'unknown'],
  'eqf-level': ['unit-above-qualification', 'outcome-above-qualification'],
  titles: ['key-purpose-missing', 'key-purpose-short', 'function-untitled', 'function-no-verb', 'function-duplicate'],
  'empty-function': ['no-work-action'],
  translation: ['missing', 'outdated'],
  unreadable: ['skipped', 'bad-field'],
  'unit-match-target': ['target-missing', 'map-missing'],
  'unit-match': ['level-differs', 'points-differ', 'target-changed'],
} as const satisfies Record<RuleId, readonly string[]>;
export type RuleCode<R extends RuleId = RuleId> = (typeof RULE_CODES)[R][number];

export interface CheckIssue {
  rule: RuleId;
  severity: Severity;
  /** The nodes involved, the one the issue is about first; empty for map-wide issues. */
  nodeIds: string[];
  /** Stable variant of the rule, e.g. 'units-vs-total'. */
  code: string;
  /**
   * Values for the message. Issues about one node carry `code` (its code, may be ''), `title`
   * (shortened to 60 characters) and `label` (code and quoted title, or whichever exists).
   */
  params: Record<string, string | number>;
  /** A plain English sentence for a teacher: what is wrong and what to do. */
  message: string;
}

/** Points of one qualification against its programme and its units. */
export interface QualificationStats {
  nodeId: string;
  code: string;
  /** The qualification's total ECVET points, null when not set. */
  points: number | null;
  /** Years of the reference full-time programme, null when not set. */
  programmeYears: number | null;
  /** 60 × programmeYears, null when the years are not set. */
  expectedPoints: number | null;
  eqfLevel: number | null;
  /** Units counted for this qualification (all units when the map has one qualification). */
  unitCount: number;
  /** Sum of those units' points (units without points count 0). */
  unitPoints: number;
  unitsWithoutPoints: number;
  /** Units that hold no learning outcome yet: their points are not earned by anything. */
  unitsWithoutOutcomes: number;
}

export interface MapStats {
  /** Nodes of each kind the checks look at (every kind of the table marked `checked`). */
  counts: Record<NodeKind, number> & Readonly<Record<string, number>>;
  /** Nodes of kinds this version does not know (ignored by the checks). */
  unknownNodes: number;
  /** Nodes of known kinds the kind table leaves out of the checks (`checked: false`): ignored, links and all. */
  uncheckedNodes: number;
  /** The first qualification in node order: what a points bar shows. Null when there is none. */
  qualification: QualificationStats | null;
  /** Every qualification, in node order. */
  qualifications: QualificationStats[];
  /** Sum of every unit's points in the map. */
  unitPoints: number;
  workActions: { total: number; covered: number };
  outcomes: {
    total: number;
    /** In exactly one unit. */
    grouped: number;
    /** Covering a work action, or transversal. */
    traced: number;
    /** Starting with a known, not vague, action verb. */
    wellWorded: number;
  };
  units: { total: number; withCriteria: number; withPoints: number };
  issues: {
    errors: number;
    warnings: number;
    byRule: Record<RuleId, number>;
    /** Findings left out because the map's editors answered them "ignore here". */
    ignored: number;
  };
}

export interface CheckInput {
  meta: MapMeta;
  nodes: readonly MapNode[];
  edges: readonly MapEdge[];
  /** What the reading of the document left out (a snapshot's `skipped`): reported by `unreadable`. */
  skipped?: readonly SkippedItem[];
  /** Matches with units of other maps (a snapshot's `crossMatches`): read by `unit-match`. */
  crossMatches?: readonly MapEdge[];
  /**
   * What the caller knows of the maps those matches point to (matches.ts, MatchTargets): their
   * units now, or null for a map that no longer exists. Without it, or for a map it does not
   * list, the check works from the snapshot kept on each edge.
   */
  matchTargets?: MatchTargets;
}
