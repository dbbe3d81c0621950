import type { DocumentStore } from '@qms/storage';
import { describe, expect, it } from 'vitest';
import { MeteredDocumentStore, Metrics } from '../src/metrics.js';

/** The metered store in front of the rooms keeps what the store under it can do. */

function fakeStore(numbered: boolean): DocumentStore & { compactions: unknown[] } {
  const compactions: unknown[] = [];
  const store: DocumentStore & { compactions: unknown[] } = {
    compactions,
    load: async () => ({ updates: [], snapshotPieces: 0, recoveries: [], seq: 7 }),
    append: async () => undefined,
    flush: async () => undefined,
    compact: async (_id, _state, options) => void compactions.push(options),
    stats: () => ({ logBytes: 0, snapshotBytes: 0 }),
    remove: async () => undefined,
    saveVersion: async () => undefined,
    loadVersion: async () => undefined,
    removeVersion: async () => undefined,
    mapIds: async () => [],
    release: async () => undefined,
    close: async () => undefined,
  };
  if (numbered) {
    store.appendNumbered = async (_id, updates) => ({ seq: 10 + updates.length });
    store.loadSince = async (_id, seq) => ({ head: seq + 1, updates: [{ seq: seq + 1, update: new Uint8Array([1]) }] });
  }
  return store;
}

describe('MeteredDocumentStore', () => {
  it('forwards appendNumbered, loadSince and compaction options when the store has them, counting the writes', async () => {
    const metrics = new Metrics();
    const metered = new MeteredDocumentStore(fakeStore(true), metrics, true);
    expect(await metered.appendNumbered!('m', [new Uint8Array(3), new Uint8Array(2)])).toEqual({ seq: 12 });
    expect((await metered.loadSince!('m', 4)).updates.map((u) => u.seq)).toEqual([5]);
    await metered.compact('m', [new Uint8Array(1)], { upToSeq: 9 });
    expect(((metered as unknown as { inner: { compactions: unknown[] } }).inner).compactions).toEqual([{ upToSeq: 9 }]);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/qms_bytes_written_total\{kind="log"\} 5/);
    expect(text).toMatch(/qms_database_write_seconds_count 1/);
  });

  it('has no optional method the store lacks', () => {
    const metered = new MeteredDocumentStore(fakeStore(false), new Metrics());
    expect(metered.appendNumbered).toBeUndefined();
    expect(metered.loadSince).toBeUndefined();
  });
});
