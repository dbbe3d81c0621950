import { addNode } from '@qms/model';
import { openPostgresStorage } from '@qms/storage-postgres';
import { postgresForTests, redisForTests } from '@qms/storage-postgres/testing';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, eventually, synced } from './helpers.js';
import { accessAcross, type Cleanups, client, createMap, editEverywhere, instance, metric, presenceAcross, sharedPostgresAndRedis, titlesOf } from './instances.js';

/**
 * Several instances on one PostgreSQL database and one Redis (REDIS_URL): updates travel through
 * a Redis stream per map, presence through pub/sub, and PostgreSQL fills every gap. Skipped (with
 * the reason) without PostgreSQL's or Redis's binaries; under CI their absence is a failure.
 */

const postgres = postgresForTests();
const redis = redisForTests();

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!postgres || !redis)('several instances over PostgreSQL and Redis', () => {
  const services = sharedPostgresAndRedis(postgres!, redis!);

  it('three instances: clients on all converge, late joiners get everything, the map list is the same', async () => {
    const databaseUrl = await services.cluster.createDatabase();
    const instances = [];
    for (let i = 0; i < 3; i++) instances.push(await instance(cleanups, { databaseUrl, redisUrl: services.bus.url }));
    await editEverywhere(cleanups, instances);
    for (const running of instances) {
      const ready = await api(running.url, '/readyz');
      expect(ready.body).toMatchObject({ status: 'ready', database: 'ok', bus: { via: 'Redis', status: 'ok' } });
      // Every instance committed updates to PostgreSQL and applied others' from the stream.
      expect(await metric(running.url, 'qms_database_write_seconds_count')).toBeGreaterThan(0);
      expect(await metric(running.url, 'qms_bus_lag_seconds_count')).toBeGreaterThan(0);
    }
  });

  it('closes connections on the other instance when a link is replaced or the map deleted', async () => {
    const databaseUrl = await services.cluster.createDatabase();
    const a = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    const b = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    await accessAcross(cleanups, a, b);
  });

  it('carries presence from one instance to another', async () => {
    const databaseUrl = await services.cluster.createDatabase();
    const a = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    const b = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    await presenceAcross(cleanups, a, b);
  });

  it('goes on through PostgreSQL while Redis is down, and after it restarts with nothing saved', async () => {
    const databaseUrl = await services.cluster.createDatabase();
    const a = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    const b = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    const id = await createMap(a.url, 'Redis restart');
    const writer = client(cleanups, a.wsUrl, id);
    const reader = client(cleanups, b.wsUrl, id);
    await Promise.all([synced(writer.provider), synced(reader.provider)]);
    addNode(writer.doc, { kind: 'unit', title: 'before', position: { x: 0, y: 0 } });
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(['before']));

    // Written while Redis is down: stored in PostgreSQL, announced to nobody.
    await services.bus.stop('SIGKILL');
    for (let i = 0; i < 3; i++) addNode(writer.doc, { kind: 'unit', title: `during ${i}`, position: { x: i, y: 1 } });
    await eventually(async () => {
      const ready = await api(b.url, '/readyz');
      // Still ready: meanwhile the instances read each other's changes from PostgreSQL.
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ database: 'ok', bus: { via: 'Redis', status: 'unavailable' } });
      expect(ready.body.bus.problems.join()).toMatch(/Redis unreachable/);
    });
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(['before', 'during 0', 'during 1', 'during 2']), 20_000);
    addNode(reader.doc, { kind: 'unit', title: 'other way', position: { x: 0, y: 3 } });
    await eventually(() => expect(titlesOf(writer.doc)).toContain('other way'), 20_000);
    await services.bus.start();
    // And the bus carries updates again, both ways.
    await eventually(async () => expect((await api(a.url, '/readyz')).body.bus.status).toBe('ok'));
    await eventually(async () => expect((await api(b.url, '/readyz')).body.bus.status).toBe('ok'));
    addNode(reader.doc, { kind: 'unit', title: 'after', position: { x: 0, y: 2 } });
    await eventually(() => expect(titlesOf(writer.doc)).toEqual(['after', 'before', 'during 0', 'during 1', 'during 2', 'other way']), 20_000);
    addNode(writer.doc, { kind: 'unit', title: 'last', position: { x: 1, y: 2 } });
    await eventually(() => expect(titlesOf(reader.doc)).toContain('last'), 20_000);
  });

  it('notices a gap in a stream and reads the missing updates from PostgreSQL', async () => {
    const databaseUrl = await services.cluster.createDatabase();
    const a = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    const b = await instance(cleanups, { databaseUrl, redisUrl: services.bus.url });
    const id = await createMap(a.url, 'Gap');
    const writer = client(cleanups, a.wsUrl, id);
    const reader = client(cleanups, b.wsUrl, id);
    await Promise.all([synced(writer.provider), synced(reader.provider)]);
    // An update stored by an instance whose entry never reached the stream (it died just after
    // its commit): only PostgreSQL has it.
    const lost = new Y.Doc();
    Y.applyUpdate(lost, Y.encodeStateAsUpdate(writer.doc));
    addNode(lost, { kind: 'unit', title: 'stored, never announced', position: { x: 5, y: 5 } });
    const other = await openPostgresStorage({ connectionString: databaseUrl });
    await other.documents.append(id, [Y.encodeStateAsUpdate(lost, Y.encodeStateVector(writer.doc))]);
    await other.documents.close();
    await other.catalogue.close();
    // The next entry does not follow on from what either instance holds: both read the gap.
    addNode(writer.doc, { kind: 'unit', title: 'next', position: { x: 0, y: 0 } });
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(['next', 'stored, never announced']));
    await eventually(() => expect(titlesOf(writer.doc)).toEqual(['next', 'stored, never announced']));
    expect(await metric(b.url, 'qms_bus_gaps_caught_up_total')).toBeGreaterThan(0);
  });
});
