import type { MapNode } from '../schema.js';
import { finite, type CheckIndex, type Emit } from './context.js';
import { describe, nodeParams, shorten } from './text.js';
import { readFunctionVerb, readOutcomeVerb, tokenize, type LanguageVerbs } from './verbs.js';

/**
 * The rules a methodologist adds to the basic ones (docs/domain.md, "What a methodologist checks";
 * sources in RULE_SOURCES): the qualification's level, the tree's integrity, what a unit must hold,
 * how points are written, unique codes, work actions worded and measured, Bloom levels that agree
 * with the verb, one performance per outcome, and an outcome's domain.
 */

/** EQF levels (Council Recommendation of 22 May 2017): whole numbers 1 to 8. */
export function isEqfLevel(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8;
}

export function checkQualificationLevels(index: CheckIndex, emit: Emit): void {
  for (const n of index.byKind.qualification) {
    const q = index.nodes[n]!;
    if (q.eqfLevel === undefined || q.eqfLevel === null) {
      emit(
        'qualification-level',
        'missing',
        [q.id],
        nodeParams(q),
        `${describe(q)} has no EQF level. Every qualification is referenced to one of the eight levels of the European Qualifications Framework: set it.`,
      );
    } else if (!isEqfLevel(q.eqfLevel)) {
      emit(
        'qualification-level',
        'invalid',
        [q.id],
        { ...nodeParams(q), level: String(q.eqfLevel) },
        `${describe(q)} has EQF level ${String(q.eqfLevel)}, which is not one of the levels 1 to 8. Set a whole level between 1 and 8.`,
      );
    }
  }
}

/**
 * The functional tree hangs together: every work action sits under a function (or the
 * qualification), and every function under the qualification, when the map has one.
 */
export function checkStructure(index: CheckIndex, emit: Emit): void {
  const parents = index.graph.outgoing('childOf');
  for (const n of index.byKind.workAction) {
    if (parents.size(n) > 0) continue;
    const wa = index.nodes[n]!;
    emit(
      'structure',
      'work-action-orphan',
      [wa.id],
      nodeParams(wa),
      `${describe(wa)} hangs from no function. Put it under the main function (or key function) whose work it is, so that it is part of the functional map.`,
    );
  }
  if (index.byKind.qualification.length === 0) return;
  // With several qualifications, a unit counts for the one its outcomes' work actions belong to:
  // one that reaches none or several counts for none, and would hide a wrong sum.
  if (index.byKind.qualification.length > 1) {
    for (const n of index.byKind.unit) {
      const unit = index.nodes[n]!;
      const qualifications = index.graph.qualificationsAt(n);
      if (qualifications.length === 1) continue;
      const names = qualifications.map((q) => index.nodes[q]!.code.trim() || `"${shorten(index.nodes[q]!.title, 30)}"`).join(', ');
      emit(
        'structure',
        qualifications.length === 0 ? 'unit-no-qualification' : 'unit-several-qualifications',
        [unit.id, ...qualifications.map((q) => index.nodes[q]!.id)],
        { ...nodeParams(unit), qualifications: names, count: qualifications.length },
        qualifications.length === 0
          ? `${describe(unit)} belongs to none of the map's qualifications: none of its outcomes covers a work action of one. Its points count for no qualification until its outcomes cover the work actions of the qualification it is part of.`
          : `${describe(unit)} belongs to ${qualifications.length} qualifications (${names}) through its outcomes, so its points count for each. A unit is part of one qualification: keep its outcomes to the work actions of one.`,
      );
    }
  }
  for (const n of [...index.byKind.keyFunction, ...index.byKind.mainFunction].sort((a, b) => a - b)) {
    if (parents.size(n) > 0) continue;
    const fn = index.nodes[n]!;
    emit(
      'structure',
      'function-orphan',
      [fn.id],
      nodeParams(fn),
      `${describe(fn)} is not under the qualification: the map has a second, loose tree. Put it under the qualification (a key function) or under the function it belongs to.`,
    );
  }
}

/** A unit earns its points through its outcomes: one without any, or with 0 points, is not a unit yet. */
export function checkUnitContent(index: CheckIndex, emit: Emit): void {
  const members = index.graph.incoming('partOf');
  for (const n of index.byKind.unit) {
    const unit = index.nodes[n]!;
    let outcomes = 0;
    for (let i = 0; i < members.size(n); i++) if (index.nodes[members.at(n, i)]!.kind === 'learningOutcome') outcomes++;
    if (outcomes === 0) {
      emit(
        'unit-content',
        'no-outcomes',
        [unit.id],
        nodeParams(unit),
        `${describe(unit)} holds no learning outcome. A unit is a set of learning outcomes: put the outcomes it certifies in it, or remove it.`,
      );
    }
    if (finite(unit.points) === 0) {
      emit(
        'unit-content',
        'zero-points',
        [unit.id],
        nodeParams(unit),
        `${describe(unit)} has 0 ECVET points. Every unit carries its share of the qualification's points: give it at least half a point, or merge it into another unit.`,
      );
    }
  }
}

/** ECVET points are written as whole numbers or halves (a point is about 1/60 of a full-time year). */
export function checkPointGranularity(index: CheckIndex, emit: Emit): void {
  for (const n of [...index.byKind.qualification, ...index.byKind.unit].sort((a, b) => a - b)) {
    const node = index.nodes[n]!;
    const points = finite(node.points);
    if (points === null || points <= 0 || Number.isInteger(points * 2)) continue;
    emit(
      'points-granularity',
      'not-half',
      [node.id],
      { ...nodeParams(node), points },
      `${describe(node)} has ${points} ECVET points. Points are given in whole numbers or halves: round it to ${Math.round(points * 2) / 2}, and share what is left among the other units.`,
    );
  }
}

/** Codes name nodes in documents, spreadsheets and CASE identifiers: within a kind, each is used once. */
export function checkDuplicateCodes(index: CheckIndex, emit: Emit): void {
  for (const kind of ['qualification', 'keyFunction', 'mainFunction', 'workAction', 'learningOutcome', 'unit'] as const) {
    const byCode = new Map<string, number[]>();
    for (const n of index.byKind[kind]) {
      const code = index.nodes[n]!.code.trim();
      if (!code) continue;
      const same = byCode.get(code);
      if (same) same.push(n);
      else byCode.set(code, [n]);
    }
    for (const [code, group] of byCode) {
      if (group.length < 2) continue;
      const nodes = group.map((n) => index.nodes[n]!);
      emit(
        'duplicate-code',
        'duplicate',
        nodes.map((node) => node.id),
        { code, count: nodes.length, kind },
        `${nodes.length} nodes of one kind have the code "${code}" (${nodes.map((node) => `"${shorten(node.title, 30)}"`).join(', ')}). Give each its own code: documents, spreadsheets and CASE identifiers use it to tell them apart.`,
      );
    }
  }
}

const hasText = (list: unknown) => Array.isArray(list) && list.some((item) => typeof item === 'string' && item.trim() !== '');

/**
 * A work action is observable work: its statement starts with a verb (the function verbs of the
 * language's list), and its performance criteria say how well it is done.
 */
export function checkWorkActions(index: CheckIndex, list: LanguageVerbs | undefined, emit: Emit): void {
  const position: Record<string, string> = list?.position === 'final' ? { context: 'final' } : {};
  for (const n of index.byKind.workAction) {
    const wa = index.nodes[n]!;
    const title = wa.title.trim();
    const reading = list && title ? readFunctionVerb(title, list) : null;
    if (reading && reading.entry === null) {
      emit(
        'work-actions',
        'no-verb',
        [wa.id],
        { ...nodeParams(wa), word: reading.firstWord ?? '', ...position },
        `${describe(wa)} does not ${list?.position === 'final' ? 'end' : 'start'} with a verb ("${reading.firstWord ?? ''}" is not in the verb list). Say what is done at work, for example "Prepare the client's hair" rather than "Hair preparation".`,
      );
    }
    if (!hasText(wa.performanceCriteria)) {
      emit(
        'work-actions',
        'no-criteria',
        [wa.id],
        nodeParams(wa),
        `${describe(wa)} has no performance criteria. Add what an employer looks at to tell that the work is done well (for example "the sections are even and secured").`,
      );
    }
  }
}

const LOW_BLOOM = new Set(['remember', 'understand']);

/**
 * An outcome's Bloom level agrees with its verb's level in the list; a unit at EQF level 4 or
 * above asks more than remembering and understanding of at least one of its outcomes.
 */
export function checkBloomLevels(index: CheckIndex, list: LanguageVerbs | undefined, emit: Emit): void {
  const levelOf = new Map<number, string>();
  for (const n of index.byKind.learningOutcome) {
    const outcome = index.nodes[n]!;
    const verb = list ? readOutcomeVerb(outcome.title, list).entry : null;
    const stated = typeof outcome.bloomLevel === 'string' ? outcome.bloomLevel : null;
    if (stated && verb?.bloomLevel && !verb.vague && verb.bloomLevel !== stated) {
      emit(
        'bloom-verb',
        'mismatch',
        [outcome.id],
        { ...nodeParams(outcome), verb: verb.verb, stated, listed: verb.bloomLevel },
        `${describe(outcome)} is set at the Bloom level "${stated}", but its verb "${verb.verb}" is at "${verb.bloomLevel}" in the verb list. Change the level, or choose a verb of the level you mean.`,
      );
    }
    const level = stated ?? verb?.bloomLevel ?? null;
    if (level) levelOf.set(n, level);
  }
  const members = index.graph.incoming('partOf');
  for (const n of index.byKind.unit) {
    const unit = index.nodes[n]!;
    const eqf = finite(unit.eqfLevel);
    if (eqf === null || eqf < 4) continue;
    const levels: string[] = [];
    for (let i = 0; i < members.size(n); i++) {
      const level = levelOf.get(members.at(n, i));
      if (level) levels.push(level);
    }
    if (levels.length === 0 || !levels.every((level) => LOW_BLOOM.has(level))) continue;
    emit(
      'bloom-verb',
      'low-levels',
      [unit.id],
      { ...nodeParams(unit), eqfLevel: eqf, outcomeCount: levels.length },
      `${describe(unit)} is at EQF level ${eqf}, but every one of its ${levels.length} outcomes only asks to remember or understand. At this level the learner applies, analyses or evaluates: reword at least one outcome.`,
    );
  }
}

/**
 * Words that join two statements, per language (primary subtag). Only languages whose verbs open the
 * statement: in a verb-final language the first verb sits before the conjunction, inflected, and is
 * not read here.
 */
const CONJUNCTIONS: Readonly<Record<string, readonly string[]>> = {
  en: ['and', 'and then', 'as well as'],
  ru: ['и', 'а также', 'и затем'],
  lt: ['ir'],
  lv: ['un'],
  it: ['e', 'ed'],
  nl: ['en'],
  fi: ['ja'],
};

/** One outcome, one assessable performance: "Select and apply a colour" is two outcomes. */
export function checkCompoundOutcomes(index: CheckIndex, list: LanguageVerbs | undefined, emit: Emit): void {
  if (!list || list.position !== 'initial') return;
  const joins = CONJUNCTIONS[list.language.split('-')[0]!];
  if (!joins) return;
  const phrases = joins.map((join) => join.split(' '));
  for (const n of index.byKind.learningOutcome) {
    const outcome = index.nodes[n]!;
    const first = readOutcomeVerb(outcome.title, list).entry;
    if (!first || first.vague) continue;
    const second = compoundSecondVerb(outcome.title, list, phrases);
    if (!second) continue;
    emit(
      'compound-outcome',
      'two-verbs',
      [outcome.id],
      { ...nodeParams(outcome), first: first.verb, second: second },
      `${describe(outcome)} joins two performances ("${first.verb}" and "${second}"). Assessors judge one at a time: split it into two outcomes.`,
    );
  }
}

/** Statements already read, per list (the checks run after every change; all but one statement are as before). */
const compoundReadings = new WeakMap<LanguageVerbs, Map<string, string | null>>();

/**
 * The second action verb of a compound statement, or null: "Select and apply a colour", "Cut and
 * style hair" — right after the conjunction, an action verb as the list writes it (not "lightening
 * products", not a closing "and condition"), with something after it to act on.
 */
function compoundSecondVerb(title: string, list: LanguageVerbs, phrases: readonly (readonly string[])[]): string | null {
  let readings = compoundReadings.get(list);
  if (!readings) compoundReadings.set(list, (readings = new Map()));
  const known = readings.get(title);
  if (known !== undefined) return known;
  let found: string | null = null;
  const tokens = tokenize(title, 40);
  for (let i = 1; i < tokens.length && found === null; i++) {
    const join = phrases.find((phrase) => phrase.every((word, k) => tokens[i + k] === word));
    if (join) found = secondVerbAt(tokens, i + join.length, list)?.verb ?? null;
  }
  if (readings.size >= 50_000) readings.clear();
  readings.set(title, found);
  return found;
}

/** An outcome verb written in the list's own form at `at` (one or more words), followed by at least one more word. */
function secondVerbAt(tokens: readonly string[], at: number, list: LanguageVerbs): { verb: string } | null {
  for (let length = 3; length >= 1; length--) {
    if (at + length >= tokens.length) continue;
    const entry = list.phrases.get(tokens.slice(at, at + length).join(' '));
    if (entry && entry.outcome && !entry.vague) return entry;
  }
  return null;
}

/** Each outcome says whether it is knowledge, skills, or responsibility and autonomy. */
export function checkOutcomeDomains(index: CheckIndex, emit: Emit): void {
  for (const n of index.byKind.learningOutcome) {
    const outcome: MapNode = index.nodes[n]!;
    if (typeof outcome.domain === 'string' && outcome.domain) continue;
    emit(
      'outcome-domain',
      'missing',
      [outcome.id],
      nodeParams(outcome),
      `${describe(outcome)} does not say whether it is knowledge, skills, or responsibility and autonomy. Set its domain, so that the balance of its unit can be checked.`,
    );
  }
}
