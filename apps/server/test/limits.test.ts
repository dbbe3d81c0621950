import { EventEmitter } from 'node:events';
import { addNode } from '@qms/model';
import { CloseCode, DocumentKind } from '@qms/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { serveSyncConnection } from '../src/rooms/connection.js';
import type { Room } from '../src/rooms/room.js';
import type { Rooms } from '../src/rooms/rooms.js';
import { TokenBucket } from '../src/rooms/token-bucket.js';
import { api, connect, eventually, rawSocket, start, synced, tempDir, type Running } from './helpers.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(overrides: Parameters<typeof start>[1] = {}): Promise<Running> {
  const tmp = await tempDir();
  const running = await start(tmp.dir, overrides);
  cleanups.push(tmp.remove, running.close);
  return running;
}

const newMap = async (running: Running) => (await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Limits' } })).body.id as string;

describe('limits on the sync socket', () => {
  it('closes a frame larger than the limit with 1009', async () => {
    const running = await server({ maxFrameBytes: 64 * 1024 });
    const id = await newMap(running);
    const raw = await rawSocket(`${running.wsUrl}/${id}`);
    raw.socket.send(new Uint8Array(65 * 1024));
    expect((await raw.closed).code).toBe(CloseCode.MessageTooBig);
  });

  it('closes a connection that sends faster than the rate limit with 4429', async () => {
    const running = await server({ messagesPerSecond: 50, messageBurst: 100 });
    const id = await newMap(running);
    const raw = await rawSocket(`${running.wsUrl}/${id}`);
    for (let i = 0; i < 300; i++) raw.socket.send(new Uint8Array([3])); // query-awareness, harmless alone
    expect((await raw.closed).code).toBe(CloseCode.TooManyRequests);
  });

  it('refuses more connections from one address than allowed, with 4429', async () => {
    const running = await server({ maxConnectionsPerIp: 3 });
    const id = await newMap(running);
    const open = await Promise.all([0, 1, 2].map(() => rawSocket(`${running.wsUrl}/${id}`)));
    const fourth = await rawSocket(`${running.wsUrl}/${id}`);
    expect((await fourth.closed).code).toBe(CloseCode.TooManyRequests);
    open[0]!.socket.close();
    await open[0]!.closed;
    await eventually(async () => {
      const again = await rawSocket(`${running.wsUrl}/${id}`);
      const result = await Promise.race([again.closed.then((c) => c.code), new Promise((resolve) => setTimeout(() => resolve('open'), 300))]);
      again.socket.close();
      expect(result).toBe('open');
    });
  });

  it('lets a well-behaved client work at a normal pace under the default limits', async () => {
    const running = await server();
    const id = await newMap(running);
    const c = connect(running.wsUrl, id);
    cleanups.push(c.destroy);
    await synced(c.provider);
    for (let i = 0; i < 200; i++) addNode(c.doc, { kind: 'workAction', title: `n${i}`, position: { x: i, y: 0 } });
    await eventually(() => expect(running.server.rooms.peek(id)?.doc.getMap('nodes').size).toBe(200));
  });
});

/** A logger that says nothing (the connection only needs the interface). */
function silentLogger(): Record<string, unknown> {
  const noop = () => {};
  const logger: Record<string, unknown> = { level: 'silent', info: noop, warn: noop, error: noop, debug: noop, trace: noop, fatal: noop, silent: noop };
  logger.child = () => logger;
  return logger;
}

describe('a connection whose room is still loading', () => {
  /** A socket double: records what the server does to it. */
  function fakeSocket() {
    const socket = Object.assign(new EventEmitter(), {
      OPEN: 1,
      readyState: 1,
      closedWith: null as number | null,
      send() {},
      ping() {},
      terminate() {},
      close(code: number) {
        socket.closedWith = code;
        socket.readyState = 3;
        socket.emit('close');
      },
    });
    return socket;
  }

  it('holds only a capped number of messages before the room is ready', async () => {
    const socket = fakeSocket();
    let finishLoading: (room: Room) => void = () => {};
    const rooms = { acquire: () => new Promise<Room>((resolve) => (finishLoading = resolve)), release() {} } as unknown as Rooms;
    const catalogue = { get: async () => ({ id: 'm', title: 'M', createdAt: 0, updatedAt: 0, access: {} }) };
    serveSyncConnection(socket as unknown as WebSocket, { mapId: 'm', kind: DocumentKind.Map, token: undefined, local: true }, silentLogger() as never, {
      rooms,
      catalogue: catalogue as never,
      policy: { localTrust: true, adminToken: null },
      limits: { maxQueuedMessages: 10, maxQueuedBytes: 1024, messagesPerSecond: 1000, messageBurst: 1000, answerBytesPerSecond: 1e6, answerBytesBurst: 1e6, maxBufferedBytes: 1e6, pingIntervalMs: 60_000 },
    });
    for (let i = 0; i < 10; i++) socket.emit('message', Buffer.from([3]), true);
    expect(socket.closedWith).toBeNull();
    socket.emit('message', Buffer.from([3]), true);
    expect(socket.closedWith).toBe(CloseCode.TooManyRequests);
    finishLoading({} as Room);
  });
});

describe('TokenBucket', () => {
  it('allows a burst, then the sustained rate', () => {
    let now = 0;
    const limiter = new TokenBucket(10, 5, now);
    const allowed = () => limiter.take(1, now);
    expect([1, 2, 3, 4, 5, 6].map(allowed)).toEqual([true, true, true, true, true, false]);
    now += 100; // 0.1 s at 10/s: one more
    expect([allowed(), allowed()]).toEqual([true, false]);
    now += 10_000; // a long pause refills only up to the burst
    expect(Array.from({ length: 6 }, allowed).filter(Boolean)).toHaveLength(5);
  });
});

describe('observability', () => {
  it('reports readiness and Prometheus metrics that move with the work done', async () => {
    const running = await server();
    expect((await api(running.url, '/readyz')).body).toEqual({ status: 'ready', problems: [] });
    const id = await newMap(running);
    const c = connect(running.wsUrl, id);
    cleanups.push(c.destroy);
    await synced(c.provider);
    addNode(c.doc, { kind: 'unit', title: 'U', position: { x: 0, y: 0 } });
    const bad = await rawSocket(`${running.wsUrl}/${id}`);
    bad.socket.send(new Uint8Array([0, 2, 5, 1, 2]));
    await bad.closed;
    await eventually(async () => {
      const text = await (await fetch(`${running.url}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
      expect(value('qms_rooms_loaded')).toBe(1);
      expect(value('qms_connections')).toBe(1);
      expect(value('qms_updates_received_total')).toBeGreaterThanOrEqual(1);
      expect(value('qms_fsync_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(value('qms_bytes_written_total{kind="log"}')).toBeGreaterThan(0);
      expect(value('qms_rejected_total{reason="malformed"}')).toBe(1);
      expect(value('qms_process_resident_memory_bytes')).toBeGreaterThan(0);
    });
  });

  it('serves metrics only to this machine or with the admin token', async () => {
    const running = await server();
    const forwarded = await fetch(`${running.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(forwarded.status).toBe(401);
  });
});
