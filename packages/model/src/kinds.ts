import { FIELD_NAMES, FIELDS, type FieldName, type FieldSpec } from './fields.js';

/**
 * Every node kind, described once. Fields, relations, the functional tree, codes, lenses, the
 * checks, the exports and CASE read a kind from here; tables elsewhere that need something per
 * kind are typed `Record<NodeKind, …>`, so the compiler lists what a new kind still needs.
 * "Adding a node kind" in this package's README says what else to touch (its look, its labels).
 */

/** Who is looking: an employer sees the work itself, a teacher sees everything. */
export const LENSES = ['employer', 'teacher'] as const;
export type Lens = (typeof LENSES)[number];

/**
 * What links a node may have. Read "source <kind> target". A `matches` edge may also point to a
 * unit of another map (`targetMap`, matches.ts): `links` below describes the in-map ones.
 */
export const EDGE_KINDS = ['childOf', 'covers', 'partOf', 'matches', 'requires', 'association'] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];

export interface EdgeKindSpec {
  /** A source has at most one such link (one parent, one unit): linking again moves it. */
  readonly single: boolean;
  /** Links of the functional tree: never a cycle. */
  readonly tree: boolean;
  /**
   * Links that carry a CASE `associationType` (associations.ts): kept from an import, they may join
   * any two nodes of known kinds, several of different types may join the same two nodes, and they
   * are never made by drawing a line between two cards (relationBetween, connect refuse them).
   */
  readonly typed: boolean;
}

export const EDGE_SPECS: { readonly [K in EdgeKind]: EdgeKindSpec } = {
  childOf: { single: true, tree: true, typed: false },
  covers: { single: false, tree: false, typed: false },
  partOf: { single: true, tree: false, typed: false },
  matches: { single: false, tree: false, typed: false },
  requires: { single: false, tree: false, typed: false },
  association: { single: false, tree: false, typed: true },
};

export interface KindSpec {
  /** How a teacher names the kind at the start of a sentence (English: API messages, files). */
  readonly label: string;
  /** Prefix of the codes proposed for new nodes ("WA" → WA 1, WA 2…); '' for kinds without codes. */
  readonly codePrefix: string;
  /**
   * Depth in the functional tree (qualification 0 → key function 1 → main function 2 → work action
   * 3); null for kinds outside it. A tree node is `childOf` a node of a lower level.
   */
  readonly treeLevel: number | null;
  /** Fields besides `code` and `title` (which every kind has), from FIELDS. */
  readonly fields: readonly FieldName[];
  /** The links a node of this kind may start, and the kinds each may point to. */
  readonly links: { readonly [K in EdgeKind]?: readonly string[] };
  /**
   * What "add child" (Tab) makes first under a node of this kind, and how the child is linked to
   * it; the Tab menu offers after it every other kind whose `links` allow it (structure.ts).
   */
  readonly child?: { readonly kind: string; readonly link: EdgeKind };
  /** The lenses that show this kind. */
  readonly lenses: readonly Lens[];
  /** Whether the methodology checks look at it. */
  readonly checked: boolean;
  /** Whether exports carry it (an export that has no place for it says so in its notes). */
  readonly exported: boolean;
  /** The CASE CFItemType it is written as; null if CASE packages leave it out. */
  readonly caseItemType: { readonly title: string; readonly description: string } | null;
  /** Card size assumed where the real one is not known (server, importers). */
  readonly size: { readonly width: number; readonly height: number };
  /** Its colour on the canvas, the toolbar and the minimap (a CSS colour, readable on white). */
  readonly color: string;
  /**
   * Whether the toolbar has a button to add one (default true). A unit group is made from the
   * side panel of the units it groups ("Group: new group…") or with Tab on another group.
   */
  readonly toolbar?: boolean;
}

const CARD = { width: 220, height: 90 };
const BOTH: readonly Lens[] = ['employer', 'teacher'];
const TEACHER: readonly Lens[] = ['teacher'];

/** The kinds this version knows, in the order of the functional analysis. */
export const KINDS = {
  qualification: {
    label: 'Qualification',
    codePrefix: 'Q',
    treeLevel: 0,
    fields: ['keyPurpose', 'eqfLevel', 'nqfLevel', 'points', 'programmeYears', 'creditSystem', 'hoursPerCredit', 'hoursPerYear', 'iscoCode', 'escoOccupation', 'status'],
    links: {},
    child: { kind: 'keyFunction', link: 'childOf' },
    lenses: BOTH,
    checked: true,
    exported: true,
    caseItemType: { title: 'Qualification', description: 'A qualification and its key purpose (ECVET).' },
    size: { width: 280, height: 110 },
    color: '#1f4e79',
  },
  keyFunction: {
    label: 'Key function',
    codePrefix: 'KF',
    treeLevel: 1,
    fields: [],
    links: { childOf: ['qualification'] },
    child: { kind: 'mainFunction', link: 'childOf' },
    lenses: BOTH,
    checked: true,
    exported: true,
    caseItemType: { title: 'Key Function', description: 'A broad area of activity needed to achieve the key purpose (functional analysis).' },
    size: CARD,
    color: '#5b3f9b',
  },
  mainFunction: {
    label: 'Main function',
    codePrefix: 'MF',
    treeLevel: 2,
    fields: [],
    // Function depth varies between methods: a main function may sit under another.
    links: { childOf: ['qualification', 'keyFunction', 'mainFunction'] },
    child: { kind: 'workAction', link: 'childOf' },
    lenses: BOTH,
    checked: true,
    exported: true,
    caseItemType: { title: 'Main Function', description: 'A function inside a key function: a unit of competence, a labour function.' },
    size: CARD,
    color: '#7a4fc4',
  },
  workAction: {
    label: 'Work action',
    codePrefix: 'WA',
    treeLevel: 3,
    fields: ['performanceCriteria'],
    links: { childOf: ['qualification', 'keyFunction', 'mainFunction'] },
    // An outcome is derived from a work action: it covers it.
    child: { kind: 'learningOutcome', link: 'covers' },
    lenses: BOTH,
    checked: true,
    exported: true,
    caseItemType: { title: 'Work Action', description: 'An observable action at work: a leaf of the functional map.' },
    size: CARD,
    color: '#0f766e',
  },
  learningOutcome: {
    label: 'Learning outcome',
    codePrefix: 'LO',
    treeLevel: null,
    fields: ['eqfLevel', 'domain', 'bloomLevel', 'transversal', 'assessmentCriteria', 'escoSkills'],
    links: { covers: ['workAction'], partOf: ['unit'] },
    lenses: TEACHER,
    checked: true,
    exported: true,
    caseItemType: {
      title: 'Learning Outcome',
      description: 'What a learner knows, understands and is able to do, derived from work actions (ECVET).',
    },
    size: CARD,
    color: '#b45309',
  },
  unit: {
    label: 'Unit',
    codePrefix: 'U',
    treeLevel: null,
    fields: ['eqfLevel', 'points', 'contactHours', 'selfStudyHours', 'workBasedHours', 'pointsRationale', 'assessmentCriteria', 'validity'],
    // A unit may sit in one group (electives…) or say outright which qualification it is of (a
    // map with several), and require other units (prerequisites).
    links: { partOf: ['unitGroup', 'qualification'], matches: ['unit'], requires: ['unit'] },
    child: { kind: 'learningOutcome', link: 'partOf' },
    lenses: TEACHER,
    checked: true,
    exported: true,
    caseItemType: {
      title: 'Unit of Learning Outcomes',
      description: 'A part of a qualification that can be assessed, validated and transferred on its own, carrying ECVET points.',
    },
    size: CARD,
    color: '#be185d',
  },
  unitGroup: {
    label: 'Unit group',
    codePrefix: 'G',
    treeLevel: null,
    fields: ['optional', 'minPoints', 'minUnits'],
    // Which qualification the group (and so its units) is of, where a map holds several.
    links: { partOf: ['qualification'] },
    lenses: TEACHER,
    checked: true,
    exported: true,
    caseItemType: {
      title: 'Unit group',
      description: 'Units of a qualification grouped together: mandatory units, or an optional group from which a learner chooses a minimum of points or units.',
    },
    size: CARD,
    color: '#9d174d',
    toolbar: false,
  },
} as const satisfies Record<string, KindSpec>;

export type NodeKind = keyof typeof KINDS;
export const NODE_KINDS = Object.keys(KINDS) as NodeKind[];

/** Kinds added at run time (tests, extensions), after the built-in ones. */
const registered = new Map<string, KindSpec>();
/** Counts changes to `registered`: what was derived from the table before a change is stale after it. */
let generation = 0;

/** Changes whenever a kind is registered or forgotten (graph.ts keys its memo on it). */
export function kindsGeneration(): number {
  return generation;
}

/** What this version knows of a kind; undefined for a kind it does not know (kept as it is). */
export function kindSpec(kind: string): KindSpec | undefined {
  // Own properties only: a node of kind "constructor" must not look known.
  return Object.hasOwn(KINDS, kind) ? (KINDS as Record<string, KindSpec>)[kind] : registered.get(kind);
}

export function isNodeKind(value: unknown): value is NodeKind {
  return typeof value === 'string' && Object.hasOwn(KINDS, value);
}

export function isEdgeKind(value: unknown): value is EdgeKind {
  return typeof value === 'string' && (EDGE_KINDS as readonly string[]).includes(value);
}

/** Every kind known now: the built-in ones, then any registered. */
export function knownKinds(): readonly string[] {
  return registered.size === 0 ? NODE_KINDS : [...NODE_KINDS, ...registered.keys()];
}

/**
 * Teaches the model a kind at run time, with the same description as a built-in one; returns a
 * function that forgets it again. For tests that prove every part reads kinds from this table.
 */
export function registerKind(kind: string, spec: KindSpec): () => void {
  if (kindSpec(kind)) throw new Error(`The kind "${kind}" is already known.`);
  registered.set(kind, spec);
  generation++;
  return () => {
    if (registered.get(kind) !== spec) return;
    registered.delete(kind);
    generation++;
  };
}

/** The kinds a lens shows. */
export function kindsInLens(lens: Lens): string[] {
  return knownKinds().filter((kind) => kindSpec(kind)!.lenses.includes(lens));
}

/** Whether "source <edge kind> target" makes sense for nodes of these kinds. */
export function edgeAllowed(kind: string, sourceKind: string, targetKind: string): boolean {
  if (!isEdgeKind(kind)) return false;
  if (EDGE_SPECS[kind].typed) return kindSpec(sourceKind) !== undefined && kindSpec(targetKind) !== undefined;
  return kindSpec(sourceKind)?.links[kind]?.includes(targetKind) ?? false;
}

/** Whether nodes of this kind belong to the functional tree (qualification → … → work action). */
export function inTree(kind: string): boolean {
  const level = kindSpec(kind)?.treeLevel;
  return level !== null && level !== undefined;
}

/**
 * Whether nodes of this kind are blocks that hold other nodes: some kind of card may be `partOf`
 * it (a unit holds its learning outcomes, drawn inside it, their positions relative to it). A
 * block is never drawn inside another: a kind whose members are blocks themselves (a unit group's
 * units) is a card of its own, linked to its members, and every position stays absolute.
 */
export function holdsMembers(kind: string): boolean {
  return knownKinds().some((other) => kindSpec(other)!.links.partOf?.includes(kind) === true && !isBlockTarget(other));
}

/** Whether some kind may be `partOf` this one (one step: what makes it a candidate block). */
function isBlockTarget(kind: string): boolean {
  return knownKinds().some((other) => kindSpec(other)!.links.partOf?.includes(kind) === true);
}

/** The fields a node of this kind has, in display order (those people edit; `source` ones too if asked). */
export function fieldsOf(kind: string, options: { source?: boolean } = {}): FieldName[] {
  return FIELD_NAMES.filter((name) => hasField(kind, name) && (options.source || !(FIELDS[name] as FieldSpec).source));
}

/** Whether nodes of this kind have the field: every known kind has the common ones, besides its own. */
export function hasField(kind: string, field: FieldName): boolean {
  const spec = kindSpec(kind);
  if (!spec) return false;
  return (FIELDS[field] as FieldSpec).common === true || spec.fields.includes(field);
}

/** The kinds that have a field, in the table's order. */
export function kindsWithField(field: FieldName): string[] {
  return knownKinds().filter((kind) => hasField(kind, field));
}
