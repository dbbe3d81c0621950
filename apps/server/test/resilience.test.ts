import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addNode, snapshotOf } from '@qms/model';
import { CloseCode } from '@qms/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { createConnection, type Socket } from 'node:net';
import { api, connect, eventually, rawSocket, start, synced, tempDir } from './helpers.js';
import { spawnServer } from './process.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const titles = (doc: Y.Doc) => snapshotOf(doc).nodes.map((n) => n.title).sort();

describe('SIGTERM', () => {
  it('closes clients with "server restarting", saves every map and exits cleanly', async () => {
    const tmp = await tempDir('qms-sigterm-');
    cleanups.push(tmp.remove);
    const server = await spawnServer(tmp.dir);
    cleanups.push(async () => {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      await server.exited;
    });
    const id = (await api(server.url, '/api/maps', { method: 'POST', body: { title: 'Stopping' } })).body.id as string;
    const c = connect(server.wsUrl, id);
    cleanups.push(c.destroy);
    await synced(c.provider);
    for (let i = 0; i < 30; i++) addNode(c.doc, { kind: 'workAction', title: `before stop ${i}`, position: { x: i, y: 0 } });
    await eventually(async () => expect((await api(server.url, `/api/maps/${id}/report`)).body.stats.counts.workAction).toBe(30));
    const closed = new Promise<number>((resolve) => c.provider.on('connection-close', (event) => event && resolve(event.code)));
    server.child.kill('SIGTERM');
    expect(await closed).toBe(CloseCode.ServiceRestart);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/saving every open map, then stopping/);
    // It compacted on the way out: the map loads from a snapshot.
    expect((await readdir(join(tmp.dir, 'maps', id))).some((f) => f.startsWith('snapshot.'))).toBe(true);
    c.destroy();
    const again = await spawnServer(tmp.dir);
    cleanups.push(async () => {
      if (again.child.exitCode === null) again.child.kill('SIGKILL');
      await again.exited;
    });
    const fresh = connect(again.wsUrl, id);
    cleanups.push(fresh.destroy);
    await synced(fresh.provider);
    await eventually(() => expect(titles(fresh.doc)).toHaveLength(30));
  });
});

describe('shutdown', () => {
  it('refuses sockets that reconnect while it stops, and does not wait on them', async () => {
    const tmp = await tempDir('qms-shutdown-');
    cleanups.push(tmp.remove);
    const running = await start(tmp.dir);
    const id = (await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Reconnecting' } })).body.id as string;
    const { port } = new URL(running.url);
    // Each client asks to reconnect the moment it hears "restarting" and then leaves its socket
    // open, as browsers do with a refused handshake: the server must close it, not wait for it.
    const attempts: Array<Promise<string>> = [];
    const sockets: Socket[] = [];
    for (let i = 0; i < 10; i++) {
      const { closed } = await rawSocket(`${running.wsUrl}/${id}`);
      void closed.then(({ code }) => {
        expect(code).toBe(CloseCode.ServiceRestart);
        const again = createConnection({ host: '127.0.0.1', port: Number(port) });
        sockets.push(again);
        attempts.push(
          new Promise((resolve) => {
            let answer = '';
            again.on('data', (chunk) => (answer += chunk.toString('latin1')));
            again.on('close', () => resolve(answer.split('\r\n')[0] || 'closed'));
            again.on('error', () => undefined);
            again.write(
              `GET /sync/${id} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
                `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${Buffer.from(`attempt ${i}.....`).toString('base64')}\r\n\r\n`,
            );
          }),
        );
      });
    }
    const stopping = running.close();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await eventually(() => expect(attempts).toHaveLength(10));
    // Nobody was let back in (no "101 Switching Protocols") ...
    for (const answer of await Promise.all(attempts)) expect(answer).not.toContain('101');
    // ... and the refused sockets held nothing up: the shutdown ends well before the 5-second
    // grace after which the server cuts every connection still open.
    await eventually(() => expect(stopped).toBe(true), 3000);
    for (const socket of sockets) socket.destroy();
  });

  it('closes the spare sockets browsers open in advance instead of waiting for them', async () => {
    const tmp = await tempDir('qms-preconnect-');
    cleanups.push(tmp.remove);
    const running = await start(tmp.dir);
    const { port } = new URL(running.url);
    // A connection that never sends a request (Chromium's preconnect), and a kept-alive one that has.
    const spare = createConnection({ host: '127.0.0.1', port: Number(port) });
    await new Promise((resolve) => spare.once('connect', resolve));
    let spareClosed = false;
    spare.once('close', () => (spareClosed = true));
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    let stopped = false;
    void running.close().then(() => (stopped = true));
    // Without closing it, Node waits for its headers timeout; the server's own last resort cuts
    // every connection after 5 seconds. Neither should be what ends the shutdown.
    await eventually(() => expect({ spareClosed, stopped }).toEqual({ spareClosed: true, stopped: true }), 3000);
  });
});

describe('backups', () => {
  it('writes a consistent copy while people edit, which a server can start from', async () => {
    const tmp = await tempDir('qms-backup-');
    cleanups.push(tmp.remove);
    const running = await start(tmp.dir);
    cleanups.push(running.close);
    const id = (await api(running.url, '/api/maps', { method: 'POST', body: { template: 'hairdresser' } })).body.id as string;
    const c = connect(running.wsUrl, id);
    cleanups.push(c.destroy);
    await synced(c.provider);
    addNode(c.doc, { kind: 'unit', title: 'added before the backup', position: { x: 0, y: 0 } });
    await eventually(() => expect(snapshotOf(running.server.rooms.peek(id)!.doc).nodes.some((n) => n.title === 'added before the backup')).toBe(true));
    let typing = 0;
    const editing = setInterval(() => addNode(c.doc, { kind: 'workAction', title: `during ${typing++}`, position: { x: 0, y: 0 } }), 5);
    cleanups.push(() => clearInterval(editing));
    const backup = await api(running.url, '/api/admin/backup', { method: 'POST' });
    clearInterval(editing);
    expect(backup.status).toBe(200);
    expect(backup.body.files).toBeGreaterThan(0);

    const restored = await start(backup.body.path);
    cleanups.push(restored.close);
    expect((await api(restored.url, '/api/maps')).body.maps.map((m: { id: string }) => m.id)).toContain(id);
    const fresh = connect(restored.wsUrl, id);
    cleanups.push(fresh.destroy);
    await synced(fresh.provider);
    await eventually(() => expect(titles(fresh.doc)).toContain('added before the backup'));
    expect(titles(fresh.doc).length).toBeGreaterThan(100);
  });

  it('is refused to other machines without the admin token', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    const running = await start(tmp.dir);
    cleanups.push(running.close);
    const response = await fetch(`${running.url}/api/admin/backup`, { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.7' } });
    expect(response.status).toBe(401);
  });
});

describe('a damaged map on disk', () => {
  it('is repaired from the snapshot before and the logs, with a clear log line; the server starts anyway', async () => {
    const tmp = await tempDir('qms-damaged-');
    cleanups.push(tmp.remove);
    const first = await spawnServer(tmp.dir, { COMPACT_MIN_LOG_BYTES: '200' });
    const id = (await api(first.url, '/api/maps', { method: 'POST', body: { title: 'Damaged' } })).body.id as string;
    const c = connect(first.wsUrl, id);
    await synced(c.provider);
    for (let i = 0; i < 40; i++) addNode(c.doc, { kind: 'workAction', title: `kept ${i}`, position: { x: i, y: 0 } });
    await eventually(async () => expect((await api(first.url, `/api/maps/${id}/report`)).body.stats.counts.workAction).toBe(40));
    c.destroy();
    first.child.kill('SIGTERM');
    await first.exited;
    const dir = join(tmp.dir, 'maps', id);
    const snapshots = (await readdir(dir)).filter((f) => f.startsWith('snapshot.')).sort((a, b) => Number(b.split('.')[1]) - Number(a.split('.')[1]));
    expect(snapshots.length).toBeGreaterThanOrEqual(2);
    await writeFile(join(dir, snapshots[0]!), 'not a snapshot at all');
    await writeFile(join(tmp.dir, 'catalogue.json'), '{ broken');

    const second = await spawnServer(tmp.dir);
    cleanups.push(async () => {
      if (second.child.exitCode === null) second.child.kill('SIGKILL');
      await second.exited;
    });
    const fresh = connect(second.wsUrl, id);
    cleanups.push(fresh.destroy);
    await synced(fresh.provider);
    await eventually(() => expect(titles(fresh.doc)).toHaveLength(40));
    expect(second.output()).toMatch(/damaged snapshot set aside/);
    expect(second.output()).toMatch(/catalogue file was unreadable/);
  });
});
