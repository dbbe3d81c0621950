import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MapView,
  addChild,
  addNode,
  addSibling,
  childKindOf,
  connect,
  extractFragment,
  insertFragment,
  isFragment,
  placeInUnit,
  unitOf,
} from '../src/index.js';

const at = { x: 0, y: 0 };
const snapshot = (doc: Y.Doc) => new MapView(doc).snapshot;
const links = (doc: Y.Doc) => snapshot(doc).edges.map((e) => `${e.source} ${e.kind} ${e.target}`);

describe('add child and add sibling', () => {
  it('adds the natural child of each kind, linked to it', () => {
    const doc = new Y.Doc();
    const q = addNode(doc, { kind: 'qualification', position: at });
    const kf = addChild(doc, q, { x: 0, y: 200 })!;
    const mf = addChild(doc, kf, { x: 0, y: 400 })!;
    const wa = addChild(doc, mf, { x: 0, y: 600 })!;
    const lo = addChild(doc, wa, { x: 0, y: 800 })!;
    const kinds = new Map(snapshot(doc).nodes.map((n) => [n.id, n.kind]));
    expect([kf, mf, wa, lo].map((id) => kinds.get(id))).toEqual(['keyFunction', 'mainFunction', 'workAction', 'learningOutcome']);
    expect(links(doc)).toEqual([`${kf} childOf ${q}`, `${mf} childOf ${kf}`, `${wa} childOf ${mf}`, `${lo} covers ${wa}`]);
    expect(addChild(doc, lo, at)).toBeUndefined();
    expect(childKindOf('learningOutcome')).toBeUndefined();
  });

  it('adds an outcome inside a unit as the unit’s child', () => {
    const doc = new Y.Doc();
    const unit = addNode(doc, { kind: 'unit', position: { x: 500, y: 500 } });
    const lo = addChild(doc, unit, { x: 16, y: 64 })!;
    expect(unitOf(doc, lo)).toBe(unit);
    expect(snapshot(doc).nodes.find((n) => n.id === lo)!.position).toEqual({ x: 16, y: 64 });
  });

  it('adds a sibling under the same parent or in the same unit, with the next code', () => {
    const doc = new Y.Doc();
    const mf = addNode(doc, { kind: 'mainFunction', position: at });
    const wa = addChild(doc, mf, at)!;
    const sibling = addSibling(doc, wa, { x: 240, y: 0 })!;
    expect(links(doc)).toContain(`${sibling} childOf ${mf}`);
    expect(snapshot(doc).nodes.find((n) => n.id === sibling)!.code).toBe('WA 2');
    const unit = addNode(doc, { kind: 'unit', position: at });
    const lo = addNode(doc, { kind: 'learningOutcome', position: at });
    placeInUnit(doc, lo, unit, { x: 16, y: 64 });
    const next = addSibling(doc, lo, { x: 16, y: 174 })!;
    expect(unitOf(doc, next)).toBe(unit);
  });

  it('adds each structure in one update', () => {
    const doc = new Y.Doc();
    const q = addNode(doc, { kind: 'qualification', position: at });
    let updates = 0;
    doc.on('update', () => updates++);
    addChild(doc, q, at);
    expect(updates).toBe(1);
  });
});

describe('fragments (copy, duplicate, paste)', () => {
  it('copies nodes with their fields and the links among them, and pastes them with new ids', () => {
    const doc = new Y.Doc();
    const wa = addNode(doc, { kind: 'workAction', code: 'WA 1', title: 'Cut hair', position: { x: 10, y: 10 }, fields: { performanceCriteria: ['Even'] } });
    const lo = addNode(doc, { kind: 'learningOutcome', code: 'LO 1', title: 'Cut hair to shape', position: { x: 10, y: 200 }, fields: { domain: 'skills' } });
    const outside = addNode(doc, { kind: 'mainFunction', title: 'Cut', position: at });
    connect(doc, { kind: 'covers', source: lo, target: wa });
    connect(doc, { kind: 'childOf', source: wa, target: outside });
    const fragment = JSON.parse(JSON.stringify(extractFragment(doc, [wa, lo])));
    expect(isFragment(fragment)).toBe(true);
    expect(fragment.edges).toEqual([{ kind: 'covers', source: lo, target: wa }]);

    const other = new Y.Doc();
    addNode(other, { kind: 'workAction', code: 'WA 1', title: 'Existing', position: at });
    const pasted = insertFragment(other, fragment, { x: 100, y: 0 });
    const nodes = snapshot(other).nodes.filter((n) => pasted.includes(n.id));
    expect(nodes.map((n) => [n.code, n.title, n.position.x])).toEqual([
      ['WA 2', 'Cut hair', 110], // WA 1 was taken in this map
      ['LO 1', 'Cut hair to shape', 110],
    ]);
    expect(nodes[0]!.performanceCriteria).toEqual(['Even']);
    expect(nodes[1]!.domain).toBe('skills');
    expect(links(other)).toEqual([`${pasted[1]} covers ${pasted[0]}`]);
    expect(pasted).not.toContain(wa);
  });

  it('pastes twice into the same map without clashing codes', () => {
    const doc = new Y.Doc();
    const a = addNode(doc, { kind: 'unit', position: at });
    const fragment = extractFragment(doc, [a]);
    insertFragment(doc, fragment, { x: 50, y: 50 });
    insertFragment(doc, fragment, { x: 100, y: 100 });
    expect(snapshot(doc).nodes.map((n) => n.code).sort()).toEqual(['U 1', 'U 2', 'U 3']);
  });

  it('keeps a copied unit’s outcomes inside the copy', () => {
    const doc = new Y.Doc();
    const unit = addNode(doc, { kind: 'unit', position: { x: 0, y: 0 } });
    const lo = addNode(doc, { kind: 'learningOutcome', position: at });
    placeInUnit(doc, lo, unit, { x: 16, y: 64 });
    const [newUnit, newLo] = insertFragment(doc, extractFragment(doc, [unit, lo]), { x: 400, y: 0 });
    expect(unitOf(doc, newLo!)).toBe(newUnit);
    const byId = new Map(snapshot(doc).nodes.map((n) => [n.id, n]));
    expect(byId.get(newUnit!)!.position).toEqual({ x: 400, y: 0 });
    expect(byId.get(newLo!)!.position).toEqual({ x: 16, y: 64 });
  });

  it('refuses things that are not fragments', () => {
    for (const value of [null, 3, {}, { format: 'qms-fragment', version: 2, nodes: [], edges: [] }, { format: 'x' }]) expect(isFragment(value)).toBe(false);
  });
});

describe('fragments carry translations', () => {
  it('into a map written in the same language, for the languages it is translated into; not into a map in another language', async () => {
    const { addTargetLanguage, initMapDocument, setTranslation, snapshotOf, translationStatus } = await import('../src/index.js');
    const from = new Y.Doc();
    initMapDocument(from, { title: 'From', language: 'en' });
    addTargetLanguage(from, 'ru');
    addTargetLanguage(from, 'lt');
    const lo = addNode(from, { kind: 'learningOutcome', title: 'Weld a fillet joint', position: at });
    expect(setTranslation(from, lo, 'ru', 'title', 'Сваривать угловой шов').ok).toBe(true);
    expect(setTranslation(from, lo, 'lt', 'title', 'Suvirinti kampinę siūlę').ok).toBe(true);
    const fragment = JSON.parse(JSON.stringify(extractFragment(from, [lo]))) as ReturnType<typeof extractFragment>;
    expect(fragment.language).toBe('en');

    const into = new Y.Doc();
    initMapDocument(into, { title: 'Into', language: 'en' });
    addTargetLanguage(into, 'ru');
    const [pasted] = insertFragment(into, fragment, at);
    const node = snapshotOf(into).nodes.find((n) => n.id === pasted)!;
    expect(node.translations?.ru?.title?.value).toBe('Сваривать угловой шов');
    expect(translationStatus(node, 'ru', 'title')).toBe('current');
    expect(node.translations?.lt).toBeUndefined(); // not a language of this map

    const russian = new Y.Doc();
    initMapDocument(russian, { title: 'По-русски', language: 'ru' });
    addTargetLanguage(russian, 'en');
    const [other] = insertFragment(russian, fragment, at);
    expect(snapshotOf(russian).nodes.find((n) => n.id === other)!.translations?.en?.title?.value ?? '').toBe('');
  });
});
