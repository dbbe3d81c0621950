import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { KINDS, MapView, addChild, addLinked, addNode, addSibling, childRulesOf, connect, linkForNew, placeInUnit, registerKind, unitOf } from '../src/index.js';

const at = { x: 0, y: 0 };
const snapshot = (doc: Y.Doc) => new MapView(doc).snapshot;
const links = (doc: Y.Doc) => snapshot(doc).edges.map((e) => `${e.source} ${e.kind} ${e.target}`);

/** Qualification → key function → main function → work action ← outcome, and a unit. */
function tree() {
  const doc = new Y.Doc();
  const q = addNode(doc, { kind: 'qualification', position: at });
  const kf = addChild(doc, q, at)!;
  const mf = addChild(doc, kf, at)!;
  const wa = addChild(doc, mf, at)!;
  const lo = addChild(doc, wa, at)!;
  const unit = addNode(doc, { kind: 'unit', position: at });
  return { doc, q, kf, mf, wa, lo, unit };
}

describe('the kinds Tab may add under a node', () => {
  it('offers the natural child first, then every kind the tree lets link to it', () => {
    expect(childRulesOf('qualification')).toEqual([
      { kind: 'keyFunction', link: 'childOf' },
      { kind: 'mainFunction', link: 'childOf' },
      { kind: 'workAction', link: 'childOf' },
    ]);
    expect(childRulesOf('keyFunction')).toEqual([
      { kind: 'mainFunction', link: 'childOf' },
      { kind: 'workAction', link: 'childOf' },
    ]);
    expect(childRulesOf('workAction')).toEqual([{ kind: 'learningOutcome', link: 'covers' }]);
    expect(childRulesOf('unit')).toEqual([{ kind: 'learningOutcome', link: 'partOf' }]);
    expect(childRulesOf('learningOutcome')).toEqual([]);
  });

  it('offers a kind registered later whose links allow it, from the table alone', () => {
    const forget = registerKind('safetyNote', { ...KINDS.workAction, label: 'Safety note', codePrefix: 'SN', child: undefined, links: { childOf: ['workAction'] } });
    try {
      expect(childRulesOf('workAction')).toEqual([
        { kind: 'learningOutcome', link: 'covers' },
        { kind: 'safetyNote', link: 'childOf' },
      ]);
    } finally {
      forget();
    }
  });

  it('adds the kind picked from the menu, linked, and refuses one the tree does not allow', () => {
    const { doc, kf } = tree();
    const wa = addChild(doc, kf, at, undefined, 'workAction')!;
    expect(links(doc)).toContain(`${wa} childOf ${kf}`);
    expect(addChild(doc, kf, at, undefined, 'learningOutcome')).toBeUndefined();
  });
});

describe('what a node added with a selection links to', () => {
  it('links to the selection the way the tree allows', () => {
    const { doc, kf, mf, wa, unit } = tree();
    const s = snapshot(doc);
    expect(linkForNew(s, 'workAction', kf)).toEqual({ link: 'childOf', target: kf });
    expect(linkForNew(s, 'workAction', mf)).toEqual({ link: 'childOf', target: mf });
    expect(linkForNew(s, 'learningOutcome', wa)).toEqual({ link: 'covers', target: wa });
    expect(linkForNew(s, 'learningOutcome', unit)).toEqual({ link: 'partOf', target: unit });
  });

  it('goes up from the selection to the nearest node that allows the link', () => {
    const { doc, q, mf, wa, lo } = tree();
    const s = snapshot(doc);
    expect(linkForNew(s, 'keyFunction', wa)).toEqual({ link: 'childOf', target: q });
    // An outcome goes up through the work action it covers.
    expect(linkForNew(s, 'keyFunction', lo)).toEqual({ link: 'childOf', target: q });
    expect(linkForNew(s, 'workAction', lo)).toEqual({ link: 'childOf', target: mf });
    // A main function may sit under another: the nearest one takes it.
    expect(linkForNew(s, 'mainFunction', wa)).toEqual({ link: 'childOf', target: mf });
  });

  it('with nothing fitting selected, links to the only node it may (a new map’s qualification)', () => {
    const doc = new Y.Doc();
    const q = addNode(doc, { kind: 'qualification', position: at });
    expect(linkForNew(snapshot(doc), 'keyFunction')).toEqual({ link: 'childOf', target: q });
    addNode(doc, { kind: 'qualification', position: at });
    expect(linkForNew(snapshot(doc), 'keyFunction')).toBeUndefined();
    expect(linkForNew(snapshot(doc), 'unit', q)).toBeUndefined();
  });

  it('adds the node and its link in one update; inside a unit at a position relative to it', () => {
    const { doc, wa, unit } = tree();
    let updates = 0;
    doc.on('update', () => updates++);
    const lo = addLinked(doc, { kind: 'learningOutcome', position: at }, linkForNew(snapshot(doc), 'learningOutcome', wa));
    expect(updates).toBe(1);
    expect(links(doc)).toContain(`${lo} covers ${wa}`);
    const inUnit = addLinked(doc, { kind: 'learningOutcome', position: { x: 16, y: 64 } }, { link: 'partOf', target: unit });
    expect(unitOf(doc, inUnit)).toBe(unit);
  });
});

describe('a sibling copies the links that place it', () => {
  it('keeps an outcome’s covers links and its unit', () => {
    const { doc, wa, lo, unit } = tree();
    const other = addNode(doc, { kind: 'workAction', position: at });
    connect(doc, { kind: 'covers', source: lo, target: other });
    placeInUnit(doc, lo, unit, { x: 16, y: 64 });
    const next = addSibling(doc, lo, { x: 16, y: 174 })!;
    expect(links(doc)).toEqual(expect.arrayContaining([`${next} covers ${wa}`, `${next} covers ${other}`]));
    expect(unitOf(doc, next)).toBe(unit);
  });
});
