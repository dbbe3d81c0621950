import { RATING_SCALES, TRAINING_NEEDS, type DecisionRule, type Rating, type RatingScale, type TrainingNeed } from './schema.js';

/** What a room's ratings say about one work action: shown on its card, in the heat map and in the DACUM chart. */
export interface RatingSummary {
  readonly workActionId: string;
  readonly count: number;
  /** Per scale: the mean and the spread (population standard deviation), rounded to 2 decimals. */
  readonly mean: Readonly<Record<RatingScale, number>>;
  readonly spread: Readonly<Record<RatingScale, number>>;
  /** How many chose each training need. */
  readonly needs: Readonly<Record<TrainingNeed, number>>;
  /** The need most chose; ties go to the one that trains more (both > school > workplace > none). */
  readonly need: TrainingNeed;
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const NEED_PRIORITY: readonly TrainingNeed[] = ['both', 'school', 'workplace', 'none'];

export function summarise(workActionId: string, ratings: readonly Rating[]): RatingSummary | undefined {
  if (ratings.length === 0) return undefined;
  const mean = {} as Record<RatingScale, number>;
  const spread = {} as Record<RatingScale, number>;
  for (const scale of RATING_SCALES) {
    const values = ratings.map((r) => r[scale]);
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean[scale] = round2(m);
    spread[scale] = round2(Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / values.length));
  }
  const needs = Object.fromEntries(TRAINING_NEEDS.map((n) => [n, 0])) as Record<TrainingNeed, number>;
  for (const r of ratings) needs[r.trainingNeed] += 1;
  const top = Math.max(...Object.values(needs));
  const need = NEED_PRIORITY.find((n) => needs[n] === top)!;
  return { workActionId, count: ratings.length, mean, spread, needs, need };
}

/** Summaries of every rated work action, from readRatings' entries. */
export function summariseAll(entries: readonly { workActionId: string; rating: Rating }[]): Map<string, RatingSummary> {
  const byAction = new Map<string, Rating[]>();
  for (const e of entries) {
    const list = byAction.get(e.workActionId) ?? [];
    list.push(e.rating);
    byAction.set(e.workActionId, list);
  }
  const out = new Map<string, RatingSummary>();
  for (const [id, list] of byAction) out.set(id, summarise(id, list)!);
  return out;
}

/** Whether an agreed rule says this work action must be covered by an outcome. */
export function ruleApplies(rule: DecisionRule, summary: RatingSummary): boolean {
  if (rule.minCriticality !== undefined && summary.mean.criticality < rule.minCriticality) return false;
  if (rule.minFrequency !== undefined && summary.mean.frequency < rule.minFrequency) return false;
  if (rule.minDifficulty !== undefined && summary.mean.difficulty < rule.minDifficulty) return false;
  return rule.needs ? rule.needs.includes(summary.need) : summary.need !== 'none';
}

/** The first rule that makes the work action one to train, if any. */
export function mustCover(rules: readonly DecisionRule[], summary: RatingSummary | undefined): DecisionRule | undefined {
  return summary ? rules.find((rule) => ruleApplies(rule, summary)) : undefined;
}
