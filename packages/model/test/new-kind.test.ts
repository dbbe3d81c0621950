import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MapEditor,
  RefusalReason,
  buildHairdresser,
  checkMap,
  edgeAllowed,
  fieldsOf,
  graphOf,
  hasField,
  holdsMembers,
  inTree,
  kindSpec,
  kindsInLens,
  kindsWithField,
  knownKinds,
  layoutMap,
  registerKind,
  relationBetween,
  snapshotOf,
  type KindSpec,
  type MapSnapshot,
} from '../src/index.js';

/**
 * Kinds this version has never heard of, taught at run time: every part of the model must read a
 * kind from the kind table (kinds.ts), so that adding one is a change in one place.
 *
 * - an idea card: no code, no links, not checked, not exported;
 * - an element (UK functional analysis: the parts of a unit of competence), below a work action:
 *   a code prefix, a field, a `childOf` link into the tree, checked and exported.
 */
const IDEA_CARD: KindSpec = {
  label: 'Idea card',
  codePrefix: '',
  treeLevel: null,
  fields: [],
  links: {},
  lenses: ['teacher'],
  checked: false,
  exported: false,
  caseItemType: null,
  size: { width: 180, height: 80 },
  color: '#6b7280',
};

const ELEMENT: KindSpec = {
  label: 'Element',
  codePrefix: 'EL',
  treeLevel: 4,
  fields: ['performanceCriteria'],
  links: { childOf: ['workAction'] },
  lenses: ['employer', 'teacher'],
  checked: true,
  exported: true,
  caseItemType: { title: 'Element', description: 'A part of a work action (functional analysis).' },
  size: { width: 200, height: 80 },
  color: '#0e7490',
};

let forget: Array<() => void> = [];
beforeEach(() => {
  forget = [registerKind('ideaCard', IDEA_CARD), registerKind('element', ELEMENT)];
});
afterEach(() => {
  for (const unregister of forget) unregister();
});

const at = { x: 0, y: 0 };

/** The hairdresser sample, then the same map with an idea card and two elements under WA 1. */
function maps() {
  const doc = new Y.Doc();
  buildHairdresser(doc);
  const base = snapshotOf(doc);
  const wa1 = base.nodes.find((n) => n.code === 'WA 1')!;
  const editor = new MapEditor(doc, 'test');
  const idea = editor.addNode({ kind: 'ideaCard', title: 'Ask the salon owners about beard care', position: at });
  const first = editor.addNode({ kind: 'element', title: 'Ask open questions', position: at });
  const second = editor.addNode({ kind: 'element', title: 'Record the answers', position: at });
  for (const element of [first, second]) expect(editor.connect({ kind: 'childOf', source: element, target: wa1.id }).ok).toBe(true);
  return { doc, editor, base, withKinds: snapshotOf(doc), wa1: wa1.id, idea, first, second };
}

const without = (snapshot: MapSnapshot, kinds: string[]) => ({
  ...snapshot,
  nodes: snapshot.nodes.filter((n) => !kinds.includes(n.kind)),
});

describe('a kind taught at run time', () => {
  it('has its fields, lenses and place in the table', () => {
    expect(knownKinds().slice(-2)).toEqual(['ideaCard', 'element']);
    expect(fieldsOf('ideaCard')).toEqual(['code', 'title']);
    expect(fieldsOf('element')).toEqual(['code', 'title', 'performanceCriteria']);
    expect(hasField('element', 'points')).toBe(false);
    expect(kindsWithField('performanceCriteria')).toEqual(['workAction', 'element']);
    expect(kindsInLens('employer')).toContain('element');
    expect(kindsInLens('employer')).not.toContain('ideaCard');
    expect([inTree('element'), inTree('ideaCard'), holdsMembers('element'), holdsMembers('unit')]).toEqual([true, false, false, true]);
  });

  it('is edited like any other kind: codes, titles and fields', () => {
    const { doc, editor, idea, first, second } = maps();
    const read = (id: string) => snapshotOf(doc).nodes.find((n) => n.id === id)!;
    expect([read(idea).code, read(first).code, read(second).code]).toEqual(['', 'EL 1', 'EL 2']);
    expect(editor.setText(idea, 'title', 'Ask about beards').ok).toBe(true);
    expect(editor.setText(first, 'title', 'Ask open questions first').ok).toBe(true);
    expect(editor.setField(first, 'performanceCriteria', ['The client answers freely']).ok).toBe(true);
    expect(editor.setField(idea, 'performanceCriteria', ['x'])).toMatchObject({ ok: false, reason: RefusalReason.NoSuchField });
    expect(editor.setField(first, 'points', 3)).toMatchObject({ ok: false, reason: RefusalReason.NoSuchField });
    expect(read(idea).title).toBe('Ask about beards');
    expect(read(first)).toMatchObject({ title: 'Ask open questions first', performanceCriteria: ['The client answers freely'] });
    expect(read(idea)).not.toHaveProperty('performanceCriteria');
  });

  it('is linked as its links say, and no other way', () => {
    const { editor, wa1, idea, first } = maps();
    expect(edgeAllowed('childOf', 'element', 'workAction')).toBe(true);
    expect(edgeAllowed('childOf', 'element', 'mainFunction')).toBe(false);
    expect(edgeAllowed('childOf', 'workAction', 'element')).toBe(false);
    expect(relationBetween({ id: 'w', kind: 'workAction' }, { id: 'e', kind: 'element' })).toEqual({ ok: true, kind: 'childOf', source: 'e', target: 'w' });
    expect(relationBetween({ id: 'i', kind: 'ideaCard' }, { id: 'w', kind: 'workAction' }).ok).toBe(false);
    expect(editor.connect({ kind: 'childOf', source: idea, target: wa1 })).toMatchObject({ ok: false, reason: RefusalReason.KindsMismatch });
    expect(editor.connect({ kind: 'covers', source: first, target: wa1 })).toMatchObject({ ok: false, reason: RefusalReason.KindsMismatch });
  });

  it('takes its place in the graph index and the layout', () => {
    const { withKinds, wa1, idea, first, second } = maps();
    const graph = graphOf(withKinds);
    expect(graph.parentOf(first)?.id).toBe(wa1);
    expect(graph.childrenOf(wa1).map((n) => n.id)).toEqual([first, second]);
    expect(graph.qualificationsOf(second).map((n) => n.kind)).toEqual(['qualification']);
    expect(graph.roots().map((n) => n.kind)).toEqual(['qualification']);
    expect(graph.ofKind('ideaCard').map((n) => n.id)).toEqual([idea]);
    const positions = layoutMap(withKinds);
    expect(positions.size).toBe(withKinds.nodes.length);
    expect(positions.get(first)!.y).toBeGreaterThan(positions.get(wa1)!.y);
  }, 20_000); // the tidy-up layout of the whole sample

  it('is left to the checks as the table says: an unchecked kind ignored, a checked one counted', () => {
    const { base, withKinds } = maps();
    const before = checkMap(base);
    const after = checkMap(withKinds);
    // Nothing is said about either kind, and nothing else changes.
    expect(after.issues).toEqual(before.issues);
    expect(after.stats.uncheckedNodes).toBe(1);
    expect(after.stats.unknownNodes).toBe(0);
    expect(after.stats.counts.element).toBe(2);
    expect(after.stats.counts.ideaCard).toBeUndefined();
    const { counts, uncheckedNodes, ...rest } = after.stats;
    const { counts: baseCounts, uncheckedNodes: baseUnchecked, ...baseRest } = before.stats;
    expect(rest).toEqual(baseRest);
    expect({ ...counts, element: undefined }).toEqual({ ...baseCounts, element: undefined });
    expect([uncheckedNodes, baseUnchecked]).toEqual([1, 0]);
    // Once forgotten, the same nodes are of a kind this version does not know.
    for (const unregister of forget) unregister();
    expect(kindSpec('element')).toBeUndefined();
    expect(checkMap(withKinds).stats).toMatchObject({ unknownNodes: 3, uncheckedNodes: 0 });
    expect(checkMap(withKinds).issues).toEqual(before.issues);
    forget = [];
  });

  it('lets no link of an unchecked kind count in the checks', () => {
    const forgetNote = registerKind('note', { ...IDEA_CARD, label: 'Note', links: { covers: ['workAction'] } });
    try {
      const doc = new Y.Doc();
      buildHairdresser(doc);
      const editor = new MapEditor(doc, 'test');
      const wa = editor.addNode({ kind: 'workAction', title: 'Sweep the floor', position: at });
      const note = editor.addNode({ kind: 'note', title: 'Who teaches this?', position: at });
      expect(editor.connect({ kind: 'covers', source: note, target: wa }).ok).toBe(true);
      const snapshot = snapshotOf(doc);
      const uncovered = (s: MapSnapshot) => checkMap(s).issues.filter((i) => i.rule === 'coverage').map((i) => i.nodeIds[0]);
      // The note covers the work action by the table's links, but the checks do not look at notes.
      expect(graphOf(snapshot).coveredBy(wa).map((n) => n.id)).toEqual([note]);
      expect(uncovered(snapshot)).toContain(wa);
      expect(checkMap(snapshot).issues).toEqual(checkMap(without(snapshot, ['note'])).issues);
    } finally {
      forgetNote();
    }
  });
});
