import { MessageType, encodeSaveRequest } from '@qms/protocol';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeAwareness, encodeSyncStep1, encodeUpdate } from '../src/rooms/codec.js';
import { HookChain, type Extension, type StoredUpdatesContext } from '../src/rooms/hooks.js';
import { RemoteOrigin, SERVER_ORIGIN } from '../src/rooms/origins.js';
import { MemoryStore, clientDoc, deferred, fakePeer, recordingLog, roomWith, typesOf, updatesIn } from './fakes.js';

const server = { rooms: {} as never, log: recordingLog() };

describe('the hook chain', () => {
  it('runs extensions in the order they were registered, waiting for each awaited hook', async () => {
    const calls: string[] = [];
    const slow = deferred();
    const chain = new HookChain(recordingLog(), [
      {
        name: 'first',
        async onConfigure() {
          calls.push('first starts');
          await slow.promise;
          calls.push('first ends');
        },
      },
      { name: 'second', onConfigure: () => void calls.push('second') },
    ]);
    chain.register({ name: 'third', onConfigure: () => void calls.push('third') });
    const running = chain.run('onConfigure', server);
    await Promise.resolve();
    expect(calls).toEqual(['first starts']);
    slow.resolve();
    await running;
    expect(calls).toEqual(['first starts', 'first ends', 'second', 'third']);
    expect(chain.extensions.map((e) => e.name)).toEqual(['first', 'second', 'third']);
  });

  it('stops a refusing hook at the first error, which the caller gets', async () => {
    const calls: string[] = [];
    const chain = new HookChain(recordingLog(), [
      { name: 'refuses', onConfigure: () => Promise.reject(new Error('no bus')) },
      { name: 'never', onConfigure: () => void calls.push('never') },
    ]);
    await expect(chain.run('onConfigure', server)).rejects.toThrow('no bus');
    expect(calls).toEqual([]);
  });

  it('runs every cleaning-up hook even when one fails, and logs the failure', async () => {
    const calls: string[] = [];
    const log = recordingLog();
    const chain = new HookChain(log, [
      { name: 'broken', onDestroy: () => Promise.reject(new Error('gone')) },
      { name: 'tidy', onDestroy: () => void calls.push('tidy') },
    ]);
    await chain.settle('onDestroy', server);
    expect(calls).toEqual(['tidy']);
    expect(log.lines.some((line) => line.level === 'warn' && line.message.includes('onDestroy of broken'))).toBe(true);
  });

  it('calls hot-path hooks in order without waiting, and keeps going past a failure', () => {
    const calls: string[] = [];
    const log = recordingLog();
    const chain = new HookChain(log, [
      { name: 'throws', onChange: () => { throw new Error('oops'); } },
      { name: 'async', onChange: (() => new Promise(() => calls.push('async started'))) as Extension['onChange'] },
      { name: 'counts', onChange: () => void calls.push('counted') },
    ]);
    chain.emit('onChange', { room: {} as never, update: new Uint8Array(), origin: SERVER_ORIGIN });
    expect(calls).toEqual(['async started', 'counted']);
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });
});

describe('a room and its extensions', () => {
  it('runs the load hooks around the stored state, and greets nobody before they are done', async () => {
    const store = new MemoryStore();
    store.logs.set('map1', [clientDoc().set('stored', true)]);
    const calls: string[] = [];
    const reached = deferred();
    const catchUp = deferred();
    const { room } = await roomWith(
      [
        { name: 'a', onLoadDocument: ({ room }) => void calls.push(`a load: ${room.doc.getMap('m').size} keys`) },
        {
          name: 'b',
          onLoadDocument: () => void calls.push('b load'),
          async afterLoadDocument({ room }) {
            calls.push(`b after: ${room.doc.getMap('m').size} keys`);
            reached.resolve();
            await catchUp.promise;
          },
        },
      ],
      store,
    );
    const peer = fakePeer();
    room.addPeer(peer);
    const greetings = () => peer.sent.filter((frame) => frame[0] === MessageType.Sync && frame[1] === 0).length;
    await reached.promise;
    room.handleMessage(peer, encodeSaveRequest(1)); // held: nothing is answered before the hooks are done
    expect(calls).toEqual(['a load: 0 keys', 'b load', 'b after: 1 keys']);
    expect(room.isLoaded).toBe(false);
    expect(greetings()).toBe(0);
    catchUp.resolve();
    await room.loaded;
    expect(room.isLoaded).toBe(true);
    expect(greetings()).toBe(1);
    await room.whenDurable();
    expect(typesOf(peer.sent)).toContain(MessageType.SaveStatus);
    await room.destroy();
  });

  it('hands every durable batch to the extensions after the append, with who made each update', async () => {
    const batches: StoredUpdatesContext[] = [];
    const seenByStore: string[][] = [];
    const { room, store } = await roomWith([
      {
        name: 'bus',
        afterStoreUpdates: (context) => {
          batches.push(context);
          seenByStore.push([...store.calls]);
        },
      },
    ]);
    await room.loaded;
    const anna = fakePeer();
    const boris = fakePeer();
    room.addPeer(anna);
    room.addPeer(boris);
    const annaDoc = clientDoc();
    const borisDoc = clientDoc();
    room.handleMessage(anna, encodeUpdate(annaDoc.set('a', 1)));
    room.handleMessage(boris, encodeUpdate(borisDoc.set('b', 2)));
    await room.whenAppended();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ stored: true, relayed: 2, origins: [anna, boris] });
    expect(batches[0]!.updates).toHaveLength(2);
    expect(seenByStore[0]).toContain('append map1 2');
    room.change((doc, origin) => doc.transact(() => doc.getMap('m').set('c', 3), origin));
    await room.whenAppended();
    expect(batches[1]).toMatchObject({ stored: true, relayed: 2, origins: [SERVER_ORIGIN] });
    await room.destroy();
  });

  it('relays an update another instance stored to its clients without appending it again', async () => {
    const changes: unknown[] = [];
    const batches: unknown[] = [];
    const { room, store } = await roomWith([{ name: 'bus', onChange: ({ origin }) => void changes.push(origin), afterStoreUpdates: (c) => void batches.push(c) }]);
    await room.loaded;
    const peer = fakePeer();
    room.addPeer(peer);
    const elsewhere = clientDoc();
    const update = elsewhere.set('from', 'another instance');
    room.applyRemoteUpdates([update], 'instance-b');
    expect(updatesIn(peer.sent)).toEqual([update]);
    expect(room.doc.getMap('m').get('from')).toBe('another instance');
    await room.whenDurable();
    expect(store.calls.filter((call) => call.startsWith('append'))).toEqual([]);
    expect(batches).toEqual([]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toBeInstanceOf(RemoteOrigin);
    expect((changes[0] as RemoteOrigin).source).toBe('instance-b');
    expect(() => room.applyRemoteUpdates([new Uint8Array([255, 255])], 'instance-b')).toThrow();
    await room.destroy();
  });

  it('holds updates from another instance while the stored state is applied, so early joiners get them too', async () => {
    const store = new MemoryStore();
    store.logs.set('map1', [clientDoc().set('stored', 1)]);
    const remote = clientDoc().set('remote', 2);
    const { room } = await roomWith([{ name: 'bus', onLoadDocument: ({ room }) => room.applyRemoteUpdates([remote], 'instance-b') }], store);
    const early = fakePeer();
    room.addPeer(early);
    room.handleMessage(early, encodeSyncStep1(new Y.Doc())); // answered from the stored bytes
    await room.loaded;
    const doc = new Y.Doc();
    for (const update of updatesIn(early.sent)) Y.applyUpdate(doc, update);
    expect(doc.getMap('m').toJSON()).toEqual({ stored: 1, remote: 2 });
    expect(store.calls.filter((call) => call.startsWith('append'))).toEqual([]);
    await room.destroy();
  });

  it('passes awareness both ways: a client’s out to the extensions, another instance’s in to the clients', async () => {
    const seen: Array<{ origin: unknown; added: readonly number[] }> = [];
    const { room } = await roomWith([{ name: 'bus', onAwarenessUpdate: ({ origin, added }) => void seen.push({ origin, added }) }]);
    await room.loaded;
    const peer = fakePeer('viewer'); // viewers are seen too
    room.addPeer(peer);
    const local = new awarenessProtocol.Awareness(new Y.Doc());
    local.setLocalState({ user: { name: 'Anna' } });
    room.handleMessage(peer, encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(local, [local.clientID])));
    expect(seen).toEqual([{ origin: peer, added: [local.clientID] }]);

    const elsewhere = new awarenessProtocol.Awareness(new Y.Doc());
    elsewhere.setLocalState({ user: { name: 'Boris' } });
    peer.sent.length = 0;
    room.applyRemoteAwareness(awarenessProtocol.encodeAwarenessUpdate(elsewhere, [elsewhere.clientID]), 'instance-b');
    expect(typesOf(peer.sent)).toEqual([MessageType.Awareness]);
    expect(room.awareness.getStates().get(elsewhere.clientID)).toEqual({ user: { name: 'Boris' } });
    expect(seen[1]!.origin).toBeInstanceOf(RemoteOrigin);
    local.destroy();
    elsewhere.destroy();
    await room.destroy();
  });

  it('unloads in order: saved, then beforeUnloadDocument with the document, then afterUnloadDocument', async () => {
    const calls: string[] = [];
    const { room, store } = await roomWith([
      {
        name: 'history',
        beforeUnloadDocument: async ({ room }) => void calls.push(`before: ${room.doc.getMap('m').get('a')} (${store.calls.join(', ')})`),
        afterUnloadDocument: () => void calls.push(`after (${store.calls.at(-1)})`),
      },
    ]);
    await room.loaded;
    const peer = fakePeer();
    room.addPeer(peer);
    room.handleMessage(peer, encodeUpdate(clientDoc().set('a', 1)));
    room.removePeer(peer);
    store.calls.length = 0;
    await room.unload();
    expect(calls).toEqual(['before: 1 (append map1 1, flush map1, flush map1, compact map1)', 'after (release map1)']);
  });

  it('fails the load when a load hook refuses, and tells the clients to retry', async () => {
    const { room } = await roomWith([{ name: 'bus', afterLoadDocument: () => Promise.reject(new Error('bus down')) }]);
    const peer = fakePeer();
    room.addPeer(peer);
    await expect(room.loaded).rejects.toThrow('bus down');
    expect(peer.closedWith).toBe(4500);
    await room.destroy();
  });
});
