import type { NetworkInterfaceInfo } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { lanUrls } from '../src/http/instance-api.js';
import { api, start, tempDir } from './helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const info = (address: string, family: 'IPv4' | 'IPv6', internal = false): NetworkInterfaceInfo =>
  ({ address, family, internal, netmask: '', mac: '00:00:00:00:00:00', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) }) as NetworkInterfaceInfo;

/** A laptop on the workshop's Wi-Fi: loopback, a LAN address, a link-local and a global IPv6 one. */
const LAPTOP = {
  lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
  wlan0: [info('fe80::1c2b:3aff:fe4d:5e6f', 'IPv6'), info('2001:db8::5', 'IPv6'), info('192.168.1.20', 'IPv4')],
};

async function server(overrides: Parameters<typeof start>[1]) {
  const tmp = await tempDir();
  const running = await start(tmp.dir, { localTrust: true, ...overrides }, { networkInterfaces: () => LAPTOP });
  cleanups.push(tmp.remove, running.close);
  return running;
}

describe('where others reach this app (GET /api/instance)', () => {
  it('lists LAN addresses without loopback or link-local ones, IPv4 first', () => {
    expect(lanUrls(LAPTOP, 8080)).toEqual(['http://192.168.1.20:8080', 'http://[2001:db8::5]:8080']);
    expect(lanUrls({ lo: LAPTOP.lo }, 8080)).toEqual([]);
  });

  it('offers the machine’s LAN addresses, on the port it listens on, when it listens on 0.0.0.0 without PUBLIC_URL', async () => {
    const running = await server({ host: '0.0.0.0', port: 0 });
    const port = new URL(running.url).port;
    const answer = await api(running.url, '/api/instance');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ publicUrl: null, lanUrls: [`http://192.168.1.20:${port}`, `http://[2001:db8::5]:${port}`] });
  });

  it('offers none when it listens on loopback only: those addresses would not answer', async () => {
    const running = await server({ host: '127.0.0.1', port: 0 });
    expect((await api(running.url, '/api/instance')).body).toEqual({ publicUrl: null, lanUrls: [] });
  });

  it('gives PUBLIC_URL when set, and builds the identifiers in exports on it', async () => {
    const running = await server({ host: '0.0.0.0', port: 0, publicUrl: 'https://maps.college.example' });
    expect((await api(running.url, '/api/instance')).body).toEqual({ publicUrl: 'https://maps.college.example', lanUrls: [] });

    const created = await api(running.url, '/api/maps', { method: 'POST', body: { template: 'ruecvet-course' } });
    expect(created.status).toBe(201);
    // Asked through the loopback address, as on the organiser's laptop.
    const exported = await api(running.url, `/api/maps/${created.body.id}/export?format=case`);
    expect(exported.status).toBe(200);
    expect(exported.body.CFDocument.uri).toMatch(new RegExp(`^https://maps\\.college\\.example/maps/${created.body.id}`));
    expect(JSON.stringify(exported.body)).not.toContain('127.0.0.1');
  });
});
