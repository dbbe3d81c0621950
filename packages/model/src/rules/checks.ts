import { DOMAINS, type Domain } from '../fields.js';
import { NODE_KINDS, type NodeKind } from '../kinds.js';
import type { MapNode } from '../schema.js';
import { describe, describeLower, formatNumber, labelOf, nodeParams, plural, shorten } from './text.js';
import {
  RULE_CODES,
  RULE_IDS,
  RULE_SEVERITY,
  type CheckInput,
  type CheckIssue,
  type MapStats,
  type QualificationStats,
  type RuleId,
} from './types.js';
import { DEFAULT_VERBS, readFunctionVerb, readOutcomeVerb, tokenize, verbsFor, type LanguageVerbs, type VerbCatalogue } from './verbs.js';

/** ECVET: 60 points for one year of full-time formal VET. */
export const POINTS_PER_YEAR = 60;
/** Points are compared to the hundredth (units of 7.5 + 2.5 points are fine). */
const POINTS_TOLERANCE = 0.005;
/** A key purpose shorter than this many words does not state an outcome. */
export const KEY_PURPOSE_MIN_WORDS = 3;

const DOMAIN_NAMES: Record<Domain, string> = {
  knowledge: 'knowledge',
  skills: 'skills',
  autonomy: 'responsibility and autonomy',
};

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const NONE: readonly number[] = [];
const NONE_TEXT: readonly string[] = [];

/**
 * For each node number, the distinct node numbers it links to: the first in a typed array, any
 * further ones (rare: a second parent, a second unit) in a Map. Much cheaper than a Map of arrays
 * on a 10,000-node map.
 */
class Links {
  readonly #first: Int32Array;
  readonly #more = new Map<number, number[]>();

  constructor(size: number) {
    this.#first = new Int32Array(size).fill(-1);
  }

  add(at: number, value: number): void {
    const first = this.#first[at]!;
    if (first === -1) this.#first[at] = value;
    else if (first !== value) {
      const more = this.#more.get(at);
      if (!more) this.#more.set(at, [value]);
      else if (!more.includes(value)) more.push(value);
    }
  }

  has(at: number): boolean {
    return this.#first[at] !== -1;
  }

  size(at: number): number {
    return this.#first[at] === -1 ? 0 : 1 + (this.#more.get(at)?.length ?? 0);
  }

  /** The first link, or -1. */
  first(at: number): number {
    return this.#first[at]!;
  }

  /** The links after the first (usually none). */
  rest(at: number): readonly number[] {
    return this.#more.get(at) ?? NONE;
  }

  list(at: number): readonly number[] {
    const first = this.#first[at]!;
    if (first === -1) return NONE;
    const more = this.#more.get(at);
    return more ? [first, ...more] : [first];
  }
}

/** The map, indexed once per run. Nodes of known kinds are numbered in input order. */
interface Index {
  /** Known nodes, first occurrence of each id, in input order. */
  nodes: MapNode[];
  /** id → number. */
  numberOf: Map<string, number>;
  /** Numbers of the nodes of each kind, in order. */
  byKind: Record<NodeKind, number[]>;
  unknownNodes: number;
  /** child → parents (childOf). */
  parents: Links;
  /** work action → 1 when an outcome covers it. */
  covered: Uint8Array;
  /** outcome → 1 when it covers a work action. */
  covering: Uint8Array;
  /** outcome → units (partOf). */
  units: Links;
  /** The input, for the rare second look (several qualifications). */
  input: CheckInput;
  kinds: Uint8Array;
}

/** A Map, not an object: a node of kind "constructor" must not look known. */
const KIND_NUMBER: ReadonlyMap<string, number> = new Map(NODE_KINDS.map((kind, i) => [kind, i]));
const QUALIFICATION = NODE_KINDS.indexOf('qualification');
const KEY_FUNCTION = NODE_KINDS.indexOf('keyFunction');
const MAIN_FUNCTION = NODE_KINDS.indexOf('mainFunction');
const WORK_ACTION = NODE_KINDS.indexOf('workAction');
const OUTCOME = NODE_KINDS.indexOf('learningOutcome');
const UNIT = NODE_KINDS.indexOf('unit');

function isTreeChild(kind: number): boolean {
  return kind === KEY_FUNCTION || kind === MAIN_FUNCTION || kind === WORK_ACTION;
}

function isTreeParent(kind: number): boolean {
  return kind === QUALIFICATION || kind === KEY_FUNCTION || kind === MAIN_FUNCTION;
}

function buildIndex(input: CheckInput): Index {
  const nodes: MapNode[] = [];
  const kindList: number[] = [];
  const numberOf = new Map<string, number>();
  const byKind = Object.fromEntries(NODE_KINDS.map((kind) => [kind, [] as number[]])) as Record<NodeKind, number[]>;
  let unknownNodes = 0;
  for (const node of input.nodes) {
    const kind = KIND_NUMBER.get(node.kind);
    if (kind === undefined) {
      unknownNodes++;
      continue;
    }
    const n = nodes.length;
    numberOf.set(node.id, n);
    if (numberOf.size === n) {
      // The same id twice (not in a valid map): keep the first node.
      numberOf.set(node.id, nodes.findIndex((other) => other.id === node.id));
      continue;
    }
    nodes.push(node);
    kindList.push(kind);
    byKind[node.kind as NodeKind].push(n);
  }
  const size = nodes.length;
  const kinds = Uint8Array.from(kindList);
  const parents = new Links(size);
  const covered = new Uint8Array(size);
  const covering = new Uint8Array(size);
  const units = new Links(size);
  for (const edge of input.edges) {
    const kind = edge.kind;
    if (kind !== 'childOf' && kind !== 'covers' && kind !== 'partOf') continue;
    const source = numberOf.get(edge.source);
    if (source === undefined) continue;
    const target = numberOf.get(edge.target);
    if (target === undefined || source === target) continue;
    const sourceKind = kinds[source]!;
    const targetKind = kinds[target]!;
    if (kind === 'childOf') {
      if (isTreeChild(sourceKind) && isTreeParent(targetKind)) parents.add(source, target);
    } else if (kind === 'covers') {
      if (sourceKind === OUTCOME && targetKind === WORK_ACTION) {
        covering[source] = 1;
        covered[target] = 1;
      }
    } else if (sourceKind === OUTCOME && targetKind === UNIT) {
      units.add(source, target);
    }
  }
  return { nodes, numberOf, byKind, unknownNodes, parents, covered, covering, units, input, kinds };
}

/**
 * Which qualification(s) a node belongs to. With one qualification in the map, everything belongs
 * to it. With several, a node belongs to the qualifications its work actions hang under:
 * a work action through `childOf`, an outcome through the work actions it covers, a unit through
 * its outcomes.
 */
class Belonging {
  readonly #index: Index;
  readonly #single: readonly number[] | null;
  readonly #above = new Map<number, readonly number[]>();
  readonly #visiting = new Set<number>();
  #covers: Map<number, number[]> | null = null;
  #outcomesOf: Map<number, number[]> | null = null;

  constructor(index: Index) {
    this.#index = index;
    const qualifications = index.byKind.qualification;
    this.#single = qualifications.length === 1 ? [qualifications[0]!] : qualifications.length === 0 ? [] : null;
  }

  /** Qualifications at the top of the functional tree above a node. */
  above(n: number): readonly number[] {
    if (this.#single) return this.#single;
    const known = this.#above.get(n);
    if (known) return known;
    if (this.#visiting.has(n)) return NONE;
    this.#visiting.add(n);
    let result: number[] = [];
    if (this.#index.kinds[n] === QUALIFICATION) result = [n];
    else {
      for (const parent of this.#index.parents.list(n)) {
        for (const q of this.above(parent)) if (!result.includes(q)) result.push(q);
      }
    }
    this.#visiting.delete(n);
    this.#above.set(n, result);
    return result;
  }

  ofOutcome(n: number): readonly number[] {
    if (this.#single) return this.#single;
    const result: number[] = [];
    for (const action of this.#coversOf(n)) {
      for (const q of this.above(action)) if (!result.includes(q)) result.push(q);
    }
    return result;
  }

  ofUnit(n: number): readonly number[] {
    if (this.#single) return this.#single;
    if (!this.#outcomesOf) {
      this.#outcomesOf = new Map();
      for (const outcome of this.#index.byKind.learningOutcome) {
        for (const unit of this.#index.units.list(outcome)) {
          const list = this.#outcomesOf.get(unit);
          if (list) list.push(outcome);
          else this.#outcomesOf.set(unit, [outcome]);
        }
      }
    }
    const result: number[] = [];
    for (const outcome of this.#outcomesOf.get(n) ?? NONE) {
      for (const q of this.ofOutcome(outcome)) if (!result.includes(q)) result.push(q);
    }
    return result;
  }

  /** The work actions an outcome covers (read from the edges the first time it is needed). */
  #coversOf(n: number): readonly number[] {
    if (!this.#covers) {
      const covers = new Map<number, number[]>();
      const { numberOf, kinds } = this.#index;
      for (const edge of this.#index.input.edges) {
        if (edge.kind !== 'covers') continue;
        const source = numberOf.get(edge.source);
        const target = numberOf.get(edge.target);
        if (source === undefined || target === undefined || kinds[source] !== OUTCOME || kinds[target] !== WORK_ACTION) continue;
        const list = covers.get(source);
        if (!list) covers.set(source, [target]);
        else if (!list.includes(target)) list.push(target);
      }
      this.#covers = covers;
    }
    return this.#covers.get(n) ?? NONE;
  }
}

type Emit = (rule: RuleId, code: string, nodeIds: string[], params: Record<string, string | number>, message: string) => void;

function checkPoints(index: Index, belonging: Belonging, emit: Emit): QualificationStats[] {
  const { nodes } = index;
  const unitsOf = new Map<number, number[]>();
  for (const q of index.byKind.qualification) unitsOf.set(q, []);
  for (const unit of index.byKind.unit) {
    for (const q of belonging.ofUnit(unit)) unitsOf.get(q)?.push(unit);
  }

  const stats: QualificationStats[] = [];
  for (const qn of index.byKind.qualification) {
    const q = nodes[qn]!;
    const points = finite(q.points);
    const years = finite(q.programmeYears);
    const expected = years !== null && years > 0 ? years * POINTS_PER_YEAR : null;
    const own = unitsOf.get(qn) ?? [];
    let unitPoints = 0;
    let withoutPoints = 0;
    for (const unit of own) {
      const value = finite(nodes[unit]!.points);
      if (value === null) withoutPoints++;
      else unitPoints += value;
    }
    unitPoints = Math.round(unitPoints * 1000) / 1000;
    stats.push({
      nodeId: q.id,
      code: q.code,
      points,
      programmeYears: years,
      expectedPoints: expected,
      eqfLevel: finite(q.eqfLevel),
      unitCount: own.length,
      unitPoints,
      unitsWithoutPoints: withoutPoints,
    });

    const base = nodeParams(q);
    if (points !== null && expected !== null && years !== null && Math.abs(points - expected) > POINTS_TOLERANCE) {
      emit(
        'points-sum',
        'total-vs-years',
        [q.id],
        { ...base, points, years, expected },
        `${describe(q)} has ${formatNumber(points)} ECVET points, but a full-time programme of ${formatNumber(years)} ${plural(years, 'year', 'years')} gives ${POINTS_PER_YEAR} × ${formatNumber(years)} = ${formatNumber(expected)}. ` +
          `Change the total to ${formatNumber(expected)} points, or correct the length of the programme.`,
      );
    }
    if (points === null && (own.length > 0 || expected !== null)) {
      emit(
        'points-sum',
        'total-missing',
        [q.id],
        { ...base, expected: expected ?? '', years: years ?? '' },
        `${describe(q)} has no total of ECVET points, so the units' points cannot be checked. ` +
          (expected !== null && years !== null
            ? `Enter the total: ${POINTS_PER_YEAR} points per year of the full-time programme, ${formatNumber(expected)} for ${formatNumber(years)} ${plural(years, 'year', 'years')}.`
            : `Enter the total: ${POINTS_PER_YEAR} points per year of the full-time programme.`),
      );
    }
    if (points !== null && own.length > 0) {
      const difference = Math.round((unitPoints - points) * 1000) / 1000;
      const over = difference > POINTS_TOLERANCE;
      const off = Math.abs(difference) > POINTS_TOLERANCE;
      // While units still lack points, only a sum already over the total is certainly wrong.
      if ((withoutPoints === 0 && off) || (withoutPoints > 0 && over)) {
        emit(
          'points-sum',
          'units-vs-total',
          [q.id],
          { ...base, points, unitPoints, difference, unitCount: own.length },
          `The ${own.length} ${plural(own.length, 'unit has', 'units have')} ${formatNumber(unitPoints)} ECVET points in all, but ${describeLower(q)} has ${formatNumber(points)} ` +
            `(${formatNumber(Math.abs(difference))} ${over ? 'too many' : 'missing'}). Share the qualification's ${formatNumber(points)} points among the units so that they add up exactly.`,
        );
      }
    }
  }

  for (const un of index.byKind.unit) {
    const unit = nodes[un]!;
    if (finite(unit.points) !== null) continue;
    emit(
      'points-sum',
      'unit-no-points',
      [unit.id],
      nodeParams(unit),
      `${describe(unit)} has no ECVET points. Give it its share of the qualification's total points, according to how much it weighs in the qualification.`,
    );
  }
  return stats;
}

function checkCoverage(index: Index, emit: Emit): number {
  let covered = 0;
  for (const n of index.byKind.workAction) {
    if (index.covered[n]) {
      covered++;
      continue;
    }
    const action = index.nodes[n]!;
    emit(
      'coverage',
      'uncovered',
      [action.id],
      nodeParams(action),
      `${describe(action)} is not taught by any learning outcome. Link a learning outcome to it (covers), or write a new one.`,
    );
  }
  return covered;
}

function checkTraceability(index: Index, emit: Emit): number {
  let traced = 0;
  for (const n of index.byKind.learningOutcome) {
    const outcome = index.nodes[n]!;
    if (index.covering[n] || outcome.transversal === true) {
      traced++;
      continue;
    }
    emit(
      'traceability',
      'untraced',
      [outcome.id],
      nodeParams(outcome),
      `${describe(outcome)} is not linked to any work action. Link it to the work actions it prepares for (covers), or mark it as transversal if it serves the whole qualification.`,
    );
  }
  return traced;
}

function checkGrouping(index: Index, emit: Emit): number {
  let grouped = 0;
  for (const n of index.byKind.learningOutcome) {
    const count = index.units.size(n);
    if (count === 1) {
      grouped++;
      continue;
    }
    const outcome = index.nodes[n]!;
    if (count === 0) {
      emit(
        'grouping',
        'no-unit',
        [outcome.id],
        nodeParams(outcome),
        `${describe(outcome)} is not in any unit. Put it in the unit in which it is taught and assessed.`,
      );
    } else {
      const units = index.units.list(n);
      const unitNodes = [...units].sort((a, b) => a - b).map((unit) => index.nodes[unit]!);
      const names = unitNodes.map((unit) => labelOf(unit)).join(', ');
      emit(
        'grouping',
        'several-units',
        [outcome.id, ...unitNodes.map((unit) => unit.id)],
        { ...nodeParams(outcome), count: units.length, units: names },
        `${describe(outcome)} is in ${units.length} units (${names}). A learning outcome belongs to exactly one unit: keep it in one and take it out of the others.`,
      );
    }
  }
  return grouped;
}

function checkAssessability(index: Index, emit: Emit): number {
  let assessable = 0;
  for (const n of index.byKind.unit) {
    const unit = index.nodes[n]!;
    const criteria = Array.isArray(unit.assessmentCriteria) ? unit.assessmentCriteria : NONE_TEXT;
    if (criteria.some((criterion) => typeof criterion === 'string' && criterion.trim() !== '')) {
      assessable++;
      continue;
    }
    emit(
      'assessability',
      'no-criteria',
      [unit.id],
      nodeParams(unit),
      `${describe(unit)} has no assessment criteria. Add at least one criterion that says how the achievement of its learning outcomes is assessed.`,
    );
  }
  return assessable;
}

const KNOWLEDGE = 1;
const SKILLS = 2;
const AUTONOMY = 4;

function domainBit(domain: unknown): number {
  return domain === 'knowledge' ? KNOWLEDGE : domain === 'skills' ? SKILLS : domain === 'autonomy' ? AUTONOMY : 0;
}

function checkBalance(index: Index, emit: Emit): void {
  const found = new Uint8Array(index.nodes.length);
  const outcomeCount = new Uint32Array(index.nodes.length);
  for (const outcome of index.byKind.learningOutcome) {
    if (!index.units.has(outcome)) continue;
    const bit = domainBit(index.nodes[outcome]!.domain);
    const first = index.units.first(outcome);
    found[first] = found[first]! | bit;
    outcomeCount[first]!++;
    for (const unit of index.units.rest(outcome)) {
      found[unit] = found[unit]! | bit;
      outcomeCount[unit]!++;
    }
  }
  for (const n of index.byKind.unit) {
    const outcomes = outcomeCount[n]!;
    if (outcomes === 0 || found[n] === (KNOWLEDGE | SKILLS | AUTONOMY)) continue;
    const bits = found[n]!;
    const knowledge = (bits & KNOWLEDGE) !== 0;
    const skills = (bits & SKILLS) !== 0;
    const autonomy = (bits & AUTONOMY) !== 0;
    const unit = index.nodes[n]!;
    if (!knowledge && !skills && !autonomy) {
      emit(
        'ksc-balance',
        'no-domains',
        [unit.id],
        { ...nodeParams(unit), outcomeCount: outcomes },
        `None of the ${outcomes} learning ${plural(outcomes, 'outcome', 'outcomes')} of ${describeLower(unit)} says whether it is knowledge, skills, or responsibility and autonomy. ` +
          `Set the domain of each outcome, so that the balance of the unit can be checked.`,
      );
      continue;
    }
    const present: Record<Domain, boolean> = { knowledge, skills, autonomy };
    for (const domain of DOMAINS) {
      if (present[domain]) continue;
      emit(
        'ksc-balance',
        `missing-${domain}`,
        [unit.id],
        { ...nodeParams(unit), domain, outcomeCount: outcomes },
        `${describe(unit)} has no learning outcome for ${DOMAIN_NAMES[domain]}. ` +
          `A unit is described in knowledge, skills, and responsibility and autonomy: add an outcome for ${DOMAIN_NAMES[domain]}, or correct the domain of an existing outcome.`,
      );
    }
  }
}

function checkVerbs(index: Index, list: LanguageVerbs | undefined, emit: Emit): number {
  let wellWorded = 0;
  for (const n of index.byKind.learningOutcome) {
    const outcome = index.nodes[n]!;
    const read = list ? readOutcomeVerb(outcome.title, list) : null;
    const empty = outcome.title.trim() === '' || (read !== null && read.firstWord === null);
    if (empty) {
      emit(
        'verb',
        'empty',
        [outcome.id],
        nodeParams(outcome),
        `${describe(outcome)} has no statement. Write what the learner is able to do, starting with an action verb (for example "identify", "perform", "evaluate").`,
      );
      continue;
    }
    if (!read) continue;
    const { entry, firstWord } = read;
    if (entry && !entry.vague) {
      wellWorded++;
    } else if (entry) {
      emit(
        'verb',
        'vague',
        [outcome.id],
        { ...nodeParams(outcome), verb: entry.verb },
        `${describe(outcome)} starts with "${entry.verb}", which cannot be observed or assessed. ` +
          `Say what the learner does to show it, with an action verb such as "explain", "describe" or "identify".`,
      );
    } else {
      emit(
        'verb',
        'unknown',
        [outcome.id],
        { ...nodeParams(outcome), word: firstWord ?? '' },
        `${describe(outcome)} may not start with an action verb: "${firstWord ?? ''}" is not in the list of action verbs. ` +
          `Check that the statement begins with what the learner does (for example "identify", "perform", "evaluate"); if the word is right, a methodologist can add it to the list.`,
      );
    }
  }
  return wellWorded;
}

function checkLevels(index: Index, belonging: Belonging, emit: Emit): void {
  const levelOf = (qualifications: readonly number[]): number | null => {
    let level: number | null = null;
    for (const q of qualifications) {
      const value = finite(index.nodes[q]!.eqfLevel);
      if (value !== null && (level === null || value > level)) level = value;
    }
    return level;
  };
  const check = (n: number, qualifications: (n: number) => readonly number[], code: string, what: string): void => {
    const node = index.nodes[n]!;
    const level = finite(node.eqfLevel);
    if (level === null) return;
    const reference = levelOf(qualifications(n));
    if (reference === null || level <= reference) return;
    emit(
      'eqf-level',
      code,
      [node.id],
      { ...nodeParams(node), level, qualificationLevel: reference },
      `${describe(node)} is at EQF level ${level}, above the qualification's level ${reference}. Lower the ${what}'s level, or check the level of the qualification.`,
    );
  };
  for (const n of index.byKind.unit) check(n, (u) => belonging.ofUnit(u), 'unit-above-qualification', 'unit');
  for (const n of index.byKind.learningOutcome) check(n, (o) => belonging.ofOutcome(o), 'outcome-above-qualification', 'outcome');
}

function checkTitles(index: Index, list: LanguageVerbs | undefined, emit: Emit): void {
  for (const qn of index.byKind.qualification) {
    const q = index.nodes[qn]!;
    const purpose = typeof q.keyPurpose === 'string' ? q.keyPurpose.trim() : '';
    if (purpose === '') {
      emit(
        'titles',
        'key-purpose-missing',
        [q.id],
        nodeParams(q),
        `${describe(q)} has no key purpose. Write one sentence that says what people in this occupation achieve, for example "To provide hairdressing services that meet clients' needs and salon standards".`,
      );
    } else if (tokenize(purpose, KEY_PURPOSE_MIN_WORDS).length < KEY_PURPOSE_MIN_WORDS) {
      emit(
        'titles',
        'key-purpose-short',
        [q.id],
        { ...nodeParams(q), keyPurpose: shorten(purpose) },
        `The key purpose of ${describeLower(q)}, "${shorten(purpose)}", is too short to say what the occupation achieves. Write it as one full sentence about the outcome of the work.`,
      );
    }
  }

  const functions = [...index.byKind.keyFunction, ...index.byKind.mainFunction].sort((a, b) => a - b);
  const byTitle = new Map<string, number[]>();
  for (const n of functions) {
    const fn = index.nodes[n]!;
    const title = fn.title.trim();
    if (title === '') {
      emit(
        'titles',
        'function-untitled',
        [fn.id],
        nodeParams(fn),
        `${describe(fn)} has no title. Name it with a verb that says what must be done, for example "Provide…", "Maintain…" or "Manage…".`,
      );
      continue;
    }
    const key = (/\s\s|[\t\n\r]/.test(title) ? title.replace(/\s+/g, ' ') : title).toLowerCase();
    const same = byTitle.get(key);
    if (same) same.push(n);
    else byTitle.set(key, [n]);
    const reading = list ? readFunctionVerb(title, list) : null;
    if (reading && reading.entry === null) {
      const firstWord = reading.firstWord;
      emit(
        'titles',
        'function-no-verb',
        [fn.id],
        { ...nodeParams(fn), word: firstWord ?? '' },
        `${describe(fn)} does not start with a verb ("${firstWord ?? ''}" is not in the verb list). Start the title with what must be done, for example "Provide…", "Maintain…", or "Colour hair" rather than "Hair colouring".`,
      );
    }
  }
  for (const group of byTitle.values()) {
    if (group.length < 2) continue;
    const members = group.map((n) => index.nodes[n]!);
    const codes = members.map((fn) => fn.code.trim() || `"${shorten(fn.title)}"`).join(', ');
    const title = shorten(members[0]!.title);
    emit(
      'titles',
      'function-duplicate',
      members.map((fn) => fn.id),
      { title, count: members.length, codes },
      `${members.length} functions have the same title "${title}" (${codes}). Give each function its own title, or merge them into one.`,
    );
  }
}

function checkEmptyFunctions(index: Index, emit: Emit): void {
  // Mark every node above a work action; stop where a node is marked already (its ancestors are too).
  const hasAction = new Uint8Array(index.nodes.length);
  const { parents } = index;
  const stack: number[] = [];
  const pushParents = (n: number): void => {
    const first = parents.first(n);
    if (first === -1) return;
    if (!hasAction[first]) stack.push(first);
    for (const parent of parents.rest(n)) if (!hasAction[parent]) stack.push(parent);
  };
  for (const action of index.byKind.workAction) {
    pushParents(action);
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (hasAction[n]) continue;
      hasAction[n] = 1;
      pushParents(n);
    }
  }
  for (const n of [...index.byKind.keyFunction, ...index.byKind.mainFunction]) {
    if (hasAction[n]) continue;
    const fn = index.nodes[n]!;
    emit(
      'empty-function',
      'no-work-action',
      [fn.id],
      nodeParams(fn),
      `${describe(fn)} has no work action below it. Add the work actions it is made of, or remove the function if it is not needed.`,
    );
  }
}

const RULE_ORDER = new Map<string, number>(RULE_IDS.map((rule, i) => [rule, i]));

/**
 * Runs every methodology check on a map (DOMAIN.md, "What a methodologist checks") and counts
 * what a points bar and a checks panel show. Pure: the same input gives the same issues in the
 * same order (errors first, then by rule, then by the order of the nodes).
 */
export function checkMap(input: CheckInput, options: { verbs?: VerbCatalogue } = {}): { issues: CheckIssue[]; stats: MapStats } {
  const verbs = options.verbs ?? DEFAULT_VERBS;
  const language = typeof input.meta?.language === 'string' ? input.meta.language : 'en';
  const index = buildIndex(input);
  const belonging = new Belonging(index);
  const issues: CheckIssue[] = [];
  const emit: Emit = (rule, code, nodeIds, params, message) => {
    issues.push({ rule, severity: RULE_SEVERITY[rule], nodeIds, code, params, message });
  };

  const qualifications = checkPoints(index, belonging, emit);
  const covered = checkCoverage(index, emit);
  const traced = checkTraceability(index, emit);
  const grouped = checkGrouping(index, emit);
  const withCriteria = checkAssessability(index, emit);
  checkBalance(index, emit);
  const list = verbsFor(language, verbs);
  const wellWorded = checkVerbs(index, list, emit);
  checkLevels(index, belonging, emit);
  checkTitles(index, list, emit);
  checkEmptyFunctions(index, emit);

  const codeOrder = (issue: CheckIssue): number => (RULE_CODES[issue.rule] as readonly string[]).indexOf(issue.code);
  const nodeOrder = (issue: CheckIssue): number => {
    const first = issue.nodeIds[0];
    return first === undefined ? -1 : (index.numberOf.get(first) ?? -1);
  };
  issues.sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)! ||
      nodeOrder(a) - nodeOrder(b) ||
      codeOrder(a) - codeOrder(b),
  );

  const byRule = Object.fromEntries(RULE_IDS.map((rule) => [rule, 0])) as Record<RuleId, number>;
  let errors = 0;
  for (const issue of issues) {
    byRule[issue.rule]++;
    if (issue.severity === 'error') errors++;
  }
  let unitPoints = 0;
  let withPoints = 0;
  for (const n of index.byKind.unit) {
    const value = finite(index.nodes[n]!.points);
    if (value !== null) {
      unitPoints += value;
      withPoints++;
    }
  }
  const counts = Object.fromEntries(NODE_KINDS.map((kind) => [kind, index.byKind[kind].length])) as Record<NodeKind, number>;
  const stats: MapStats = {
    counts,
    unknownNodes: index.unknownNodes,
    qualification: qualifications[0] ?? null,
    qualifications,
    unitPoints: Math.round(unitPoints * 1000) / 1000,
    workActions: { total: counts.workAction, covered },
    outcomes: { total: counts.learningOutcome, grouped, traced, wellWorded },
    units: { total: counts.unit, withCriteria, withPoints },
    issues: { errors, warnings: issues.length - errors, byRule },
  };
  return { issues, stats };
}
