import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { createServer, testConfig, type Server, type ServerConfig, type ServerOptions } from '../src/index.js';

export async function tempDir(prefix = 'qms-server-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface Running {
  server: Server;
  url: string;
  wsUrl: string;
  close(): Promise<void>;
}

export async function start(dataDir: string, overrides: Partial<ServerConfig> = {}, options: ServerOptions = {}): Promise<Running> {
  const server = await createServer(testConfig({ dataDir, ...overrides }), options);
  const url = await server.listen();
  return { server, url, wsUrl: `${url.replace(/^http/, 'ws')}/sync`, close: () => server.close() };
}

/** A stock y-websocket client, as any other tool would connect (`room` may be "<mapId>/review"). */
export function connect(wsUrl: string, room: string, doc = new Y.Doc(), token?: string) {
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true, // Node's BroadcastChannel would sync the docs without the server
    ...(token ? { params: { token } } : {}),
  });
  return { doc, provider, destroy: () => provider.destroy() };
}

export async function synced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return;
  await new Promise<void>((resolve) => {
    const onSync = (state: boolean) => {
      if (!state) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
}

/** Retries until the assertion passes, instead of sleeping a guessed time. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/** A raw socket, to see close codes and send bytes no well-behaved client would. */
export async function rawSocket(url: string): Promise<{ socket: WebSocket; closed: Promise<{ code: number; reason: string }>; messages: Uint8Array[] }> {
  const socket = new WebSocket(url);
  const messages: Uint8Array[] = [];
  socket.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, closed, messages };
}

export async function api(url: string, path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
}

/**
 * A real tiny file system (tmpfs of `size`, e.g. "2m") at `dir`, when this machine lets us mount
 * one (root); null otherwise. `unmount` lets go of it, lazily (a server may still hold files).
 */
export function smallDisk(dir: string, size: string): { dir: string; unmount: () => void } | null {
  try {
    mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'ignore' });
    return { dir, unmount: () => void execFileSync('umount', ['-l', dir], { stdio: 'ignore' }) };
  } catch {
    return null;
  }
}
