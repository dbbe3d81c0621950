import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MapView, addNode, buildHairdresser, buildRuecvetCourse, compareCodes, connect, estimatedSize, initMapDocument, layoutMap, moveNodes, type MapSnapshot } from '../src/index.js';

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
  it('keeps siblings in code order left to right, and puts a unit that teaches nothing yet below the tree', () => {
    const { snapshot, positions } = laidOut((doc) => {
      initMapDocument(doc, { title: 'Welder, EQF 3' });
      const q = addNode(doc, { kind: 'qualification', title: 'Welder, EQF 3', position: { x: 0, y: 0 } });
      for (const k of [1, 2, 3]) {
        const kf = addNode(doc, { kind: 'keyFunction', title: `Key function ${k}`, position: { x: 0, y: 0 } });
        connect(doc, { kind: 'childOf', source: kf, target: q });
        for (const w of [1, 2]) connect(doc, { kind: 'childOf', source: addNode(doc, { kind: 'workAction', title: `Work action ${k}.${w}`, position: { x: 0, y: 0 } }), target: kf });
      }
      addNode(doc, { kind: 'unit', title: 'Empty unit', position: { x: 0, y: 0 } });
    });
    const byTitle = (prefix: string) => snapshot.nodes.filter((n) => n.title.startsWith(prefix)).sort((a, b) => compareCodes(a.code, b.code));
    const xs = (prefix: string) => byTitle(prefix).map((n) => positions.get(n.id)!.x);
    for (const prefix of ['Key function', 'Work action']) {
      const seen = xs(prefix);
      expect(seen).toEqual([...seen].sort((a, b) => a - b)); // KF 1 left of KF 2 left of KF 3
    }
    // Each key function above its own work actions.
    for (const k of [1, 2, 3]) {
      const kf = positions.get(byTitle(`Key function ${k}`)[0]!.id)!.x;
      const below = xs(`Work action ${k}.`);
      expect(kf).toBeGreaterThanOrEqual(Math.min(...below) - 250);
      expect(kf).toBeLessThanOrEqual(Math.max(...below) + 250);
    }
    const unit = positions.get(byTitle('Empty unit')[0]!.id)!;
    const lowest = Math.max(...byTitle('Work action').map((n) => positions.get(n.id)!.y));
    expect(unit.y).toBeGreaterThan(lowest);
  });

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

  it('leaves room for long statements: no two cards overlap at the heights their text needs', () => {
    for (const build of [buildHairdresser, buildRuecvetCourse]) {
      const { snapshot, positions } = laidOut(build);
      const unitOf = new Map(snapshot.edges.filter((e) => e.kind === 'partOf').map((e) => [e.source, e.target]));
      const boxes = snapshot.nodes
        .filter((n) => n.kind !== 'unit' && !unitOf.has(n.id))
        .map((n) => ({ n, ...positions.get(n.id)!, ...estimatedSize(n) }));
      const tallest = Math.max(...boxes.map((b) => b.height));
      expect(tallest).toBeGreaterThan(90); // some statement needs more than the kind's default height
      for (const a of boxes) {
        for (const b of boxes) {
          if (a === b) continue;
          const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
          expect(overlap, `${a.n.code} overlaps ${b.n.code}`).toBe(false);
        }
      }
    }
  });

  it('orders codes as people read them', () => {
    expect(['WA 10', 'WA 2', '', 'WA 1', 'LO 1'].sort(compareCodes)).toEqual(['LO 1', 'WA 1', 'WA 2', 'WA 10', '']);
  });
});
