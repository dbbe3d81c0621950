import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNodes, connect, createUndoManager, initMapDocument, nodesOf, planRenumber, previousCodes, renumber, snapshotOf, type NewNode } from '../src/index.js';

const SEED = { seed: true };

/**
 * A map whose codes are shuffled against its tree: Q ← KF "KF 7" (left) and "KF 2" (right); under
 * the left one MF "MF 9" (lower) and "MF 3" (upper), the upper holding WA "WA 5" (lower) and
 * "WA 8" (upper); a unit "U 4" whose outcomes "LO 9" (lower) and "LO 2" (upper) cover those.
 */
function shuffledMap() {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: 'Shuffled', language: 'en' });
  const at = (x: number, y: number) => ({ x, y });
  const specs: NewNode[] = [
    { id: 'q', kind: 'qualification', code: 'Q 1', title: 'Q', position: at(0, 0) },
    { id: 'kfLeft', kind: 'keyFunction', code: 'KF 7', title: 'Left', position: at(0, 200) },
    { id: 'kfRight', kind: 'keyFunction', code: 'KF 2', title: 'Right', position: at(400, 200) },
    { id: 'mfLower', kind: 'mainFunction', code: 'MF 9', title: 'Lower', position: at(20, 500) },
    { id: 'mfUpper', kind: 'mainFunction', code: 'MF 3', title: 'Upper', position: at(20, 300) },
    { id: 'waLower', kind: 'workAction', code: 'WA 5', title: 'Lower', position: at(40, 450) },
    { id: 'waUpper', kind: 'workAction', code: 'WA 8', title: 'Upper', position: at(40, 400) },
    { id: 'waRight', kind: 'workAction', code: '', title: 'Right', position: at(420, 300) },
    { id: 'u', kind: 'unit', code: 'U 4', title: 'Unit', position: at(0, 900) },
    { id: 'loLower', kind: 'learningOutcome', code: 'LO 9', title: 'Lower', position: at(0, 0) },
    { id: 'loUpper', kind: 'learningOutcome', code: 'LO 2', title: 'Upper', position: at(0, 0) },
    { id: 'loLoose', kind: 'learningOutcome', code: 'LO 1', title: 'Loose', position: at(800, 900) },
  ];
  addNodes(doc, specs, SEED);
  const link = (kind: 'childOf' | 'covers' | 'partOf', source: string, target: string, position?: { x: number; y: number }) => {
    const result = connect(doc, { kind, source, target, ...(position ? { position } : {}) }, SEED);
    if (!result.ok) throw new Error(result.message);
  };
  link('childOf', 'kfLeft', 'q');
  link('childOf', 'kfRight', 'q');
  link('childOf', 'mfLower', 'kfLeft');
  link('childOf', 'mfUpper', 'kfLeft');
  link('childOf', 'waLower', 'mfUpper');
  link('childOf', 'waUpper', 'mfUpper');
  link('childOf', 'waRight', 'kfRight');
  link('partOf', 'loLower', 'u', { x: 10, y: 200 });
  link('partOf', 'loUpper', 'u', { x: 10, y: 60 });
  link('covers', 'loLower', 'waUpper');
  link('covers', 'loUpper', 'waLower');
  link('covers', 'loLoose', 'waRight');
  return doc;
}

const codes = (doc: Y.Doc) => Object.fromEntries(snapshotOf(doc).nodes.map((n) => [n.id, n.code]));

describe('renumber', () => {
  it('sets codes to follow the tree order, keeps the old ones, and undoes in one step', () => {
    const doc = shuffledMap();
    const before = codes(doc);
    const me = { person: 'facilitator' };
    const undo = createUndoManager(doc, me, 0);
    const result = renumber(doc, {}, me);
    expect(codes(doc)).toEqual({
      q: 'Q 1',
      kfLeft: 'KF 1',
      kfRight: 'KF 2',
      mfUpper: 'MF 1.1',
      mfLower: 'MF 1.2',
      waUpper: 'WA 1.1.1',
      waLower: 'WA 1.1.2',
      waRight: 'WA 2.1',
      u: 'U 1',
      loUpper: 'LO 1',
      loLower: 'LO 2',
      loLoose: 'LO 3',
    });
    expect(result.changed.map((c) => c.id)).not.toContain('kfRight'); // KF 2 already
    const node = (id: string) => nodesOf(doc).get(id)!;
    expect(previousCodes(node('kfLeft'))).toEqual(['KF 7']);
    expect(previousCodes(node('waRight'))).toEqual([]); // it had no code
    expect(snapshotOf(doc).nodes.find((n) => n.id === 'mfUpper')!.previousCodes).toEqual(['MF 3']);

    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(codes(doc)).toEqual(before);
    expect(previousCodes(node('kfLeft'))).toEqual([]);
    undo.redo();
    expect(codes(doc).waLower).toBe('WA 1.1.2');
  });

  it('a second renumbering changes nothing; a reordering renumbers and keeps the history', () => {
    const doc = shuffledMap();
    renumber(doc);
    expect(renumber(doc).changed).toEqual([]);
    // The facilitator puts "Right" first (its place among its siblings).
    doc.transact(() => {
      nodesOf(doc).get('kfRight')!.set('sequence', 1);
      nodesOf(doc).get('kfLeft')!.set('sequence', 2);
    });
    renumber(doc);
    expect(codes(doc)).toMatchObject({ kfRight: 'KF 1', kfLeft: 'KF 2', waRight: 'WA 1.1', waUpper: 'WA 2.1.1' });
    expect(previousCodes(nodesOf(doc).get('kfLeft')!)).toEqual(['KF 7', 'KF 1']);
    // Outcomes in units first, then those outside units.
    expect(codes(doc)).toMatchObject({ loUpper: 'LO 1', loLower: 'LO 2', loLoose: 'LO 3' });
  });

  it("keeps the map's own prefixes, and numbers flat when asked", () => {
    const doc = shuffledMap();
    doc.transact(() => {
      for (const [id, code] of [['kfLeft', 'ТФ-7'], ['kfRight', 'ТФ-2'], ['mfLower', 'MF 9']] as const) nodesOf(doc).get(id)!.set('code', code);
    });
    renumber(doc);
    expect(codes(doc)).toMatchObject({ kfLeft: 'ТФ-1', kfRight: 'ТФ-2', mfUpper: 'MF 1.1' });
    renumber(doc, { scheme: 'flat', prefixes: { workAction: 'TD' } });
    expect(codes(doc)).toMatchObject({ kfLeft: 'ТФ-1', mfUpper: 'MF 1', mfLower: 'MF 2', waUpper: 'TD1', waLower: 'TD2', waRight: 'TD3' });
  });
  it('previews the same changes without touching the document', () => {
    const doc = shuffledMap();
    const before = Y.encodeStateVector(doc);
    const plan = planRenumber(doc);
    expect(plan.changed.length).toBeGreaterThan(0);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    expect(renumber(doc).changed).toEqual(plan.changed);
    expect(planRenumber(doc).changed).toEqual([]);
  });
});
