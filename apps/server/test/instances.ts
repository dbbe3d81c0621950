import { MapView, addNode, setNodeTitle } from '@qms/model';
import { CloseCode, MessageType, encodeSaveRequest, readSaveStatus, type SaveStatus } from '@qms/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { TestPostgres, TestRedis, type PostgresBinaries, type RedisBinaries } from '@qms/storage-postgres/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { ServerConfig } from '../src/index.js';
import { api, connect, eventually, rawSocket, start, synced, tempDir, type Running } from './helpers.js';

/** Helpers for tests of several instances sharing one database (and perhaps Redis). */

export type Cleanups = Array<() => void | Promise<void>>;

/**
 * Inside a describe: one PostgreSQL cluster and one Redis for all its tests, started before them
 * and destroyed after. Read `cluster` and `bus` once the tests run.
 */
export function sharedPostgresAndRedis(postgres: PostgresBinaries, redis: RedisBinaries): { cluster: TestPostgres; bus: TestRedis } {
  const services = {} as { cluster: TestPostgres; bus: TestRedis };
  beforeAll(async () => {
    [services.cluster, services.bus] = await Promise.all([TestPostgres.start(postgres), TestRedis.start(redis)]);
  });
  afterAll(async () => {
    await Promise.all([services.cluster?.destroy(), services.bus?.destroy()]);
  });
  return services;
}

/** One more instance on the shared services, in this process (each with its own empty data folder). */
export async function instance(cleanups: Cleanups, overrides: Partial<ServerConfig>): Promise<Running> {
  const tmp = await tempDir('qms-instance-');
  cleanups.push(tmp.remove);
  const running = await start(tmp.dir, overrides);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await running.close();
  };
  cleanups.push(close);
  return { ...running, close };
}

export function client(cleanups: Cleanups, wsUrl: string, room: string) {
  const c = connect(wsUrl, room, new Y.Doc());
  cleanups.push(c.destroy);
  return c;
}

export const titlesOf = (doc: Y.Doc) =>
  new MapView(doc).snapshot.nodes
    .map((n) => n.title)
    .sort();

export async function createMap(url: string, title: string): Promise<string> {
  const created = await api(url, '/api/maps', { method: 'POST', body: { title } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

/**
 * Clients on every instance edit one map at once, each its own node many times, and add nodes;
 * every client, and a late joiner on each instance, ends with the same state; the map list is
 * the same on every instance.
 */
export async function editEverywhere(cleanups: Cleanups, instances: readonly Running[], options: { rounds?: number } = {}): Promise<void> {
  const id = await createMap(instances[0]!.url, 'Shared map');
  const clients = instances.flatMap((running) => [client(cleanups, running.wsUrl, id), client(cleanups, running.wsUrl, id)]);
  await Promise.all(clients.map((c) => synced(c.provider)));

  const nodes = clients.map((c, i) => addNode(c.doc, { kind: 'workAction', title: `c${i}:0`, position: { x: i, y: 0 } }));
  const rounds = options.rounds ?? 20;
  for (let round = 1; round <= rounds; round++) {
    clients.forEach((c, i) => setNodeTitle(c.doc, nodes[i]!, `c${i}:${round}`));
    // Let the sockets carry them while others keep writing.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const expected = clients.map((_, i) => `c${i}:${rounds}`).sort();
  for (const c of clients) await eventually(() => expect(titlesOf(c.doc)).toEqual(expected), 20_000);
  const state = Y.encodeStateVector(clients[0]!.doc);
  for (const c of clients) expect(Y.encodeStateVector(c.doc)).toEqual(state);

  for (const running of instances) {
    const late = client(cleanups, running.wsUrl, id);
    await synced(late.provider);
    await eventually(() => expect(titlesOf(late.doc)).toEqual(expected));
  }

  // A rename on one instance is in every instance's list.
  expect((await api(instances.at(-1)!.url, `/api/maps/${id}`, { method: 'PATCH', body: { title: 'Renamed' } })).status).toBe(200);
  const lists = await Promise.all(instances.map((running) => api(running.url, '/api/maps')));
  for (const list of lists) expect(list.body.maps.map((m: { id: string; title: string }) => [m.id, m.title])).toEqual([[id, 'Renamed']]);
}

/** A client's presence (awareness) on one instance is seen by a client on another, and its leaving too. */
export async function presenceAcross(cleanups: Cleanups, a: Running, b: Running): Promise<void> {
  const id = await createMap(a.url, 'Presence');
  const here = client(cleanups, a.wsUrl, id);
  const there = client(cleanups, b.wsUrl, id);
  await Promise.all([synced(here.provider), synced(there.provider)]);
  here.provider.awareness.setLocalStateField('user', { name: 'Ona' });
  const hereId = here.doc.clientID;
  await eventually(() => expect((there.provider.awareness.getStates().get(hereId) as { user?: { name: string } } | undefined)?.user?.name).toBe('Ona'));
  here.destroy();
  await eventually(() => expect(there.provider.awareness.getStates().has(hereId)).toBe(false));
}

/** A metric's value on an instance (summed over its labels); 0 when absent. */
export async function metric(url: string, name: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((response) => response.text());
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? ([0-9.eE+-]+)$/.exec(line);
    if (match && match[1] === name) sum += Number(match[3]);
  }
  return sum;
}

/** A client on a raw socket that asks for save statuses (the web app's "saved" barrier) and keeps what it is told. */
export async function savingClient(cleanups: Cleanups, wsUrl: string, room: string) {
  const raw = await rawSocket(`${wsUrl}/${room}`);
  cleanups.push(() => raw.socket.close());
  const doc = new Y.Doc();
  const send = (write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    write(encoder);
    raw.socket.send(encoding.toUint8Array(encoder));
  };
  send((encoder) => syncProtocol.writeSyncStep1(encoder, doc));
  doc.on('update', (update: Uint8Array) => send((encoder) => syncProtocol.writeUpdate(encoder, update)));
  const statuses = (): SaveStatus[] =>
    raw.messages
      .map((m) => decoding.createDecoder(m))
      .filter((d) => decoding.readVarUint(d) === MessageType.SaveStatus)
      .map((d) => readSaveStatus(d));
  return { doc, statuses, askSaved: (requestId: number) => raw.socket.send(encodeSaveRequest(requestId)) };
}

/** A link replaced, then the map deleted, on one instance: the connections they cover on another instance close. */
export async function accessAcross(cleanups: Cleanups, a: Running, b: Running): Promise<void> {
  const created = await api(a.url, '/api/maps', { method: 'POST', body: { title: 'Shared links' } });
  const { id, tokens } = created.body as { id: string; tokens: Record<'editor' | 'viewer', string> };
  const editor = await rawSocket(`${b.wsUrl}/${id}?token=${tokens.editor}`);
  const viewer = await rawSocket(`${b.wsUrl}/${id}?token=${tokens.viewer}`);
  cleanups.push(() => editor.socket.close(), () => viewer.socket.close());
  await eventually(() => expect(viewer.messages.length).toBeGreaterThan(0));

  expect((await api(a.url, `/api/maps/${id}/access/editor`, { method: 'POST' })).status).toBe(200);
  expect((await editor.closed).code).toBe(CloseCode.Unauthorized);
  expect((await api(a.url, `/api/maps/${id}`, { method: 'DELETE' })).status).toBe(204);
  expect((await viewer.closed).code).toBe(CloseCode.MapDeleted);
}
