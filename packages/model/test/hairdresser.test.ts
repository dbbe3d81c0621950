import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BLOOM_LEVELS, DOMAINS, MapView, UNIT_SLOT, type MapNode, type MapSnapshot } from '../src/index.js';
import { buildHairdresser, hairdresser } from '../src/samples/hairdresser.js';

/** The verbs an outcome statement may start with in this sample. */
const OUTCOME_VERBS = new Set([
  'identify', 'describe', 'explain', 'apply', 'select', 'prepare', 'perform', 'demonstrate', 'analyse',
  'evaluate', 'recommend', 'maintain', 'use', 'follow', 'assess', 'plan', 'organise', 'calculate',
  'communicate', 'define', 'determine', 'design', 'cut', 'colour', 'style', 'advise', 'clean',
  'sterilise', 'record', 'check', 'test', 'mix', 'shape', 'finish', 'manage', 'sell', 'promote',
]);
const FUNCTION_VERBS = new Set([...OUTCOME_VERBS, 'provide', 'ensure', 'consult', 'run']);
const CARD = { width: 220, height: 90 };
const firstWord = (text: string): string => text.split(/\s+/)[0]!.toLowerCase();
const codeNumber = (code: string): number => Number(code.split(' ')[1]);

function build(): MapSnapshot {
  const doc = new Y.Doc();
  buildHairdresser(doc);
  return new MapView(doc).snapshot;
}

describe('the hairdresser sample', () => {
  const snapshot = build();
  const { meta, nodes, edges } = snapshot;
  const ofKind = (kind: string) => nodes.filter((n) => n.kind === kind);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edgesOf = (kind: string) => edges.filter((e) => e.kind === kind);
  const qualification = ofKind('qualification');
  const keyFunctions = ofKind('keyFunction');
  const mainFunctions = ofKind('mainFunction');
  const workActions = ofKind('workAction');
  const outcomes = ofKind('learningOutcome');
  const units = ofKind('unit');
  const unitOf = new Map(edgesOf('partOf').map((e) => [e.source, e.target]));

  it('is labelled as an illustrative sample', () => {
    expect(meta.sample).toBe('illustrative');
    expect(meta.title).toBe(hairdresser.title);
    expect(meta.title.startsWith('Sample')).toBe(true);
    expect(meta.language).toBe('en');
    expect(hairdresser.id).toBe('hairdresser');
  });

  it('has one EQF 4 qualification worth 60 points per programme year', () => {
    expect(qualification).toHaveLength(1);
    const q = qualification[0]!;
    expect(q).toMatchObject({ title: 'Hairdresser', code: 'Q 1', eqfLevel: 4, nqfLevel: '4', iscoCode: '5141', status: 'draft' });
    expect(q.points).toBe(180);
    expect(q.points).toBe(60 * q.programmeYears!);
    expect(q.keyPurpose).toMatch(/^Provide /);
    expect(q.escoOccupation).toBeUndefined();
  });

  it('has the expected size', () => {
    expect(keyFunctions).toHaveLength(7);
    expect(mainFunctions.length).toBeGreaterThanOrEqual(7);
    expect(workActions.length).toBeGreaterThanOrEqual(35);
    expect(workActions.length).toBeLessThanOrEqual(45);
    expect(outcomes.length).toBeGreaterThanOrEqual(35);
    expect(outcomes.length).toBeLessThanOrEqual(50);
    expect(units.length).toBeGreaterThanOrEqual(6);
    expect(units.length).toBeLessThanOrEqual(8);
    expect(snapshot.skipped).toHaveLength(0);
  });

  it('covers the seven themes of the occupation, beard care included', () => {
    const titles = keyFunctions.map((n) => n.title);
    for (const theme of [/consult/i, /\bcut/i, /colour/i, /perm/i, /styl/i, /hygiene|safety/i, /business/i]) {
      expect(titles.some((t) => theme.test(t)), String(theme)).toBe(true);
    }
    expect([...keyFunctions, ...mainFunctions, ...workActions].some((n) => /beard/i.test(n.title))).toBe(true);
  });

  it('is a strict functional tree: every node one parent of the level above', () => {
    const parentOf = new Map<string, string[]>();
    for (const e of edgesOf('childOf')) parentOf.set(e.source, [...(parentOf.get(e.source) ?? []), e.target]);
    const expectParent = (children: MapNode[], kind: string) => {
      for (const child of children) {
        const parents = parentOf.get(child.id) ?? [];
        expect(parents, child.code).toHaveLength(1);
        expect(byId.get(parents[0]!)?.kind, child.code).toBe(kind);
      }
    };
    expectParent(keyFunctions, 'qualification');
    expectParent(mainFunctions, 'keyFunction');
    expectParent(workActions, 'mainFunction');
    expect(edgesOf('childOf')).toHaveLength(keyFunctions.length + mainFunctions.length + workActions.length);
    // No function is empty, and the shape stays within 1–3 main functions and 2–4 work actions.
    const childCount = (id: string) => edgesOf('childOf').filter((e) => e.target === id).length;
    for (const kf of keyFunctions) expect(childCount(kf.id), kf.code).toBeGreaterThanOrEqual(1);
    for (const kf of keyFunctions) expect(childCount(kf.id), kf.code).toBeLessThanOrEqual(3);
    for (const mf of mainFunctions) expect(childCount(mf.id), mf.code).toBeGreaterThanOrEqual(2);
    for (const mf of mainFunctions) expect(childCount(mf.id), mf.code).toBeLessThanOrEqual(4);
  });

  it('has verb-led, unique function titles', () => {
    const functions = [...keyFunctions, ...mainFunctions, ...workActions];
    for (const f of functions) expect(FUNCTION_VERBS.has(firstWord(f.title)), `${f.code}: ${f.title}`).toBe(true);
    const titles = [...keyFunctions, ...mainFunctions].map((n) => n.title.trim().toLowerCase());
    expect(new Set(titles).size).toBe(titles.length);
    const actionTitles = workActions.map((n) => n.title.trim().toLowerCase());
    expect(new Set(actionTitles).size).toBe(actionTitles.length);
  });

  it('covers every work action with an outcome, and every outcome covers a work action', () => {
    const covers = edgesOf('covers');
    for (const wa of workActions) expect(covers.some((e) => e.target === wa.id), wa.code).toBe(true);
    for (const lo of outcomes) expect(covers.some((e) => e.source === lo.id), lo.code).toBe(true);
    // One outcome serves the whole qualification, and still names where it is practised.
    expect(outcomes.filter((lo) => lo.transversal === true).map((lo) => lo.code)).toEqual(['LO 4']);
    for (const e of covers) {
      expect(byId.get(e.source)?.kind).toBe('learningOutcome');
      expect(byId.get(e.target)?.kind).toBe('workAction');
    }
  });

  it('writes outcomes with an allowed verb, a domain, a Bloom level and an EQF level up to 4', () => {
    for (const lo of outcomes) {
      expect(OUTCOME_VERBS.has(firstWord(lo.title)), `${lo.code}: ${lo.title}`).toBe(true);
      expect(DOMAINS).toContain(lo.domain);
      expect(BLOOM_LEVELS).toContain(lo.bloomLevel);
      expect(lo.eqfLevel).toBeGreaterThanOrEqual(1);
      expect(lo.eqfLevel).toBeLessThanOrEqual(4);
    }
  });

  it('puts every outcome in exactly one unit', () => {
    for (const lo of outcomes) {
      const memberships = edgesOf('partOf').filter((e) => e.source === lo.id);
      expect(memberships, lo.code).toHaveLength(1);
      expect(byId.get(memberships[0]!.target)?.kind).toBe('unit');
    }
  });

  it('has mandatory units and one elective that add up to the qualification, are assessable and balanced', () => {
    const groups = ofKind('unitGroup');
    expect(groups.map((g) => [g.code, g.title, g.optional, g.minPoints])).toEqual([['G 1', 'Elective units', true, 15]]);
    const electives = units.filter((u) => unitOf.get(u.id) === groups[0]!.id);
    expect(electives.map((u) => u.code)).toEqual(['U 4', 'U 8']);
    const mandatory = units.filter((u) => !electives.includes(u)).reduce((sum, u) => sum + (u.points ?? 0), 0);
    expect(mandatory).toBe(165);
    for (const elective of electives) expect(elective.points).toBe(15);
    expect(mandatory + groups[0]!.minPoints!).toBe(qualification[0]!.points);
    expect(units.reduce((sum, u) => sum + (u.points ?? 0), 0)).toBe(195);
    // Prerequisites: colouring after the consultation, occasion hair after styling.
    const code = (id: string) => byId.get(id)!.code;
    expect(edgesOf('requires').map((e) => `${code(e.source)} → ${code(e.target)}`)).toEqual(['U 3 → U 1', 'U 8 → U 5']);
    for (const unit of units) {
      expect(Number.isInteger(unit.points)).toBe(true);
      expect(unit.eqfLevel).toBeLessThanOrEqual(qualification[0]!.eqfLevel!);
      expect(unit.validity).toBeTruthy();
      expect(unit.assessmentCriteria?.length ?? 0, unit.code).toBeGreaterThanOrEqual(2);
      expect(unit.assessmentCriteria?.length ?? 0, unit.code).toBeLessThanOrEqual(4);
      const domains = new Set(outcomes.filter((lo) => unitOf.get(lo.id) === unit.id).map((lo) => lo.domain));
      for (const domain of DOMAINS) expect(domains.has(domain), `${unit.code} ${domain}`).toBe(true);
    }
  });

  it('gives every node a unique code, numbered in reading order', () => {
    const codes = nodes.map((n) => n.code);
    expect(codes.every((c) => c !== '')).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    // Tree nodes: numbered in reading order (column by column, top to bottom).
    const readingOrder = (list: readonly MapNode[]) =>
      [...list].sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y).map((n) => codeNumber(n.code));
    for (const kind of ['keyFunction', 'mainFunction', 'workAction']) {
      const inOrder = readingOrder(ofKind(kind));
      expect(inOrder, kind).toEqual(inOrder.map((_, i) => i + 1));
    }
    // Units: the mandatory ones in reading order; the electives, stacked under their group, in code order.
    const groupIds = new Set(ofKind('unitGroup').map((g) => g.id));
    const mandatory = readingOrder(units.filter((u) => !groupIds.has(unitOf.get(u.id) ?? '')));
    expect(mandatory).toEqual([1, 2, 3, 5, 6, 7]);
    expect(readingOrder(units.filter((u) => groupIds.has(unitOf.get(u.id) ?? '')))).toEqual([4, 8]);
    // Outcomes: unit by unit, top to bottom.
    const unitRank = new Map(units.map((u) => [u.id, codeNumber(u.code)]));
    const inOrder = [...outcomes]
      .sort((a, b) => unitRank.get(unitOf.get(a.id)!)! - unitRank.get(unitOf.get(b.id)!)! || a.position.y - b.position.y)
      .map((n) => codeNumber(n.code));
    expect(inOrder).toEqual(inOrder.map((_, i) => i + 1));
  });

  it('lays the map out as an outline in columns, one per key function, without overlaps', () => {
    expect(qualification[0]!.position.y).toBe(0);
    const kfs = [...keyFunctions].sort((a, b) => codeNumber(a.code) - codeNumber(b.code));
    // Key functions in a row below the qualification, left to right in code order.
    for (const kf of kfs) expect(kf.position.y).toBe(kfs[0]!.position.y);
    const xs = kfs.map((kf) => kf.position.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // Each branch stacked under its key function, set in by level, in reading order.
    const parentOf = new Map(edgesOf('childOf').map((e) => [e.source, e.target]));
    const keyFunctionOf = (n: MapNode): MapNode => (n.kind === 'keyFunction' ? n : keyFunctionOf(byId.get(parentOf.get(n.id)!)!));
    for (const n of [...mainFunctions, ...workActions]) {
      const kf = keyFunctionOf(n);
      const depth = n.kind === 'mainFunction' ? 1 : 2;
      expect(n.position.x, n.code).toBe(kf.position.x + 24 * depth);
      expect(n.position.y, n.code).toBeGreaterThan(byId.get(parentOf.get(n.id)!)!.position.y);
    }
    // Seven columns, not 34 work actions side by side: about 2,000 px where the top-down tree took 8,160.
    const right = Math.max(...nodes.filter((n) => !unitOf.has(n.id)).map((n) => n.position.x + (n.kind === 'unit' ? 252 : CARD.width)));
    const left = Math.min(...nodes.filter((n) => !unitOf.has(n.id)).map((n) => n.position.x));
    expect(right - left).toBeLessThan(2400);

    const unitWidth = CARD.width + 2 * UNIT_SLOT.paddingX;
    expect(unitWidth).toBe(252);
    const members = (unit: MapNode) => outcomes.filter((lo) => unitOf.get(lo.id) === unit.id);
    type Box = { id: string; x: number; y: number; width: number; height: number };
    const boxes: Box[] = [];
    const lowestAction = Math.max(...workActions.map((n) => n.position.y));
    for (const n of nodes) {
      if (n.kind === 'unit') {
        expect(n.position.y).toBeGreaterThan(lowestAction);
        const height = UNIT_SLOT.headerHeight + members(n).length * UNIT_SLOT.rowHeight;
        boxes.push({ id: n.id, ...n.position, width: unitWidth, height });
      } else if (n.kind === 'learningOutcome') {
        const unit = byId.get(unitOf.get(n.id)!)!;
        boxes.push({ id: n.id, x: unit.position.x + n.position.x, y: unit.position.y + n.position.y, ...CARD });
      } else {
        boxes.push({ id: n.id, ...n.position, width: n.kind === 'qualification' ? 280 : CARD.width, height: CARD.height });
      }
    }
    // Outcomes sit in their unit's rows, inside its block.
    for (const unit of units) {
      members(unit)
        .sort((a, b) => a.position.y - b.position.y)
        .forEach((lo, i) => {
          expect(lo.position).toEqual({ x: UNIT_SLOT.paddingX, y: UNIT_SLOT.headerHeight + i * UNIT_SLOT.rowHeight });
          expect(lo.position.y + CARD.height).toBeLessThanOrEqual(UNIT_SLOT.headerHeight + members(unit).length * UNIT_SLOT.rowHeight);
        });
    }
    const overlap = (a: Box, b: Box) =>
      a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    const contains = (a: Box, b: Box) => unitOf.get(a.id) === b.id || unitOf.get(b.id) === a.id;
    const clashes: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!;
        const b = boxes[j]!;
        if (!contains(a, b) && overlap(a, b)) clashes.push(`${byId.get(a.id)!.code} × ${byId.get(b.id)!.code}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('centres the qualification over its key functions', () => {
    const centre = (n: MapNode) => n.position.x + (n.kind === 'qualification' ? 280 : CARD.width) / 2;
    const lefts = keyFunctions.map((n) => n.position.x);
    const rights = keyFunctions.map((n) => n.position.x + 268); // a column: a card set in twice
    expect(Math.abs(centre(qualification[0]!) - (Math.min(...lefts) + Math.max(...rights)) / 2)).toBeLessThanOrEqual(1);
  });

  it('is deterministic apart from the creation time', () => {
    const strip = (s: MapSnapshot) => s.nodes.map(({ id: _id, ...rest }) => rest);
    expect(strip(build())).toEqual(strip(snapshot));
  });

  it('arrives at a peer as one update', () => {
    const doc = new Y.Doc();
    let updates = 0;
    doc.on('update', () => updates++);
    buildHairdresser(doc, 'sample');
    expect(updates).toBe(1);
  });
});
