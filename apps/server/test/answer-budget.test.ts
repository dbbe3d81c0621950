import { addNodes, nodesOf, setNodeTitle, type NewNode } from '@qms/model';
import { CloseCode, MessageType } from '@qms/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAwareness } from '../src/rooms/codec.js';
import { TokenBucket } from '../src/rooms/token-bucket.js';
import { encodeAwarenessEntries } from '../src/rooms/validate.js';
import { api, connect, eventually, rawSocket, start, synced, tempDir, type Running } from './helpers.js';

/**
 * A connection is charged for the work and the bytes its requests cause, not only for how many it
 * sends: a 9-byte sync step 1 asks for the whole map, a 1-byte awareness query for everyone's
 * presence.
 */

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

async function server(overrides: Parameters<typeof start>[1] = {}) {
  const tmp = await tempDir();
  cleanups.push(tmp.remove);
  const running = await start(tmp.dir, { localTrust: false, ...overrides });
  cleanups.push(() => running.close());
  const created = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Big map' } });
  const { id, tokens } = created.body as { id: string; tokens: Tokens };
  return { running, id, tokens };
}

/** An editor fills the map with `count` nodes and stays connected (to keep changing it). */
async function fill(running: Running, id: string, token: string, count: number) {
  const editor = connect(running.wsUrl, id, new Y.Doc(), token);
  cleanups.push(editor.destroy);
  await synced(editor.provider);
  const long = 'Prepares the salon workstation, checks the tools and explains the procedure to the client';
  const specs: NewNode[] = Array.from({ length: count }, (_, i) => ({ kind: 'workAction', title: `${i} ${long}`, position: { x: i, y: i % 50 } }));
  const ids: string[] = [];
  for (let i = 0; i < count; i += 500) ids.push(...addNodes(editor.doc, specs.slice(i, i + 500)));
  await eventually(() => expect(nodesOf(running.server.rooms.peek(id)!.doc).size).toBe(count), 30_000);
  return { editor, ids };
}

function syncStep1(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** A state vector that claims one item of each of the map's writers: the exact answer is nearly the whole map. */
function claimingAlmostNothing(doc: Y.Doc): Uint8Array {
  const claimed = new Map([...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()].map((client) => [client, 1]));
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, claimed.size);
  for (const [client, clock] of claimed) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
  }
  return encoding.toUint8Array(encoder);
}

const bytesOf = (messages: readonly Uint8Array[]) => messages.reduce((sum, message) => sum + message.byteLength, 0);

describe('sync step 1 is answered from the cached state', () => {
  it('encodes a busy map a few times, not once per request, however the requests are phrased', async () => {
    // Bytes are not limited here (the tests below are about them): only the encoding work is.
    const { running, id, tokens } = await server({ answerBytesBurst: 1 << 30, maxBufferedBytes: 1 << 30 });
    const { editor, ids } = await fill(running, id, tokens.editor, 2_000);
    const room = running.server.rooms.peek(id)!;
    const viewer = await rawSocket(`${running.wsUrl}/${id}?token=${tokens.viewer}`);
    cleanups.push(() => viewer.socket.close());
    const fake = claimingAlmostNothing(room.doc);
    const empty = Y.encodeStateVector(new Y.Doc());
    const encodesBefore = room.wholeStateEncodes;
    // 200 requests, half with an empty state vector, half claiming almost nothing, while the map
    // keeps changing (each change would have invalidated a plain cache).
    for (let i = 0; i < 200; i++) {
      viewer.socket.send(syncStep1(i % 2 === 0 ? empty : fake));
      if (i % 10 === 0) setNodeTitle(editor.doc, ids[i]!, `Renamed ${i}`);
    }
    await eventually(() => expect(viewer.messages.filter((m) => m[0] === MessageType.Sync && m[1] === 1)).toHaveLength(200), 60_000);
    // Once the renames are in, one more answer from the cache is the whole map, changes included.
    await eventually(() => expect(nodesOf(room.doc).get(ids[190]!)?.get('title')?.toString()).toBe('Renamed 190'));
    viewer.socket.send(syncStep1(empty));
    const isEnd = (m: Uint8Array) => m[0] === MessageType.Sync && m[1] === 1;
    await eventually(() => expect(viewer.messages.filter(isEnd)).toHaveLength(201));
    const ends = viewer.messages.flatMap((m, index) => (isEnd(m) ? [index] : []));
    const seen = new Y.Doc();
    for (const message of viewer.messages.slice(ends.at(-2)! + 1)) {
      const decoder = decoding.createDecoder(message);
      if (decoding.readVarUint(decoder) === MessageType.Sync && decoding.readVarUint(decoder) !== 0) Y.applyUpdate(seen, decoding.readVarUint8Array(decoder));
    }
    expect(nodesOf(seen).size).toBe(2_000);
    expect(nodesOf(seen).get(ids[190]!)?.get('title')?.toString()).toBe('Renamed 190');
    expect(room.wholeStateEncodes - encodesBefore).toBeLessThanOrEqual(4);
    // Exact answers (a few, within the room's budget) for the claims, the cache for the rest.
    expect(room.exactAnswers).toBeGreaterThan(0);
    expect(room.exactAnswers).toBeLessThan(40);
    console.info(`200 sync step 1s on a 2,000-node map: ${room.wholeStateEncodes - encodesBefore} whole-state encodes, ${room.exactAnswers} exact answers`);
  });
});

describe('answer bytes and unread bytes per connection', () => {
  it('closes a connection that keeps asking for the whole map with 4429, after one whole answer and the burst', async () => {
    const burst = 2 * 1024 * 1024;
    const { running, id, tokens } = await server({ answerBytesBurst: burst, answerBytesPerSecond: 64 * 1024 });
    await fill(running, id, tokens.editor, 1_000);
    const viewer = await rawSocket(`${running.wsUrl}/${id}?token=${tokens.viewer}`);
    const whole = running.server.rooms.peek(id)!.wholeStateBytes;
    for (let i = 0; i < 200; i++) viewer.socket.send(syncStep1(Y.encodeStateVector(new Y.Doc())));
    expect((await viewer.closed).code).toBe(CloseCode.TooManyRequests);
    const answered = bytesOf(viewer.messages);
    expect(answered).toBeGreaterThanOrEqual(whole); // the first one always goes out
    expect(answered).toBeLessThan(burst + 2 * whole + 1024 * 1024); // not 200 of them
    // A well-behaved client on the same map is not affected.
    const other = connect(running.wsUrl, id, new Y.Doc(), tokens.viewer);
    cleanups.push(other.destroy);
    await synced(other.provider);
    expect(nodesOf(other.doc).size).toBe(1_000);
  });

  it('closes a client that stops reading with 4408 once its unread bytes pass the cap', async () => {
    const { running, id, tokens } = await server({ answerBytesBurst: 1 << 30, answerBytesPerSecond: 1 << 30, maxBufferedBytes: 1024 * 1024 });
    // Someone with a large presence state (a long selection) is in the room.
    const owner = connect(running.wsUrl, id, new Y.Doc(), tokens.owner);
    cleanups.push(owner.destroy);
    await synced(owner.provider);
    owner.provider.awareness.setLocalState({ user: { name: 'Facilitator' }, selection: Array.from({ length: 3_000 }, (_, i) => `node-${i}-abcdef`) });
    await eventually(() => expect(running.server.rooms.peek(id)!.awareness.getStates().size).toBe(1));

    const reader = await rawSocket(`${running.wsUrl}/${id}?token=${tokens.viewer}`);
    reader.socket.pause(); // reads nothing from here on
    reader.socket.send(encodeAwareness(encodeAwarenessEntries([{ clientId: 7, clock: 1, state: { user: { name: 'Slow' } } }])));
    for (let i = 0; i < 1_500; i++) reader.socket.send(new Uint8Array([MessageType.QueryAwareness]));
    const room = running.server.rooms.peek(id)!;
    await eventually(() => expect(room.peers.size).toBe(1), 30_000); // only the owner is left
    reader.socket.resume();
    expect((await reader.closed).code).toBe(CloseCode.SlowConsumer);
    // The owner's connection is untouched.
    expect(owner.provider.wsconnected).toBe(true);
  });
});

describe('TokenBucket.charge', () => {
  it('lets one cost larger than the burst through, then refuses until the debt is paid', () => {
    let now = 0;
    const bucket = new TokenBucket(100, 50, now);
    expect(bucket.charge(500, now)).toBe(true); // 50 - 500 = -450
    expect(bucket.canSpend(now)).toBe(false);
    now += 4_000; // +400: still in debt
    expect(bucket.charge(1, now)).toBe(false);
    now += 1_000; // +100: 50 again at most
    expect(bucket.canSpend(now)).toBe(true);
    expect(bucket.take(51, now)).toBe(false);
    expect(bucket.take(50, now)).toBe(true);
  });
});

