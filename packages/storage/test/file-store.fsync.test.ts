import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FileDocumentStore } from '../src/file-document-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qms-fsync-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function updates(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const list: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => list.push(update));
  for (let i = 0; i < count; i++) doc.getMap('m').set(`k${i}`, i);
  return list;
}

describe('fsyncs of a busy map', () => {
  it('share one fsync among the flushes made within the interval, and keep every change', async () => {
    const store = new FileDocumentStore(join(dir, 'maps'), { fsyncIntervalMs: 200 });
    await store.load('m');
    const changes = updates(20);
    const flushes: Promise<void>[] = [];
    for (const change of changes) {
      await store.append('m', [change]);
      flushes.push(store.flush('m'));
    }
    await Promise.all(flushes);
    // The first flush syncs at once; the other nineteen share the next one.
    expect(store.fsyncCount).toBe(2);
    await store.close();

    const reopened = new FileDocumentStore(join(dir, 'maps'));
    const doc = new Y.Doc();
    for (const update of (await reopened.load('m')).updates) Y.applyUpdate(doc, update);
    expect(doc.getMap('m').size).toBe(20);
    await reopened.close();
  });

  it('without an interval, syncs a flush that finds no fsync running at once', async () => {
    const store = new FileDocumentStore(join(dir, 'maps'));
    await store.load('m');
    for (const change of updates(3)) {
      await store.append('m', [change]);
      await store.flush('m');
    }
    expect(store.fsyncCount).toBe(3);
    await store.close();
  });
});
