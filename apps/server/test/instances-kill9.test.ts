import { MapView, addNode, setNodeTitle } from '@qms/model';
import { postgresForTests, redisForTests } from '@qms/storage-postgres/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connect, eventually, synced, tempDir } from './helpers.js';
import { type Cleanups, client, createMap, instance, sharedPostgresAndRedis } from './instances.js';
import { spawnServer } from './process.js';

/**
 * kill -9 of one instance (a real process) while clients on it and on another instance write:
 * whatever a client on the surviving instance saw is in PostgreSQL, and the killed instance's
 * clients reconnect to the other instance and lose nothing. A stalled instance (SIGSTOP, then
 * SIGCONT) catches up. Skipped (with the reason) without
 * PostgreSQL's or Redis's binaries; under CI their absence is a failure.
 */

const postgres = postgresForTests();
const redis = redisForTests();

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!postgres || !redis)('one instance of several killed or stalled', () => {
  const services = sharedPostgresAndRedis(postgres!, redis!);

  it('under load, keeps every update a peer saw; the killed instance’s clients reconnect to another', async () => {
    const databaseUrl = await services.cluster.createDatabase();
    const tmp = await tempDir('qms-kill9-instance-');
    cleanups.push(tmp.remove);
    const doomed = await spawnServer(tmp.dir, { DATABASE_URL: databaseUrl, REDIS_URL: services.bus.url });
    cleanups.push(async () => {
      if (doomed.child.exitCode === null && doomed.child.signalCode === null) {
        doomed.child.kill('SIGKILL');
        await doomed.exited;
      }
    });
    const survivor = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    const id = await createMap(survivor.url, 'Workshop');

    // Two writers on each instance; each owns one node and writes an increasing number into it.
    const writers = [doomed.wsUrl, doomed.wsUrl, survivor.wsUrl, survivor.wsUrl].map((url) => client(cleanups, url, id));
    const observer = client(cleanups, survivor.wsUrl, id);
    await Promise.all([...writers, observer].map((c) => synced(c.provider)));
    const nodes = writers.map((w, i) => addNode(w.doc, { kind: 'workAction', title: `w${i}:0`, position: { x: i, y: 0 } }));
    const valueIn = (doc: Y.Doc, i: number) => {
      const title = new MapView(doc).snapshot.nodes.find((n) => n.id === nodes[i])?.title ?? '';
      return Number(/:(\d+)$/.exec(title)?.[1] ?? -1);
    };
    await eventually(() => nodes.forEach((_, i) => expect(valueIn(observer.doc, i)).toBe(0)));

    // What the observer (on the surviving instance) has seen of each writer, at any moment.
    const seen = nodes.map(() => 0);
    observer.doc.on('update', () => nodes.forEach((_, i) => (seen[i] = Math.max(seen[i]!, valueIn(observer.doc, i)))));

    // Write until the observer has seen plenty from the doomed instance's writers, then kill it mid-stream.
    let round = 0;
    let killed = false;
    const writing = (async () => {
      // Some rounds after the kill: the doomed instance's clients keep them until they reconnect.
      for (let after = 0; after < 20 && round < 20_000; after += killed ? 1 : 0) {
        round++;
        writers.forEach((w, i) => setNodeTitle(w.doc, nodes[i]!, `w${i}:${round}`));
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    await eventually(() => expect(Math.min(seen[0]!, seen[1]!)).toBeGreaterThan(50), 30_000);
    doomed.child.kill('SIGKILL');
    killed = true;
    expect((await doomed.exited).signal).toBe('SIGKILL');
    await writing;
    const seenAtKill = [...seen];

    // An instance started now knows only PostgreSQL: everything the observer saw is there.
    const cold = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    const reader = client(cleanups, cold.wsUrl, id);
    await synced(reader.provider);
    await eventually(() => nodes.forEach((_, i) => expect(valueIn(reader.doc, i)).toBeGreaterThanOrEqual(seenAtKill[i]!)));

    // The doomed instance's clients reconnect to the survivor (as behind a load balancer), with
    // what they wrote meanwhile; everyone converges on each writer's last value.
    for (const w of writers.slice(0, 2)) {
      w.provider.destroy();
      const again = connect(survivor.wsUrl, id, w.doc);
      cleanups.push(again.destroy);
      await synced(again.provider);
    }
    for (const doc of [observer.doc, reader.doc, ...writers.map((w) => w.doc)]) {
      await eventually(() => nodes.forEach((_, i) => expect(valueIn(doc, i)).toBe(round)), 20_000);
    }
  });

  it('catches up after being stalled (SIGSTOP, SIGCONT) while the other instance took writes', async () => {
    const databaseUrl = await services.cluster.createDatabase();
    const tmp = await tempDir('qms-stalled-instance-');
    cleanups.push(tmp.remove);
    const stalled = await spawnServer(tmp.dir, { DATABASE_URL: databaseUrl, REDIS_URL: services.bus.url });
    cleanups.push(async () => {
      if (stalled.child.exitCode === null && stalled.child.signalCode === null) {
        stalled.child.kill('SIGCONT');
        stalled.child.kill('SIGKILL');
        await stalled.exited;
      }
    });
    const other = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    const id = await createMap(other.url, 'Stalled');
    const there = client(cleanups, stalled.wsUrl, id);
    const here = client(cleanups, other.wsUrl, id);
    await Promise.all([synced(there.provider), synced(here.provider)]);
    const titles = (doc: Y.Doc) => new MapView(doc).snapshot.nodes.map((n) => n.title).sort();
    addNode(there.doc, { kind: 'unit', title: 'from the stalled one', position: { x: 0, y: 0 } });
    await eventually(() => expect(titles(here.doc)).toEqual(['from the stalled one']));

    stalled.child.kill('SIGSTOP');
    const written: string[] = [];
    for (let i = 0; i < 30; i++) {
      written.push(`while stalled ${String(i).padStart(2, '0')}`);
      addNode(here.doc, { kind: 'unit', title: written.at(-1)!, position: { x: i, y: 1 } });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Its own client's edit made meanwhile waits in the socket.
    addNode(there.doc, { kind: 'unit', title: 'queued at the stalled one', position: { x: 0, y: 2 } });
    stalled.child.kill('SIGCONT');

    const all = ['from the stalled one', 'queued at the stalled one', ...written].sort();
    await eventually(() => expect(titles(there.doc)).toEqual(all), 20_000);
    await eventually(() => expect(titles(here.doc)).toEqual(all), 20_000);
  });
});
