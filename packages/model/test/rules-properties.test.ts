import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import enData from '../data/verbs/en.json' with { type: 'json' };
import ruData from '../data/verbs/ru.json' with { type: 'json' };
import { BLOOM_LEVELS } from '../src/fields.js';
import { analyseVerb, checkMap, type CheckInput, type CheckIssue, type VerbListData } from '../src/rules/index.js';
import type { MapEdge, MapNode } from '../src/schema.js';

const meta = { schemaVersion: 2, title: 'Property', createdAt: 0, language: 'en' };

function node(id: string, kind: string, fields: Partial<MapNode> = {}): MapNode {
  return { id, kind, code: id.toUpperCase(), title: 'Describe something', position: { x: 0, y: 0 }, ...fields };
}

/**
 * A random functional tree (qualification → key functions → main functions, nested or not →
 * work actions hanging anywhere in it), outcomes with random `covers`, units with random `partOf`,
 * and some noise: edges of any kind between any two nodes, some of them to missing nodes.
 */
const mapArbitrary = fc
  .record({
    keyFunctions: fc.integer({ min: 0, max: 4 }),
    mainParents: fc.array(fc.nat(), { maxLength: 8 }),
    actionParents: fc.array(fc.nat(), { maxLength: 20 }),
    outcomes: fc.integer({ min: 0, max: 15 }),
    units: fc.integer({ min: 0, max: 5 }),
    covers: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 }),
    partOf: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
    noise: fc.array(fc.tuple(fc.constantFrom('covers', 'partOf', 'childOf', 'matches', 'odd'), fc.nat(), fc.nat()), { maxLength: 12 }),
  })
  .map((spec) => {
    const nodes: MapNode[] = [node('q', 'qualification', { keyPurpose: 'To provide hairdressing services to clients' })];
    const edges: MapEdge[] = [];
    let seq = 0;
    const link = (kind: string, source: string, target: string) => edges.push({ id: `e${++seq}`, kind, source, target });
    const tree = ['q'];
    for (let k = 0; k < spec.keyFunctions; k++) {
      nodes.push(node(`kf${k}`, 'keyFunction', { title: `Provide service ${k}` }));
      link('childOf', `kf${k}`, 'q');
      tree.push(`kf${k}`);
    }
    spec.mainParents.forEach((parent, m) => {
      nodes.push(node(`mf${m}`, 'mainFunction', { title: `Maintain area ${m}` }));
      link('childOf', `mf${m}`, tree[parent % tree.length]!);
      tree.push(`mf${m}`);
    });
    const actions = spec.actionParents.map((parent, a) => {
      nodes.push(node(`wa${a}`, 'workAction'));
      link('childOf', `wa${a}`, tree[parent % tree.length]!);
      return `wa${a}`;
    });
    const outcomes = Array.from({ length: spec.outcomes }, (_, o) => {
      nodes.push(node(`lo${o}`, 'learningOutcome', { domain: 'skills' }));
      return `lo${o}`;
    });
    const units = Array.from({ length: spec.units }, (_, u) => {
      nodes.push(node(`u${u}`, 'unit', { points: 10, assessmentCriteria: ['x'] }));
      return `u${u}`;
    });
    if (actions.length > 0 && outcomes.length > 0) {
      for (const [o, a] of spec.covers) link('covers', outcomes[o % outcomes.length]!, actions[a % actions.length]!);
    }
    if (units.length > 0 && outcomes.length > 0) {
      for (const [o, u] of spec.partOf) link('partOf', outcomes[o % outcomes.length]!, units[u % units.length]!);
    }
    const ids = [...nodes.map((n) => n.id), 'ghost'];
    for (const [kind, s, t] of spec.noise) link(kind, ids[s % ids.length]!, ids[t % ids.length]!);
    return { meta, nodes, edges } satisfies CheckInput;
  });

const kindOf = (map: CheckInput) => new Map(map.nodes.map((n) => [n.id, n.kind]));
const ofRule = (issues: CheckIssue[], rule: string) => issues.filter((i) => i.rule === rule);

describe('coverage (property)', () => {
  it('reports exactly the work actions that no learning outcome covers', () => {
    fc.assert(
      fc.property(mapArbitrary, (map) => {
        const kinds = kindOf(map);
        const covered = new Set(map.edges.filter((e) => e.kind === 'covers' && kinds.get(e.source) === 'learningOutcome' && kinds.get(e.target) === 'workAction').map((e) => e.target));
        const actions = map.nodes.filter((n) => n.kind === 'workAction').map((n) => n.id);
        const expected = actions.filter((id) => !covered.has(id));
        const { issues, stats } = checkMap(map);
        const reported = ofRule(issues, 'coverage');
        expect(reported.map((i) => i.nodeIds)).toEqual(expected.map((id) => [id]));
        expect(reported.every((i) => i.code === 'uncovered' && i.severity === 'error')).toBe(true);
        expect(stats.issues.byRule.coverage === 0).toBe(actions.every((id) => covered.has(id)));
        expect(stats.workActions).toEqual({ total: actions.length, covered: actions.length - expected.length });
      }),
    );
  });
});

describe('grouping (property)', () => {
  it('reports exactly the outcomes in no unit or in several, with those units', () => {
    fc.assert(
      fc.property(mapArbitrary, (map) => {
        const kinds = kindOf(map);
        const order = new Map(map.nodes.map((n, i) => [n.id, i]));
        const unitsOf = new Map<string, Set<string>>();
        for (const e of map.edges) {
          if (e.kind !== 'partOf' || kinds.get(e.source) !== 'learningOutcome' || kinds.get(e.target) !== 'unit') continue;
          unitsOf.set(e.source, (unitsOf.get(e.source) ?? new Set()).add(e.target));
        }
        const expected = map.nodes
          .filter((n) => n.kind === 'learningOutcome' && unitsOf.get(n.id)?.size !== 1)
          .map((n) => {
            const units = [...(unitsOf.get(n.id) ?? [])].sort((a, b) => order.get(a)! - order.get(b)!);
            return { code: units.length === 0 ? 'no-unit' : 'several-units', nodeIds: [n.id, ...units] };
          });
        const reported = ofRule(checkMap(map).issues, 'grouping').map((i) => ({ code: i.code, nodeIds: i.nodeIds }));
        expect(reported).toEqual(expected);
      }),
    );
  });
});

describe('points-sum (property)', () => {
  const unitsArbitrary = fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 1, maxLength: 30 });

  function pointsMap(tenths: number[], total: number, years?: number): CheckInput {
    return {
      meta,
      nodes: [
        node('q', 'qualification', { points: total, ...(years === undefined ? {} : { programmeYears: years }) }),
        ...tenths.map((t, i) => node(`u${i}`, 'unit', { points: t / 10 })),
      ],
      edges: [],
    };
  }

  it('never reports when the units add up to the total (points with one decimal, as people type them)', () => {
    fc.assert(
      fc.property(unitsArbitrary, fc.boolean(), (tenths, withYears) => {
        const total = tenths.reduce((a, b) => a + b, 0) / 10;
        const map = pointsMap(tenths, total, withYears ? total / 60 : undefined);
        expect(ofRule(checkMap(map).issues, 'points-sum')).toEqual([]);
      }),
    );
  });

  it('always reports, once, when they do not', () => {
    fc.assert(
      fc.property(unitsArbitrary, fc.integer({ min: -500, max: 500 }).filter((d) => d !== 0), (tenths, offTenths) => {
        const sum = tenths.reduce((a, b) => a + b, 0);
        fc.pre(sum + offTenths >= 0);
        const issues = ofRule(checkMap(pointsMap(tenths, (sum + offTenths) / 10)).issues, 'points-sum');
        expect(issues.map((i) => i.code)).toEqual(['units-vs-total']);
        expect(issues[0]!.params.difference).toBeCloseTo(-offTenths / 10, 6);
      }),
    );
  });
});

describe('determinism (property)', () => {
  const summary = (issues: CheckIssue[]) => issues.map((i) => `${i.rule}/${i.code}/${[...i.nodeIds].sort().join(',')}`).sort();

  it('gives the same issues in the same order whatever the order of the edges', () => {
    fc.assert(
      fc.property(
        mapArbitrary.chain((map) => fc.tuple(fc.constant(map), fc.shuffledSubarray(map.edges, { minLength: map.edges.length, maxLength: map.edges.length }))),
        ([map, shuffled]) => {
          expect(checkMap({ ...map, edges: shuffled })).toEqual(checkMap(map));
        },
      ),
    );
  });

  it('finds the same issues whatever the order of the nodes', () => {
    fc.assert(
      fc.property(
        mapArbitrary.chain((map) => fc.tuple(fc.constant(map), fc.shuffledSubarray(map.nodes, { minLength: map.nodes.length, maxLength: map.nodes.length }))),
        ([map, shuffled]) => {
          expect(summary(checkMap({ ...map, nodes: shuffled }).issues)).toEqual(summary(checkMap(map).issues));
        },
      ),
    );
  });

  it('lists errors before warnings', () => {
    fc.assert(
      fc.property(mapArbitrary, (map) => {
        const severities = checkMap(map).issues.map((i) => i.severity);
        expect(severities).toEqual([...severities].sort((a, b) => (a === b ? 0 : a === 'error' ? -1 : 1)));
      }),
    );
  });
});

describe('analyseVerb (property)', () => {
  for (const [language, data] of [['en', enData], ['ru', ruData]] as const) {
    const list = data as unknown as VerbListData;
    const entries = BLOOM_LEVELS.flatMap((level) =>
      (list.bloom[level] ?? []).flatMap((item) => {
        const forms = typeof item === 'string' ? [item] : [...item];
        return forms.map((form) => ({ form, shown: forms[0]!, level }));
      }),
    );
    const leadIns = list.leadIns ?? [];

    it(`${language}: any listed verb, after any chain of lead-ins, in any case, is read with its level`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...entries),
          fc.array(fc.constantFrom(...leadIns), { maxLength: 3 }),
          fc.constantFrom('lower', 'upper', 'capital'),
          fc.constantFrom('', ':', ',', ' —'),
          ({ form, shown, level }, openings, casing, mark) => {
            const raw = `${openings.join(' ')}${mark} ${form} the work.`;
            const text = casing === 'upper' ? raw.toUpperCase() : casing === 'capital' ? raw.charAt(0).toUpperCase() + raw.slice(1) : raw;
            const result = analyseVerb(text, language);
            expect(result.known).toBe(true);
            expect(result.vague).toBe(false);
            expect(result.bloomLevel).toBe(level);
            expect(result.verb).toBe(shown.toLowerCase().replace(/ё/g, 'е'));
          },
        ),
      );
    });
  }
});
