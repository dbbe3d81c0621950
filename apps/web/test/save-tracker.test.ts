import { MessageType, SaveState, UNPROMPTED, encodeSaveStatus, readSaveRequest } from '@qms/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { reconnectDelay } from '../src/sync/map-connection';
import { SaveTracker, type ProviderLike, type SyncStatus } from '../src/sync/save-tracker';

/** Just enough of y-websocket's provider: events, a socket that records, message handlers. */
function fakeProvider() {
  const listeners = new Map<string, Set<(arg: never) => void>>();
  const sent: Uint8Array[] = [];
  const provider = {
    doc: new Y.Doc(),
    synced: false,
    wsconnected: false,
    ws: { send: (data: Uint8Array) => sent.push(data) },
    messageHandlers: [] as ProviderLike['messageHandlers'],
    on(event: string, listener: (arg: never) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
    },
    off(event: string, listener: (arg: never) => void) {
      listeners.get(event)?.delete(listener);
    },
  };
  const emit = (event: string, arg: unknown) => listeners.get(event)?.forEach((l) => l(arg as never));
  return {
    provider,
    sent,
    requests: () => sent.map((m) => decoding.createDecoder(m)).filter((d) => decoding.readVarUint(d) === MessageType.SaveStatus).map(readSaveRequest),
    connect() {
      provider.wsconnected = true;
      emit('status', { status: 'connected' });
      provider.synced = true;
      emit('sync', true);
    },
    disconnect() {
      provider.wsconnected = false;
      provider.synced = false;
      emit('status', { status: 'disconnected' });
    },
    answer(state: SaveState, requestId: number) {
      const decoder = decoding.createDecoder(encodeSaveStatus({ state, requestId }));
      decoding.readVarUint(decoder);
      provider.messageHandlers[MessageType.SaveStatus]!(encoding.createEncoder(), decoder, undefined as never, true, MessageType.SaveStatus);
    },
  };
}

function setup() {
  const fake = fakeProvider();
  const tracker = new SaveTracker(fake.provider as unknown as ProviderLike);
  const seen: SyncStatus[] = [tracker.status];
  tracker.subscribe((status) => seen.push(status));
  return {
    ...fake,
    tracker,
    seen,
    edit: (key = 'k') => fake.provider.doc.getMap('m').set(key, Math.random()),
    /** Connects and lets the server confirm what the sync exchange sent (request 1). */
    connectSaved() {
      fake.connect();
      fake.answer(SaveState.Saved, fake.requests().at(-1)!);
    },
  };
}

describe('SaveTracker', () => {
  it('goes connecting → saving (confirming what the sync sent) → saved, then saving after an edit until the server confirms it', () => {
    const t = setup();
    expect(t.tracker.status).toBe('connecting');
    t.connect();
    expect(t.tracker.status).toBe('saving');
    t.answer(SaveState.Saved, 1);
    expect(t.tracker.status).toBe('saved');
    t.edit();
    expect(t.tracker.status).toBe('saving');
    expect(t.requests()).toEqual([1, 2]);
    t.answer(SaveState.Saved, 2);
    expect(t.tracker.status).toBe('saved');
  });

  it('keeps one request in flight and confirms edits made meanwhile with the next one', () => {
    const t = setup();
    t.connectSaved();
    t.edit('a');
    t.edit('b');
    t.edit('c');
    expect(t.requests()).toEqual([1, 2]);
    t.answer(SaveState.Saved, 2);
    expect(t.requests()).toEqual([1, 2, 3]);
    expect(t.tracker.status).toBe('saving');
    t.answer(SaveState.Saved, 3);
    expect(t.tracker.status).toBe('saved');
  });

  it('counts a deletion as a change to confirm', () => {
    const t = setup();
    t.connectSaved();
    t.edit('a');
    t.answer(SaveState.Saved, 2);
    t.provider.doc.getMap('m').delete('a');
    expect(t.tracker.status).toBe('saving');
  });

  it('ignores changes that came from the server', () => {
    const t = setup();
    t.connectSaved();
    const other = new Y.Doc();
    other.getMap('m').set('x', 1);
    Y.applyUpdate(t.provider.doc, Y.encodeStateAsUpdate(other));
    expect(t.tracker.status).toBe('saved');
    expect(t.requests()).toEqual([1]);
  });

  it('says offline while disconnected and asks again after reconnecting', () => {
    const t = setup();
    t.connectSaved();
    t.edit();
    t.disconnect();
    expect(t.tracker.status).toBe('offline');
    t.edit('offline edit');
    expect(t.tracker.status).toBe('offline');
    t.answer(SaveState.Saved, 2); // a late answer from the old socket does not count
    t.connect();
    expect(t.tracker.status).toBe('saving');
    expect(t.requests()).toEqual([1, 2, 3]);
    t.answer(SaveState.Saved, 3);
    expect(t.tracker.status).toBe('saved');
  });

  it('confirms on every reconnection what the sync exchange sent (edits kept from an earlier, offline visit)', () => {
    const t = setup();
    // Restored from IndexedDB: not this tab's own transaction, but not on the server either.
    const earlier = new Y.Doc();
    earlier.getMap('m').set('offline', true);
    Y.applyUpdate(t.provider.doc, Y.encodeStateAsUpdate(earlier), 'indexeddb');
    t.connect();
    expect(t.tracker.status).toBe('saving');
    expect(t.requests()).toEqual([1]);
  });

  it('shows failing when the server cannot write, and confirms again once it can', () => {
    const t = setup();
    t.connectSaved();
    t.edit();
    t.answer(SaveState.Failing, 2);
    expect(t.tracker.status).toBe('failing');
    t.edit('more');
    expect(t.requests()).toEqual([1, 2]); // no point asking while the disk is failing
    t.answer(SaveState.Saved, UNPROMPTED);
    expect(t.tracker.status).toBe('saving');
    expect(t.requests()).toEqual([1, 2, 3]);
    t.answer(SaveState.Saved, 3);
    expect(t.tracker.status).toBe('saved');
    expect(t.seen).toEqual(['connecting', 'saving', 'saved', 'saving', 'failing', 'saving', 'saved']);
  });
});

describe('reconnectDelay', () => {
  it('grows exponentially up to a cap, and is spread at random below it', () => {
    const max = (attempt: number) => reconnectDelay(attempt, () => 0.999999);
    expect([0, 1, 2, 3, 10].map(max)).toEqual([400, 800, 1600, 3200, 10_000]);
    expect(reconnectDelay(5, () => 0)).toBe(0);
    // Thirty laptops after a restart do not all come back at the same moment.
    const delays = Array.from({ length: 30 }, () => reconnectDelay(3));
    expect(new Set(delays).size).toBeGreaterThan(20);
  });
});
