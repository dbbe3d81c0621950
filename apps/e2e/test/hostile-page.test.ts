import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, person } from './harness.js';

/** What another web site's page tries against the app running on this machine. */
const attackerPage = `<!doctype html><meta charset="utf-8"><title>Attacker</title><body><script>
window.attack = async (app, mapId, rebound) => {
  const results = {};
  const attempt = async (name, run) => {
    try { results[name] = await run(); } catch (error) { results[name] = 'error: ' + error.message; }
  };
  await attempt('socket', () => new Promise((resolve) => {
    const socket = new WebSocket(app.replace(/^http/, 'ws') + '/sync/' + mapId);
    socket.binaryType = 'arraybuffer';
    let received = 0;
    socket.onmessage = () => { received += 1; };
    socket.onclose = (event) => resolve({ code: event.code, received });
  }));
  await attempt('plainPost', async () => (await fetch(app + '/api/maps', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"title":"Planted"}' })).type);
  await attempt('emptyPost', async () => (await fetch(app + '/api/maps/' + mapId + '/access/owner', { method: 'POST', mode: 'no-cors' })).type);
  await attempt('emptyDelete', async () => (await fetch(app + '/api/maps/' + mapId, { method: 'DELETE', mode: 'no-cors' })).type);
  await attempt('corsRead', async () => (await fetch(app + '/api/maps')).status);
  await attempt('form', () => new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.name = 'sink';
    frame.onload = () => resolve('submitted');
    document.body.append(frame);
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = app + '/api/maps';
    form.target = 'sink';
    form.enctype = 'text/plain';
    const field = document.createElement('input');
    field.name = '{"title":"Planted","x":"';
    field.value = '"}';
    form.append(field);
    document.body.append(form);
    form.submit();
  }));
  return results;
};
</script>`;

describe.skipIf(!hasChromium)('a page of another site in the same browser', () => {
  // The laptop case: this machine is trusted.
  const suite = browserSuite({ localTrust: true });
  let attacker: HttpServer;
  let attackerPort = 0;

  beforeAll(async () => {
    attacker = createHttpServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage));
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerPort = (attacker.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => attacker.close(() => resolve()));
  });

  it('can neither read nor change maps, links or the catalogue', async () => {
    const { app, browser } = suite;
    const map = await createMap(app, { template: 'ruecvet-course', title: 'Target' });
    const before = await (await fetch(`${app.url}/api/maps`)).json();
    const accessBefore = await (await fetch(`${app.url}/api/maps/${map.id}/access`)).text();

    const visitor = await person(browser);
    await visitor.page.goto(`http://attacker.localhost:${attackerPort}/`);
    const appPort = new URL(app.url).port;
    const results = (await visitor.page.evaluate(([url, id, rebound]) => (window as unknown as { attack: (...args: string[]) => Promise<unknown> }).attack(url, id, rebound), [
      app.url,
      map.id,
      `http://attacker.localhost:${appPort}`,
    ] as const)) as Record<string, any>;

    expect(results.socket).toEqual({ code: 4403, received: 0 });
    expect(results.plainPost).toBe('opaque');
    // A cross-origin read without CORS fails in the browser itself.
    expect(String(results.corsRead)).toMatch(/^error/);

    // DNS rebinding: the attacker's name now points at this machine, so the app's port is the
    // page's own origin and it may read what it gets; the server sees a foreign Host.
    const rebound = await visitor.page.goto(`http://attacker.localhost:${appPort}/api/maps`);
    expect(rebound?.status()).toBe(403);
    expect(await rebound?.text()).not.toContain(map.id);
    const reboundDelete = await visitor.page.evaluate(async (id) => (await fetch(`/api/maps/${id}`, { method: 'DELETE' })).status, map.id);
    expect(reboundDelete).toBe(403);

    await visitor.context.close();
    expect(await (await fetch(`${app.url}/api/maps`)).json()).toEqual(before);
    expect(await (await fetch(`${app.url}/api/maps/${map.id}/access`)).text()).toBe(accessBefore);
    expect((await fetch(`${app.url}/api/maps/${map.id}`)).status).toBe(200);
  });
});
