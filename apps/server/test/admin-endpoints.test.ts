import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { start, tempDir, type Running } from './helpers.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(overrides: Parameters<typeof start>[1] = {}): Promise<Running & { dir: string }> {
  const tmp = await tempDir();
  const running = await start(tmp.dir, overrides);
  cleanups.push(tmp.remove, running.close);
  return { ...running, dir: tmp.dir };
}

const post = (running: Running, token?: string) =>
  fetch(`${running.url}/api/admin/backup`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('admin endpoints', () => {
  it('need the admin token when one is set, even from this machine', async () => {
    const running = await server({ adminToken: 'a'.repeat(40), localTrust: true });
    expect((await post(running)).status).toBe(401);
    expect((await fetch(`${running.url}/metrics`)).status).toBe(401);
    expect((await post(running, 'b'.repeat(40))).status).toBe(401);
    expect((await post(running, 'a'.repeat(40))).status).toBe(200);
    expect((await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${'a'.repeat(40)}` } })).status).toBe(200);
  });

  it('without an admin token, answer this machine only, never another origin or a forwarded request', async () => {
    const local = await server();
    expect((await fetch(`${local.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${local.url}/metrics`, { headers: { origin: 'http://attacker.localhost:8080' } })).status).toBe(401);
    expect((await fetch(`${local.url}/api/admin/backup`, { method: 'POST', headers: { origin: 'http://attacker.localhost:8080' } })).status).toBe(403);
    expect((await fetch(`${local.url}/metrics`, { headers: { 'x-real-ip': '203.0.113.9' } })).status).toBe(401);
  });

  it('writes one backup at a time, a few a minute, and keeps MAX_BACKUPS', async () => {
    const running = await server({ maxBackups: 2 });
    const together = await Promise.all([post(running), post(running)]);
    expect(together.map((response) => response.status).sort()).toEqual([200, 429]);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(running)).status);
    expect(statuses.filter((status) => status === 200).length).toBe(4);
    const refused = await post(running);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: string }).error).toBe('too-many-requests');
    expect((await readdir(`${running.dir}/backups`)).length).toBe(2);
  });
});
