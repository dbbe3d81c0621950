import { MapView, addNode, moveNodes, removeElements, setNodeTitle } from '@qms/model';
import { postgresForTests, redisForTests } from '@qms/storage-postgres/testing';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { eventually, synced, type Running } from './helpers.js';
import { type Cleanups, client, createMap, instance, sharedPostgresAndRedis } from './instances.js';

/**
 * 24 stock clients on 3 instances (PostgreSQL + Redis) make seeded random edits for a bounded
 * number of steps; at the end every client, and an instance started afterwards that reads only
 * PostgreSQL, hold the same document. Skipped (with the reason) without PostgreSQL's or Redis's
 * binaries; under CI their absence is a failure.
 */

const postgres = postgresForTests();
const redis = redisForTests();
const SEED = Number(process.env.QMS_RANDOM_SEED ?? 18);

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** mulberry32: a small seeded generator, so that a failure can be replayed with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const contentOf = (doc: Y.Doc) =>
  new MapView(doc).snapshot.nodes
    .map((n) => `${n.id} ${n.title} ${n.position.x},${n.position.y}`)
    .sort();

describe.skipIf(!postgres || !redis)('randomised edits on three instances', () => {
  const services = sharedPostgresAndRedis(postgres!, redis!);

  it(`24 clients converge with each other and with PostgreSQL (seed ${SEED})`, async () => {
    const databaseUrl = await services.cluster.createDatabase();
    const instances: Running[] = [];
    for (let i = 0; i < 3; i++) instances.push(await instance(cleanups, { databaseUrl, redisUrl: services.bus.url, compactMinLogBytes: 4096 }));
    const id = await createMap(instances[0]!.url, 'Random');
    const clients = Array.from({ length: 24 }, (_, i) => client(cleanups, instances[i % 3]!.wsUrl, id));
    await Promise.all(clients.map((c) => synced(c.provider)));

    const next = random(SEED);
    const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(next() * list.length)];
    for (let step = 0; step < 600; step++) {
      const c = pick(clients)!;
      const nodes = [...new MapView(c.doc).snapshot.nodes.map((n) => n.id)];
      const roll = next();
      const target = pick(nodes);
      if (roll < 0.3 || !target) addNode(c.doc, { kind: 'workAction', title: `s${step}`, position: { x: step, y: 0 } });
      else if (roll < 0.7) setNodeTitle(c.doc, target, `t${step}`);
      else if (roll < 0.92) moveNodes(c.doc, [{ id: target, position: { x: Math.round(next() * 1000), y: Math.round(next() * 1000) } }]);
      else removeElements(c.doc, { nodeIds: [target] });
      // Now and then let the sockets carry what was written; otherwise edits pile up concurrently.
      if (next() < 0.2) await new Promise((resolve) => setTimeout(resolve, 1));
    }

    const expected = () => contentOf(clients[0]!.doc);
    for (const c of clients) await eventually(() => expect(contentOf(c.doc)).toEqual(expected()), 30_000);
    const state = Y.encodeStateVector(clients[0]!.doc);
    for (const c of clients) expect(Y.encodeStateVector(c.doc)).toEqual(state);
    expect(expected().length).toBeGreaterThan(10);

    const cold = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    const reader = client(cleanups, cold.wsUrl, id);
    await synced(reader.provider);
    await eventually(() => expect(contentOf(reader.doc)).toEqual(expected()));
    expect(Y.encodeStateVector(reader.doc)).toEqual(state);
  });
});
