import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { splitUpdate } from '../src/split-update.js';

/** mulberry32: the same seed gives the same documents. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Three people editing one map-like document concurrently: maps, nested maps, texts, arrays, deletions. */
function randomDocument(seed: number, steps: number): Y.Doc {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  // Without garbage collection, deleted items keep their content and only the delete set says
  // they are gone: half of the documents are made so, to prove that it travels.
  const peers = [1, 2, 3].map((id) => {
    const doc = new Y.Doc({ gc: seed % 2 === 0 });
    doc.clientID = id * 1000 + seed;
    return doc;
  });
  const words = ['Cut', 'hair', 'Повторить', 'Analyse 💇', 'client', '', 'a'.repeat(300)];
  for (let step = 0; step < steps; step++) {
    const doc = pick(peers);
    const nodes = doc.getMap<Y.Map<unknown>>('nodes');
    const ids = [...nodes.keys()];
    const action = next();
    doc.transact(() => {
      if (action < 0.3 || ids.length === 0) {
        const node = new Y.Map<unknown>();
        const title = new Y.Text();
        title.insert(0, pick(words));
        const position = new Y.Map<number>();
        position.set('x', Math.round(next() * 1000));
        position.set('y', Math.round(next() * 1000));
        node.set('kind', pick(['workAction', 'learningOutcome', 'unit']));
        node.set('title', title);
        node.set('position', position);
        const criteria = new Y.Array<string>();
        criteria.push([pick(words), pick(words)]);
        node.set('criteria', criteria);
        node.set('points', Math.round(next() * 30));
        node.set('flags', { transversal: next() < 0.5, levels: [1, 2, 3] });
        nodes.set(`n${step}-${doc.clientID}`, node);
      } else if (action < 0.55) {
        const position = nodes.get(pick(ids))?.get('position') as Y.Map<number> | undefined;
        position?.set('x', Math.round(next() * 1000));
      } else if (action < 0.75) {
        const title = nodes.get(pick(ids))?.get('title') as Y.Text | undefined;
        if (title) {
          if (title.length > 3 && next() < 0.4) title.delete(1, 2);
          else title.insert(Math.floor(next() * (title.length + 1)), pick(words));
        }
      } else if (action < 0.85) {
        const criteria = nodes.get(pick(ids))?.get('criteria') as Y.Array<string> | undefined;
        if (criteria && criteria.length > 0 && next() < 0.5) criteria.delete(0, 1);
        else criteria?.push([pick(words)]);
      } else if (action < 0.95) {
        nodes.delete(pick(ids));
      } else {
        doc.getMap('meta').set('title', pick(words));
        doc.getArray('binary').push([new Uint8Array([1, 2, 3, step % 256])]);
      }
    });
    // Peers hear each other only now and then, so edits are concurrent.
    if (next() < 0.3) {
      for (const from of peers) for (const to of peers) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    }
  }
  for (const from of peers) for (const to of peers) if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  return peers[0]!;
}

/** A fresh document from the pieces, with the roots the random documents use defined. */
function applyInOrder(pieces: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  for (const piece of pieces) Y.applyUpdate(doc, piece);
  for (const name of ['nodes', 'meta']) doc.getMap(name);
  doc.getArray('binary');
  return doc;
}

describe('splitting an update for a large initial sync', () => {
  it('gives pieces that rebuild exactly the same document, whatever the size of the pieces', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const source = randomDocument(seed, 400);
    for (const name of ['nodes', 'meta']) source.getMap(name);
    source.getArray('binary');
      const whole = Y.encodeStateAsUpdate(source);
      for (const maxBytes of [120, 1000, 8192]) {
        const pieces = splitUpdate(whole, maxBytes);
        expect(pieces.length).toBeGreaterThan(1);
        const rebuilt = applyInOrder(pieces);
        expect(rebuilt.toJSON()).toEqual(source.toJSON());
        expect(Y.encodeStateVector(rebuilt)).toEqual(Y.encodeStateVector(source));
        // The same deletions, too (a map entry whose deletion was lost still reads as undefined).
        expect(Y.equalSnapshots(Y.snapshot(rebuilt), Y.snapshot(source))).toBe(true);
        expect(rebuilt.getMap('nodes').size).toBe(source.getMap('nodes').size);
        // Nothing left waiting for a missing piece, and the deletions arrived too.
        expect(rebuilt.store.pendingStructs).toBeNull();
        expect(rebuilt.store.pendingDs).toBeNull();
      }
    }
  }, 60_000);

  it('keeps every piece within the size unless one struct alone is larger', () => {
    const source = randomDocument(42, 600);
    const whole = Y.encodeStateAsUpdate(source);
    const pieces = splitUpdate(whole, 2048);
    for (const piece of pieces) {
      if (piece.byteLength <= 2048) continue;
      // Only a single oversized struct may exceed it: one block of one struct.
      expect(Y.decodeUpdate(piece).structs).toHaveLength(1);
    }
    // Cutting costs only a few header bytes per piece.
    const total = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
    expect(total).toBeLessThan(whole.byteLength + pieces.length * 16);
  });

  it('returns a small update as it is, and splits one long text into a piece of its own', () => {
    const small = Y.encodeStateAsUpdate(randomDocument(7, 5));
    expect(splitUpdate(small, 1 << 20)).toEqual([small]);
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'x'.repeat(10_000));
    doc.getMap('m').set('k', 'v');
    const pieces = splitUpdate(Y.encodeStateAsUpdate(doc), 1000);
    const rebuilt = applyInOrder(pieces);
    expect(rebuilt.getText('t').toString()).toBe('x'.repeat(10_000));
    expect(rebuilt.getMap('m').toJSON()).toEqual({ k: 'v' });
  });

  it('an update of deletions only keeps them', () => {
    const doc = randomDocument(9, 300);
    const before = Y.encodeStateVector(doc);
    doc.getMap<Y.Map<unknown>>('nodes').forEach((_, key, map) => map.delete(key));
    const deletions = Y.encodeStateAsUpdate(doc, before);
    const target = new Y.Doc();
    Y.applyUpdate(target, Y.encodeStateAsUpdate(doc, new Uint8Array([0])));
    for (const piece of splitUpdate(Y.encodeStateAsUpdate(doc), 256)) Y.applyUpdate(target, piece);
    expect(target.getMap('nodes').size).toBe(0);
    expect(deletions.byteLength).toBeGreaterThan(0);
  });

  it('refuses bytes that are not an update rather than cutting them wrongly', () => {
    const junk = new Uint8Array(5000).fill(0xff);
    expect(() => splitUpdate(junk, 100)).toThrow();
  });
});
