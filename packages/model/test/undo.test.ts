import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { MapView, addNode, connect, createUndoManager, moveNodes, removeElements, setNodeTitle } from '../src/index.js';
import { meshPeers } from './mesh.js';

/** Three documents joined in memory, each with its own person's undo. */
function threePeople() {
  const { docs, sync } = meshPeers(3);
  const people = docs.map((doc, i) => {
    const origin = { person: i };
    return { doc, origin, undo: createUndoManager(doc, origin, 0) };
  });
  return { people, sync: () => sync() };
}

const titles = (doc: Y.Doc) => new MapView(doc).snapshot.nodes.map((n) => n.title).sort();

describe('undo per person', () => {
  it('undoes only my own changes, never someone else’s', () => {
    const { people, sync } = threePeople();
    const [anna, boris, chen] = people;
    addNode(anna!.doc, { kind: 'workAction', title: 'Anna’s', position: { x: 0, y: 0 } }, anna!.origin);
    sync();
    addNode(boris!.doc, { kind: 'workAction', title: 'Boris’s', position: { x: 0, y: 0 } }, boris!.origin);
    sync();
    anna!.undo.undo();
    sync();
    for (const person of people) expect(titles(person.doc)).toEqual(['Boris’s']);
    expect(chen!.undo.canUndo()).toBe(false);
    anna!.undo.redo();
    sync();
    for (const person of people) expect(titles(person.doc)).toEqual(['Anna’s', 'Boris’s']);
  });

  it('undoes my edit of a shared title and keeps the words others typed into it', () => {
    const { people, sync } = threePeople();
    const [anna, boris] = people;
    const id = addNode(anna!.doc, { kind: 'workAction', title: 'Cut hair', position: { x: 0, y: 0 } }, { seed: true });
    sync();
    anna!.undo.stopCapturing();
    setNodeTitle(anna!.doc, id, 'Cut and style hair', anna!.origin);
    setNodeTitle(boris!.doc, id, 'Cut hair safely', boris!.origin);
    sync();
    anna!.undo.undo();
    sync();
    for (const person of people) expect(titles(person.doc)).toEqual(['Cut hair safely']);
  });

  it('undoes a move, a link and a deletion as whole gestures', () => {
    const { people, sync } = threePeople();
    const [anna, boris] = people;
    const wa = addNode(anna!.doc, { kind: 'workAction', title: 'WA', position: { x: 0, y: 0 } }, { seed: true });
    const lo = addNode(anna!.doc, { kind: 'learningOutcome', title: 'LO', position: { x: 0, y: 200 } }, { seed: true });
    sync();
    moveNodes(anna!.doc, [{ id: wa, position: { x: 50, y: 50 } }], anna!.origin);
    anna!.undo.stopCapturing();
    connect(anna!.doc, { kind: 'covers', source: lo, target: wa }, anna!.origin);
    anna!.undo.stopCapturing();
    removeElements(anna!.doc, { nodeIds: [lo] }, anna!.origin);
    sync();
    expect(titles(boris!.doc)).toEqual(['WA']);
    anna!.undo.undo(); // the deletion: the outcome and its link come back
    sync();
    const view = new MapView(boris!.doc).snapshot;
    expect(view.nodes.map((n) => n.title).sort()).toEqual(['LO', 'WA']);
    expect(view.edges.map((e) => e.kind)).toEqual(['covers']);
    anna!.undo.undo(); // the link
    anna!.undo.undo(); // the move
    sync();
    const after = new MapView(boris!.doc).snapshot;
    expect(after.edges).toEqual([]);
    expect(after.nodes.find((n) => n.title === 'WA')!.position).toEqual({ x: 0, y: 0 });
  });
});
