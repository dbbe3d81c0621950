import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MapView, addChild, addNode, branchBelow, branchTops, buildHairdresser, connect, edgesOf, graphOf, hiddenByCollapse } from '../src/index.js';

const at = { x: 0, y: 0 };
const graph = (doc: Y.Doc) => graphOf(new MapView(doc).snapshot);

function tree() {
  const doc = new Y.Doc();
  const q = addNode(doc, { kind: 'qualification', position: at });
  const kf1 = addChild(doc, q, at)!;
  const mf1 = addChild(doc, kf1, at)!;
  const wa1 = addChild(doc, mf1, at)!;
  const wa2 = addChild(doc, mf1, at)!;
  const kf2 = addChild(doc, q, at)!;
  const lo = addChild(doc, wa1, at)!; // an outcome covers wa1: not part of the functional tree
  return { doc, q, kf1, mf1, wa1, wa2, kf2, lo };
}

describe('branches of the functional tree', () => {
  it('lists what hangs below a node, depth first, without the node or the outcomes that cover it', () => {
    const { doc, q, kf1, mf1, wa1, wa2, kf2 } = tree();
    expect(branchBelow(graph(doc), kf1)).toEqual([mf1, wa1, wa2]);
    expect(branchBelow(graph(doc), q)).toEqual([kf1, mf1, wa1, wa2, kf2]);
    expect(branchBelow(graph(doc), wa1)).toEqual([]);
    expect([...branchTops(graph(doc))].sort()).toEqual([q, kf1, mf1].sort());
  });

  it('hides a collapsed branch under its topmost collapsed node, and ignores ids that are gone', () => {
    const { doc, q, kf1, mf1, wa1, wa2, kf2 } = tree();
    const hidden = hiddenByCollapse(graph(doc), [mf1, 'gone', kf1]);
    expect(Object.fromEntries(hidden)).toEqual({ [mf1]: kf1, [wa1]: kf1, [wa2]: kf1 });
    expect(hidden.has(kf1)).toBe(false);
    const all = hiddenByCollapse(graph(doc), [mf1, q]);
    expect(new Set(all.values())).toEqual(new Set([q]));
    expect(all.size).toBe(5);
    expect(hiddenByCollapse(graph(doc), [kf2]).size).toBe(0);
  });

  it('walks a cycle once', () => {
    const { doc, kf1, mf1 } = tree();
    const mf2 = addNode(doc, { kind: 'mainFunction', position: at });
    expect(connect(doc, { kind: 'childOf', source: mf2, target: mf1 }).ok).toBe(true);
    // Concurrent edits can close a cycle that connect() would refuse: write it into the document.
    const edge = new Y.Map<unknown>();
    edge.set('kind', 'childOf');
    edge.set('source', mf1);
    edge.set('target', mf2);
    edgesOf(doc).set('cycle', edge as never);
    expect(graph(doc).parentsOf(mf1).map((n) => n.id)).toContain(mf2);
    const below = branchBelow(graph(doc), mf1);
    expect(below).toContain(mf2);
    expect(below).not.toContain(mf1);
    expect(new Set(branchBelow(graph(doc), kf1)).size).toBe(branchBelow(graph(doc), kf1).length);
  });

  it('collapses the hairdresser sample to its key functions', () => {
    const doc = new Y.Doc();
    buildHairdresser(doc);
    const g = graph(doc);
    const keyFunctions = g.ofKind('keyFunction').map((n) => n.id);
    const hidden = hiddenByCollapse(g, keyFunctions);
    const tree = g.ofKind('mainFunction').length + g.ofKind('workAction').length;
    expect(hidden.size).toBe(tree);
  });
});
