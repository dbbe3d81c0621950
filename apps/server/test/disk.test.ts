import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addNode, snapshotOf } from '@qms/model';
import { MessageType, SaveState, UNPROMPTED, encodeSaveRequest, readSaveStatus, type SaveStatus } from '@qms/protocol';
import { FileDocumentStore, LowdbCatalogue, type DocumentStore, type StoreStats, type StoredDocument } from '@qms/storage';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { api, connect, eventually, rawSocket, smallDisk, start, synced, tempDir } from './helpers.js';
import { spawnServer } from './process.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A store whose writes can be made to fail as on a full disk. */
class FullDiskStore implements DocumentStore {
  full = false;
  constructor(private readonly inner: DocumentStore) {}
  #check(): void {
    if (this.full) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  }
  load(id: string): Promise<StoredDocument> {
    return this.inner.load(id);
  }
  async append(id: string, updates: readonly Uint8Array[]): Promise<void> {
    this.#check();
    return this.inner.append(id, updates);
  }
  async flush(id: string): Promise<void> {
    this.#check();
    return this.inner.flush(id);
  }
  async compact(id: string, state: Uint8Array): Promise<void> {
    this.#check();
    return this.inner.compact(id, state);
  }
  stats(id: string): StoreStats {
    return this.inner.stats(id);
  }
  remove(id: string): Promise<void> {
    return this.inner.remove(id);
  }
  async saveVersion(id: string, versionId: string, state: Uint8Array): Promise<void> {
    this.#check();
    return this.inner.saveVersion(id, versionId, state);
  }
  loadVersion(id: string, versionId: string): Promise<Uint8Array | undefined> {
    return this.inner.loadVersion(id, versionId);
  }
  removeVersion(id: string, versionId: string): Promise<void> {
    return this.inner.removeVersion(id, versionId);
  }
  mapIds(): Promise<string[]> {
    return this.inner.mapIds();
  }
  release(id: string): Promise<void> {
    return this.inner.release(id);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** A raw client that writes updates and collects save statuses. */
async function barrierClient(url: string) {
  const raw = await rawSocket(url);
  const doc = new Y.Doc();
  const step1 = encoding.createEncoder();
  encoding.writeVarUint(step1, MessageType.Sync);
  syncProtocol.writeSyncStep1(step1, doc);
  raw.socket.send(encoding.toUint8Array(step1));
  doc.on('update', (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    syncProtocol.writeUpdate(encoder, update);
    raw.socket.send(encoding.toUint8Array(encoder));
  });
  const statuses = (): SaveStatus[] =>
    raw.messages
      .map((m) => decoding.createDecoder(m))
      .filter((d) => decoding.readVarUint(d) === MessageType.SaveStatus)
      .map((d) => readSaveStatus(d));
  return { raw, doc, statuses };
}

const titles = (doc: Y.Doc) => snapshotOf(doc).nodes.map((n) => n.title).sort();

describe('a full disk', () => {
  it('tells clients their changes are not saved, keeps everyone working, and saves again when space returns', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const documents = new FullDiskStore(new FileDocumentStore(join(tmp.dir, 'maps')));
    const catalogue = await LowdbCatalogue.open(join(tmp.dir, 'catalogue.json'));
    const running = await start(tmp.dir, {}, { storage: { catalogue, documents } });
    cleanups.push(running.close);
    const id = (await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Disk' } })).body.id as string;

    const writer = await barrierClient(`${running.wsUrl}/${id}`);
    addNode(writer.doc, { kind: 'unit', title: 'saved before', position: { x: 0, y: 0 } });
    writer.raw.socket.send(encodeSaveRequest(1));
    await eventually(() => expect(writer.statuses()).toContainEqual({ state: SaveState.Saved, requestId: 1 }));

    const colleague = connect(running.wsUrl, id);
    cleanups.push(colleague.destroy);
    await synced(colleague.provider);

    documents.full = true;
    addNode(writer.doc, { kind: 'unit', title: 'made while the disk was full', position: { x: 0, y: 0 } });
    writer.raw.socket.send(encodeSaveRequest(2));
    await eventually(() => expect(writer.statuses()).toContainEqual({ state: SaveState.Failing, requestId: 2 }));
    // Collaboration goes on: the colleague sees the change.
    await eventually(() => expect(titles(colleague.doc)).toEqual(['made while the disk was full', 'saved before']));
    expect((await api(running.url, '/readyz')).status).toBe(200);

    documents.full = false;
    await eventually(() => expect(writer.statuses().at(-1)).toEqual({ state: SaveState.Saved, requestId: UNPROMPTED }), 15_000);
    writer.raw.socket.send(encodeSaveRequest(3));
    await eventually(() => expect(writer.statuses().at(-1)).toEqual({ state: SaveState.Saved, requestId: 3 }));

    // Everything is on disk: a fresh server reads both.
    writer.raw.socket.close();
    colleague.destroy();
    await running.close();
    const again = await start(tmp.dir);
    cleanups.push(again.close);
    const fresh = connect(again.wsUrl, id);
    cleanups.push(fresh.destroy);
    await synced(fresh.provider);
    await eventually(() => expect(titles(fresh.doc)).toEqual(['made while the disk was full', 'saved before']));
  }, 30_000);
});

describe('a real disk that fills up, then goes read-only', () => {
  it('never harms what was saved, and resumes saving when space and write access return', async (context) => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const dataDir = join(tmp.dir, 'small-disk');
    const disk = smallDisk(dataDir, '2m');
    if (!disk) {
      context.skip(); // needs root and tmpfs; the FullDiskStore test above covers the logic everywhere
      return;
    }
    cleanups.push(disk.unmount);
    const server = await spawnServer(dataDir);
    cleanups.push(async () => {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await server.exited;
    });
    const id = (await api(server.url, '/api/maps', { method: 'POST', body: { title: 'Small disk' } })).body.id as string;
    const writer = await barrierClient(`${server.wsUrl}/${id}`);
    addNode(writer.doc, { kind: 'unit', title: 'saved first', position: { x: 0, y: 0 } });
    writer.raw.socket.send(encodeSaveRequest(1));
    await eventually(() => expect(writer.statuses()).toContainEqual({ state: SaveState.Saved, requestId: 1 }));

    // Fill the disk, leaving a few KiB.
    const filler = join(dataDir, 'filler.bin');
    const free = Number(execFileSync('df', ['--output=avail', '-B1', dataDir]).toString().trim().split('\n').at(-1));
    writeFileSync(filler, Buffer.alloc(Math.max(0, free - 8 * 1024)));
    addNode(writer.doc, { kind: 'unit', title: 'x'.repeat(64 * 1024), position: { x: 0, y: 0 } });
    writer.raw.socket.send(encodeSaveRequest(2));
    await eventually(() => expect(writer.statuses()).toContainEqual({ state: SaveState.Failing, requestId: 2 }));

    rmSync(filler);
    await eventually(() => expect(writer.statuses().at(-1)).toEqual({ state: SaveState.Saved, requestId: UNPROMPTED }), 15_000);

    // Read-only now.
    execFileSync('mount', ['-o', 'remount,ro', dataDir]);
    addNode(writer.doc, { kind: 'unit', title: 'made while read-only', position: { x: 0, y: 0 } });
    writer.raw.socket.send(encodeSaveRequest(3));
    await eventually(() => expect(writer.statuses()).toContainEqual({ state: SaveState.Failing, requestId: 3 }));
    expect((await api(server.url, '/readyz')).status).toBe(503);
    execFileSync('mount', ['-o', 'remount,rw', dataDir]);
    await eventually(() => expect(writer.statuses().at(-1)).toEqual({ state: SaveState.Saved, requestId: UNPROMPTED }), 15_000);

    // A hard kill, then everything is there.
    server.child.kill('SIGKILL');
    await server.exited;
    const second = await spawnServer(dataDir);
    cleanups.push(async () => {
      if (second.child.exitCode === null) second.child.kill('SIGKILL');
      await second.exited;
    });
    const fresh = connect(second.wsUrl, id);
    cleanups.push(fresh.destroy);
    await synced(fresh.provider);
    await eventually(() => expect(titles(fresh.doc)).toEqual(['made while read-only', 'saved first', 'x'.repeat(64 * 1024)]));
    writer.raw.socket.close();
  }, 60_000);
});
