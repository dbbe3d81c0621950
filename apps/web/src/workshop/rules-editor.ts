import { RATING_MAX, RATING_MIN, RATING_SCALES, TRAINING_NEEDS, WORKSHOP_LIMITS, type DecisionRule, type RatingScale, type TrainingNeed } from '@qms/model';

/**
 * The decision rules editor's model: a rule as the facilitator edits it (a bound per scale, typed
 * as text, and a condition on the majority training need) and back. A draft that does not read
 * as a rule gives a reason and no rule, so a mistyped bound changes nothing.
 */

/** The training-need conditions the editor offers; `custom` is a stored list that is none of them. */
export const NEED_CONDITIONS = ['not-none', 'any', 'school', 'workplace', 'both', 'school-or-both', 'workplace-or-both'] as const;
export type NeedCondition = (typeof NEED_CONDITIONS)[number];

const NEEDS_OF: Record<Exclude<NeedCondition, 'not-none'>, readonly TrainingNeed[]> = {
  any: TRAINING_NEEDS,
  school: ['school'],
  workplace: ['workplace'],
  both: ['both'],
  'school-or-both': ['school', 'both'],
  'workplace-or-both': ['workplace', 'both'],
};

const MIN_FIELD: Record<RatingScale, 'minCriticality' | 'minFrequency' | 'minDifficulty'> = {
  criticality: 'minCriticality',
  frequency: 'minFrequency',
  difficulty: 'minDifficulty',
};

export interface RuleDraft {
  readonly id: string;
  /** Per scale, the lowest mean the rule asks for, as typed ('' : no condition on that scale). */
  readonly min: Readonly<Record<RatingScale, string>>;
  readonly need: NeedCondition | 'custom';
  /** The stored list a `custom` condition keeps. */
  readonly customNeeds?: readonly TrainingNeed[];
}

export type DraftProblem = { readonly scale: RatingScale; readonly problem: 'not-a-number' | 'out-of-range' };

/** The `needs` a condition stores (undefined: the schema's default, any need but `none`). */
export function needsFor(condition: NeedCondition): TrainingNeed[] | undefined {
  return condition === 'not-none' ? undefined : [...NEEDS_OF[condition]];
}

/** Which condition a stored `needs` list is (order does not matter). */
export function needConditionOf(needs: readonly TrainingNeed[] | undefined): NeedCondition | 'custom' {
  if (needs === undefined) return 'not-none';
  const wanted = [...new Set(needs)].sort().join(',');
  for (const [condition, list] of Object.entries(NEEDS_OF)) if ([...list].sort().join(',') === wanted) return condition as NeedCondition;
  return 'custom';
}

export function draftOf(rule: DecisionRule): RuleDraft {
  const min = {} as Record<RatingScale, string>;
  for (const scale of RATING_SCALES) {
    const value = rule[MIN_FIELD[scale]];
    min[scale] = value === undefined ? '' : String(value);
  }
  const need = needConditionOf(rule.needs);
  return { id: rule.id, min, need, ...(need === 'custom' && rule.needs ? { customNeeds: [...rule.needs] } : {}) };
}

/** The rule a draft says, or what is wrong with it. */
export function ruleFromDraft(draft: RuleDraft): { rule: DecisionRule } | { problem: DraftProblem } {
  const bounds: Partial<Record<'minCriticality' | 'minFrequency' | 'minDifficulty', number>> = {};
  for (const scale of RATING_SCALES) {
    const text = draft.min[scale].trim().replace(',', '.');
    if (text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value)) return { problem: { scale, problem: 'not-a-number' } };
    if (value < RATING_MIN || value > RATING_MAX) return { problem: { scale, problem: 'out-of-range' } };
    bounds[MIN_FIELD[scale]] = value;
  }
  const needs = draft.need === 'custom' ? draft.customNeeds?.filter((n) => TRAINING_NEEDS.includes(n)) : needsFor(draft.need);
  return { rule: { id: draft.id.slice(0, WORKSHOP_LIMITS.name), ...bounds, ...(needs ? { needs } : {}) } };
}

/** A new rule's id: `rule-<n>`, the first n no rule has. */
export function newRuleId(rules: readonly DecisionRule[]): string {
  const taken = new Set(rules.map((r) => r.id));
  let n = 1;
  while (taken.has(`rule-${n}`)) n++;
  return `rule-${n}`;
}

/** The rules with one more (criticality from 4, any need but none); unchanged at the limit. */
export function withNewRule(rules: readonly DecisionRule[]): DecisionRule[] {
  if (rules.length >= WORKSHOP_LIMITS.rules) return [...rules];
  return [...rules, { id: newRuleId(rules), minCriticality: 4 }];
}

/** The rules with the one of the draft's id replaced by the draft, or the reason it cannot be. */
export function withDraft(rules: readonly DecisionRule[], draft: RuleDraft): { rules: DecisionRule[] } | { problem: DraftProblem } {
  const read = ruleFromDraft(draft);
  if ('problem' in read) return read;
  return { rules: rules.map((rule) => (rule.id === draft.id ? read.rule : rule)) };
}

export function withoutRule(rules: readonly DecisionRule[], id: string): DecisionRule[] {
  return rules.filter((rule) => rule.id !== id);
}
