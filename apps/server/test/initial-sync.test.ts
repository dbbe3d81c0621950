import { addNodes, metaOf, nodesOf, type NewNode } from '@qms/model';
import { MessageType } from '@qms/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { SYNC_PIECE_BYTES } from '../src/rooms/room.js';
import { api, connect, eventually, rawSocket, start, synced, tempDir, type Running } from './helpers.js';

let dir: { dir: string; remove: () => Promise<void> };
let running: Running;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  dir = await tempDir();
  running = await start(dir.dir, { roomIdleMs: 0 });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await running.close();
  await dir.remove();
});

async function newMap(title = 'Big map'): Promise<string> {
  return (await api(running.url, '/api/maps', { method: 'POST', body: { title } })).body.id;
}

function client(mapId: string) {
  const c = connect(running.wsUrl, mapId);
  cleanups.push(c.destroy);
  return c;
}

async function restart(): Promise<void> {
  await running.close();
  running = await start(dir.dir, { roomIdleMs: 0 });
}

/** Writes a map whose whole state is well over a megabyte, and waits until the server has it. */
async function bigMap(nodes = 6_000): Promise<{ id: string; state: Uint8Array }> {
  const id = await newMap();
  const writer = client(id);
  await synced(writer.provider);
  const long = 'Prepares the salon workstation, checks the tools and explains the procedure to the client '.repeat(2);
  const specs: NewNode[] = Array.from({ length: nodes }, (_, i) => ({ kind: 'workAction', title: `${i} ${long}`, position: { x: i, y: i % 50 } }));
  for (let i = 0; i < nodes; i += 1_000) addNodes(writer.doc, specs.slice(i, i + 1_000));
  const check = client(id);
  await synced(check.provider);
  await eventually(() => expect(nodesOf(check.doc).size).toBe(nodes), 30_000);
  const state = Y.encodeStateAsUpdate(writer.doc);
  writer.destroy();
  check.destroy();
  await eventually(() => expect(running.server.rooms.loadedCount).toBe(0));
  return { id, state };
}

interface SyncMessage {
  step: number;
  payload: Uint8Array;
}

/** Joins with a raw socket that has nothing, and collects the sync messages up to sync step 2. */
async function joinWithNothing(id: string): Promise<SyncMessage[]> {
  const { socket, messages } = await rawSocket(`${running.wsUrl}/${id}`);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  socket.send(encoding.toUint8Array(encoder));
  const received = await eventually(() => {
    const sync = messages.map(readSync).filter((m): m is SyncMessage => m !== null && m.step !== syncProtocol.messageYjsSyncStep1);
    expect(sync.at(-1)?.step).toBe(syncProtocol.messageYjsSyncStep2);
    return sync;
  }, 30_000);
  socket.close();
  return received;
}

function readSync(message: Uint8Array): SyncMessage | null {
  const decoder = decoding.createDecoder(message);
  if (decoding.readVarUint(decoder) !== MessageType.Sync) return null;
  const step = decoding.readVarUint(decoder);
  return { step, payload: decoding.readVarUint8Array(decoder) };
}

function docOf(messages: SyncMessage[]): Y.Doc {
  const doc = new Y.Doc();
  for (const { payload } of messages) Y.applyUpdate(doc, payload);
  return doc;
}

describe('the initial sync of a large map', () => {
  it('arrives in pieces, the last one as sync step 2, both on a cold start and from a loaded room', async () => {
    const { id, state } = await bigMap();
    expect(state.byteLength).toBeGreaterThan(1024 * 1024);
    await restart();

    // Cold: the room answers from the stored bytes while it builds its document.
    const cold = await joinWithNothing(id);
    expect(cold.length).toBeGreaterThanOrEqual(Math.floor(state.byteLength / SYNC_PIECE_BYTES));
    for (const message of cold.slice(0, -1)) expect(message.step).toBe(syncProtocol.messageYjsUpdate);
    for (const message of cold) expect(message.payload.byteLength).toBeLessThanOrEqual(SYNC_PIECE_BYTES);
    expect(nodesOf(docOf(cold)).size).toBe(6_000);

    // A stock client in the loaded room: synced only once it has everything.
    const stock = client(id);
    await synced(stock.provider);
    expect(nodesOf(stock.doc).size).toBe(6_000);

    // An edit reaches the next joiner that has nothing (the encoded state is not reused stale).
    const added = addNodes(stock.doc, [{ kind: 'unit', title: 'Added after the join', position: { x: 0, y: 0 } }])[0]!;
    await eventually(async () => {
      const warm = await joinWithNothing(id);
      expect(warm.length).toBeGreaterThan(1);
      expect(nodesOf(docOf(warm)).has(added)).toBe(true);
    });
  });

  it('holds what a client sends while the map loads, applies it after, and keeps it', async () => {
    const { id, state } = await bigMap();
    await restart();
    // A client that already had the map (an offline copy) comes back with an edit of its own.
    const returning = client(id);
    Y.applyUpdate(returning.doc, state);
    const offline = addNodes(returning.doc, [{ kind: 'unit', title: 'Made offline', position: { x: 5, y: 5 } }])[0]!;
    const fresh = client(id);
    await synced(returning.provider);
    await synced(fresh.provider);
    await eventually(() => expect(nodesOf(fresh.doc).has(offline)).toBe(true), 30_000);
    expect(nodesOf(fresh.doc).size).toBe(6_001);
    returning.destroy();
    fresh.destroy();
    await eventually(() => expect(running.server.rooms.loadedCount).toBe(0));
    await restart();
    const later = client(id);
    await synced(later.provider);
    expect(nodesOf(later.doc).has(offline)).toBe(true);
  });

  it('serves a map written by a newer version as it is, without migrating it, and serves other maps', async () => {
    const newer = await newMap('From the future');
    const other = await newMap('Ordinary');
    // Written on the server's copy: a newer server would have stamped it so.
    await running.server.rooms.with(newer, async (room) => {
      room.change((doc) => metaOf(doc).set('schemaVersion', 999));
      await room.whenDurable();
    });
    await eventually(() => expect(running.server.rooms.loadedCount).toBe(0));
    await restart();

    // Refusing it made every client reconnect in a loop (4500) and locked its owner out of
    // restoring a version; the web app shows it without offering edits instead.
    const check = client(newer);
    await synced(check.provider);
    await eventually(() => expect(running.server.rooms.peek(newer)?.isLoaded).toBe(true));
    expect(metaOf(check.doc).get('schemaVersion')).toBe(999);
    expect(check.provider.wsconnected).toBe(true);
    const ok = client(other);
    await synced(ok.provider);
    expect(metaOf(ok.doc).get('title')).toBe('Ordinary');
  });

});
