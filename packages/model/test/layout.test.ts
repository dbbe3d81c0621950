import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MapView, buildHairdresser, buildRuecvetCourse, compareCodes, layoutMap, moveNodes, type MapSnapshot } from '../src/index.js';

function laidOut(build: (doc: Y.Doc) => void) {
  const doc = new Y.Doc();
  build(doc);
  const snapshot = new MapView(doc).snapshot;
  return { snapshot, positions: layoutMap(snapshot), doc };
}

/** Absolute rectangles: an outcome in a unit is placed relative to the unit's block. */
function rectangles(snapshot: MapSnapshot, positions: Map<string, { x: number; y: number }>) {
  const unitOf = new Map(snapshot.edges.filter((e) => e.kind === 'partOf').map((e) => [e.source, e.target]));
  return snapshot.nodes
    .filter((n) => n.kind !== 'unit')
    .map((n) => {
      const p = positions.get(n.id)!;
      const unit = unitOf.get(n.id);
      const base = unit ? positions.get(unit)! : { x: 0, y: 0 };
      return { id: n.id, kind: n.kind, x: base.x + p.x, y: base.y + p.y, width: n.kind === 'qualification' ? 280 : 220, height: 90 };
    });
}

describe('layoutMap (tidy up)', () => {
  it('places every node, parents above children and work actions above the outcomes that cover them', () => {
    const { snapshot, positions } = laidOut(buildHairdresser);
    expect(positions.size).toBe(snapshot.nodes.length);
    const y = (id: string) => positions.get(id)!.y;
    for (const edge of snapshot.edges.filter((e) => e.kind === 'childOf')) expect(y(edge.target)).toBeLessThan(y(edge.source));
    const unitOf = new Map(snapshot.edges.filter((e) => e.kind === 'partOf').map((e) => [e.source, e.target]));
    for (const edge of snapshot.edges.filter((e) => e.kind === 'covers')) {
      const below = unitOf.get(edge.source) ?? edge.source;
      expect(y(edge.target)).toBeLessThan(y(below));
    }
  });

  it('never lets two cards overlap', () => {
    for (const build of [buildHairdresser, buildRuecvetCourse]) {
      const { snapshot, positions } = laidOut(build);
      const rects = rectangles(snapshot, positions);
      for (let i = 0; i < rects.length; i++) {
        for (let j = i + 1; j < rects.length; j++) {
          const a = rects[i]!;
          const b = rects[j]!;
          const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
          expect(overlap, `${a.kind} ${a.id} overlaps ${b.kind} ${b.id}`).toBe(false);
        }
      }
    }
  });

  it('stacks a unit’s outcomes inside its block in code order', () => {
    const { snapshot, positions } = laidOut(buildHairdresser);
    const unit = snapshot.nodes.find((n) => n.kind === 'unit')!;
    const inside = snapshot.edges.filter((e) => e.kind === 'partOf' && e.target === unit.id).map((e) => snapshot.nodes.find((n) => n.id === e.source)!);
    const ordered = [...inside].sort((a, b) => compareCodes(a.code, b.code));
    const ys = ordered.map((n) => positions.get(n.id)!.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    for (const n of inside) expect(positions.get(n.id)!.x).toBe(16);
  });

  it('gives the same layout whatever the nodes’ current positions', () => {
    const { doc, positions } = laidOut(buildRuecvetCourse);
    const snapshot = new MapView(doc).snapshot;
    moveNodes(doc, snapshot.nodes.map((n, i) => ({ id: n.id, position: { x: (i * 7919) % 3000, y: (i * 104729) % 2000 } })));
    expect(layoutMap(new MapView(doc).snapshot)).toEqual(positions);
  });

  it('orders codes as people read them', () => {
    expect(['WA 10', 'WA 2', '', 'WA 1', 'LO 1'].sort(compareCodes)).toEqual(['LO 1', 'WA 1', 'WA 2', 'WA 10', '']);
  });
});
