import { initMapDocument, setMapTitle } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CATALOGUE_TOUCH_MS, catalogueMirror } from '../src/extensions/catalogue-mirror.js';
import { encodeUpdate } from '../src/rooms/codec.js';
import { HookChain } from '../src/rooms/hooks.js';
import { Room } from '../src/rooms/room.js';
import { MemoryCatalogue, MemoryStore, fakePeer, recordingLog } from './fakes.js';

/** A map's room over memory, with only the mirror, on a clock the test moves. */
async function mirrored() {
  let time = 1_000_000;
  const catalogue = new MemoryCatalogue();
  await catalogue.put({ id: 'm1', title: 'Before', createdAt: 0, updatedAt: 0 });
  const store = new MemoryStore();
  const source = new Y.Doc();
  initMapDocument(source, { title: 'Before' });
  store.snapshots.set('m1', [Y.encodeStateAsUpdate(source)]);
  const log = recordingLog();
  const hooks = new HookChain(log, [catalogueMirror(catalogue, log, () => time)]);
  const room = await Room.load('m1', { store, log, hooks, compactMinLogBytes: 1 << 30 });
  await room.loaded;
  const peer = fakePeer('editor');
  room.addPeer(peer);
  // A client's copy, to make changes as a client would.
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
  const edit = (fn: (doc: Y.Doc) => void) => {
    const updates: Uint8Array[] = [];
    const collect = (update: Uint8Array) => updates.push(update);
    client.on('update', collect);
    fn(client);
    client.off('update', collect);
    for (const update of updates) room.handleMessage(peer, encodeUpdate(update));
  };
  return { room, catalogue, edit, advance: (ms: number) => (time += ms), now: () => time };
}

describe('the catalogue mirror', () => {
  it('writes a new title to the catalogue as soon as it changes', async () => {
    const m = await mirrored();
    m.edit((doc) => setMapTitle(doc, 'After'));
    await m.room.whenAppended();
    expect((await m.catalogue.get('m1'))!.title).toBe('After');
    expect(m.catalogue.updates[0]).toEqual({ id: 'm1', patch: { title: 'After', updatedAt: m.now() } });
    await m.room.destroy();
  });

  it('touches "updated" at most every 30 s while the map is edited, and exactly when it unloads', async () => {
    const m = await mirrored();
    const touches = () => m.catalogue.updates.map((u) => u.patch.updatedAt);
    const change = async (key: string) => {
      m.edit((doc) => doc.getMap('nodes').set(key, 1));
      await m.room.whenAppended();
      return m.now();
    };
    const first = await change('a');
    m.advance(1_000);
    await change('b');
    expect(touches()).toEqual([first]); // too soon after the last
    m.advance(CATALOGUE_TOUCH_MS);
    const second = await change('c');
    m.advance(1_000);
    const last = await change('d');
    m.advance(5_000);
    await m.room.unload();
    expect(touches()).toEqual([first, second, last]);
  });

  it('writes nothing for a map that was only looked at', async () => {
    const m = await mirrored();
    await m.room.unload();
    expect(m.catalogue.updates).toEqual([]);
  });
});
