import { MapView, addNode, setNodeTitle } from '@qms/model';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { api, connect, eventually, synced, tempDir } from './helpers.js';
import { spawnServer, type ServerProcess } from './process.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverIn(dir: string): Promise<ServerProcess> {
  const server = await spawnServer(dir);
  cleanups.push(async () => {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
  });
  return server;
}

function client(wsUrl: string, mapId: string) {
  const c = connect(wsUrl, mapId);
  cleanups.push(c.destroy);
  return c;
}

const titlesOf = (doc: Y.Doc) => new Set(new MapView(doc).snapshot.nodes.map((n) => n.title));

describe('kill -9', () => {
  it('loses nothing a peer had seen when the server is killed the instant the peer saw it', async () => {
    const tmp = await tempDir('qms-kill9-');
    cleanups.push(tmp.remove);
    const first = await serverIn(tmp.dir);
    const id = (await api(first.url, '/api/maps', { method: 'POST', body: { title: 'Killed' } })).body.id as string;
    const writer = client(first.wsUrl, id);
    const watcher = client(first.wsUrl, id);
    await Promise.all([synced(writer.provider), synced(watcher.provider)]);

    const node = addNode(writer.doc, { kind: 'workAction', title: 'before the kill', position: { x: 0, y: 0 } });
    // Kill in the very callback in which the watcher first sees the update.
    const killed = new Promise<void>((resolve) => {
      const onUpdate = () => {
        if (!titlesOf(watcher.doc).has('before the kill')) return;
        first.child.kill('SIGKILL');
        watcher.doc.off('update', onUpdate);
        resolve();
      };
      watcher.doc.on('update', onUpdate);
    });
    await killed;
    expect((await first.exited).signal).toBe('SIGKILL');
    writer.destroy();
    watcher.destroy();

    const second = await serverIn(tmp.dir);
    const fresh = client(second.wsUrl, id);
    await synced(fresh.provider);
    await eventually(() => expect(titlesOf(fresh.doc).has('before the kill')).toBe(true));
    expect(new MapView(fresh.doc).snapshot.nodes.map((n) => n.id)).toEqual([node]);
  });

  it('under load from several writers, keeps every update any peer observed', async () => {
    const tmp = await tempDir('qms-kill9-load-');
    cleanups.push(tmp.remove);
    const first = await serverIn(tmp.dir);
    const id = (await api(first.url, '/api/maps', { method: 'POST', body: { title: 'Load' } })).body.id as string;
    const writers = [0, 1, 2, 3].map(() => client(first.wsUrl, id));
    const observer = client(first.wsUrl, id);
    await Promise.all([...writers, observer].map((c) => synced(c.provider)));

    // Each writer owns one node and writes an increasing sequence number into its title.
    const nodes = writers.map((w, i) => addNode(w.doc, { kind: 'workAction', title: `w${i}:0`, position: { x: i, y: 0 } }));
    const highest = (doc: Y.Doc, i: number) => {
      const title = new MapView(doc).snapshot.nodes.find((n) => n.id === nodes[i])?.title ?? '';
      return Number(/:(\d+)$/.exec(title)?.[1] ?? -1);
    };
    let sequence = 0;
    let sent = 0;
    const timer = setInterval(() => {
      sequence++;
      writers.forEach((w, i) => {
        setNodeTitle(w.doc, nodes[i]!, `w${i}:${sequence}`);
        sent++;
      });
    }, 4);
    cleanups.push(() => clearInterval(timer));
    await eventually(() => expect(highest(observer.doc, 0)).toBeGreaterThan(100), 20_000);

    // Freeze what every peer had observed at the moment of the kill.
    first.child.kill('SIGKILL');
    const observed = writers.map((_, i) => Math.max(...[observer, ...writers.filter((_, j) => j !== i)].map((peer) => highest(peer.doc, i))));
    clearInterval(timer);
    await first.exited;
    for (const c of [...writers, observer]) c.destroy();

    const second = await serverIn(tmp.dir);
    const fresh = client(second.wsUrl, id);
    await synced(fresh.provider);
    const recovered = writers.map((_, i) => highest(fresh.doc, i));
    for (let i = 0; i < writers.length; i++) expect(recovered[i]).toBeGreaterThanOrEqual(observed[i]!);
    console.info(`kill -9 under load: ${sent} title updates sent, highest observed per writer ${observed.join('/')}, recovered ${recovered.join('/')}`);
  });
});
