import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MapEditor, initMapDocument, snapshotOf } from '../src/index.js';
import { twoPeers } from './peers.js';

describe('MapEditor', () => {
  it('tags every change with its own origin', () => {
    const doc = new Y.Doc();
    initMapDocument(doc, { title: 'Welder' });
    const editor = new MapEditor(doc, 'anna');
    const origins: unknown[] = [];
    doc.on('afterTransaction', (transaction: Y.Transaction) => origins.push(transaction.origin));
    const q = editor.addNode({ kind: 'qualification', title: 'Welder', position: { x: 0, y: 0 } });
    const kf = editor.addChild(q, { x: 0, y: 200 })!;
    editor.setText(kf, 'title', 'Prepare work');
    editor.setField(q, 'eqfLevel', 3);
    editor.moveNodes([{ id: kf, position: { x: 10, y: 210 } }]);
    editor.setMapTitle('Welder, EQF 3');
    expect(origins.length).toBeGreaterThanOrEqual(6);
    expect(origins.every((origin) => origin === 'anna')).toBe(true);
    const snapshot = snapshotOf(doc);
    expect(snapshot.edges).toEqual([expect.objectContaining({ kind: 'childOf', source: kf, target: q })]);
    expect(snapshot.meta.title).toBe('Welder, EQF 3');
  });

  it('undoes only its own changes, one transact as one step', () => {
    const { a, b, sync } = twoPeers();
    initMapDocument(a, { title: 'Map' });
    sync();
    const anna = new MapEditor(a, 'anna');
    const boris = new MapEditor(b, 'boris');
    const undo = anna.createUndoManager(0);
    const [first, second] = anna.transact((editor) => [
      editor.addNode({ kind: 'workAction', title: 'Weld a seam', position: { x: 0, y: 0 } }),
      editor.addNode({ kind: 'learningOutcome', title: 'Weld a butt joint', position: { x: 0, y: 200 } }),
    ]);
    sync();
    boris.addNode({ kind: 'unit', title: 'Welding', position: { x: 400, y: 0 } });
    sync();
    expect(anna.connect({ kind: 'covers', source: second!, target: first! }).ok).toBe(true);
    undo.undo(); // the link
    undo.undo(); // both nodes, added in one transact
    sync();
    for (const doc of [a, b]) expect(snapshotOf(doc).nodes.map((n) => n.kind)).toEqual(['unit']);
  });
});
