import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MapView,
  addNode,
  childRulesOf,
  connect,
  kindSpec,
  edgeAllowed,
  graphOf,
  holdsMembers,
  initMapDocument,
  layoutMap,
  placeInUnit,
  linkForNew,
  relationBetween,
  removeElements,
  setField,
  snapshotOf,
} from '../src/index.js';

function map() {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: 'Groups', language: 'en' });
  const u1 = addNode(doc, { kind: 'unit', title: 'Cutting', position: { x: 400, y: 300 }, fields: { points: 30 } });
  const u2 = addNode(doc, { kind: 'unit', title: 'Styling', position: { x: 700, y: 300 }, fields: { points: 30 } });
  const g = addNode(doc, { kind: 'unitGroup', title: 'Elective units', position: { x: 100, y: 100 } });
  return { doc, u1, u2, g };
}

describe('unit groups and prerequisites in the document', () => {
  it('a unit group is a kind with optional, minPoints and minUnits; its code starts with G', () => {
    const { doc, g } = map();
    expect(setField(doc, g, 'optional', true).ok).toBe(true);
    expect(setField(doc, g, 'minPoints', 15).ok).toBe(true);
    expect(setField(doc, g, 'minUnits', 1).ok).toBe(true);
    const bad = setField(doc, g, 'minUnits', 1.5);
    expect(bad.ok).toBe(false);
    expect(setField(doc, g, 'minPoints', -1).ok).toBe(false);
    const group = snapshotOf(doc).nodes.find((n) => n.id === g)!;
    expect(group).toMatchObject({ kind: 'unitGroup', code: 'G 1', optional: true, minPoints: 15, minUnits: 1 });
  });

  it('a unit is partOf one group and keeps its absolute position; the group is a card, not a block', () => {
    const { doc, u1, u2, g } = map();
    expect(edgeAllowed('partOf', 'unit', 'unitGroup')).toBe(true);
    expect(edgeAllowed('partOf', 'learningOutcome', 'unitGroup')).toBe(false);
    expect(holdsMembers('unit')).toBe(true);
    expect(holdsMembers('unitGroup')).toBe(false);
    expect(connect(doc, { kind: 'partOf', source: u1, target: g }).ok).toBe(true);
    expect(connect(doc, { kind: 'partOf', source: u2, target: g }).ok).toBe(true);
    const snapshot = snapshotOf(doc);
    expect(snapshot.nodes.find((n) => n.id === u1)!.position).toEqual({ x: 400, y: 300 });
    expect(graphOf(snapshot).unitOf(u1)).toBeUndefined();
    expect(graphOf(snapshot).sources('partOf', g).map((n) => n.id)).toEqual([u1, u2]);
    // One group per unit: linking again moves it, and the position stays.
    const g2 = addNode(doc, { kind: 'unitGroup', title: 'Mandatory units', position: { x: 0, y: 0 } });
    connect(doc, { kind: 'partOf', source: u1, target: g2 });
    const moved = snapshotOf(doc);
    expect(moved.edges.filter((e) => e.kind === 'partOf' && e.source === u1).map((e) => e.target)).toEqual([g2]);
    expect(moved.nodes.find((n) => n.id === u1)!.position).toEqual({ x: 400, y: 300 });
    // Taking the unit out of its group leaves it where it is.
    removeElements(doc, { edgeIds: moved.edges.filter((e) => e.source === u1 && e.kind === 'partOf').map((e) => e.id) });
    expect(snapshotOf(doc).nodes.find((n) => n.id === u1)!.position).toEqual({ x: 400, y: 300 });
  });

  it('an outcome in a unit of a group stays relative to its unit', () => {
    const { doc, u1, g } = map();
    connect(doc, { kind: 'partOf', source: u1, target: g });
    const lo = addNode(doc, { kind: 'learningOutcome', title: 'Cut hair', position: { x: 0, y: 0 } });
    placeInUnit(doc, lo, u1, { x: 12, y: 40 });
    const graph = graphOf(snapshotOf(doc));
    expect(graph.unitOf(lo)?.id).toBe(u1);
  });

  it('requires joins two units, never anything else; a drawn line unit → group is partOf', () => {
    const { doc, u1, u2, g } = map();
    expect(connect(doc, { kind: 'requires', source: u2, target: u1 }).ok).toBe(true);
    expect(connect(doc, { kind: 'requires', source: u2, target: u1 })).toMatchObject({ ok: false });
    expect(connect(doc, { kind: 'requires', source: u1, target: u1 })).toMatchObject({ ok: false });
    const refused = connect(doc, { kind: 'requires', source: u1, target: g });
    expect(refused.ok).toBe(false);
    expect(snapshotOf(doc).edges.filter((e) => e.kind === 'requires')).toHaveLength(1);
    expect(relationBetween({ id: u1, kind: 'unit' }, { id: g, kind: 'unitGroup' })).toMatchObject({ ok: true, kind: 'partOf', source: u1, target: g });
    expect(relationBetween({ id: g, kind: 'unitGroup' }, { id: u1, kind: 'unit' })).toMatchObject({ ok: true, kind: 'partOf', source: u1, target: g });
  });

  it('a new unit goes into a group only when the group is selected; Tab on a group offers a unit in it', () => {
    const { doc, u1, g } = map();
    const snapshot = snapshotOf(doc);
    // The map's only group is no default home for a unit added from the toolbar.
    expect(linkForNew(snapshot, 'unit')).toBeUndefined();
    expect(linkForNew(snapshot, 'unit', g)).toEqual({ link: 'partOf', target: g });
    expect(linkForNew(snapshot, 'unit', u1)).toBeUndefined();
    // Nothing is a child of a unit that puts it in a group.
    expect(childRulesOf('unitGroup')).toEqual([{ kind: 'unit', link: 'partOf' }]);
    expect(kindSpec('unitGroup')!.toolbar).toBe(false);
  });

  it('tidy-up puts a group card over its units, the units set in under it in one column', () => {
    const { doc, u1, u2, g } = map();
    connect(doc, { kind: 'partOf', source: u1, target: g });
    connect(doc, { kind: 'partOf', source: u2, target: g });
    const view = new MapView(doc);
    const positions = layoutMap(view.snapshot);
    view.destroy();
    const [pg, p1, p2] = [positions.get(g)!, positions.get(u1)!, positions.get(u2)!];
    expect(p1.x).toBe(p2.x);
    expect(p1.x).toBeGreaterThan(pg.x);
    expect(pg.y).toBeLessThan(p1.y);
    expect(p1.y).toBeLessThan(p2.y);
  });
});
