import type { NodeKind } from '../kinds.js';
import type { MatchTargets } from '../matches.js';
import type { SkippedItem } from '../read.js';
import type { MapEdge, MapMeta, MapNode } from '../schema.js';
import type { WorkshopCheckInput } from '../workshop/snapshot.js';

/** The methodology checks, in the order a checks panel lists them (docs/domain.md, "What a methodologist checks"). */
export const RULE_IDS = [
  'qualification-level',
  'structure',
  'points-sum',
  'unit-content',
  'unit-group',
  'unit-requires',
  'coverage',
  'workshop-coverage',
  'traceability',
  'grouping',
  'assessability',
  'ksc-balance',
  'outcome-domain',
  'verb',
  'bloom-verb',
  'compound-outcome',
  'eqf-level',
  'titles',
  'work-actions',
  'empty-function',
  'duplicate-code',
  'points-granularity',
  'translation',
  'unreadable',
  'unit-match-target',
  'unit-match',
  'workload',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Severity = 'error' | 'warning';

/** How serious breaking each rule is. */
export const RULE_SEVERITY: Readonly<Record<RuleId, Severity>> = {
  'qualification-level': 'error',
  structure: 'error',
  'unit-content': 'error',
  'unit-group': 'error',
  'unit-requires': 'error',
  'outcome-domain': 'warning',
  'bloom-verb': 'warning',
  'compound-outcome': 'warning',
  'work-actions': 'warning',
  'duplicate-code': 'warning',
  'points-granularity': 'warning',
  'points-sum': 'error',
  coverage: 'error',
  'workshop-coverage': 'error',
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
  workload: 'warning',
};

/**
 * Every variant (`code`) each rule emits. Translations key on `${rule}.${code}`
 * (apps/web/src/locales/rules.<lang>.json).
 */
export const RULE_CODES = {
  'qualification-level': ['missing', 'invalid'],
  structure: ['work-action-orphan', 'function-orphan', 'unit-no-qualification', 'unit-several-qualifications'],
  'unit-content': ['no-outcomes', 'zero-points'],
  'outcome-domain': ['missing'],
  'bloom-verb': ['mismatch', 'low-levels'],
  'compound-outcome': ['two-verbs'],
  'work-actions': ['no-verb', 'no-criteria'],
  'duplicate-code': ['duplicate'],
  'points-granularity': ['not-half'],
  'points-sum': ['total-vs-years', 'total-missing', 'units-vs-total', 'required-vs-total', 'maximum-below-total', 'unit-no-points'],
  'unit-group': ['min-points-unreachable', 'min-units-unreachable'],
  'unit-requires': ['cycle', 'other-qualification'],
  coverage: ['uncovered'],
  'workshop-coverage': ['must-train', 'decided-train', 'not-trained'],
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
  workload: ['mixed-systems', 'national-no-rate', 'programme-hours', 'unit-hours'],
} as const satisfies Record<RuleId, readonly string[]>;
export type RuleCode<R extends RuleId = RuleId> = (typeof RULE_CODES)[R][number];

/**
 * Variants less serious than their rule (`${rule}.${code}`): a work action the workshop decided
 * not to train is a recorded decision to see, not a fault to fix.
 */
export const CODE_SEVERITY: Readonly<Record<string, Severity>> = {
  'workshop-coverage.not-trained': 'warning',
};

/** Where each rule comes from: a methodologist asks before trusting a finding. */
export const RULE_SOURCES: Readonly<Record<RuleId, string>> = {
  'qualification-level': 'EQF Recommendation (Council of the EU, 22 May 2017): every qualification is referenced to one of eight levels',
  structure: 'functional analysis (key purpose → key functions → main functions → work actions): one tree per qualification',
  'points-sum': 'ECVET Recommendation (2009): 60 points for a year of full-time learning; points are allocated to the qualification, then to its units (mandatory units and the minimum of each optional group make up the total: ECVET Users’ Guide, 2011, part 2)',
  'unit-group': 'ECVET Users’ Guide (European Commission, 2011): a qualification may have optional units from which a learner chooses; the choice must be possible with the units offered',
  'unit-requires': 'ECVET Users’ Guide (European Commission, 2011): units are designed to be achieved one by one, so prerequisites among them must leave an order to take them in, within the qualification',
  'unit-content': 'ECVET Recommendation (2009): a unit is a set of learning outcomes, and carries points',
  coverage: 'derived-from relation of the functional analysis (this product’s formalisation)',
  'workshop-coverage': 'DACUM (Norton, DACUM Handbook, 1997): the workshop rates each task for criticality, frequency and difficulty and decides which tasks are trained; the decision rules the workshop agreed (this product’s formalisation)',
  traceability: 'this product’s formalisation of the functional analysis',
  grouping: 'definition of a unit of learning outcomes (ECVET)',
  assessability: 'Cedefop glossary: a unit is described by its learning outcomes and assessment criteria (the unit’s or each outcome’s)',
  'ksc-balance': 'ECVET and EQF describe learning outcomes as knowledge, skills, responsibility and autonomy',
  'outcome-domain': 'ECVET and EQF describe learning outcomes as knowledge, skills, responsibility and autonomy',
  verb: 'Cedefop, Defining, writing and applying learning outcomes (2017); Kennedy, Writing and using learning outcomes (2007)',
  'bloom-verb': 'Bloom’s revised taxonomy (Anderson & Krathwohl 2001); EQF level descriptors (level 4 and above: apply, analyse, evaluate)',
  'compound-outcome': 'Cedefop (2017): one learning outcome, one assessable performance',
  'eqf-level': 'this product’s rule: a part is not above the whole',
  titles: 'UK National Occupational Standards practice: the key purpose states an outcome, functions start with a verb',
  'work-actions': 'functional analysis: a work action is observable work with performance criteria (UK NOS, DACUM)',
  'empty-function': 'functional analysis: a function is broken down until work actions',
  'duplicate-code': 'identification in documents, spreadsheets and CASE (unique codes per kind)',
  'points-granularity': 'ECVET practice: points in whole numbers or halves',
  'unit-match-target': 'ECVET credit transfer: a correspondence names a unit that exists in the partner’s qualification',
  'unit-match': 'ECVET credit transfer: matched units are comparable in level and workload (points within 25 %)',
  translation: 'this product: partners read every language version',
  unreadable: 'this product: what could not be read is reported, not dropped',
  workload: 'ECVET Recommendation (2009), Annex II, and ECTS Users’ Guide (2015): credit stands for learning hours; a unit’s points follow its share of the workload'
};

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
  /** Sum of those units' points (units without points count 0): the most a learner can take. */
  unitPoints: number;
  /** Those units that are in no group or in a group that is not optional. */
  mandatoryUnits: number;
  /** Their points. */
  mandatoryPoints: number;
  /** Optional unit groups with units of this qualification. */
  optionalGroups: number;
  /** The least each of them asks (`minPoints`, or the points of its `minUnits` smallest units), summed. */
  optionalMinimum: number;
  /** mandatoryPoints + optionalMinimum: what every learner takes, to compare with `points`. */
  requiredPoints: number;
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
  /**
   * What a workshop on the map agreed (its review document, workshop/snapshot.ts): read by
   * `workshop-coverage`, and exempts the work actions decided `not-trained` from `coverage`.
   */
  workshop?: WorkshopCheckInput;
}
