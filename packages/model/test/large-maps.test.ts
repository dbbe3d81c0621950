import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  EDGE_KINDS,
  addNodes,
  connect,
  connectMany,
  edgesOf,
  layoutMap,
  nodesOf,
  snapshotOf,
  type EdgeKind,
  type MapSnapshot,
  type NodeKind,
  type Position,
} from '../src/index.js';

/** Absolute rectangles (an outcome in a unit is placed relative to its block). */
function rectangles(snapshot: MapSnapshot, positions: Map<string, Position>) {
  const unitOf = new Map(snapshot.edges.filter((e) => e.kind === 'partOf').map((e) => [e.source, e.target]));
  return snapshot.nodes
    .filter((n) => n.kind !== 'unit')
    .map((n) => {
      const p = positions.get(n.id)!;
      const unit = unitOf.get(n.id);
      const base = unit ? positions.get(unit)! : { x: 0, y: 0 };
      return { id: n.id, x: base.x + p.x, y: base.y + p.y, width: n.kind === 'qualification' ? 280 : 220, height: n.kind === 'qualification' ? 110 : 90 };
    });
}

/** Pairs of overlapping cards, found with a sweep over x (the maps here are too big for every pair). */
function overlaps(rects: ReturnType<typeof rectangles>): string[] {
  const sorted = [...rects].sort((a, b) => a.x - b.x);
  const found: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i]!;
    for (let j = i + 1; j < sorted.length && sorted[j]!.x < a.x + a.width; j++) {
      const b = sorted[j]!;
      if (a.y < b.y + b.height && b.y < a.y + a.height) found.push(`${a.id} / ${b.id}`);
    }
  }
  return found;
}

function build(spec: { nodes: Array<{ id: string; kind: NodeKind; code?: string }>; edges: Array<{ kind: EdgeKind; source: string; target: string }> }): Y.Doc {
  const doc = new Y.Doc();
  addNodes(doc, spec.nodes.map((n) => ({ id: n.id, kind: n.kind, code: n.code ?? '', title: n.id, position: { x: 0, y: 0 } })));
  const results = connectMany(doc, spec.edges);
  expect(results.filter((r) => !r.ok)).toEqual([]);
  return doc;
}

describe('laying out very large and very deep maps', () => {
  it('lays out a chain of 2,000 parents without recursion, each above its child, nothing overlapping', () => {
    const depth = 2000;
    const nodes = [{ id: 'q', kind: 'qualification' as const }, { id: 'k0', kind: 'keyFunction' as const }];
    const edges: Array<{ kind: EdgeKind; source: string; target: string }> = [{ kind: 'childOf', source: 'k0', target: 'q' }];
    for (let i = 1; i < depth; i++) {
      nodes.push({ id: `m${i}`, kind: 'mainFunction' as never });
      edges.push({ kind: 'childOf', source: `m${i}`, target: i === 1 ? 'k0' : `m${i - 1}` });
    }
    const snapshot = snapshotOf(build({ nodes, edges }));
    const positions = layoutMap(snapshot);
    expect(positions.size).toBe(snapshot.nodes.length);
    for (const edge of snapshot.edges) expect(positions.get(edge.target)!.y).toBeLessThan(positions.get(edge.source)!.y);
    expect(overlaps(rectangles(snapshot, positions))).toEqual([]);
  });

  it('lays out a map of thousands of cards: parents above children, work actions above their outcomes and units, no overlaps', () => {
    const nodes: Array<{ id: string; kind: NodeKind; code: string }> = [{ id: 'q', kind: 'qualification', code: '' }];
    const edges: Array<{ kind: EdgeKind; source: string; target: string }> = [];
    let wa = 0;
    let lo = 0;
    for (let k = 1; k <= 8; k++) {
      nodes.push({ id: `kf${k}`, kind: 'keyFunction', code: `KF ${k}` });
      edges.push({ kind: 'childOf', source: `kf${k}`, target: 'q' });
      for (let m = 1; m <= 12; m++) {
        const mf = `mf${k}.${m}`;
        nodes.push({ id: mf, kind: 'mainFunction', code: `MF ${k}.${m}` });
        edges.push({ kind: 'childOf', source: mf, target: `kf${k}` });
        for (let a = 0; a < 7; a++) {
          const action = `wa${++wa}`;
          nodes.push({ id: action, kind: 'workAction', code: `WA ${wa}` });
          edges.push({ kind: 'childOf', source: action, target: mf });
          for (let o = 0; o < 2; o++) {
            const outcome = `lo${++lo}`;
            nodes.push({ id: outcome, kind: 'learningOutcome', code: `LO ${lo}` });
            edges.push({ kind: 'covers', source: outcome, target: action });
            if (lo % 3 !== 0) {
              const unit = `u${Math.ceil(lo / 6)}`;
              if (!nodes.some((n) => n.id === unit)) nodes.push({ id: unit, kind: 'unit', code: `U ${Math.ceil(lo / 6)}` });
              edges.push({ kind: 'partOf', source: outcome, target: unit });
            }
          }
        }
      }
    }
    const snapshot = snapshotOf(build({ nodes, edges }));
    expect(snapshot.nodes.length).toBeGreaterThan(1500);
    const positions = layoutMap(snapshot);
    expect(positions.size).toBe(snapshot.nodes.length);
    const unitOf = new Map(snapshot.edges.filter((e) => e.kind === 'partOf').map((e) => [e.source, e.target]));
    const y = (id: string) => positions.get(id)!.y;
    for (const edge of snapshot.edges) {
      if (edge.kind === 'childOf') expect(y(edge.target)).toBeLessThan(y(edge.source));
      if (edge.kind === 'covers') expect(y(edge.target)).toBeLessThan(y(unitOf.get(edge.source) ?? edge.source));
    }
    expect(overlaps(rectangles(snapshot, positions))).toEqual([]);
    // Same input, same layout.
    expect(layoutMap(snapshot)).toEqual(positions);
  });
});

describe('connectMany', () => {
  const KINDS: NodeKind[] = ['qualification', 'keyFunction', 'mainFunction', 'workAction', 'learningOutcome', 'unit'];

  it('refuses and writes exactly what connect would, link after link', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...KINDS), { minLength: 2, maxLength: 12 }),
        fc.array(fc.tuple(fc.constantFrom(...EDGE_KINDS), fc.nat(), fc.nat(), fc.boolean()), { maxLength: 40 }),
        (kinds, links) => {
          const nodes = kinds.map((kind, i) => ({ id: `n${i}`, kind, code: '', title: `n${i}`, position: { x: i * 10, y: i * 7 } }));
          const specs = links.map(([kind, s, t, placed], i) => ({
            id: `e${i}`,
            kind,
            source: `n${s % (kinds.length + 1)}`, // sometimes a node that does not exist
            target: `n${t % kinds.length}`,
            ...(kind === 'partOf' && placed ? { position: { x: 3, y: i } } : {}),
          }));
          const one = new Y.Doc();
          const many = new Y.Doc();
          addNodes(one, nodes);
          addNodes(many, nodes);
          const expected = specs.map((spec) => connect(one, spec));
          const actual = connectMany(many, specs);
          expect(actual).toEqual(expected);
          expect(edgesOf(many).toJSON()).toEqual(edgesOf(one).toJSON());
          expect(nodesOf(many).toJSON()).toEqual(nodesOf(one).toJSON());
        },
      ),
      { numRuns: 300 },
    );
  });
});
