import { connect as tcp, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { api, eventually, start, tempDir, type Running } from './helpers.js';

/** Slow and many HTTP requests from one address: timed out, and counted like its WebSocket connections. */

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(overrides: Parameters<typeof start>[1]): Promise<Running> {
  const tmp = await tempDir();
  const running = await start(tmp.dir, overrides);
  cleanups.push(tmp.remove, running.close);
  return running;
}

/** An upload that announces a megabyte and sends a few bytes of it, then nothing. */
async function trickle(running: Running): Promise<{ socket: Socket; received: () => string; closed: Promise<void> }> {
  const { port } = new URL(running.url);
  const socket = tcp(Number(port), '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.write(`POST /api/maps/import?format=csv HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/octet-stream\r\nContent-Length: 1048576\r\n\r\nkey,title\n`);
  return { socket, received: () => received, closed };
}

describe('HTTP requests per address and their time', () => {
  it('refuses more requests in progress from one address than allowed with 429, and takes them again once they end', async () => {
    const running = await server({ maxRequestsPerIp: 4 });
    const slow = await Promise.all(Array.from({ length: 4 }, () => trickle(running)));
    await eventually(async () => {
      const refused = await api(running.url, '/api/maps');
      expect(refused.status).toBe(429);
      expect(refused.body).toEqual({ error: 'too-many-requests', message: expect.stringContaining('Too many requests') });
    });
    for (const upload of slow) upload.socket.destroy();
    await eventually(async () => expect((await api(running.url, '/api/maps')).status).toBe(200));
  });

  it('cuts off an upload that trickles past the request timeout', async () => {
    const running = await server({ requestTimeoutMs: 1_000 });
    const upload = await trickle(running);
    await upload.closed; // (without a timeout, never: the test would time out)
    expect(upload.received()).toMatch(/^HTTP\/1\.1 408/);
    expect((await api(running.url, '/healthz')).status).toBe(200);
  });
});
