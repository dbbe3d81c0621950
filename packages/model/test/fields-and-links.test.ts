import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MapView,
  RefusalReason,
  addNode,
  addNodes,
  connect,
  edgesOf,
  insertListItem,
  moveListItem,
  nodesOf,
  placeInUnit,
  proposeCode,
  removeElements,
  removeListItem,
  setField,
  setFieldOnNodes,
  setListItem,
} from '../src/index.js';
import { twoPeers } from './peers.js';

const at = { x: 0, y: 0 };
const read = (doc: Y.Doc, id: string) => new MapView(doc).snapshot.nodes.find((n) => n.id === id)!;

describe('fields', () => {
  it('stores each kind’s fields with the documented types', () => {
    const doc = new Y.Doc();
    const q = addNode(doc, { kind: 'qualification', title: 'Hairdresser', position: at, fields: { keyPurpose: 'Provide hair care', eqfLevel: 4, points: 180, programmeYears: 3, status: 'draft' } });
    const node = nodesOf(doc).get(q)!;
    expect(node.get('keyPurpose')).toBeInstanceOf(Y.Text);
    expect(node.get('eqfLevel')).toBe(4);
    expect(node.get('points')).toBe(180);
    const u = addNode(doc, { kind: 'unit', position: at, fields: { assessmentCriteria: ['Cuts to the agreed shape'] } });
    expect(nodesOf(doc).get(u)!.get('assessmentCriteria')).toBeInstanceOf(Y.Array);
    expect(read(doc, u).assessmentCriteria).toEqual(['Cuts to the agreed shape']);
  });

  it('refuses values that do not fit, and changes nothing', () => {
    const doc = new Y.Doc();
    const lo = addNode(doc, { kind: 'learningOutcome', position: at });
    let updates = 0;
    doc.on('update', () => updates++);
    expect(setField(doc, lo, 'eqfLevel', 9)).toMatchObject({ ok: false, reason: RefusalReason.InvalidValue });
    expect(setField(doc, lo, 'eqfLevel', 2.5)).toMatchObject({ ok: false, reason: RefusalReason.InvalidValue });
    expect(setField(doc, lo, 'domain', 'feelings')).toMatchObject({ ok: false, reason: RefusalReason.InvalidValue });
    expect(setField(doc, lo, 'transversal', 'yes')).toMatchObject({ ok: false, reason: RefusalReason.InvalidValue });
    expect(setField(doc, lo, 'points', 5)).toMatchObject({ ok: false, reason: RefusalReason.NoSuchField });
    expect(updates).toBe(0);
    expect(setField(doc, lo, 'domain', 'skills').ok).toBe(true);
    expect(setField(doc, lo, 'eqfLevel', '4').ok).toBe(true); // a number typed into a text box
    expect(read(doc, lo)).toMatchObject({ domain: 'skills', eqfLevel: 4 });
    expect(setField(doc, lo, 'eqfLevel', undefined).ok).toBe(true);
    expect(read(doc, lo).eqfLevel).toBeUndefined();
  });

  it('sets a field on every selected node that has it', () => {
    const doc = new Y.Doc();
    const ids = addNodes(doc, [
      { kind: 'learningOutcome', position: at },
      { kind: 'learningOutcome', position: at },
      { kind: 'workAction', position: at },
    ]);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(setFieldOnNodes(doc, ids, 'domain', 'knowledge').ok).toBe(true);
    expect(updates).toBe(1);
    expect(ids.map((id) => read(doc, id).domain)).toEqual(['knowledge', 'knowledge', undefined]);
  });

  it('edits criteria item by item, and concurrent edits of different items both survive', () => {
    const { a, b, sync } = twoPeers();
    const u = addNode(a, { kind: 'unit', position: at, fields: { assessmentCriteria: ['one', 'two', 'three'] } });
    sync();
    setListItem(a, u, 'assessmentCriteria', 0, 'ONE');
    setListItem(b, u, 'assessmentCriteria', 2, 'THREE');
    insertListItem(b, u, 'assessmentCriteria', 3, 'four');
    sync();
    expect(read(a, u).assessmentCriteria).toEqual(['ONE', 'two', 'THREE', 'four']);
    expect(read(b, u).assessmentCriteria).toEqual(read(a, u).assessmentCriteria);
    moveListItem(a, u, 'assessmentCriteria', 3, 0);
    removeListItem(a, u, 'assessmentCriteria', 1);
    expect(read(a, u).assessmentCriteria).toEqual(['four', 'two', 'THREE']);
    const fresh = addNode(a, { kind: 'workAction', position: at });
    expect(insertListItem(a, fresh, 'performanceCriteria', 0, 'Safe').ok).toBe(true);
    expect(read(a, fresh).performanceCriteria).toEqual(['Safe']);
  });
});

describe('codes', () => {
  it('proposes the next code per kind and lets people change it', () => {
    const doc = new Y.Doc();
    const [wa1, wa2] = addNodes(doc, [{ kind: 'workAction', position: at }, { kind: 'workAction', position: at }]);
    expect([read(doc, wa1!).code, read(doc, wa2!).code]).toEqual(['WA 1', 'WA 2']);
    addNode(doc, { kind: 'workAction', code: 'WA 10', position: at });
    expect(proposeCode(doc, 'workAction')).toBe('WA 11');
    expect(proposeCode(doc, 'learningOutcome')).toBe('LO 1');
    expect(read(doc, addNode(doc, { kind: 'unit', position: at })).code).toBe('U 1');
    setField(doc, wa1!, 'code', 'WA 1a');
    expect(read(doc, wa1!).code).toBe('WA 1a');
    expect(read(doc, addNode(doc, { kind: 'keyFunction', code: '', position: at })).code).toBe('');
  });
});

describe('links', () => {
  it('refuses links that make no sense, with the reason', () => {
    const doc = new Y.Doc();
    const [unit, fn, wa, lo] = addNodes(doc, [
      { kind: 'unit', position: at },
      { kind: 'keyFunction', position: at },
      { kind: 'workAction', position: at },
      { kind: 'learningOutcome', position: at },
    ]);
    expect(connect(doc, { kind: 'covers', source: unit!, target: fn! })).toMatchObject({ ok: false, reason: RefusalReason.KindsMismatch });
    expect(connect(doc, { kind: 'childOf', source: fn!, target: wa! })).toMatchObject({ ok: false, reason: RefusalReason.KindsMismatch });
    expect(connect(doc, { kind: 'partOf', source: wa!, target: unit! })).toMatchObject({ ok: false, reason: RefusalReason.KindsMismatch });
    expect(connect(doc, { kind: 'covers', source: lo!, target: wa! }).ok).toBe(true);
    expect(edgesOf(doc).size).toBe(1);
  });

  it('refuses a cycle among main functions', () => {
    const doc = new Y.Doc();
    const [m1, m2, m3] = addNodes(doc, [0, 1, 2].map(() => ({ kind: 'mainFunction' as const, position: at })));
    expect(connect(doc, { kind: 'childOf', source: m2!, target: m1! }).ok).toBe(true);
    expect(connect(doc, { kind: 'childOf', source: m3!, target: m2! }).ok).toBe(true);
    expect(connect(doc, { kind: 'childOf', source: m1!, target: m3! })).toMatchObject({ ok: false, reason: RefusalReason.Cycle });
  });

  it('re-parents a node instead of giving it two parents', () => {
    const doc = new Y.Doc();
    const [f1, f2, wa] = addNodes(doc, [
      { kind: 'mainFunction', position: at },
      { kind: 'mainFunction', position: at },
      { kind: 'workAction', position: at },
    ]);
    connect(doc, { kind: 'childOf', source: wa!, target: f1! });
    connect(doc, { kind: 'childOf', source: wa!, target: f2! });
    const childOf = [...edgesOf(doc).values()].filter((e) => e.get('kind') === 'childOf');
    expect(childOf.map((e) => e.get('target'))).toEqual([f2]);
  });
});

describe('outcome blocks', () => {
  it('puts an outcome into a unit at a position relative to the block, and out again where it was on screen', () => {
    const doc = new Y.Doc();
    const unit = addNode(doc, { kind: 'unit', position: { x: 1000, y: 500 } });
    const lo = addNode(doc, { kind: 'learningOutcome', position: { x: 10, y: 20 } });
    expect(placeInUnit(doc, lo, unit, { x: 16, y: 64 }).ok).toBe(true);
    expect(read(doc, lo).position).toEqual({ x: 16, y: 64 });
    expect([...edgesOf(doc).values()].map((e) => [e.get('kind'), e.get('source'), e.get('target')])).toEqual([['partOf', lo, unit]]);
    // Moving inside the block just moves it.
    expect(placeInUnit(doc, lo, unit, { x: 30, y: 90 }).ok).toBe(true);
    expect(edgesOf(doc).size).toBe(1);
    // Dragged out onto the canvas.
    expect(placeInUnit(doc, lo, null, { x: 700, y: 700 }).ok).toBe(true);
    expect(edgesOf(doc).size).toBe(0);
    expect(read(doc, lo).position).toEqual({ x: 700, y: 700 });
  });

  it('moves an outcome from one unit to another, never into two', () => {
    const doc = new Y.Doc();
    const [u1, u2, lo] = addNodes(doc, [
      { kind: 'unit', position: { x: 0, y: 0 } },
      { kind: 'unit', position: { x: 500, y: 0 } },
      { kind: 'learningOutcome', position: at },
    ]);
    connect(doc, { kind: 'partOf', source: lo!, target: u1! });
    connect(doc, { kind: 'partOf', source: lo!, target: u2! });
    expect([...edgesOf(doc).values()].map((e) => e.get('target'))).toEqual([u2]);
  });

  it('stacks outcomes linked by a handle below the block’s last one', () => {
    const doc = new Y.Doc();
    const [unit, a, b] = addNodes(doc, [
      { kind: 'unit', position: { x: 0, y: 0 } },
      { kind: 'learningOutcome', position: at },
      { kind: 'learningOutcome', position: at },
    ]);
    connect(doc, { kind: 'partOf', source: a!, target: unit! });
    connect(doc, { kind: 'partOf', source: b!, target: unit! });
    expect(read(doc, b!).position.y).toBeGreaterThan(read(doc, a!).position.y);
  });

  it('keeps an outcome where it was on screen when its unit is deleted', () => {
    const doc = new Y.Doc();
    const unit = addNode(doc, { kind: 'unit', position: { x: 300, y: 400 } });
    const lo = addNode(doc, { kind: 'learningOutcome', position: at });
    placeInUnit(doc, lo, unit, { x: 16, y: 64 });
    removeElements(doc, { nodeIds: [unit] });
    expect(read(doc, lo).position).toEqual({ x: 316, y: 464 });
  });
});
