import type { AppendResult, DocumentStore, UpdatesSince } from '@qms/storage';
import { describe, expect, it } from 'vitest';
import { UpdateBus, type BusReceiver, type BusTransport } from '../src/extensions/bus.js';
import type { Room } from '../src/rooms/room.js';
import { recordingLog } from './fakes.js';
import { eventually } from './helpers.js';

/** The bus's numbering on its own: a fake transport, a fake store, a fake room. */

const log = recordingLog();
const u = (n: number) => new Uint8Array([n]);

function setup() {
  const published: Array<{ id: string; last: number; updates: readonly Uint8Array[] }> = [];
  let receiver: BusReceiver | null = null;
  const transport: BusTransport = {
    name: 'fake',
    start: async (r) => void (receiver = r),
    follow: async () => undefined,
    unfollow: () => undefined,
    publishUpdates: (id, last, updates) => void published.push({ id, last, updates }),
    publishPresence: () => undefined,
    publishControl: () => undefined,
    problems: () => [],
    close: async () => undefined,
  };
  let head = 0;
  let failAppends = false;
  const rows = new Map<number, Uint8Array>();
  const reads: number[] = [];
  const compactions: unknown[] = [];
  const inner = {
    load: async () => ({ updates: [], snapshotPieces: 0, recoveries: [], seq: head }),
    append: async () => undefined,
    appendNumbered: async (_id: string, updates: readonly Uint8Array[]): Promise<AppendResult> => {
      if (failAppends) throw new Error('database unreachable');
      for (const update of updates) rows.set(++head, update);
      return { seq: head };
    },
    loadSince: async (_id: string, seq: number): Promise<UpdatesSince> => {
      reads.push(seq);
      return { head, updates: [...rows].filter(([n]) => n > seq).map(([n, update]) => ({ seq: n, update })) };
    },
    compact: async (_id: string, _state: unknown, options: unknown) => void compactions.push(options),
    flush: async () => undefined,
  } as unknown as DocumentStore;
  const gaps: number[] = [];
  const bus = new UpdateBus(transport, log, { lag: () => undefined, gapCaughtUp: () => gaps.push(1) });
  const store = bus.wrap(inner);
  const applied: number[] = [];
  const room = { id: 'm', applyRemoteUpdates: (updates: Uint8Array[]) => applied.push(...updates.map((x) => x[0]!)) } as unknown as Room;
  /** Another instance stores updates (rows only: what it publishes is up to the test). */
  const storeElsewhere = (...values: number[]) => {
    for (const value of values) rows.set(++head, u(value));
    return head;
  };
  return {
    bus,
    store,
    room,
    published,
    applied,
    reads,
    gaps,
    compactions,
    storeElsewhere,
    receive: (last: number, updates?: Uint8Array[]) => receiver!.updates('m', last, updates),
    failAppends: (fail: boolean) => (failAppends = fail),
  };
}

async function open(t: ReturnType<typeof setup>) {
  await t.bus.start();
  await t.store.load('m');
  await t.bus.extension.onLoadDocument!({ room: t.room });
  await t.bus.extension.afterLoadDocument!({ room: t.room });
}

describe('the update bus', () => {
  it('publishes an append with its number only once it is committed, and compacts up to what the document holds', async () => {
    const t = setup();
    await open(t);
    await t.store.append('m', [u(1), u(2)]);
    expect(t.published).toEqual([{ id: 'm', last: 2, updates: [u(1), u(2)] }]);
    await t.store.compact('m', [u(9)]);
    expect(t.compactions).toEqual([{ upToSeq: 2 }]);
  });

  it('applies entries that arrive out of order at once, and compacts only up to the first missing number', async () => {
    const t = setup();
    await open(t);
    const readsAtStart = t.reads.length;
    t.storeElsewhere(10);
    t.storeElsewhere(11);
    t.receive(2, [u(11)]);
    // Shown without waiting for number 1; the document does not yet hold everything up to 2.
    expect(t.applied).toEqual([11]);
    await t.store.compact('m', [u(9)]);
    expect(t.compactions).toEqual([{ upToSeq: 0 }]);
    t.receive(1, [u(10)]);
    expect(t.applied).toEqual([11, 10]);
    await t.store.compact('m', [u(9)]);
    expect(t.compactions).toEqual([{ upToSeq: 0 }, { upToSeq: 2 }]);
    // Nothing was read from the database, and nothing is applied twice.
    expect(t.reads.length).toBe(readsAtStart);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(t.gaps).toEqual([]);
    expect(t.applied).toEqual([11, 10]);
  });

  it('reads a gap that the bus does not fill from the database, once', async () => {
    const t = setup();
    await open(t);
    t.storeElsewhere(10); // its entry is lost
    t.receive(t.storeElsewhere(11), [u(11)]);
    // Shown at once; the missing one is read from the database, and the one held is not applied again.
    expect(t.applied).toEqual([11]);
    await eventually(() => expect(t.applied).toEqual([11, 10]));
    expect(t.gaps).toEqual([1]);
    t.receive(t.storeElsewhere(12), [u(12)]);
    expect(t.applied).toEqual([11, 10, 12]);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(t.applied).toEqual([11, 10, 12]);
  });

  it('turns the retry of a failed save into an append, so that the other instances get those changes', async () => {
    const t = setup();
    await open(t);
    t.failAppends(true);
    await expect(t.store.append('m', [u(1)])).rejects.toThrow(/unreachable/);
    t.failAppends(false);
    await t.store.compact('m', [u(7), u(8)]);
    expect(t.compactions).toEqual([]);
    expect(t.published).toEqual([{ id: 'm', last: 2, updates: [u(7), u(8)] }]);
    await t.store.compact('m', [u(9)]);
    expect(t.compactions).toEqual([{ upToSeq: 2 }]);
  });
});
