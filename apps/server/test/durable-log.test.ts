import { SaveState } from '@qms/protocol';
import { describe, expect, it } from 'vitest';
import { DurableLog, type LoggedUpdate } from '../src/rooms/durable-log.js';
import { MemoryStore, deferred, recordingLog } from './fakes.js';

/**
 * The log with its clock in the test's hands: `tick()` ends the current turn of the event loop
 * (the batching window), `fireRetry()` the wait before a retry. Nothing sleeps.
 */
function harness(store = new MemoryStore(), compactMinLogBytes = 1 << 30) {
  const ticks: Array<() => void> = [];
  const timers: Array<() => void> = [];
  const events: string[] = [];
  const batches: Array<{ updates: string[]; stored: boolean }> = [];
  const states: SaveState[] = [];
  const log = new DurableLog<string>({
    documentId: 'm',
    store,
    log: recordingLog(),
    compactMinLogBytes,
    state: () => [new Uint8Array([9])],
    afterAppend: (batch, stored) => {
      events.push(`relay ${batch.map((entry) => entry.origin).join('+')}`);
      batches.push({ updates: batch.map((entry) => entry.origin), stored });
    },
    onSaveState: (state) => states.push(state),
    defer: (fn) => void ticks.push(fn),
    after: (_ms, fn) => {
      timers.push(fn);
      return () => timers.splice(timers.indexOf(fn), 1);
    },
  });
  const entry = (origin: string): LoggedUpdate<string> => ({ update: new Uint8Array([origin.length]), origin });
  /** Runs what was deferred, then lets the promises it started settle. */
  const tick = async () => {
    for (const fn of ticks.splice(0)) fn();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  const fireRetry = async () => {
    for (const fn of timers.splice(0)) fn();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { log, store, entry, tick, fireRetry, events, batches, states, timers };
}

describe('the durable log', () => {
  it('appends a batch before handing it on to be relayed, then fsyncs it', async () => {
    const h = harness();
    const gate = deferred();
    h.store.gate = gate.promise;
    h.log.queue(h.entry('anna'));
    await h.tick();
    expect(h.store.calls).toEqual(['append m 1']);
    expect(h.events).toEqual([]); // nobody sees it while the append is under way
    gate.resolve();
    await h.log.whenAppended();
    expect(h.events).toEqual(['relay anna']);
    expect(h.store.calls).toEqual(['append m 1', 'flush m']);
  });

  it('batches every change of one turn, from every client, into one append', async () => {
    const h = harness();
    h.log.queue(h.entry('anna'));
    h.log.queue(h.entry('boris'));
    h.log.queue(h.entry('anna'));
    await h.tick();
    h.log.queue(h.entry('carla'));
    await h.tick();
    await h.log.whenAppended();
    expect(h.store.calls.filter((call) => call.startsWith('append'))).toEqual(['append m 3', 'append m 1']);
    expect(h.batches).toEqual([
      { updates: ['anna', 'boris', 'anna'], stored: true },
      { updates: ['carla'], stored: true },
    ]);
  });

  it('keeps batches in order: the next append starts once the one before is done', async () => {
    const h = harness();
    const gate = deferred();
    h.store.gate = gate.promise;
    h.log.queue(h.entry('first'));
    await h.tick();
    h.log.queue(h.entry('second'));
    await h.tick();
    expect(h.store.calls).toEqual(['append m 1']);
    h.store.gate = null;
    gate.resolve();
    await h.log.whenAppended();
    expect(h.events).toEqual(['relay first', 'relay second']);
  });

  it('writes everything that arrived during a slow append as one next append, not one per turn', async () => {
    const h = harness();
    const gate = deferred();
    h.store.gate = gate.promise;
    h.log.queue(h.entry('first'));
    await h.tick();
    for (const name of ['second', 'third', 'fourth']) {
      h.log.queue(h.entry(name));
      await h.tick();
    }
    expect(h.store.calls).toEqual(['append m 1']);
    h.store.gate = null;
    gate.resolve();
    await h.log.whenAppended();
    expect(h.store.calls.filter((call) => call.startsWith('append'))).toEqual(['append m 1', 'append m 3']);
    expect(h.events).toEqual(['relay first', 'relay second+third+fourth']);
  });

  it('whenAppended waits for what was queued before it, not for changes that keep arriving', async () => {
    const h = harness();
    const gate = deferred();
    h.store.gate = gate.promise;
    h.log.queue(h.entry('first'));
    await h.tick();
    let appended = false;
    const done = h.log.whenAppended().then(() => (appended = true));
    h.log.queue(h.entry('second')); // arrives after the wait began
    h.store.gate = deferred().promise; // and its append never ends
    gate.resolve();
    await done;
    expect(appended).toBe(true);
    expect(h.events).toEqual(['relay first']);
  });

  it('says durable only once the store has flushed what was queued before', async () => {
    const h = harness();
    const flushed = deferred();
    const flush = h.store.flush.bind(h.store);
    let holdFlush = true;
    h.store.flush = async (id) => {
      await flush(id);
      if (holdFlush) await flushed.promise;
    };
    h.log.queue(h.entry('anna'));
    let durable = false;
    const whenDurable = h.log.whenDurable().then(() => (durable = true));
    await h.tick();
    await h.log.whenAppended();
    expect(durable).toBe(false);
    holdFlush = false;
    flushed.resolve();
    await whenDurable;
    expect(durable).toBe(true);
  });

  it('leaves grouping fsyncs to the store: one flush request per batch, however many clients wrote', async () => {
    const h = harness();
    for (let i = 0; i < 20; i++) h.log.queue(h.entry(`client${i}`));
    await h.tick();
    await h.log.whenAppended();
    expect(h.store.calls).toEqual(['append m 20', 'flush m']);
  });

  it('keeps changes flowing when the store refuses them, and saves a snapshot once it can', async () => {
    const h = harness();
    h.store.full = true;
    h.log.queue(h.entry('anna'));
    await h.tick();
    await h.log.whenAppended();
    expect(h.log.saveState).toBe(SaveState.Failing);
    expect(h.states).toEqual([SaveState.Failing]);
    expect(h.batches).toEqual([{ updates: ['anna'], stored: false }]); // still relayed

    // While failing, nothing is appended (a gap would make later records unusable).
    h.log.queue(h.entry('boris'));
    await h.tick();
    await h.log.whenAppended();
    expect(h.store.calls.filter((call) => call.startsWith('append'))).toEqual(['append m 1']);
    expect(h.batches.at(-1)).toEqual({ updates: ['boris'], stored: false });
    await h.log.whenDurable(); // resolves at once: the answer is "failing"

    await h.fireRetry(); // still full: tries again later
    expect(h.log.saveState).toBe(SaveState.Failing);
    expect(h.timers).toHaveLength(1);

    h.store.full = false;
    await h.fireRetry();
    expect(h.log.saveState).toBe(SaveState.Saved);
    expect(h.states).toEqual([SaveState.Failing, SaveState.Saved]);
    expect(h.store.snapshots.get('m')).toEqual([new Uint8Array([9])]);

    h.log.queue(h.entry('carla'));
    await h.tick();
    await h.log.whenAppended();
    expect(h.batches.at(-1)).toEqual({ updates: ['carla'], stored: true });
  });

  it('compacts once the log has outgrown its threshold and twice the snapshot', async () => {
    const h = harness(new MemoryStore(), 2);
    h.log.queue(h.entry('a'));
    await h.tick();
    await h.log.whenAppended();
    expect(h.store.calls).not.toContain('compact m');
    h.log.queue(h.entry('abc'));
    await h.tick();
    await h.log.whenAppended();
    expect(h.store.calls).toContain('compact m');
  });

  it('settles before the document goes away: appended, flushed, compacted when the log has grown', async () => {
    const h = harness();
    h.log.queue(h.entry('anna'));
    await h.tick();
    await h.log.settle();
    expect(h.store.calls).toEqual(['append m 1', 'flush m', 'flush m', 'compact m']);
  });

  it('makes a last attempt to save when the document goes away while saving fails', async () => {
    const h = harness();
    h.store.full = true;
    h.log.queue(h.entry('anna'));
    await h.tick();
    await h.log.whenAppended();
    h.store.full = false;
    await h.log.settle();
    expect(h.log.saveState).toBe(SaveState.Saved);
    expect(h.store.snapshots.get('m')).toEqual([new Uint8Array([9])]);
  });

  it('stops when destroyed: no append, no retry', async () => {
    const h = harness();
    h.store.full = true;
    h.log.queue(h.entry('anna'));
    await h.tick();
    await h.log.whenAppended();
    expect(h.timers).toHaveLength(1);
    h.log.destroy();
    expect(h.timers).toHaveLength(0);
    h.log.queue(h.entry('boris'));
    await h.tick();
    await h.log.whenAppended();
    expect(h.batches).toHaveLength(1);
  });
});
