import { MapView, addNode, moveNodes, nodesOf, readMeta, removeElements, setNodeTitle } from '@qms/model';
import { CloseCode, MessageType, SaveState, encodeSaveRequest, readSaveStatus } from '@qms/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { api, connect, eventually, rawSocket, start, synced, tempDir, type Running } from './helpers.js';

let dir: { dir: string; remove: () => Promise<void> };
let running: Running;
const cleanups: Array<() => void> = [];

beforeEach(async () => {
  dir = await tempDir();
  running = await start(dir.dir);
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await running.close();
  await dir.remove();
});

async function newMap(title = 'Test map'): Promise<string> {
  return (await api(running.url, '/api/maps', { method: 'POST', body: { title } })).body.id;
}

function client(mapId: string, wsUrl = running.wsUrl) {
  const c = connect(wsUrl, mapId);
  cleanups.push(c.destroy);
  return c;
}

const titles = (doc: Y.Doc) => new MapView(doc).snapshot.nodes.map((n) => n.title).sort();

describe('two stock y-websocket clients on one map', () => {
  it('see each other’s adds, renames, moves and deletes', async () => {
    const id = await newMap();
    const a = client(id);
    const b = client(id);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    expect(readMeta(b.doc).title).toBe('Test map');

    const node = addNode(a.doc, { kind: 'workAction', title: 'Cut hair', position: { x: 0, y: 0 } });
    await eventually(() => expect(titles(b.doc)).toEqual(['Cut hair']));
    setNodeTitle(b.doc, node, 'Cut and style hair');
    await eventually(() => expect(titles(a.doc)).toEqual(['Cut and style hair']));
    moveNodes(a.doc, [{ id: node, position: { x: 40, y: 80 } }]);
    await eventually(() => expect(new MapView(b.doc).snapshot.nodes[0]!.position).toEqual({ x: 40, y: 80 }));
    removeElements(b.doc, { nodeIds: [node] });
    await eventually(() => expect(nodesOf(a.doc).size).toBe(0));
  });

  it('merges two people typing into the same title at the same moment', async () => {
    const id = await newMap();
    const a = client(id);
    const b = client(id);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    const node = addNode(a.doc, { kind: 'workAction', title: 'Cut hair', position: { x: 0, y: 0 } });
    await eventually(() => expect(titles(b.doc)).toEqual(['Cut hair']));
    // Both edit before either hears of the other's edit.
    setNodeTitle(a.doc, node, 'Cut and style hair');
    setNodeTitle(b.doc, node, 'Cut hair safely');
    await eventually(() => {
      expect(titles(a.doc)).toEqual(['Cut and style hair safely']);
      expect(titles(b.doc)).toEqual(['Cut and style hair safely']);
    });
  });

  it('gives a late joiner the full state', async () => {
    const id = await newMap();
    const a = client(id);
    await synced(a.provider);
    for (let i = 0; i < 20; i++) addNode(a.doc, { kind: 'workAction', title: `WA ${i}`, position: { x: i, y: 0 } });
    const late = client(id);
    await synced(late.provider);
    await eventually(() => expect(nodesOf(late.doc).size).toBe(20));
  });
});

describe('persistence', () => {
  it('keeps everything across a restart', async () => {
    const id = await newMap('Kept');
    const a = client(id);
    await synced(a.provider);
    const node = addNode(a.doc, { kind: 'unit', title: 'U 1', position: { x: 1, y: 2 } });
    const b = client(id);
    await synced(b.provider);
    await eventually(() => expect(nodesOf(b.doc).has(node)).toBe(true));
    a.destroy();
    b.destroy();
    await running.close();
    running = await start(dir.dir);
    const c = client(id);
    await synced(c.provider);
    await eventually(() => expect(titles(c.doc)).toEqual(['U 1']));
    expect(readMeta(c.doc).title).toBe('Kept');
  });

  it('unloads a room once its last client left, and loses nothing on leave-and-rejoin under writes', async () => {
    const id = await newMap();
    const writer = client(id);
    await synced(writer.provider);
    for (let round = 0; round < 5; round++) {
      const visitor = client(id);
      await synced(visitor.provider);
      addNode(writer.doc, { kind: 'workAction', title: `round ${round}`, position: { x: 0, y: 0 } });
      visitor.destroy();
    }
    writer.destroy();
    await eventually(() => expect(running.server.rooms.loadedCount).toBe(0));
    const check = client(id);
    await synced(check.provider);
    await eventually(() => expect(titles(check.doc)).toEqual([0, 1, 2, 3, 4].map((r) => `round ${r}`)));
  });
});

describe('the sync endpoint refuses what it cannot serve', () => {
  it('closes an unknown map id with 4404 and the stock client stops retrying', async () => {
    const raw = await rawSocket(`${running.wsUrl}/no-such-map`);
    expect((await raw.closed).code).toBe(CloseCode.MapNotFound);
    const invalid = await rawSocket(`${running.wsUrl}/bad.id`);
    expect((await invalid.closed).code).toBe(CloseCode.MapNotFound);

    const stock = client('no-such-map');
    const closed = await new Promise<{ code: number }>((resolve) => stock.provider.on('closed', resolve));
    expect(closed.code).toBe(CloseCode.MapNotFound);
    expect(stock.provider.shouldConnect).toBe(false);
  });

  it('closes only the connection that sent a malformed message; the map is unchanged', async () => {
    const id = await newMap();
    const good = client(id);
    await synced(good.provider);
    addNode(good.doc, { kind: 'workAction', title: 'safe', position: { x: 0, y: 0 } });
    await eventually(() => expect(running.server.rooms.peek(id)?.doc.getMap('nodes').size).toBe(1));
    const before = Y.encodeStateVector(running.server.rooms.peek(id)!.doc);

    const bad = await rawSocket(`${running.wsUrl}/${id}`);
    bad.socket.send(new Uint8Array([MessageType.Sync, 2, 0xff, 0xff, 0xff, 0xff, 0x0f])); // absurd length
    expect((await bad.closed).code).toBe(CloseCode.MalformedMessage);
    const text = await rawSocket(`${running.wsUrl}/${id}`);
    text.socket.send('hello');
    expect((await text.closed).code).toBe(CloseCode.MalformedMessage);

    expect(Y.encodeStateVector(running.server.rooms.peek(id)!.doc)).toEqual(before);
    addNode(good.doc, { kind: 'workAction', title: 'still fine', position: { x: 0, y: 0 } });
    const other = client(id);
    await synced(other.provider);
    await eventually(() => expect(titles(other.doc)).toEqual(['safe', 'still fine']));
  });
});

describe('save status', () => {
  function saveStatuses(messages: Uint8Array[]) {
    return messages
      .map((m) => decoding.createDecoder(m))
      .filter((d) => decoding.readVarUint(d) === MessageType.SaveStatus)
      .map((d) => readSaveStatus(d));
  }

  it('answers a barrier once everything sent before it is on disk, deletions included', async () => {
    const id = await newMap();
    const raw = await rawSocket(`${running.wsUrl}/${id}`);
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.Sync);
      syncProtocol.writeUpdate(encoder, update);
      raw.socket.send(encoding.toUint8Array(encoder));
    });
    const node = addNode(doc, { kind: 'workAction', title: 'saved?', position: { x: 0, y: 0 } });
    raw.socket.send(encodeSaveRequest(1));
    await eventually(() => expect(saveStatuses(raw.messages)).toEqual([{ state: SaveState.Saved, requestId: 1 }]));
    // The answer came after the update reached the log: a new server process would load it.
    const stored = await running.server.storage.documents.load(id);
    const reloaded = new Y.Doc();
    for (const update of stored.updates) Y.applyUpdate(reloaded, update);
    expect(nodesOf(reloaded).has(node)).toBe(true);

    removeElements(doc, { nodeIds: [node] }); // a deletion adds no item: only a barrier can confirm it
    raw.socket.send(encodeSaveRequest(2));
    await eventually(() => expect(saveStatuses(raw.messages).at(-1)).toEqual({ state: SaveState.Saved, requestId: 2 }));
    const afterDelete = new Y.Doc();
    for (const update of (await running.server.storage.documents.load(id)).updates) Y.applyUpdate(afterDelete, update);
    expect(nodesOf(afterDelete).has(node)).toBe(false);
    raw.socket.close();
  });

  it('never sends save statuses to a stock client that did not ask', async () => {
    const id = await newMap();
    const raw = await rawSocket(`${running.wsUrl}/${id}`);
    const other = client(id);
    await synced(other.provider);
    addNode(other.doc, { kind: 'workAction', title: 'x', position: { x: 0, y: 0 } });
    await eventually(() => expect(raw.messages.some((m) => m[0] === MessageType.Sync && m[1] === 2)).toBe(true));
    expect(raw.messages.some((m) => m[0] === MessageType.SaveStatus)).toBe(false);
    raw.socket.close();
  });
});

describe('maps changed through the API while people are in them', () => {
  it('shows a rename to connected clients', async () => {
    const id = await newMap('Old');
    const a = client(id);
    await synced(a.provider);
    await api(running.url, `/api/maps/${id}`, { method: 'PATCH', body: { title: 'New' } });
    await eventually(() => expect(readMeta(a.doc).title).toBe('New'));
  });

  it('takes the map title from the document when an editor renames it', async () => {
    const id = await newMap('Old');
    const a = client(id);
    await synced(a.provider);
    a.doc.getMap('meta').set('title', 'Renamed in the editor');
    await eventually(async () => expect((await api(running.url, `/api/maps/${id}`)).body.title).toBe('Renamed in the editor'));
  });

  it('closes connections to a deleted map with 4410', async () => {
    const id = await newMap();
    const a = client(id);
    await synced(a.provider);
    const closed = new Promise<{ code: number }>((resolve) => a.provider.on('closed', resolve));
    await api(running.url, `/api/maps/${id}`, { method: 'DELETE' });
    expect((await closed).code).toBe(CloseCode.MapDeleted);
  });
});
