import { TestPostgres, postgresForTests } from '@qms/storage-postgres/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addNode } from '@qms/model';
import pg from 'pg';
import { api, eventually, synced } from './helpers.js';
import { client, createMap, editEverywhere, instance, presenceAcross, titlesOf, type Cleanups } from './instances.js';

/**
 * Several instances on one PostgreSQL database and no Redis: they follow each other through
 * LISTEN/NOTIFY. Skipped (with the reason) without PostgreSQL's binaries; under CI their absence
 * is a failure.
 */

const binaries = postgresForTests();

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.skipIf(!binaries)('several instances over PostgreSQL LISTEN/NOTIFY', () => {
  let cluster: TestPostgres;
  beforeAll(async () => {
    cluster = await TestPostgres.start(binaries!);
  });
  afterAll(() => cluster?.destroy());

  it('two instances: clients on both converge, late joiners get everything, the map list is the same', async () => {
    const databaseUrl = await cluster.createDatabase();
    const a = await instance(cleanups, { databaseUrl });
    const b = await instance(cleanups, { databaseUrl });
    await editEverywhere(cleanups, [a, b]);
    for (const running of [a, b]) {
      const ready = await api(running.url, '/readyz');
      expect(ready.status).toBe(200);
    }
  });

  it('carries presence from one instance to the other', async () => {
    const databaseUrl = await cluster.createDatabase();
    const a = await instance(cleanups, { databaseUrl });
    const b = await instance(cleanups, { databaseUrl });
    await presenceAcross(cleanups, a, b);
  });

  it('catches up from the database after its listening connection was cut', async () => {
    const databaseUrl = await cluster.createDatabase();
    const a = await instance(cleanups, { databaseUrl });
    const b = await instance(cleanups, { databaseUrl });
    const id = await createMap(a.url, 'Cut');
    const writer = client(cleanups, a.wsUrl, id);
    const reader = client(cleanups, b.wsUrl, id);
    await Promise.all([synced(writer.provider), synced(reader.provider)]);
    addNode(writer.doc, { kind: 'unit', title: 'before', position: { x: 0, y: 0 } });
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(['before']));

    // Cut every instance's listening connection, and write while they reconnect: the
    // notifications of these updates go to nobody.
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    cleanups.push(() => admin.end());
    const cut = await admin.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'qualification-map-studio-listener' AND pid <> pg_backend_pid()`,
    );
    expect(cut.rowCount).toBe(2);
    for (let i = 0; i < 5; i++) addNode(writer.doc, { kind: 'unit', title: `during ${i}`, position: { x: i, y: 1 } });
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(['before', 'during 0', 'during 1', 'during 2', 'during 3', 'during 4']));
    await eventually(async () => expect((await api(b.url, '/readyz')).status).toBe(200));
  });
});
