import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNodes, connect, createUndoManager, graphOf, initMapDocument, layoutMap, moveAmongSiblings, siblingsOf, snapshotOf, type NewNode } from '../src/index.js';

const SEED = { seed: true };
const ME = { me: true };

/** Q with key functions KF 1 (left, with a work action under it) and KF 2 (right). */
function twoFunctions() {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: 'Siblings', language: 'en' });
  const specs: NewNode[] = [
    { id: 'q', kind: 'qualification', code: 'Q 1', title: 'Q', position: { x: 0, y: 0 } },
    { id: 'kf1', kind: 'keyFunction', code: 'KF 1', title: 'First', position: { x: 0, y: 200 } },
    { id: 'kf2', kind: 'keyFunction', code: 'KF 2', title: 'Second', position: { x: 400, y: 200 } },
    { id: 'wa', kind: 'workAction', code: 'WA 1', title: 'Under the first', position: { x: 20, y: 400 } },
  ];
  addNodes(doc, specs, SEED);
  for (const [source, target] of [['kf1', 'q'], ['kf2', 'q'], ['wa', 'kf1']] as const) {
    const result = connect(doc, { kind: 'childOf', source, target }, SEED);
    if (!result.ok) throw new Error(result.message);
  }
  return doc;
}
const order = (doc: Y.Doc) => siblingsOf(graphOf(snapshotOf(doc)), 'kf1')!.map((n) => n.id);
const positionOf = (doc: Y.Doc, id: string) => snapshotOf(doc).nodes.find((n) => n.id === id)!.position;

describe('moving a node among its siblings', () => {
  it('moves it one place later with its branch, the layout keeps the new order, and one undo puts it back', () => {
    const doc = twoFunctions();
    const undo = createUndoManager(doc, ME);
    expect(order(doc)).toEqual(['kf1', 'kf2']);
    const result = moveAmongSiblings(doc, 'kf1', 1, ME);
    expect(result).toEqual({ ok: true, order: ['kf2', 'kf1'] });
    expect(order(doc)).toEqual(['kf2', 'kf1']);
    // The two swapped places on the canvas, the work action moved with its function.
    expect(positionOf(doc, 'kf1')).toEqual({ x: 400, y: 200 });
    expect(positionOf(doc, 'kf2')).toEqual({ x: 0, y: 200 });
    expect(positionOf(doc, 'wa')).toEqual({ x: 420, y: 400 });
    // A tidy-up keeps the order a person gave, though the codes say otherwise.
    const laidOut = layoutMap(snapshotOf(doc));
    expect(laidOut.get('kf2')!.x).toBeLessThan(laidOut.get('kf1')!.x);

    undo.undo();
    expect(order(doc)).toEqual(['kf1', 'kf2']);
    expect(positionOf(doc, 'wa')).toEqual({ x: 20, y: 400 });
  });

  it('refuses past either end and without a parent, changing nothing', () => {
    const doc = twoFunctions();
    const before = Y.encodeStateVector(doc);
    expect(moveAmongSiblings(doc, 'kf1', -1)).toEqual({ ok: false, reason: 'first' });
    expect(moveAmongSiblings(doc, 'kf2', 1)).toEqual({ ok: false, reason: 'last' });
    expect(moveAmongSiblings(doc, 'q', 1)).toEqual({ ok: false, reason: 'no-parent' });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });
});
