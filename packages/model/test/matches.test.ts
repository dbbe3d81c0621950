import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { initMapDocument, edgesOf } from '../src/document.js';
import { graphOf } from '../src/graph.js';
import {
  compareUnits,
  correspondenceTable,
  knownThroughSnapshots,
  matchAcrossMaps,
  matchedUnitIn,
  matchedUnits,
  matchFieldProblem,
  matchSnapshotProblem,
  matchState,
  matchUnitFingerprint,
  pointsDiffer,
  refreshMatchSnapshot,
  setMatchDetails,
  unitMatches,
  unitsById,
  type MatchedUnit,
  type MatchTargets,
} from '../src/matches.js';
import { addNode, connect, removeElements, setField } from '../src/operations.js';
import { checkMap } from '../src/rules/index.js';
import { restoreContent } from '../src/history.js';
import { snapshotOf } from '../src/view.js';

/** A map with one unit and three outcomes (knowledge, skills, autonomy); returns the ids. */
function unitMap(title: string, unit: { code: string; title: string; points?: number; eqfLevel?: number }, outcomes: Array<[string, string, string]>) {
  const doc = new Y.Doc();
  initMapDocument(doc, { title, createdAt: 0 });
  const unitId = addNode(doc, { kind: 'unit', code: unit.code, title: unit.title, position: { x: 0, y: 0 } });
  if (unit.points !== undefined) setField(doc, unitId, 'points', unit.points);
  if (unit.eqfLevel !== undefined) setField(doc, unitId, 'eqfLevel', unit.eqfLevel);
  const outcomeIds = outcomes.map(([code, text, domain]) => {
    const id = addNode(doc, { kind: 'learningOutcome', code, title: text, position: { x: 0, y: 0 } });
    setField(doc, id, 'domain', domain);
    expect(connect(doc, { kind: 'partOf', source: id, target: unitId }).ok).toBe(true);
    return id;
  });
  return { doc, unitId, outcomeIds };
}

const home = () =>
  unitMap('Home', { code: 'U 1', title: 'Cut hair', points: 10, eqfLevel: 4 }, [
    ['LO 1', 'Describe haircut types', 'knowledge'],
    ['LO 2', 'Cut hair with scissors', 'skills'],
    ['LO 3', 'Take responsibility for hygiene', 'autonomy'],
  ]);
const partner = () =>
  unitMap('Partner', { code: 'PU 7', title: 'Haircutting', points: 9, eqfLevel: 4 }, [
    ['K 1', 'Explain cutting techniques', 'knowledge'],
    ['K 2', 'List tools', 'knowledge'],
    ['S 1', 'Perform a haircut', 'skills'],
  ]);

function unitOf(doc: Y.Doc, id: string): MatchedUnit {
  return matchedUnitIn(graphOf(snapshotOf(doc)), id)!;
}

describe('matching units across maps', () => {
  it('keeps the type, the note and a snapshot of the partner unit on the edge, read back from the document', () => {
    const a = home();
    const b = partner();
    const target = unitOf(b.doc, b.unitId);
    const made = matchAcrossMaps(a.doc, { source: a.unitId, targetMap: 'partner-map', target, matchType: 'partial', note: 'No autonomy outcome', takenAt: 5 });
    expect(made.ok).toBe(true);
    const snapshot = snapshotOf(a.doc);
    expect(snapshot.edges.filter((e) => e.kind === 'matches')).toEqual([]); // not an in-map link
    const [match] = unitMatches(snapshot);
    expect(match).toMatchObject({ source: a.unitId, target: b.unitId, targetMap: 'partner-map', matchType: 'partial', note: 'No autonomy outcome' });
    expect(match!.targetSnapshot).toMatchObject({ code: 'PU 7', title: 'Haircutting', points: 9, eqfLevel: 4, takenAt: 5 });
    expect(match!.targetSnapshot!.outcomes.map((o) => `${o.code}:${o.domain}`)).toEqual(['K 1:knowledge', 'K 2:knowledge', 'S 1:skills']);
    expect(match!.targetSnapshot!.fingerprint).toBe(matchUnitFingerprint(target));
    // The same pair again is refused; the snapshot survives a round trip through an update.
    expect(matchAcrossMaps(a.doc, { source: a.unitId, targetMap: 'partner-map', target, matchType: 'exact' })).toMatchObject({ ok: false, reason: 'duplicate-edge' });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(a.doc));
    expect(unitMatches(snapshotOf(copy))).toEqual([match]);
  });

  it('refuses what is not a match', () => {
    const a = home();
    const p = partner();
    const target = unitOf(p.doc, p.unitId);
    expect(matchAcrossMaps(a.doc, { source: a.outcomeIds[0]!, targetMap: 'p', target, matchType: 'exact' })).toMatchObject({ ok: false, reason: 'kinds-mismatch' });
    expect(matchAcrossMaps(a.doc, { source: a.unitId, targetMap: 'no such/map', target, matchType: 'exact' })).toMatchObject({ ok: false, reason: 'invalid-value' });
    expect(matchAcrossMaps(a.doc, { source: a.unitId, targetMap: 'p', target, matchType: 'same' as never })).toMatchObject({ ok: false, reason: 'invalid-value' });
    expect(matchAcrossMaps(a.doc, { source: 'nope', targetMap: 'p', target, matchType: 'exact' })).toMatchObject({ ok: false, reason: 'node-not-found' });
    expect(edgesOf(a.doc).size).toBe(3); // the three partOf links only
  });

  it('says "changed" once the partner unit’s points change, and "current" again after a new snapshot', () => {
    const a = home();
    const b = partner();
    const made = matchAcrossMaps(a.doc, { source: a.unitId, targetMap: 'pm', target: unitOf(b.doc, b.unitId), matchType: 'exact' });
    const match = () => unitMatches(snapshotOf(a.doc))[0]!;
    const targets = (): MatchTargets => new Map([['pm', unitsById(matchedUnits(snapshotOf(b.doc)))]]);
    expect(matchState(match(), targets())).toBe('current');
    expect(matchState(match(), targets())).toBe('current');
    setField(b.doc, b.unitId, 'points', 12);
    expect(matchState(match(), targets())).toBe('changed');
    expect(matchState(match(), undefined)).toBe('unknown');
    expect(matchState(match(), new Map([['pm', null]]))).toBe('map-missing');
    expect(refreshMatchSnapshot(a.doc, made.ok ? made.value : '', unitOf(b.doc, b.unitId)).ok).toBe(true);
    expect(matchState(match(), targets())).toBe('current');
    removeElements(b.doc, { nodeIds: [b.unitId] });
    expect(matchState(match(), targets())).toBe('missing');
  });

  it('sets and clears the type and note, on cross-map and in-map matches alike', () => {
    const a = home();
    const second = addNode(a.doc, { kind: 'unit', code: 'U 2', title: 'Style hair', position: { x: 0, y: 0 } });
    const inMap = connect(a.doc, { kind: 'matches', source: a.unitId, target: second });
    expect(inMap.ok).toBe(true);
    const id = inMap.ok ? inMap.value : '';
    expect(setMatchDetails(a.doc, id, { matchType: 'related', note: 'Same tools' }).ok).toBe(true);
    expect(snapshotOf(a.doc).edges.find((e) => e.id === id)).toMatchObject({ matchType: 'related', note: 'Same tools' });
    expect(setMatchDetails(a.doc, id, { matchType: 'nearly' as never })).toMatchObject({ ok: false });
    expect(setMatchDetails(a.doc, id, { matchType: null, note: '' }).ok).toBe(true);
    const plain = snapshotOf(a.doc).edges.find((e) => e.id === id)!;
    expect(plain.matchType).toBeUndefined();
    expect(plain.note).toBeUndefined();
  });

  it('is brought back by a restore as it was in the version', () => {
    const a = home();
    const b = partner();
    matchAcrossMaps(a.doc, { source: a.unitId, targetMap: 'pm', target: unitOf(b.doc, b.unitId), matchType: 'partial', note: 'kept' });
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(a.doc));
    const [match] = unitMatches(snapshotOf(a.doc));
    setMatchDetails(a.doc, match!.id, { matchType: 'exact', note: 'changed' });
    restoreContent(a.doc, version);
    expect(unitMatches(snapshotOf(a.doc))).toEqual([match]);
  });

  it('reads a malformed stored value as absent, and names what is wrong with it', () => {
    expect(matchFieldProblem('matchType', 'exact')).toBeNull();
    expect(matchFieldProblem('matchType', 'close')).toMatch(/matchType/);
    expect(matchFieldProblem('targetMap', '../x')).toMatch(/map id/);
    expect(matchFieldProblem('note', 7)).toMatch(/note/);
    expect(matchSnapshotProblem({ code: 'U', title: 'T', outcomes: [], fingerprint: '0123456789abcdef', takenAt: 1 })).toBeNull();
    expect(matchSnapshotProblem({ code: 'U', title: 'T', outcomes: [{ code: 'a', title: 'b', domain: 'feelings' }], fingerprint: '0123456789abcdef', takenAt: 1 })).toMatch(/domain/);
    expect(matchSnapshotProblem({ code: 'U', title: 'T', eqfLevel: 9, outcomes: [], fingerprint: '0123456789abcdef', takenAt: 1 })).toMatch(/EQF/);
    expect(matchSnapshotProblem('a string')).toMatch(/object/);
    const doc = new Y.Doc();
    const a = home();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(a.doc));
    doc.transact(() => {
      const edge = new Y.Map<unknown>();
      edgesOf(doc).set('bad', edge as never);
      edge.set('kind', 'matches');
      edge.set('source', a.unitId);
      edge.set('target', 'x');
      edge.set('targetMap', 'pm');
      edge.set('matchType', 'close');
      edge.set('targetSnapshot', { code: 1 });
    });
    const [match] = unitMatches(snapshotOf(doc));
    expect(match).toEqual({ id: 'bad', source: a.unitId, target: 'x', targetMap: 'pm' });
  });
});

describe('what a reader of the home map alone may know of the partner map', () => {
  it('says whether the partner unit exists and changed, with the snapshot’s content, not the current one', () => {
    const a = home();
    const b = partner();
    matchAcrossMaps(a.doc, { source: a.unitId, targetMap: 'pm', target: unitOf(b.doc, b.unitId), matchType: 'exact' });
    setField(b.doc, b.unitId, 'points', 30);
    setField(b.doc, b.unitId, 'eqfLevel', 6);
    const full: MatchTargets = new Map([['pm', unitsById(matchedUnits(snapshotOf(b.doc)))], ['gone', null]]);
    const known = knownThroughSnapshots(snapshotOf(a.doc), full);
    expect([...known.keys()]).toEqual(['pm']); // only maps this map's matches point to
    const unit = known.get('pm')!.get(b.unitId)!;
    expect(unit).toMatchObject({ code: 'PU 7', points: 9, eqfLevel: 4 });
    const [match] = unitMatches(snapshotOf(a.doc));
    expect(matchState(match!, known)).toBe('changed');
    // The checks then say "changed", and nothing of the partner's new level or points.
    const issues = checkMap({ ...snapshotOf(a.doc), matchTargets: known }).issues.filter((i) => i.rule.startsWith('unit-match'));
    expect(issues.map((i) => i.code)).toEqual(['target-changed']);
    removeElements(b.doc, { nodeIds: [b.unitId] });
    const removed = knownThroughSnapshots(snapshotOf(a.doc), new Map([['pm', unitsById(matchedUnits(snapshotOf(b.doc)))]]));
    expect(matchState(match!, removed)).toBe('missing');
    expect(matchState(match!, knownThroughSnapshots(snapshotOf(a.doc), new Map([['pm', null]])))).toBe('map-missing');
  });
});

describe('comparing two matched units', () => {
  const a = () => {
    const map = home();
    return unitOf(map.doc, map.unitId);
  };

  it('aligns outcomes by domain and says what differs', () => {
    const b = partner();
    const comparison = compareUnits(unitOfHome(), unitOf(b.doc, b.unitId));
    expect(comparison.domains.map((d) => [d.domain, d.rows.map((r) => `${r.home?.code ?? '-'}|${r.partner?.code ?? '-'}`)])).toEqual([
      ['knowledge', ['LO 1|K 1', '-|K 2']],
      ['skills', ['LO 2|S 1']],
      ['autonomy', ['LO 3|-']],
    ]);
    expect(comparison.domainsOnOneSide).toEqual(['autonomy']);
    expect(comparison.levelDiffers).toBe(false);
    expect(comparison.pointsDiffer).toBe(false); // 10 and 9: 10 %
    expect(comparison.pointsDifference).toBe(-1);
    const other = compareUnits(a(), { ...unitOf(b.doc, b.unitId), eqfLevel: 5, points: 7 });
    expect(other.levelDiffers).toBe(true);
    expect(other.pointsDiffer).toBe(true); // 10 and 7: 30 %
  });

  it('counts points apart by more than 25 % of the larger', () => {
    expect(pointsDiffer(10, 7.5)).toBe(false);
    expect(pointsDiffer(10, 7.4)).toBe(true);
    expect(pointsDiffer(4, 5)).toBe(false);
    expect(pointsDiffer(3, 5)).toBe(true);
    expect(pointsDiffer(undefined, 5)).toBe(false);
    expect(pointsDiffer(0, 0)).toBe(false);
  });

  function unitOfHome() {
    return a();
  }
});

describe('the correspondence table', () => {
  it('lists each matched home unit beside its partner unit, with type, note, state and differences', () => {
    const a = home();
    const b = partner();
    const u2 = addNode(a.doc, { kind: 'unit', code: 'U 2', title: 'Colour hair', position: { x: 0, y: 0 } });
    setField(a.doc, u2, 'points', 20);
    setField(a.doc, u2, 'eqfLevel', 5);
    const pu8 = addNode(b.doc, { kind: 'unit', code: 'PU 8', title: 'Colouring', position: { x: 0, y: 0 } });
    setField(b.doc, pu8, 'points', 10);
    setField(b.doc, pu8, 'eqfLevel', 5);
    matchAcrossMaps(a.doc, { source: u2, targetMap: 'pm', target: unitOf(b.doc, pu8), matchType: 'related', note: 'Half the hours' });
    matchAcrossMaps(a.doc, { source: a.unitId, targetMap: 'pm', target: unitOf(b.doc, b.unitId), matchType: 'exact' });
    setField(b.doc, b.unitId, 'eqfLevel', 3);
    const targets: MatchTargets = new Map([['pm', unitsById(matchedUnits(snapshotOf(b.doc)))]]);
    const rows = correspondenceTable(snapshotOf(a.doc), { targets, targetMap: 'pm' });
    expect(rows.map((r) => [r.home.code, r.partner?.code, r.matchType, r.note, r.state, r.levelDiffers, r.pointsDiffer])).toEqual([
      ['U 1', 'PU 7', 'exact', '', 'changed', true, false],
      ['U 2', 'PU 8', 'related', 'Half the hours', 'current', false, true],
    ]);
    // Without the partner map's state: the snapshots, state unknown.
    const offline = correspondenceTable(snapshotOf(a.doc));
    expect(offline.map((r) => [r.partner?.eqfLevel, r.state])).toEqual([
      [4, 'unknown'],
      [5, 'unknown'],
    ]);
    expect(correspondenceTable(snapshotOf(a.doc), { targetMap: 'another' })).toEqual([]);
  });
});

describe('the unit-match checks', () => {
  function matchedPair(partnerFields: { points?: number; eqfLevel?: number }) {
    const a = home();
    const b = partner();
    matchAcrossMaps(a.doc, { source: a.unitId, targetMap: 'pm', target: unitOf(b.doc, b.unitId), matchType: 'exact' });
    if (partnerFields.points !== undefined) setField(b.doc, b.unitId, 'points', partnerFields.points);
    if (partnerFields.eqfLevel !== undefined) setField(b.doc, b.unitId, 'eqfLevel', partnerFields.eqfLevel);
    return { a, b };
  }
  const matchIssues = (doc: Y.Doc, matchTargets?: MatchTargets) =>
    checkMap({ ...snapshotOf(doc), ...(matchTargets ? { matchTargets } : {}) }).issues.filter((i) => i.rule.startsWith('unit-match')).map((i) => `${i.rule}/${i.code}`);
  const targetsOf = (doc: Y.Doc): MatchTargets => new Map([['pm', unitsById(matchedUnits(snapshotOf(doc)))]]);

  it('passes two units at one level with points within 25 %', () => {
    const { a, b } = matchedPair({});
    expect(matchIssues(a.doc, targetsOf(b.doc))).toEqual([]);
    expect(matchIssues(a.doc)).toEqual([]);
  });

  it('warns of another EQF level, naming both units', () => {
    const { a, b } = matchedPair({ eqfLevel: 5 });
    const issues = checkMap({ ...snapshotOf(a.doc), matchTargets: targetsOf(b.doc) }).issues.filter((i) => i.rule === 'unit-match');
    expect(issues.map((i) => i.code)).toEqual(['level-differs', 'target-changed']);
    const level = issues.find((i) => i.code === 'level-differs')!;
    expect(level.severity).toBe('warning');
    expect(level.nodeIds).toEqual([a.unitId]);
    expect(level.params).toMatchObject({ label: 'U 1 "Cut hair"', partner: 'PU 7 "Haircutting"', level: 4, partnerLevel: 5 });
    expect(level.message).toContain('U 1 "Cut hair"');
    expect(level.message).toContain('PU 7 "Haircutting"');
  });

  it('warns of points more than 25 % apart, and not of 25 % or less', () => {
    const apart = matchedPair({ points: 7 });
    expect(matchIssues(apart.a.doc, targetsOf(apart.b.doc))).toEqual(['unit-match/points-differ', 'unit-match/target-changed']);
    const { a, b } = matchedPair({ points: 7.5 });
    expect(matchIssues(a.doc, targetsOf(b.doc))).toEqual(['unit-match/target-changed']);
  });

  it('checks from the snapshot when the partner map cannot be read', () => {
    const a = home();
    const b = partner();
    setField(b.doc, b.unitId, 'eqfLevel', 6);
    matchAcrossMaps(a.doc, { source: a.unitId, targetMap: 'pm', target: unitOf(b.doc, b.unitId), matchType: 'exact' });
    expect(matchIssues(a.doc)).toEqual(['unit-match/level-differs']);
  });

  it('is an error when the matched unit or its map no longer exists', () => {
    const { a, b } = matchedPair({});
    removeElements(b.doc, { nodeIds: [unitMatches(snapshotOf(a.doc))[0]!.target] });
    const issues = checkMap({ ...snapshotOf(a.doc), matchTargets: targetsOf(b.doc) }).issues.filter((i) => i.rule.startsWith('unit-match'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ rule: 'unit-match-target', code: 'target-missing', severity: 'error', nodeIds: [a.unitId] });
    expect(issues[0]!.params.partner).toBe('PU 7 "Haircutting"');
    expect(matchIssues(a.doc, new Map([['pm', null]]))).toEqual(['unit-match-target/map-missing']);
  });

  it('checks matches inside one map from the map itself', () => {
    const a = home();
    const u2 = addNode(a.doc, { kind: 'unit', code: 'U 2', title: 'Other', position: { x: 0, y: 0 } });
    setField(a.doc, u2, 'eqfLevel', 4);
    setField(a.doc, u2, 'points', 10);
    connect(a.doc, { kind: 'matches', source: a.unitId, target: u2 });
    expect(matchIssues(a.doc)).toEqual([]);
    setField(a.doc, u2, 'points', 30);
    const issue = checkMap(snapshotOf(a.doc)).issues.find((i) => i.rule === 'unit-match')!;
    expect(issue.code).toBe('points-differ');
    expect(issue.nodeIds).toEqual([a.unitId, u2]);
  });
});
