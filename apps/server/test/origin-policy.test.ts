import { request as httpRequest } from 'node:http';
import { CloseCode } from '@qms/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { api, start, tempDir, type Running } from './helpers.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function localServer(overrides: Parameters<typeof start>[1] = {}): Promise<Running> {
  const tmp = await tempDir();
  const running = await start(tmp.dir, { localTrust: true, ...overrides });
  cleanups.push(tmp.remove, running.close);
  return running;
}

/** A request with exactly these headers (fetch would not send a foreign Host). */
function raw(url: string, path: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const target = new URL(path, url);
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = httpRequest(target, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

function socketClose(url: string, headers: Record<string, string>): Promise<{ code: number; opened: boolean }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    let opened = false;
    socket.on('open', () => (opened = true));
    socket.on('error', () => undefined);
    socket.on('unexpected-response', (req, res) => {
      resolve({ code: res.statusCode ?? 0, opened });
      req.destroy();
    });
    socket.on('close', (code) => resolve({ code, opened }));
  });
}

async function newMap(running: Running) {
  const { status, body } = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Guarded' } });
  expect(status).toBe(201);
  return body as { id: string; tokens: Record<string, string> };
}

describe('Host header', () => {
  it('refuses a foreign Host for the API, the sync endpoint and everything else', async () => {
    const running = await localServer();
    const port = new URL(running.url).port;
    for (const path of ['/api/maps', '/healthz', '/', '/metrics']) {
      const response = await raw(running.url, path, { headers: { host: `evil.example:${port}` } });
      expect(response.status, path).toBe(403);
      expect(response.body.error).toBe('foreign-host');
    }
    const { id } = await newMap(running);
    const deleted = await raw(running.url, `/api/maps/${id}`, { method: 'DELETE', headers: { host: `evil.example:${port}` } });
    expect(deleted.status).toBe(403);
    const socket = await socketClose(`${running.wsUrl}/${id}`, { host: `evil.example:${port}` });
    expect(socket.code).toBe(CloseCode.Forbidden);
    expect((await api(running.url, `/api/maps/${id}`)).status).toBe(200);
  });

  it('answers to localhost, IP addresses, PUBLIC_URL and ALLOWED_HOSTS', async () => {
    const running = await localServer({ publicUrl: 'https://maps.example.org', allowedHosts: ['studio.lan'] });
    const port = new URL(running.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `192.168.1.20:${port}`, 'maps.example.org', `studio.lan:${port}`]) {
      const response = await raw(running.url, '/api/maps', { headers: { host } });
      expect(response.status, host).toBe(200);
    }
  });
});

describe('Origin on state-changing calls', () => {
  it('refuses a foreign Origin with 403, with or without a body', async () => {
    const running = await localServer();
    const { id } = await newMap(running);
    const foreign = { origin: 'http://attacker.localhost:8080' };
    expect((await raw(running.url, '/api/maps', { method: 'POST', headers: { ...foreign, 'content-type': 'application/json' }, body: '{}' })).status).toBe(403);
    expect((await raw(running.url, `/api/maps/${id}`, { method: 'DELETE', headers: foreign })).status).toBe(403);
    expect((await raw(running.url, `/api/maps/${id}/access/editor`, { method: 'POST', headers: foreign })).body.error).toBe('foreign-origin');
    expect((await raw(running.url, '/api/admin/backup', { method: 'POST', headers: foreign })).status).toBe(403);
    expect((await api(running.url, `/api/maps/${id}`)).status).toBe(200);
  });

  it('takes the app’s own Origin', async () => {
    const running = await localServer();
    const origin = running.url;
    const response = await raw(running.url, '/api/maps', { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"title":"Own"}' });
    expect(response.status).toBe(201);
  });

  it('refuses text/plain and form bodies with 415, takes JSON and empty bodies', async () => {
    const running = await localServer();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await raw(running.url, '/api/maps', { method: 'POST', headers: { 'content-type': type }, body: '{"title":"Sneaky"}' });
      expect(response.status, type).toBe(415);
      expect(response.body.error).toBe('unsupported-media-type');
    }
    const { id } = await newMap(running);
    expect((await raw(running.url, `/api/maps/${id}/access/editor`, { method: 'POST' })).status).toBe(200);
    expect((await raw(running.url, '/api/maps', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":"Fine"}' })).status).toBe(201);
  });

  it('still takes file uploads on the import route from the app’s own page, never from another', async () => {
    const running = await localServer();
    const upload = await raw(running.url, '/api/maps/import?format=pptx', { method: 'POST', headers: { 'content-type': 'text/plain', origin: running.url }, body: 'x' });
    expect(upload.status).not.toBe(415);
    expect(upload.status).not.toBe(403);
    const foreign = await raw(running.url, '/api/maps/import?format=pptx', { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'http://attacker.localhost:8080' }, body: 'x' });
    expect(foreign.status).toBe(403);
  });
});

describe('Local trust', () => {
  it('does not cover forwarded requests', async () => {
    const running = await localServer();
    const { id } = await newMap(running);
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip', 'x-forwarded-host', 'x-forwarded-proto', 'via']) {
      const response = await raw(running.url, `/api/maps/${id}`, { headers: { [header]: '203.0.113.9' } });
      expect(response.status, header).toBe(401);
    }
    expect((await raw(running.url, `/api/maps/${id}`)).status).toBe(200);
  });

  it('does not cover a GET from another origin', async () => {
    const running = await localServer();
    const { id } = await newMap(running);
    expect((await raw(running.url, `/api/maps/${id}`, { headers: { origin: 'http://attacker.localhost:8080' } })).status).toBe(401);
    expect((await raw(running.url, '/api/maps', { headers: { origin: 'http://attacker.localhost:8080' } })).status).toBe(401);
  });
});

describe('WebSocket Origin', () => {
  it('closes a foreign Origin without a token with 4403, and serves one with a valid token', async () => {
    const running = await localServer();
    const { id, tokens } = await newMap(running);
    const refused = await socketClose(`${running.wsUrl}/${id}`, { origin: 'http://attacker.localhost:8080' });
    expect(refused.code).toBe(CloseCode.Forbidden);
    const withToken = new WebSocket(`${running.wsUrl}/${id}?token=${tokens.viewer}`, { headers: { origin: 'http://attacker.localhost:8080' } });
    const firstMessage = await new Promise<boolean>((resolve) => {
      withToken.once('message', () => resolve(true));
      withToken.once('close', () => resolve(false));
    });
    expect(firstMessage).toBe(true);
    withToken.close();
    const own = new WebSocket(`${running.wsUrl}/${id}`, { headers: { origin: running.url } });
    const ownMessage = await new Promise<boolean>((resolve) => {
      own.once('message', () => resolve(true));
      own.once('close', () => resolve(false));
    });
    expect(ownMessage).toBe(true);
    own.close();
  });
});
