import { describe, expect, it } from 'vitest';
import rulesEn from '../../../apps/web/src/locales/rules.en.json' with { type: 'json' };
import rulesRu from '../../../apps/web/src/locales/rules.ru.json' with { type: 'json' };
import rulesUz from '../../../apps/web/src/locales/rules.uz.json' with { type: 'json' };
import rulesKk from '../../../apps/web/src/locales/rules.kk.json' with { type: 'json' };
import * as Y from 'yjs';
import { BLOOM_LEVELS, DOMAINS } from '../src/fields.js';
import { buildHairdresser } from '../src/samples/hairdresser.js';
import { MapView } from '../src/view.js';
import { checkMap, RULE_CODES, RULE_IDS, RULE_SEVERITY, type CheckInput, type CheckIssue } from '../src/rules/index.js';
import type { MapEdge, MapMeta, MapNode } from '../src/schema.js';
import { edgeAllowed } from '../src/relations.js';
import { largestRemainder, proposePoints } from '../src/credit.js';
import { sourceFingerprint } from '../src/translations.js';
import { matchSnapshotOf, unitsById, type MatchedUnit } from '../src/matches.js';
import { summariseAll, type Rating, type TrainingNeed } from '../src/workshop.js';

// ---------------------------------------------------------------------------------------------
// A small builder: a map is a list of nodes and edges; `good()` passes every rule.

type Fields = Partial<Omit<MapNode, 'id' | 'kind'>>;

function node(id: string, kind: string, fields: Fields = {}): MapNode {
  return { id, kind, code: '', title: '', position: { x: 0, y: 0 }, ...fields };
}

let edgeSeq = 0;
function edge(kind: string, source: string, target: string): MapEdge {
  return { id: `e${++edgeSeq}`, kind, source, target };
}

function meta(language = 'en'): MapMeta {
  return { schemaVersion: 2, title: 'Test', createdAt: 0, language };
}

interface TestMap extends CheckInput {
  nodes: MapNode[];
  edges: MapEdge[];
}

/**
 * Hairdresser, 2 years, 120 points:
 *   Q1 ← KF1 ← MF1 ← WA1, WA2;  U1 (60) = LO1 K, LO2 S, LO3 A covering WA1;
 *                                U2 (60) = LO4 K, LO5 S, LO6 A covering WA2.
 */
function good(language = 'en'): TestMap {
  const outcome = (id: string, code: string, title: string, domain: string): MapNode =>
    node(id, 'learningOutcome', { code, title, domain, eqfLevel: 4, transversal: false, assessmentCriteria: [] });
  return {
    meta: meta(language),
    nodes: [
      node('q1', 'qualification', {
        code: 'Q 1',
        title: 'Hairdresser',
        keyPurpose: "To provide hairdressing services that meet clients' needs",
        eqfLevel: 4,
        points: 120,
        programmeYears: 2,
      }),
      node('kf1', 'keyFunction', { code: 'KF 1', title: 'Provide hairdressing services' }),
      node('mf1', 'mainFunction', { code: 'MF 1', title: 'Cut and style hair' }),
      node('wa1', 'workAction', { code: 'WA 1', title: 'Cut hair', performanceCriteria: ['The cut matches the agreed shape'] }),
      node('wa2', 'workAction', { code: 'WA 2', title: 'Style hair', performanceCriteria: ['The style holds'] }),
      outcome('lo1', 'LO 1', 'Describe the types of haircut', 'knowledge'),
      outcome('lo2', 'LO 2', 'Cut hair using scissors and clippers', 'skills'),
      outcome('lo3', 'LO 3', 'Take responsibility for the safety of the client', 'autonomy'),
      outcome('lo4', 'LO 4', 'Explain how heat styling affects hair', 'knowledge'),
      outcome('lo5', 'LO 5', 'Style hair with a round brush', 'skills'),
      outcome('lo6', 'LO 6', 'The learner will be able to plan their work independently', 'autonomy'),
      node('u1', 'unit', { code: 'U 1', title: 'Cutting', points: 60, eqfLevel: 4, assessmentCriteria: ['Observed cut'] }),
      node('u2', 'unit', { code: 'U 2', title: 'Styling', points: 60, eqfLevel: 4, assessmentCriteria: ['Observed style'] }),
    ],
    edges: [
      edge('childOf', 'kf1', 'q1'),
      edge('childOf', 'mf1', 'kf1'),
      edge('childOf', 'wa1', 'mf1'),
      edge('childOf', 'wa2', 'mf1'),
      ...['lo1', 'lo2', 'lo3'].flatMap((lo) => [edge('covers', lo, 'wa1'), edge('partOf', lo, 'u1')]),
      ...['lo4', 'lo5', 'lo6'].flatMap((lo) => [edge('covers', lo, 'wa2'), edge('partOf', lo, 'u2')]),
    ],
  };
}

/** The map with a second qualification, its own tree and one work action (WA 3), no units. */
function second(map: TestMap): TestMap {
  return add(map, [
    node('q2', 'qualification', { code: 'Q 2', title: 'Barber', keyPurpose: 'To provide barbering services to clients', eqfLevel: 3, points: 60, programmeYears: 1 }),
    node('kf2', 'keyFunction', { code: 'KF 2', title: 'Provide barbering services' }),
    node('wa3', 'workAction', { code: 'WA 3', title: 'Shave beards', performanceCriteria: ['The skin is not cut'] }),
  ], [edge('childOf', 'kf2', 'q2'), edge('childOf', 'wa3', 'kf2')]);
}

function patch(map: TestMap, id: string, fields: Record<string, unknown>): TestMap {
  let found = false;
  const nodes = map.nodes.map((n) => {
    if (n.id !== id) return n;
    found = true;
    const next: Record<string, unknown> = { ...n };
    for (const [key, value] of Object.entries(fields)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    return next as unknown as MapNode;
  });
  if (!found) throw new Error(`no node ${id}`);
  return { ...map, nodes };
}

function add(map: TestMap, nodes: MapNode[], edges: MapEdge[] = []): TestMap {
  return { ...map, nodes: [...map.nodes, ...nodes], edges: [...map.edges, ...edges] };
}

function dropEdges(map: TestMap, test: (e: MapEdge) => boolean): TestMap {
  return { ...map, edges: map.edges.filter((e) => !test(e)) };
}

const issuesOf = (map: CheckInput, rule?: string): CheckIssue[] => checkMap(map).issues.filter((i) => !rule || i.rule === rule);
const brief = (issues: CheckIssue[]) => issues.map((i) => `${i.rule}/${i.code}:${i.nodeIds.join(',')}`);

// ---------------------------------------------------------------------------------------------

describe('checkMap on a map that follows every rule', () => {
  it('reports nothing', () => {
    expect(brief(issuesOf(good()))).toEqual([]);
  });

  it('reports nothing on the hairdresser sample, the good example', () => {
    const doc = new Y.Doc();
    buildHairdresser(doc);
    const view = new MapView(doc);
    const { issues, stats } = checkMap(view.snapshot);
    view.destroy();
    expect(brief(issues)).toEqual([]);
    // Six mandatory units (165) and the electives' minimum (15) make the 180; all units reach 195.
    expect(stats.qualification).toMatchObject({ points: 180, expectedPoints: 180, unitPoints: 195, mandatoryPoints: 165, optionalMinimum: 15, requiredPoints: 180 });
    expect(stats.outcomes.wellWorded).toBe(stats.outcomes.total);
  });

  it('the hairdresser sample breaks points-sum without its group of elective units', () => {
    const doc = new Y.Doc();
    buildHairdresser(doc);
    const view = new MapView(doc);
    const { snapshot } = view;
    view.destroy();
    const groups = new Set(snapshot.nodes.filter((n) => n.kind === 'unitGroup').map((n) => n.id));
    expect(groups.size).toBe(1);
    // The group and its links taken away: the electives count as mandatory units.
    const loose = { ...snapshot, nodes: snapshot.nodes.filter((n) => !groups.has(n.id)), edges: snapshot.edges.filter((e) => !groups.has(e.target)) };
    const issues = checkMap(loose).issues;
    expect(issues.map((i) => `${i.rule}/${i.code}`)).toEqual(['points-sum/units-vs-total']);
    expect(issues[0]!.params).toMatchObject({ points: 180, unitPoints: 195, difference: 15 });
    // The group kept but not optional: every unit is mandatory again.
    const mandatory = { ...snapshot, nodes: snapshot.nodes.map((n) => (groups.has(n.id) ? { ...n, optional: false } : n)) };
    expect(checkMap(mandatory).issues.map((i) => `${i.rule}/${i.code}`)).toEqual(['points-sum/units-vs-total']);
  });

  it('counts what a points bar and a checks panel show', () => {
    const { stats } = checkMap(good());
    expect(stats.counts).toEqual({ qualification: 1, keyFunction: 1, mainFunction: 1, workAction: 2, learningOutcome: 6, unit: 2, unitGroup: 0 });
    expect(stats.qualification).toMatchObject({ nodeId: 'q1', points: 120, programmeYears: 2, expectedPoints: 120, unitPoints: 120, unitCount: 2, unitsWithoutPoints: 0, unitsWithoutOutcomes: 0, eqfLevel: 4 });
    expect(stats.unitPoints).toBe(120);
    expect(stats.workActions).toEqual({ total: 2, covered: 2 });
    expect(stats.outcomes).toEqual({ total: 6, grouped: 6, traced: 6, wellWorded: 6 });
    expect(stats.units).toEqual({ total: 2, withCriteria: 2, withPoints: 2 });
    expect(stats.issues.errors).toBe(0);
    expect(stats.issues.warnings).toBe(0);
    expect(Object.keys(stats.issues.byRule)).toEqual([...RULE_IDS]);
  });
});

describe('points-sum', () => {
  it('reports a total that is not 60 × the programme years', () => {
    const map = patch(patch(good(), 'q1', { points: 180 }), 'u2', { points: 120 });
    const issues = issuesOf(map, 'points-sum');
    expect(brief(issues)).toEqual(['points-sum/total-vs-years:q1']);
    expect(issues[0]!.params).toMatchObject({ points: 180, years: 2, expected: 120 });
    expect(issues[0]!.severity).toBe('error');
    expect(issues[0]!.message).toContain('60 × 2 = 120');
  });

  it('reports units that do not add up to the total, with the difference', () => {
    const issues = issuesOf(patch(good(), 'u2', { points: 50 }), 'points-sum');
    expect(brief(issues)).toEqual(['points-sum/units-vs-total:q1']);
    expect(issues[0]!.params).toMatchObject({ points: 120, unitPoints: 110, difference: -10, unitCount: 2 });
    expect(issues[0]!.message).toMatch(/110 ECVET points in all.*120.*10 missing/);
    const over = issuesOf(patch(good(), 'u2', { points: 75 }), 'points-sum');
    expect(over[0]!.params).toMatchObject({ unitPoints: 135, difference: 15 });
    expect(over[0]!.message).toContain('15 too many');
  });

  it('accepts fractional points that add up (7.5 + …), despite floating point', () => {
    let map = patch(good(), 'u1', { points: 40.1 });
    map = patch(map, 'u2', { points: 39.9 });
    map = add(map, [node('u3', 'unit', { code: 'U 3', title: 'Extra', points: 40, assessmentCriteria: ['x'] })]);
    expect(issuesOf(map, 'points-sum')).toEqual([]);
    // The points balance, but the new unit holds no outcome: a points bar must not say "done".
    expect(checkMap(map).stats.qualification).toMatchObject({ unitCount: 3, unitsWithoutOutcomes: 1 });
  });

  it('says when a unit has no points, and compares the sum only once it is certainly wrong', () => {
    const missing = patch(good(), 'u2', { points: undefined });
    expect(brief(issuesOf(missing, 'points-sum'))).toEqual(['points-sum/unit-no-points:u2']);
    const overAlready = patch(missing, 'u1', { points: 130 });
    expect(brief(issuesOf(overAlready, 'points-sum'))).toEqual(['points-sum/units-vs-total:q1', 'points-sum/unit-no-points:u2']);
    expect(checkMap(missing).stats.qualification).toMatchObject({ unitPoints: 60, unitsWithoutPoints: 1 });
  });

  it('asks for the total when there are units but no total, suggesting 60 × years', () => {
    const issues = issuesOf(patch(good(), 'q1', { points: undefined }), 'points-sum');
    expect(brief(issues)).toEqual(['points-sum/total-missing:q1']);
    expect(issues[0]!.params.expected).toBe(120);
    expect(issues[0]!.message).toContain('120 for 2 years');
  });

  it('stays quiet about a lone qualification whose total matches its years', () => {
    const lone: TestMap = { meta: meta(), nodes: [good().nodes[0]!], edges: [] };
    expect(issuesOf(lone, 'points-sum')).toEqual([]);
    const noYears = patch(patch(good(), 'q1', { programmeYears: undefined }), 'q1', { points: 120 });
    expect(issuesOf(noYears, 'points-sum')).toEqual([]);
  });

  it('checks each of several qualifications against the units traced to it', () => {
    // A second qualification with its own tree, outcome and unit.
    let map = add(good(), [
      node('q2', 'qualification', { code: 'Q 2', title: 'Barber', keyPurpose: 'To provide barbering services to clients', eqfLevel: 3, points: 60, programmeYears: 1 }),
      node('kf2', 'keyFunction', { code: 'KF 2', title: 'Provide barbering services' }),
      node('wa3', 'workAction', { code: 'WA 3', title: 'Shave beards', performanceCriteria: ['The skin is not cut'] }),
      node('lo7', 'learningOutcome', { code: 'LO 7', title: 'Shave a beard with a razor', domain: 'skills' }),
      node('lo8', 'learningOutcome', { code: 'LO 8', title: 'Describe skin types', domain: 'knowledge' }),
      node('lo9', 'learningOutcome', { code: 'LO 9', title: 'Plan their own work', domain: 'autonomy' }),
      node('u3', 'unit', { code: 'U 3', title: 'Shaving', points: 60, assessmentCriteria: ['Observed shave'] }),
    ], [
      edge('childOf', 'kf2', 'q2'),
      edge('childOf', 'wa3', 'kf2'),
      ...['lo7', 'lo8', 'lo9'].flatMap((lo) => [edge('covers', lo, 'wa3'), edge('partOf', lo, 'u3')]),
    ]);
    expect(brief(issuesOf(map))).toEqual([]);
    const { stats } = checkMap(map);
    expect(stats.qualifications.map((q) => [q.nodeId, q.unitCount, q.unitPoints])).toEqual([['q1', 2, 120], ['q2', 1, 60]]);
    map = patch(map, 'u3', { points: 45 });
    expect(brief(issuesOf(map, 'points-sum'))).toEqual(['points-sum/units-vs-total:q2']);
  });
});

describe('coverage', () => {
  it('reports exactly the work actions no learning outcome covers', () => {
    const map = add(good(), [node('wa3', 'workAction', { code: 'WA 3', title: 'Colour hair' })], [edge('childOf', 'wa3', 'mf1')]);
    const issues = issuesOf(map, 'coverage');
    expect(brief(issues)).toEqual(['coverage/uncovered:wa3']);
    expect(issues[0]!.message).toBe(
      'Work action WA 3 "Colour hair" is not taught by any learning outcome. Link a learning outcome to it (covers), or write a new one.',
    );
    expect(issues[0]!.params).toMatchObject({ code: 'WA 3', title: 'Colour hair', label: 'WA 3 "Colour hair"' });
    expect(checkMap(map).stats.workActions).toEqual({ total: 3, covered: 2 });
  });

  it('counts only "covers" edges from a learning outcome', () => {
    let map = dropEdges(good(), (e) => e.kind === 'covers' && e.target === 'wa2');
    map = { ...map, edges: [...map.edges, edge('covers', 'u1', 'wa2'), edge('partOf', 'lo4', 'wa2'), edge('covers', 'ghost', 'wa2')] };
    expect(brief(issuesOf(map, 'coverage'))).toEqual(['coverage/uncovered:wa2']);
  });
});

describe('workshop-coverage', () => {
  it('follows the workshop: a rule or a "train" decision makes an uncovered action an error naming it, "not-trained" exempts it', () => {
    const map = workshopMap();
    const { issues, stats } = checkMap(map);
    const found = issues.filter((i) => i.rule === 'coverage' || i.rule === 'workshop-coverage');
    expect(brief(found)).toEqual(['workshop-coverage/must-train:wa3', 'workshop-coverage/decided-train:wa4', 'workshop-coverage/not-trained:wa1', 'workshop-coverage/not-trained:wa5']);
    const [mustTrain, decidedTrain, coveredAnyway, notTrained] = found;
    expect(mustTrain!.severity).toBe('error');
    expect(mustTrain!.params).toMatchObject({ rule: 'critical', criticality: '4.5', need: 'both', count: 2 });
    expect(mustTrain!.message).toContain('rule “critical”');
    expect(decidedTrain!.severity).toBe('error');
    expect(decidedTrain!.message).toContain('Clients ask for it');
    expect(notTrained!.severity).toBe('warning');
    expect(notTrained!.params).toMatchObject({ reason: 'Done by the supplier', by: 'Facilitator', covered: 0 });
    expect(notTrained!.message).toBe('The workshop decided not to train work action WA 5 "Colour hair 5" (“Done by the supplier”), recorded by Facilitator: it is left out of the coverage check.');
    expect(coveredAnyway!.message).toContain('A learning outcome still covers it');
    expect(stats.issues.byRule['workshop-coverage']).toBe(4);
    expect(stats.issues.byRule.coverage).toBe(0);
  });

  it('without a workshop, or when no rule applies, the ordinary coverage check speaks', () => {
    const { workshop, ...plain } = workshopMap();
    expect(brief(issuesOf(plain).filter((i) => i.rule.endsWith('coverage')))).toEqual(['coverage/uncovered:wa3', 'coverage/uncovered:wa4', 'coverage/uncovered:wa5']);
    const lenient = { ...plain, workshop: { ...workshop!, rules: [{ id: 'very-critical', minCriticality: 5 }], decisions: [] } };
    expect(brief(issuesOf(lenient).filter((i) => i.rule.endsWith('coverage')))).toEqual(['coverage/uncovered:wa3', 'coverage/uncovered:wa4', 'coverage/uncovered:wa5']);
    // Need "none" by majority never makes a rule apply.
    const none = summariseAll([{ workActionId: 'wa3', rating: { criticality: 5, frequency: 5, difficulty: 5, trainingNeed: 'none' } }]);
    const untrained = { ...plain, workshop: { summaries: [...none.values()], rules: [{ id: 'any' }], decisions: [] } };
    expect(brief(issuesOf(untrained, 'workshop-coverage'))).toEqual([]);
  });

  it('a covered work action the rule applies to is fine', () => {
    const map = workshopMap();
    const covered = { ...map, edges: [...map.edges, edge('covers', 'lo2', 'wa3'), edge('covers', 'lo2', 'wa4')] };
    expect(brief(issuesOf(covered, 'workshop-coverage'))).toEqual(['workshop-coverage/not-trained:wa1', 'workshop-coverage/not-trained:wa5']);
    expect(brief(issuesOf(covered, 'coverage'))).toEqual([]);
  });
});

describe('traceability', () => {
  const extra = node('lo7', 'learningOutcome', { code: 'LO 7', title: 'Communicate with clients', domain: 'skills' });

  it('warns about an outcome that covers no work action', () => {
    const issues = issuesOf(add(good(), [extra], [edge('partOf', 'lo7', 'u1')]), 'traceability');
    expect(brief(issues)).toEqual(['traceability/untraced:lo7']);
    expect(issues[0]!.severity).toBe('warning');
  });

  it('accepts it when it is transversal', () => {
    const map = add(good(), [{ ...extra, transversal: true }], [edge('partOf', 'lo7', 'u1')]);
    expect(issuesOf(map)).toEqual([]);
  });
});

describe('grouping', () => {
  it('reports an outcome in no unit', () => {
    const map = dropEdges(good(), (e) => e.kind === 'partOf' && e.source === 'lo2');
    expect(brief(issuesOf(map, 'grouping'))).toEqual(['grouping/no-unit:lo2']);
  });

  it('reports an outcome in two units, naming them', () => {
    const issues = issuesOf({ ...good(), edges: [...good().edges, edge('partOf', 'lo2', 'u2')] }, 'grouping');
    expect(brief(issues)).toEqual(['grouping/several-units:lo2,u1,u2']);
    expect(issues[0]!.params).toMatchObject({ count: 2, units: 'U 1 "Cutting", U 2 "Styling"' });
  });

  it('does not count the same membership twice', () => {
    expect(issuesOf({ ...good(), edges: [...good().edges, edge('partOf', 'lo2', 'u1')] })).toEqual([]);
  });
});

describe('assessability', () => {
  it.each([[[]], [['   ', '']], [undefined]])('reports a unit with criteria %j', (criteria) => {
    expect(brief(issuesOf(patch(good(), 'u1', { assessmentCriteria: criteria }), 'assessability'))).toEqual(['assessability/no-criteria:u1']);
  });

  it('accepts one non-blank criterion', () => {
    expect(issuesOf(patch(good(), 'u1', { assessmentCriteria: ['', 'Practical observation'] }))).toEqual([]);
  });
});

describe('ksc-balance', () => {
  it('names the missing domain', () => {
    const issues = issuesOf(patch(good(), 'lo3', { domain: 'skills' }), 'ksc-balance');
    expect(brief(issues)).toEqual(['ksc-balance/missing-autonomy:u1']);
    expect(issues[0]!.params).toMatchObject({ domain: 'autonomy', outcomeCount: 3 });
    expect(issues[0]!.message).toContain('responsibility and autonomy');
  });

  it('reports each missing domain, and once when no outcome has a domain', () => {
    let map = patch(good(), 'lo1', { domain: 'skills' });
    map = patch(map, 'lo3', { domain: 'skills' });
    expect(brief(issuesOf(map, 'ksc-balance'))).toEqual(['ksc-balance/missing-knowledge:u1', 'ksc-balance/missing-autonomy:u1']);
    for (const lo of ['lo4', 'lo5', 'lo6']) map = patch(map, lo, { domain: undefined });
    expect(brief(issuesOf(map, 'ksc-balance'))).toContain('ksc-balance/no-domains:u2');
  });

  it('ignores a unit without outcomes (unit-content reports it)', () => {
    const map = add(patch(good(), 'u2', { points: 30 }), [node('u3', 'unit', { code: 'U 3', title: 'Empty', points: 30, assessmentCriteria: ['x'] })]);
    expect(brief(issuesOf(map))).toEqual(['unit-content/no-outcomes:u3']);
  });
});

describe('verb', () => {
  it('flags a vague verb, naming it', () => {
    const issues = issuesOf(patch(good(), 'lo1', { title: 'Understand the types of haircut' }), 'verb');
    expect(brief(issues)).toEqual(['verb/vague:lo1']);
    expect(issues[0]!.params.verb).toBe('understand');
    expect(issues[0]!.message).toContain('"understand"');
  });

  it('flags an unknown first word, more softly', () => {
    const issues = issuesOf(patch(good(), 'lo1', { title: 'Haircut types and their uses' }), 'verb');
    expect(brief(issues)).toEqual(['verb/unknown:lo1']);
    expect(issues[0]!.params.word).toBe('haircut');
    expect(issues[0]!.message).toMatch(/may not start with an action verb/);
  });

  it.each(['', '   ', 'The learner will be able to'])('flags an empty statement %j', (title) => {
    expect(brief(issuesOf(patch(good(), 'lo1', { title }), 'verb'))).toEqual(['verb/empty:lo1']);
  });

  it("reads statements in the map's language, and English when there is no list for it", () => {
    let ru = patch(good('ru'), 'lo1', { title: 'Знать виды стрижек' });
    for (const [id, title] of [['lo2', 'Выполнять стрижку ножницами'], ['lo3', 'Нести ответственность за безопасность клиента'], ['lo4', 'Объяснять влияние укладки'], ['lo5', 'Выполняет укладку'], ['lo6', 'Обучающийся должен уметь планировать свою работу']] as const) {
      ru = patch(ru, id, { title });
    }
    for (const [id, title] of [['kf1', 'Предоставление парикмахерских услуг'], ['mf1', 'Выполнение стрижек и укладок']] as const) ru = patch(ru, id, { title });
    for (const [id, title] of [['wa1', 'Стричь волосы'], ['wa2', 'Укладывать волосы']] as const) ru = patch(ru, id, { title });
    expect(brief(issuesOf(ru))).toEqual(['verb/vague:lo1']);
    expect(issuesOf(patch(good('de'), 'lo1', { title: 'Know haircuts' }), 'verb').map((i) => i.code)).toEqual(['vague']);
    expect(issuesOf(good('en-GB'))).toEqual([]);
  });
});

describe('eqf-level', () => {
  it('warns about a unit or outcome above the qualification', () => {
    let map = patch(good(), 'u1', { eqfLevel: 5 });
    map = patch(map, 'lo4', { eqfLevel: 6 });
    const issues = issuesOf(map, 'eqf-level');
    expect(brief(issues)).toEqual(['eqf-level/outcome-above-qualification:lo4', 'eqf-level/unit-above-qualification:u1']);
    expect(issues[1]!.params).toMatchObject({ level: 5, qualificationLevel: 4 });
  });

  it('accepts equal or lower levels, and says nothing without a qualification level', () => {
    expect(issuesOf(patch(good(), 'u1', { eqfLevel: 3 }))).toEqual([]);
    expect(brief(issuesOf(patch(patch(good(), 'q1', { eqfLevel: undefined }), 'u1', { eqfLevel: 8 })))).toEqual(['qualification-level/missing:q1']);
  });
});

describe('titles', () => {
  it('asks for a key purpose, and for more than a word or two', () => {
    expect(brief(issuesOf(patch(good(), 'q1', { keyPurpose: undefined }), 'titles'))).toEqual(['titles/key-purpose-missing:q1']);
    expect(brief(issuesOf(patch(good(), 'q1', { keyPurpose: '  ' }), 'titles'))).toEqual(['titles/key-purpose-missing:q1']);
    const short = issuesOf(patch(good(), 'q1', { keyPurpose: 'Hairdressing.' }), 'titles');
    expect(brief(short)).toEqual(['titles/key-purpose-short:q1']);
    expect(short[0]!.params.keyPurpose).toBe('Hairdressing.');
  });

  it('wants function titles that start with a verb', () => {
    const issues = issuesOf(patch(good(), 'kf1', { title: 'Hairdressing services' }), 'titles');
    expect(brief(issues)).toEqual(['titles/function-no-verb:kf1']);
    expect(issues[0]!.params.word).toBe('hairdressing');
    expect(brief(issuesOf(patch(good(), 'mf1', { title: ' ' }), 'titles'))).toEqual(['titles/function-untitled:mf1']);
    // -ing forms and vague verbs count as verbs in a function title.
    expect(issuesOf(patch(good(), 'kf1', { title: 'Providing hairdressing services' }))).toEqual([]);
  });

  it('reports duplicate function titles together (case and spaces ignored)', () => {
    const map = add(good(), [
      node('mf2', 'mainFunction', { code: 'MF 2', title: '  cut AND style   hair ' }),
      node('wa3', 'workAction', { code: 'WA 3', title: 'Finish a style' }),
    ], [edge('childOf', 'mf2', 'kf1'), edge('childOf', 'wa3', 'mf2'), edge('covers', 'lo5', 'wa3')]);
    const issues = issuesOf(map, 'titles');
    expect(brief(issues)).toEqual(['titles/function-duplicate:mf1,mf2']);
    expect(issues[0]!.params).toMatchObject({ count: 2, codes: 'MF 1, MF 2', title: 'Cut and style hair' });
  });
});

describe('empty-function', () => {
  it('warns about a function with no work action anywhere below it', () => {
    const map = add(good(), [
      node('mf2', 'mainFunction', { code: 'MF 2', title: 'Colour hair' }),
      node('mf3', 'mainFunction', { code: 'MF 3', title: 'Mix colours' }),
      node('kf2', 'keyFunction', { code: 'KF 2', title: 'Manage the salon' }),
    ], [edge('childOf', 'mf2', 'kf1'), edge('childOf', 'mf3', 'mf2'), edge('childOf', 'kf2', 'q1')]);
    expect(brief(issuesOf(map, 'empty-function'))).toEqual([
      'empty-function/no-work-action:mf2',
      'empty-function/no-work-action:mf3',
      'empty-function/no-work-action:kf2',
    ]);
  });

  it('sees work actions through nested main functions and survives cycles', () => {
    let map = add(good(), [
      node('mf2', 'mainFunction', { code: 'MF 2', title: 'Colour hair' }),
      node('mf3', 'mainFunction', { code: 'MF 3', title: 'Mix colours' }),
      node('wa3', 'workAction', { code: 'WA 3', title: 'Mix a colour', performanceCriteria: ['The shade matches the chart'] }),
    ], [edge('childOf', 'mf2', 'kf1'), edge('childOf', 'mf3', 'mf2'), edge('childOf', 'wa3', 'mf3'), edge('covers', 'lo5', 'wa3')]);
    expect(issuesOf(map)).toEqual([]);
    map = add(map, [node('mf4', 'mainFunction', { code: 'MF 4', title: 'Plan' }), node('mf5', 'mainFunction', { code: 'MF 5', title: 'Plan more' })], [
      edge('childOf', 'mf4', 'mf5'),
      edge('childOf', 'mf5', 'mf4'),
    ]);
    expect(brief(issuesOf(map, 'empty-function'))).toEqual(['empty-function/no-work-action:mf4', 'empty-function/no-work-action:mf5']);
  });
});

describe('qualification-level', () => {
  it('wants one EQF level of 1–8 on each qualification', () => {
    expect(brief(issuesOf(patch(good(), 'q1', { eqfLevel: undefined }), 'qualification-level'))).toEqual(['qualification-level/missing:q1']);
    for (const level of [0, 9, 4.5]) expect(brief(issuesOf(patch(good(), 'q1', { eqfLevel: level }), 'qualification-level'))).toEqual(['qualification-level/invalid:q1']);
    for (const level of [1, 8]) expect(issuesOf(patch(good(), 'q1', { eqfLevel: level }), 'qualification-level')).toEqual([]);
  });
});

describe('structure', () => {
  it('finds a work action under no function and a function under no qualification', () => {
    const loose = dropEdges(good(), (e) => e.kind === 'childOf' && (e.source === 'wa2' || e.source === 'mf1'));
    expect(brief(issuesOf(loose, 'structure'))).toEqual(['structure/function-orphan:mf1', 'structure/work-action-orphan:wa2']);
    expect(issuesOf(good(), 'structure')).toEqual([]);
  });

  it('with several qualifications, wants each unit to belong to one: a unit traced to none or to both is reported, and its points count for none', () => {
    // U 2's outcomes cover nothing: it belongs to no qualification, and Q 1's sum is short of it.
    const untraced = second(dropEdges(good(), (e) => e.kind === 'covers' && ['lo4', 'lo5', 'lo6'].includes(e.source)));
    expect(brief(issuesOf(untraced, 'structure'))).toEqual(['structure/unit-no-qualification:u2']);
    // LO 4 covers a work action of each: U 2 belongs to both.
    const both = second(add(good(), [], [edge('covers', 'lo4', 'wa3')]));
    expect(brief(issuesOf(both, 'structure'))).toEqual(['structure/unit-several-qualifications:u2,q1,q2']);
    expect(issuesOf(both, 'structure')[0]!.params).toMatchObject({ qualifications: 'Q 1, Q 2', count: 2 });
  });

  it('takes a unit’s partOf link to a qualification, or its group’s, over what its outcomes tell', () => {
    const untraced = second(dropEdges(good(), (e) => e.kind === 'covers' && ['lo4', 'lo5', 'lo6'].includes(e.source)));
    const stated = add(untraced, [], [edge('partOf', 'u2', 'q1')]);
    expect(brief(issuesOf(stated, 'structure'))).toEqual([]);
    expect(brief(issuesOf(stated, 'points-sum')).filter((i) => i.endsWith(':q1'))).toEqual([]);
    // Stated for Q 2 instead: Q 1 is short of U 2's 60 points, and Q 2 (60) holds them.
    const other = add(untraced, [], [edge('partOf', 'u2', 'q2')]);
    expect(brief(issuesOf(other, 'points-sum'))).toEqual(['points-sum/units-vs-total:q1']);
    // Through its group: U 2 in G 1, and G 1 partOf Q 1.
    const grouped = add(untraced, [node('g1', 'unitGroup', { code: 'G 1', title: 'Styling units' })], [edge('partOf', 'u2', 'g1'), edge('partOf', 'g1', 'q1')]);
    expect(brief(issuesOf(grouped, 'structure'))).toEqual([]);
    const both = second(add(good(), [], [edge('covers', 'lo4', 'wa3'), edge('partOf', 'u2', 'q2')]));
    expect(brief(issuesOf(both, 'structure'))).toEqual([]);
  });

  it('does not ask for a qualification a map does not have yet', () => {
    const noQualification = { ...good(), nodes: good().nodes.filter((n) => n.id !== 'q1') };
    expect(issuesOf(noQualification, 'structure')).toEqual([]);
  });
});

describe('unit-content and points-granularity', () => {
  it('finds a unit without outcomes, one with 0 points, and points that are not whole or half', () => {
    const map = add(patch(good(), 'u1', { points: 59.5 }), [node('u3', 'unit', { code: 'U 3', title: 'Empty', points: 0.5, assessmentCriteria: ['x'] })]);
    expect(brief(issuesOf(map, 'unit-content'))).toEqual(['unit-content/no-outcomes:u3']);
    expect(issuesOf(map, 'points-granularity')).toEqual([]);
    const zero = patch(patch(good(), 'u1', { points: 0 }), 'u2', { points: 60.25 });
    expect(brief(issuesOf(zero, 'unit-content'))).toEqual(['unit-content/zero-points:u1']);
    expect(brief(issuesOf(zero, 'points-granularity'))).toEqual(['points-granularity/not-half:u2']);
  });
});

describe('duplicate-code', () => {
  it('names every node of one kind sharing a code, and not nodes of different kinds', () => {
    const map = patch(patch(good(), 'lo2', { code: 'LO 1' }), 'lo3', { code: 'LO 1' });
    const [issue, ...rest] = issuesOf(map, 'duplicate-code');
    expect(rest).toEqual([]);
    expect(issue!.nodeIds).toEqual(['lo1', 'lo2', 'lo3']);
    expect(issue!.params).toMatchObject({ code: 'LO 1', count: 3 });
    expect(issuesOf(patch(good(), 'u1', { code: 'WA 1' }), 'duplicate-code')).toEqual([]);
  });
});

describe('work-actions', () => {
  it('wants a verb first and performance criteria', () => {
    const map = patch(patch(good(), 'wa1', { title: 'Hair cutting' }), 'wa2', { performanceCriteria: ['  '] });
    expect(brief(issuesOf(map, 'work-actions'))).toEqual(['work-actions/no-verb:wa1', 'work-actions/no-criteria:wa2']);
    expect(issuesOf(good(), 'work-actions')).toEqual([]);
  });
});

describe('bloom-verb', () => {
  it('flags a level that contradicts the verb’s, and a unit from EQF 4 that asks only to remember and understand', () => {
    const mismatch = patch(good(), 'lo2', { bloomLevel: 'create' }); // "cut" is apply
    expect(brief(issuesOf(mismatch, 'bloom-verb'))).toEqual(['bloom-verb/mismatch:lo2']);
    expect(issuesOf(mismatch, 'bloom-verb')[0]!.params).toMatchObject({ verb: 'cut', stated: 'create', listed: 'apply' });
    expect(issuesOf(patch(good(), 'lo2', { bloomLevel: 'apply' }), 'bloom-verb')).toEqual([]);
    let low = patch(patch(good(), 'lo2', { title: 'Describe cutting tools', bloomLevel: 'remember' }), 'lo3', { title: 'Explain safety rules', bloomLevel: 'understand' });
    expect(brief(issuesOf(low, 'bloom-verb'))).toEqual(['bloom-verb/low-levels:u1']);
    low = patch(low, 'u1', { eqfLevel: 3 });
    expect(issuesOf(low, 'bloom-verb')).toEqual([]);
  });
});

describe('compound-outcome', () => {
  it('flags two action verbs joined by "and" / "и", not a list of things', () => {
    expect(brief(issuesOf(patch(good(), 'lo2', { title: 'Select and apply a styling product' }), 'compound-outcome'))).toEqual(['compound-outcome/two-verbs:lo2']);
    expect(brief(issuesOf(patch(good(), 'lo2', { title: 'Prepare the client and cut the hair to the agreed shape' }), 'compound-outcome'))).toEqual(['compound-outcome/two-verbs:lo2']);
    expect(issuesOf(patch(good(), 'lo2', { title: 'Cut hair using scissors and clippers' }), 'compound-outcome')).toEqual([]);
    expect(issuesOf(patch(good(), 'lo2', { title: 'Describe hair types and condition' }), 'compound-outcome')).toEqual([]);
    const ru = patch(good('ru'), 'lo2', { title: 'Выбирать и применять средства для укладки' });
    expect(brief(issuesOf(ru, 'compound-outcome'))).toEqual(['compound-outcome/two-verbs:lo2']);
  });
});

describe('outcome-domain', () => {
  it('asks each outcome for its domain', () => {
    expect(brief(issuesOf(patch(good(), 'lo4', { domain: undefined }), 'outcome-domain'))).toEqual(['outcome-domain/missing:lo4']);
    expect(issuesOf(good(), 'outcome-domain')).toEqual([]);
  });
});

describe('assessability through outcomes', () => {
  it('accepts a unit without criteria of its own when each of its outcomes has some', () => {
    let map = patch(good(), 'u1', { assessmentCriteria: [] });
    expect(brief(issuesOf(map, 'assessability'))).toEqual(['assessability/no-criteria:u1']);
    map = patch(patch(map, 'lo1', { assessmentCriteria: ['Names five haircuts'] }), 'lo2', { assessmentCriteria: ['Observed cut'] });
    expect(issuesOf(map, 'assessability')[0]!.message).toContain('only 2 of its 3 outcomes have their own');
    map = patch(map, 'lo3', { assessmentCriteria: ['Observed at work'] });
    expect(issuesOf(map, 'assessability')).toEqual([]);
  });
});

describe('issue order, messages and robustness', () => {
  function broken(): TestMap {
    let map = patch(good(), 'lo1', { title: 'Know the types of haircut' }); // verb warning on lo1
    map = patch(map, 'u2', { assessmentCriteria: [] }); // assessability error on u2
    map = add(map, [node('wa3', 'workAction', { code: 'WA 3', title: 'Colour hair', performanceCriteria: ['Even colour'] })], [edge('childOf', 'wa3', 'mf1')]); // coverage error
    map = patch(map, 'kf1', { title: 'Hairdressing' }); // titles warning
    map = dropEdges(map, (e) => e.kind === 'partOf' && e.source === 'lo6'); // grouping error on lo6, and U 2 loses its autonomy outcome
    return map;
  }

  it('puts errors first, then rules in RULE_IDS order, then nodes in map order', () => {
    const issues = checkMap(broken()).issues;
    expect(brief(issues)).toEqual([
      'coverage/uncovered:wa3',
      'grouping/no-unit:lo6',
      'assessability/no-criteria:u2',
      'ksc-balance/missing-autonomy:u2',
      'verb/vague:lo1',
      'titles/function-no-verb:kf1',
    ]);
    for (const issue of issues) expect(issue.severity).toBe(RULE_SEVERITY[issue.rule]);
  });

  it('gives the same answer whatever the order of the edges', () => {
    const map = broken();
    const reversed = { ...map, edges: [...map.edges].reverse() };
    expect(checkMap(reversed)).toEqual(checkMap(map));
  });

  it('ignores unknown kinds, dangling edges and repeated ids', () => {
    const map = add(good(), [node('x1', 'sticky-note', { title: 'Remember to call Anna' }), { ...good().nodes[3]!, title: 'A copy' }], [
      edge('covers', 'lo1', 'missing'),
      edge('childOf', 'x1', 'q1'),
      edge('partOf', 'x1', 'u1'),
      edge('childOf', 'wa1', 'wa1'),
    ]);
    const { issues, stats } = checkMap(map);
    expect(issues).toEqual([]);
    expect(stats.unknownNodes).toBe(1);
    expect(stats.counts.workAction).toBe(2);
    expect(checkMap(add(good(), [node('c', 'constructor'), node('t', 'toString')])).stats.unknownNodes).toBe(2);
  });

  it('writes plain messages with the code and a title cut to 60 characters', () => {
    const long = 'Cut hair to a precise one-length line using scissors, clippers and a razor while keeping the client comfortable';
    const map = add(good(), [node('wa3', 'workAction', { code: 'WA 3', title: long })], [edge('childOf', 'wa3', 'mf1')]);
    const [issue] = issuesOf(map, 'coverage');
    const title = String(issue!.params.title);
    expect(title.length).toBeLessThanOrEqual(60);
    expect(title.endsWith('…')).toBe(true);
    expect(long.startsWith(title.slice(0, -1))).toBe(true);
    expect(issue!.message).toContain(`WA 3 "${title}"`);
    const untitled = issuesOf(add(good(), [node('wa4', 'workAction')], [edge('childOf', 'wa4', 'mf1')]), 'coverage');
    expect(untitled[0]!.message.startsWith('Work action (untitled) is not taught')).toBe(true);
  });
});

describe('links the editor refuses count for nothing', () => {
  it('does not take a key function under a main function for a parent link', () => {
    expect(edgeAllowed('childOf', 'keyFunction', 'mainFunction')).toBe(false);
    // MF 2 sits under KF 1; KF 2 hangs from MF 2 by a refused link; WA 3 is under KF 2.
    const map = add(
      good(),
      [
        node('mf2', 'mainFunction', { code: 'MF 2', title: 'Colour hair' }),
        node('kf2', 'keyFunction', { code: 'KF 2', title: 'Manage the salon' }),
        node('wa3', 'workAction', { code: 'WA 3', title: 'Mix colours' }),
      ],
      [edge('childOf', 'mf2', 'kf1'), edge('childOf', 'kf2', 'mf2'), edge('childOf', 'wa3', 'kf2')],
    );
    // Through the refused link MF 2 would have a work action below it: it has none.
    expect(brief(issuesOf(map, 'empty-function'))).toEqual(['empty-function/no-work-action:mf2']);
  });

  it('does not let a refused link make a unit count for a qualification', () => {
    expect(edgeAllowed('childOf', 'keyFunction', 'keyFunction')).toBe(false);
    // A second qualification, so that belonging follows the links; KF 9 hangs from KF 1 by a
    // refused link, and U 9 is reached only through it.
    const map = add(
      good(),
      [
        node('q2', 'qualification', { code: 'Q 2', title: 'Barber', keyPurpose: 'To provide barbering services to clients', eqfLevel: 4, points: 60, programmeYears: 1 }),
        node('kf9', 'keyFunction', { code: 'KF 9', title: 'Provide beard care' }),
        node('wa9', 'workAction', { code: 'WA 9', title: 'Trim beards' }),
        node('lo9', 'learningOutcome', { code: 'LO 9', title: 'Trim a beard with clippers', domain: 'skills', eqfLevel: 4 }),
        node('u9', 'unit', { code: 'U 9', title: 'Beards', points: 60, eqfLevel: 4, assessmentCriteria: ['Observed trim'] }),
      ],
      [edge('childOf', 'kf9', 'kf1'), edge('childOf', 'wa9', 'kf9'), edge('covers', 'lo9', 'wa9'), edge('partOf', 'lo9', 'u9')],
    );
    const { issues, stats } = checkMap(map);
    expect(stats.qualifications.map((q) => [q.code, q.unitCount, q.unitPoints])).toEqual([
      ['Q 1', 2, 120],
      ['Q 2', 0, 0],
    ]);
    expect(brief(issues.filter((i) => i.rule === 'points-sum'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Every rule and code the checks emit has a message in both UI languages, and the placeholders of
// each message are params the issue carries.

/** One map per code; together they make every code appear at least once. */
/** The good map with a Russian target: LO 1 translated from its current title, LO 2 from an older one, the rest not at all. */
function translated(): TestMap {
  const map = good();
  const lo1 = map.nodes.find((n) => n.id === 'lo1')!;
  const current = sourceFingerprint(lo1.title)!;
  const nodes = map.nodes.map((n) =>
    n.id === 'lo1'
      ? { ...n, translations: { ru: { title: { value: 'Определять виды стрижек', fingerprint: current } } } }
      : n.id === 'lo2'
        ? { ...n, translations: { ru: { title: { value: 'Выполнять стрижку', fingerprint: sourceFingerprint('An older title')! } } } }
        : n,
  );
  return { ...map, meta: { ...map.meta, languages: ['ru'] }, nodes };
}

function everyCode(): TestMap[] {
  const g = good();
  return [
    patch(patch(good(), 'q1', { points: 100 }), 'u2', { points: undefined }), // total-vs-years, unit-no-points
    patch(good(), 'q1', { points: undefined }), // total-missing
    patch(good(), 'u2', { points: 10 }), // units-vs-total
    add(g, [node('wa3', 'workAction', { code: 'WA 3', title: 'Colour hair' }), node('lo7', 'learningOutcome', { code: 'LO 7', title: 'Greet clients', domain: 'skills' })], [
      edge('childOf', 'wa3', 'mf1'),
      edge('partOf', 'lo2', 'u2'),
    ]), // uncovered, untraced, no-unit, several-units
    patch(patch(patch(good(), 'u1', { assessmentCriteria: [] }), 'lo3', { domain: 'knowledge' }), 'lo2', { domain: 'knowledge' }), // no-criteria, missing-skills, missing-autonomy
    patch(patch(patch(good(), 'lo4', { domain: undefined }), 'lo5', { domain: undefined }), 'lo6', { domain: undefined }), // no-domains
    patch(patch(good(), 'lo1', { domain: 'skills' }), 'lo2', { title: '' }), // missing-knowledge, empty
    patch(patch(good(), 'lo1', { title: 'Know haircuts' }), 'lo4', { title: 'Haircuts' }), // vague, unknown
    patch(patch(good(), 'u1', { eqfLevel: 6 }), 'lo1', { eqfLevel: 6 }), // eqf-level both
    patch(patch(good(), 'q1', { keyPurpose: '' }), 'kf1', { title: '' }), // key-purpose-missing, function-untitled
    patch(patch(good(), 'q1', { keyPurpose: 'Hair' }), 'kf1', { title: 'Hairdressing' }), // key-purpose-short, function-no-verb
    add(good(), [node('kf2', 'keyFunction', { code: 'KF 2', title: 'Cut and style hair' })], [edge('childOf', 'kf2', 'q1')]), // function-duplicate, no-work-action
    { ...good(), skipped: [{ id: 'x', item: 'node', reason: 'not-a-map' }, { id: 'lo1', item: 'node', reason: 'bad-field', field: 'eqfLevel' }] }, // skipped, bad-field
    translated(), // translation missing, outdated
    patch(good(), 'q1', { eqfLevel: undefined }), // qualification-level missing
    patch(good(), 'q1', { eqfLevel: 9 }), // qualification-level invalid
    dropEdges(
      add(good(), [node('mf2', 'mainFunction', { code: 'MF 2', title: 'Colour hair' })]),
      (e) => e.kind === 'childOf' && e.source === 'wa2',
    ), // work-action-orphan, function-orphan
    patch(
      add(good(), [node('u3', 'unit', { code: 'U 3', title: 'Empty', points: 0, assessmentCriteria: ['x'] })]),
      'u1',
      { points: 59.3 },
    ), // no-outcomes, zero-points, not-half
    patch(patch(good(), 'lo2', { code: 'LO 1' }), 'wa2', { title: 'Hair styling', performanceCriteria: [] }), // duplicate, no-verb, no-criteria
    patch(patch(patch(good(), 'lo2', { bloomLevel: 'understand' }), 'lo1', { bloomLevel: 'remember' }), 'lo3', { bloomLevel: 'understand' }), // mismatch (cut: apply), low-levels (U 1 at EQF 4)
    patch(patch(good(), 'lo5', { title: 'Select and apply a styling product' }), 'lo4', { domain: undefined }), // two-verbs, outcome-domain missing
    second(dropEdges(good(), (e) => e.kind === 'covers' && ['lo4', 'lo5', 'lo6'].includes(e.source))), // unit-no-qualification
    second(add(good(), [], [edge('covers', 'lo4', 'wa3')])), // unit-several-qualifications
    matched(), // unit-match and unit-match-target, every code
    patch(patch(patch(second(good()), 'q2', { creditSystem: 'national' }), 'u1', { contactHours: 900, workBasedHours: 900 }), 'u2', { contactHours: 400 }), // mixed-systems, national-no-rate
    patch(patch(patch(good(), 'q1', { hoursPerYear: 1500 }), 'u1', { contactHours: 1000 }), 'u2', { contactHours: 400 }), // programme-hours, unit-hours
    workshopMap(), // workshop-coverage, every code
    patch(grouped(), 'g1', { minPoints: 50 }), // required-vs-total
    patch(patch(grouped(), 'g1', { minPoints: 130, minUnits: 3 }), 'q1', { points: 190, programmeYears: undefined }), // maximum-below-total, min-points-unreachable, min-units-unreachable
    add(good(), [], [edge('requires', 'u1', 'u2'), edge('requires', 'u2', 'u1')]), // unit-requires cycle
    crossQualification(), // unit-requires other-qualification
  ];
}

/**
 * The good map with electives: U 1 (60) mandatory; U 2 (60) and U 3 (60, LO 7–9 covering WA 2) in
 * G 1 "Electives", optional, at least 60 points: 60 + 60 = 120, and all units reach 180 ≥ 120.
 */
function grouped(): TestMap {
  const outcome = (id: string, code: string, title: string, domain: string): MapNode =>
    node(id, 'learningOutcome', { code, title, domain, eqfLevel: 4, transversal: false, assessmentCriteria: [] });
  return add(
    good(),
    [
      outcome('lo7', 'LO 7', 'Explain how curling tongs shape hair', 'knowledge'),
      outcome('lo8', 'LO 8', 'Style hair with curling tongs', 'skills'),
      outcome('lo9', 'LO 9', 'Take responsibility for the comfort of the client', 'autonomy'),
      node('u3', 'unit', { code: 'U 3', title: 'Curling', points: 60, eqfLevel: 4, assessmentCriteria: ['Observed curls'] }),
      node('g1', 'unitGroup', { code: 'G 1', title: 'Electives', optional: true, minPoints: 60 }),
    ],
    [
      ...['lo7', 'lo8', 'lo9'].flatMap((lo) => [edge('covers', lo, 'wa2'), edge('partOf', lo, 'u3')]),
      edge('partOf', 'u2', 'g1'),
      edge('partOf', 'u3', 'g1'),
    ],
  );
}

/** The map with a second qualification (Q 2) and a unit of it, U 3, which U 1 requires. */
function crossQualification(): TestMap {
  return add(
    second(good()),
    [
      node('lo7', 'learningOutcome', { code: 'LO 7', title: 'Shave beards with a razor', domain: 'skills', eqfLevel: 3 }),
      node('u3', 'unit', { code: 'U 3', title: 'Shaving', points: 60, eqfLevel: 3, assessmentCriteria: ['Observed shave'] }),
    ],
    [edge('covers', 'lo7', 'wa3'), edge('partOf', 'lo7', 'u3'), edge('requires', 'u1', 'u3')],
  );
}

describe('unit groups and the points rule (points-sum, unit-group)', () => {
  it('keeps: mandatory units and the minimum of each optional group make the total', () => {
    const { issues, stats } = checkMap(grouped());
    expect(brief(issues)).toEqual([]);
    expect(stats.counts.unitGroup).toBe(1);
    expect(stats.qualification).toMatchObject({
      points: 120,
      unitPoints: 180,
      mandatoryUnits: 1,
      mandatoryPoints: 60,
      optionalGroups: 1,
      optionalMinimum: 60,
      requiredPoints: 120,
    });
  });

  it('breaks without the group: every unit is mandatory and the sum is over the total', () => {
    const loose = dropEdges(grouped(), (e) => e.kind === 'partOf' && e.target === 'g1');
    expect(brief(issuesOf(loose, 'points-sum'))).toEqual(['points-sum/units-vs-total:q1']);
    expect(issuesOf(loose, 'points-sum')[0]!.params).toMatchObject({ unitPoints: 180, points: 120, difference: 60 });
  });

  it('breaks when the group is not optional: its units are mandatory', () => {
    const mandatory = patch(grouped(), 'g1', { optional: false });
    expect(brief(issuesOf(mandatory, 'points-sum'))).toEqual(['points-sum/units-vs-total:q1']);
    expect(checkMap(mandatory).stats.qualification).toMatchObject({ mandatoryUnits: 3, mandatoryPoints: 180, optionalGroups: 0, optionalMinimum: 0 });
  });

  it('breaks when mandatory + the minima is not the total, naming both', () => {
    const low = patch(grouped(), 'g1', { minPoints: 50 });
    expect(brief(issuesOf(low))).toEqual(['points-sum/required-vs-total:q1']);
    expect(issuesOf(low)[0]!.params).toMatchObject({ mandatoryPoints: 60, optionalMinimum: 50, requiredPoints: 110, points: 120, difference: -10 });
    expect(issuesOf(low)[0]!.message).toContain('110 in all');
  });

  it('reads a group with only minUnits as the points of its smallest units', () => {
    const unitsOnly = (minUnits: number, u3Points = 60) => patch(patch(grouped(), 'u3', { points: u3Points }), 'g1', { minPoints: undefined, minUnits });
    // One unit of 60 and 60: the smallest is 60 → 60 + 60 = 120.
    expect(brief(issuesOf(unitsOnly(1)))).toEqual([]);
    // Two units: 60 + 60 + 60 = 180.
    expect(brief(issuesOf(unitsOnly(2), 'points-sum'))).toEqual(['points-sum/required-vs-total:q1']);
    // U 3 at 40 is the smallest: 60 + 40 = 100, not 120.
    const smallest = issuesOf(unitsOnly(1, 40), 'points-sum');
    expect(brief(smallest)).toEqual(['points-sum/required-vs-total:q1']);
    expect(smallest[0]!.params).toMatchObject({ optionalMinimum: 40, requiredPoints: 100 });
  });

  it('an optional group without a minimum asks nothing', () => {
    const none = patch(grouped(), 'g1', { minPoints: undefined });
    expect(brief(issuesOf(none, 'points-sum'))).toEqual(['points-sum/required-vs-total:q1']);
    expect(checkMap(none).stats.qualification).toMatchObject({ optionalMinimum: 0, requiredPoints: 60 });
  });

  it('breaks when the group cannot reach its minimum, and all units together not the total', () => {
    // U 1 (60) + the minimum 130 = 190, the total; but the group's units have 120, and all units 180.
    const short = patch(patch(grouped(), 'g1', { minPoints: 130 }), 'q1', { points: 190, programmeYears: undefined });
    expect(brief(issuesOf(short, 'unit-group'))).toEqual(['unit-group/min-points-unreachable:g1,u2,u3']);
    expect(issuesOf(short, 'unit-group')[0]!.params).toMatchObject({ minPoints: 130, offered: 120, unitCount: 2 });
    expect(brief(issuesOf(short, 'points-sum'))).toEqual(['points-sum/maximum-below-total:q1']);
    expect(issuesOf(short, 'points-sum')[0]!.params).toMatchObject({ unitPoints: 180, points: 190, difference: 10 });
    const few = patch(grouped(), 'g1', { minUnits: 3 });
    expect(brief(issuesOf(few, 'unit-group'))).toEqual(['unit-group/min-units-unreachable:g1,u2,u3']);
    expect(issuesOf(few, 'unit-group')[0]!.params).toMatchObject({ minUnits: 3, unitCount: 2 });
    // Two of two is reachable.
    expect(issuesOf(patch(grouped(), 'g1', { minUnits: 2 }), 'unit-group')).toEqual([]);
  });

  it('a group that is not optional asks no minimum', () => {
    expect(issuesOf(patch(grouped(), 'g1', { optional: false, minPoints: 500, minUnits: 9 }), 'unit-group')).toEqual([]);
  });
});

describe('prerequisites between units (unit-requires)', () => {
  it('keeps: a unit requiring another of its qualification', () => {
    expect(brief(issuesOf(add(good(), [], [edge('requires', 'u2', 'u1')])))).toEqual([]);
  });

  it('breaks on a circle of prerequisites, naming every unit in it', () => {
    const circle = add(grouped(), [], [edge('requires', 'u1', 'u2'), edge('requires', 'u2', 'u3'), edge('requires', 'u3', 'u1')]);
    expect(brief(issuesOf(circle))).toEqual(['unit-requires/cycle:u1,u2,u3']);
    expect(issuesOf(circle)[0]!.params.count).toBe(3);
    // A chain is no circle.
    expect(issuesOf(add(grouped(), [], [edge('requires', 'u1', 'u2'), edge('requires', 'u2', 'u3')]), 'unit-requires')).toEqual([]);
  });

  it('breaks on a prerequisite of another qualification', () => {
    expect(brief(issuesOf(crossQualification(), 'unit-requires'))).toEqual(['unit-requires/other-qualification:u1,u3']);
    expect(issuesOf(crossQualification(), 'unit-requires')[0]!.params).toMatchObject({ label: 'U 1 "Cutting"', required: 'U 3 "Shaving"' });
    expect(issuesOf(dropEdges(crossQualification(), (e) => e.kind === 'requires'), 'unit-requires')).toEqual([]);
  });
});

/**
 * Three more work actions, none covered: WA 3 rated critical (the rule "critical" applies), WA 4
 * decided "train", WA 5 decided "not-trained"; WA 1 (covered) decided "not-trained" too.
 */
function workshopMap(): TestMap {
  const actions = ['wa3', 'wa4', 'wa5'].map((id, i) => node(id, 'workAction', { code: `WA ${i + 3}`, title: `Colour hair ${i + 3}`, performanceCriteria: ['Even colour'] }));
  const rating = (criticality: number, trainingNeed: TrainingNeed): Rating => ({ criticality, frequency: 3, difficulty: 2, trainingNeed });
  const summaries = [...summariseAll([
    { workActionId: 'wa3', rating: rating(5, 'school') },
    { workActionId: 'wa3', rating: rating(4, 'both') },
    { workActionId: 'wa4', rating: rating(2, 'school') },
  ]).values()];
  const decided = (workActionId: string, decision: 'train' | 'not-trained', reason: string) => ({ workActionId, decision, reason, by: 'Facilitator', at: 0 });
  return {
    ...add(good(), actions, actions.map((a) => edge('childOf', a.id, 'mf1'))),
    workshop: {
      summaries,
      rules: [{ id: 'critical', minCriticality: 4 }],
      decisions: [decided('wa4', 'train', 'Clients ask for it'), decided('wa5', 'not-trained', 'Done by the supplier'), decided('wa1', 'not-trained', 'Changed our mind')],
    },
  };
}

/** U 1 matched with a partner unit that changed (level 5, 30 points); U 2 with a removed unit and a removed map. */
function matched(): TestMap {
  const partner: MatchedUnit = { id: 'p1', code: 'PU 1', title: 'Haircutting', eqfLevel: 5, points: 30, outcomes: [{ code: 'PLO 1', title: 'Cut hair', domain: 'skills' }] };
  const kept = matchSnapshotOf({ ...partner, title: 'Cutting hair' }, 0);
  const cross = (id: string, source: string, targetMap: string, target: string): MapEdge => ({ id, kind: 'matches', source, target, targetMap, matchType: 'partial', targetSnapshot: kept });
  return {
    ...good(),
    crossMatches: [cross('m1', 'u1', 'pm', 'p1'), cross('m2', 'u2', 'pm', 'p-gone'), cross('m3', 'u2', 'gone', 'p1')],
    matchTargets: new Map([
      ['pm', unitsById([partner])],
      ['gone', null],
    ]),
  };
}

describe('workload and credit (rule workload, credit.ts)', () => {
  const hours = (map: TestMap, u1: number, u2: number) => patch(patch(map, 'u1', { contactHours: u1 / 2, selfStudyHours: u1 / 4, workBasedHours: u1 / 4 }), 'u2', { contactHours: u2 });
  it('says nothing while hours follow points, and names the unit whose points stray more than 15 %', () => {
    const programme = patch(good(), 'q1', { hoursPerYear: 1600 });
    expect(brief(issuesOf(hours(programme, 1600, 1600), 'workload'))).toEqual([]);
    expect(brief(issuesOf(hours(programme, 1700, 1500), 'workload'))).toEqual([]); // 56.7 / 63.3: within 15 %
    expect(brief(issuesOf(hours(programme, 2200, 1000), 'workload'))).toEqual(['workload/unit-hours:u1', 'workload/unit-hours:u2']);
    expect(brief(issuesOf(hours(programme, 1000, 1000), 'workload'))).toEqual(['workload/programme-hours:q1']); // 2,000 of 3,200 hours
  });

  it('converts national credit units at their rate, and does not ask them for 60 a year', () => {
    const national = patch(good(), 'q1', { creditSystem: 'national', points: 5, hoursPerCredit: 36 });
    const units = patch(patch(national, 'u1', { points: 2, contactHours: 72 }), 'u2', { points: 3, contactHours: 108 });
    expect(brief(issuesOf(units)).filter((i) => i.startsWith('workload') || i.includes('total-vs-years'))).toEqual([]);
    expect(brief(issuesOf(patch(units, 'u2', { points: 4 }), 'workload'))).toEqual(['workload/unit-hours:u2']);
    expect(brief(issuesOf(patch(good(), 'q1', { points: 5 }))).filter((i) => i.includes('total-vs-years'))).toEqual(['points-sum/total-vs-years:q1']);
  });

  it('proposes points by hours with largest remainders, adding up to the total exactly', () => {
    expect(largestRemainder(180, [1, 1, 1, 1, 1, 1, 1])).toEqual([26, 26, 26, 26, 26, 25, 25]);
    expect(largestRemainder(10, [1, 1, 1], 0.5)).toEqual([3.5, 3.5, 3]);
    expect(largestRemainder(60, [0, 0])).toEqual([0, 0]);
    const map = patch(patch(good(), 'u1', { contactHours: 700 }), 'u2', { contactHours: 500 });
    const proposal = proposePoints(map, 'q1');
    expect(proposal).toMatchObject({ ok: true, by: 'hours', total: 120, changed: 2 });
    if (!proposal.ok) throw new Error('refused');
    expect(proposal.rows.map((r) => [r.code, r.basis, r.current, r.proposed])).toEqual([['U 1', 700, 60, 70], ['U 2', 500, 60, 50]]);
    const byWeights = proposePoints(map, 'q1', { weights: new Map([['u1', 1], ['u2', 2]]) });
    expect(byWeights.ok && byWeights.rows.map((r) => r.proposed)).toEqual([40, 80]);
    expect(proposePoints(patch(map, 'u2', { contactHours: undefined }), 'q1')).toMatchObject({ ok: false, reason: 'no-basis', message: expect.stringContaining('U 2') });
    expect(proposePoints(patch(map, 'q1', { points: undefined }), 'q1')).toMatchObject({ ok: false, reason: 'no-total' });
    expect(proposePoints(map, 'u1')).toMatchObject({ ok: false, reason: 'no-qualification' });
  });

  it('leaves elective units their points and shares what the optional groups leave among the mandatory units', () => {
    // U 1 mandatory; U 2 and U 3 electives (at least 60): the total 120 leaves 60 for U 1.
    const map = patch(patch(grouped(), 'q1', { points: 150, programmeYears: 2.5 }), 'u1', { contactHours: 900 });
    const proposal = proposePoints(map, 'q1');
    if (!proposal.ok) throw new Error(proposal.message);
    expect(proposal.rows.map((r) => [r.code, r.current, r.proposed, r.elective ?? false])).toEqual([
      ['U 1', 60, 90, false],
      ['U 2', 60, 60, true],
      ['U 3', 60, 60, true],
    ]);
    // The electives have no hours here: no basis is shown for them, rather than 0 hours.
    expect(proposal.rows.map((r) => r.basis)).toEqual([900, undefined, undefined]);
    // Accepted, the points rule holds: 90 + 60 = 150.
    const accepted = patch(map, 'u1', { points: 90 });
    expect(brief(issuesOf(accepted, 'points-sum'))).toEqual([]);
    expect(proposePoints(patch(map, 'u3', { points: undefined }), 'q1')).toMatchObject({ ok: false, reason: 'no-elective-points', message: expect.stringContaining('U 3') });
    expect(proposePoints(patch(map, 'q1', { points: 60 }), 'q1')).toMatchObject({ ok: false, reason: 'no-room' });
  });
});

type Catalogue = Record<string, Record<string, string>>;

describe('messages for the web UI (apps/web/src/locales/rules.*.json)', () => {
  const issues = everyCode().flatMap((map) => checkMap(map).issues);

  it('the sample maps produce every code', () => {
    const seen = new Set(issues.map((i) => `${i.rule}.${i.code}`));
    const all = RULE_IDS.flatMap((rule) => RULE_CODES[rule].map((code) => `${rule}.${code}`));
    expect([...all].filter((key) => !seen.has(key))).toEqual([]);
    expect([...seen].filter((key) => !all.includes(key))).toEqual([]);
  });

  for (const [language, catalogue] of [['en', rulesEn as unknown as Catalogue], ['ru', rulesRu as unknown as Catalogue], ['uz', rulesUz as unknown as Catalogue], ['kk', rulesKk as unknown as Catalogue]] as const) {
    it(`${language}: names every rule, code, severity, Bloom level and domain`, () => {
      for (const rule of RULE_IDS) {
        expect(catalogue[rule]?.name, `${rule}.name`).toBeTruthy();
        for (const code of RULE_CODES[rule]) expect(catalogue[rule]?.[code], `${rule}.${code}`).toBeTruthy();
      }
      for (const severity of ['error', 'warning']) expect(catalogue.severity?.[severity]).toBeTruthy();
      for (const level of BLOOM_LEVELS) expect(catalogue.bloom?.[level]).toBeTruthy();
      for (const domain of DOMAINS) expect(catalogue.domain?.[domain]).toBeTruthy();
    });

    it(`${language}: every {{placeholder}} is a param of the issue`, () => {
      for (const issue of issues) {
        const template = catalogue[issue.rule]![issue.code]!;
        const names = [...template.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!);
        for (const name of names) expect(issue.params, `${issue.rule}.${issue.code} uses {{${name}}}`).toHaveProperty(name);
      }
    });
  }
});
