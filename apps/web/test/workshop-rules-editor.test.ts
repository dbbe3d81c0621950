import { summarise, type Rating } from '@qms/model';
import { ruleApplies } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { setRules, startWorkshop } from '../src/workshop/actions';
import { draftOf, needConditionOf, needsFor, newRuleId, ruleFromDraft, withDraft, withNewRule, withoutRule } from '../src/workshop/rules-editor';
import { readWorkshop } from '../src/workshop/state';

const r = (criticality: number, frequency: number, difficulty: number, trainingNeed: Rating['trainingNeed']): Rating => ({ criticality, frequency, difficulty, trainingNeed });

describe('the decision rules editor', () => {
  it('reads and writes bounds on every scale and a training-need condition', () => {
    const draft = { id: 'rule-1', min: { criticality: '', frequency: '3,5', difficulty: ' 4 ' }, need: 'school' as const };
    expect(ruleFromDraft(draft)).toEqual({ rule: { id: 'rule-1', minFrequency: 3.5, minDifficulty: 4, needs: ['school'] } });
    const rule = (ruleFromDraft(draft) as { rule: Parameters<typeof draftOf>[0] }).rule;
    expect(draftOf(rule)).toEqual({ id: 'rule-1', min: { criticality: '', frequency: '3.5', difficulty: '4' }, need: 'school' });

    // The rule speaks about what it says: frequent, difficult work actions trained at school.
    const atSchool = summarise('wa', [r(2, 4, 4, 'school'), r(2, 3, 5, 'school')])!;
    const atWork = summarise('wa', [r(2, 4, 4, 'workplace'), r(2, 3, 5, 'workplace')])!;
    const rare = summarise('wa', [r(5, 1, 4, 'school')])!;
    expect(ruleApplies(rule, atSchool)).toBe(true);
    expect(ruleApplies(rule, atWork)).toBe(false);
    expect(ruleApplies(rule, rare)).toBe(false);
  });

  it('offers need ≠ none, any need, and each need alone or with both; a stored list it has no name for stays as it is', () => {
    expect(needsFor('not-none')).toBeUndefined();
    expect(needsFor('any')).toEqual(['school', 'workplace', 'both', 'none']);
    expect(needsFor('workplace-or-both')).toEqual(['workplace', 'both']);
    expect(needConditionOf(undefined)).toBe('not-none');
    expect(needConditionOf(['both', 'school'])).toBe('school-or-both');
    expect(needConditionOf(['none'])).toBe('custom');
    const custom = draftOf({ id: 'rule-2', needs: ['none', 'school'] });
    expect(custom.need).toBe('custom');
    expect(ruleFromDraft(custom)).toEqual({ rule: { id: 'rule-2', needs: ['none', 'school'] } });
    const notNone = summarise('wa', [r(5, 5, 5, 'none')])!;
    expect(ruleApplies({ id: 'x' }, notNone)).toBe(false);
    expect(ruleApplies({ id: 'x', needs: needsFor('any') }, notNone)).toBe(true);
  });

  it('refuses a bound that is not a number or lies outside 1–5, and changes nothing', () => {
    const rules = [{ id: 'rule-1', minCriticality: 4 }];
    const bad = { ...draftOf(rules[0]!), min: { criticality: '4', frequency: 'often', difficulty: '' } };
    expect(withDraft(rules, bad)).toEqual({ problem: { scale: 'frequency', problem: 'not-a-number' } });
    expect(withDraft(rules, { ...bad, min: { criticality: '6', frequency: '', difficulty: '' } })).toEqual({ problem: { scale: 'criticality', problem: 'out-of-range' } });
    expect(rules).toEqual([{ id: 'rule-1', minCriticality: 4 }]);
  });

  it('adds rules under fresh ids, removes them, and stores them in the workshop with a log entry', () => {
    const one = withNewRule([]);
    expect(one).toEqual([{ id: 'rule-1', minCriticality: 4 }]);
    const two = withNewRule(one);
    expect(two.map((x) => x.id)).toEqual(['rule-1', 'rule-2']);
    expect(newRuleId(withoutRule(two, 'rule-1'))).toBe('rule-1');
    expect(withNewRule(Array.from({ length: 20 }, (_, i) => ({ id: `r${i}` })))).toHaveLength(20);

    const review = new Y.Doc();
    startWorkshop(review, 'Anna');
    const edited = withDraft(two, { id: 'rule-2', min: { criticality: '', frequency: '', difficulty: '3' }, need: 'workplace' });
    if ('problem' in edited) throw new Error('expected rules');
    setRules(review, edited.rules, 'Anna');
    expect(readWorkshop(review).rules).toEqual([
      { id: 'rule-1', minCriticality: 4 },
      { id: 'rule-2', minDifficulty: 3, needs: ['workplace'] },
    ]);
    expect(review.getArray('workshopLog').toArray().at(-1)).toMatchObject({ type: 'rules', detail: { count: 2 } });
  });
});
