import { TestPostgres, postgresForTests } from '@qms/storage-postgres/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addNode } from '@qms/model';
import { SaveState, UNPROMPTED } from '@qms/protocol';
import pg from 'pg';
import { api, eventually, synced } from './helpers.js';
import { accessAcross, client, createMap, editEverywhere, instance, presenceAcross, savingClient, titlesOf, type Cleanups } from './instances.js';

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
      expect(ready.body).toMatchObject({ status: 'ready', database: 'ok', bus: { via: 'PostgreSQL LISTEN/NOTIFY', status: 'ok' } });
    }
  });

  it('closes connections on the other instance when a link is replaced or the map deleted', async () => {
    const databaseUrl = await cluster.createDatabase();
    const a = await instance(cleanups, { databaseUrl });
    const b = await instance(cleanups, { databaseUrl });
    await accessAcross(cleanups, a, b);
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
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'qualification-map-studio-listener' AND datname = current_database()`,
    );
    expect(cut.rowCount).toBe(2);
    for (let i = 0; i < 5; i++) addNode(writer.doc, { kind: 'unit', title: `during ${i}`, position: { x: i, y: 1 } });
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(['before', 'during 0', 'during 1', 'during 2', 'during 3', 'during 4']));
    await eventually(async () => expect((await api(b.url, '/readyz')).status).toBe(200));
  });

  it('loses nothing when both instances compact the map often while both write', async () => {
    const databaseUrl = await cluster.createDatabase();
    // Compacting after every few hundred bytes: snapshots race with the other instance's appends.
    const a = await instance(cleanups, { databaseUrl, compactMinLogBytes: 200 });
    const b = await instance(cleanups, { databaseUrl, compactMinLogBytes: 200 });
    await editEverywhere(cleanups, [a, b], { rounds: 40 });
    const [id] = (await api(a.url, '/api/maps')).body.maps.map((m: { id: string }) => m.id);
    const expected = [0, 1, 2, 3].map((i) => `c${i}:40`);
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    cleanups.push(() => admin.end());
    const snapshot = await admin.query<{ covers_seq: string }>('SELECT covers_seq FROM qms.snapshots WHERE map_id = $1', [id]);
    expect(Number(snapshot.rows[0]?.covers_seq)).toBeGreaterThan(40);
    // An instance that starts now knows only what PostgreSQL holds.
    const cold = await instance(cleanups, { databaseUrl });
    const reader = client(cleanups, cold.wsUrl, id);
    await synced(reader.provider);
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(expected));
  });

  it('while PostgreSQL restarts, writes wait and are not shown to anyone; afterwards nothing is lost', async () => {
    const databaseUrl = await cluster.createDatabase();
    const a = await instance(cleanups, { databaseUrl });
    const b = await instance(cleanups, { databaseUrl });
    const id = await createMap(a.url, 'Database restart');
    const writer = client(cleanups, a.wsUrl, id);
    const neighbour = client(cleanups, a.wsUrl, id);
    const reader = client(cleanups, b.wsUrl, id);
    await Promise.all([synced(writer.provider), synced(neighbour.provider), synced(reader.provider)]);
    addNode(writer.doc, { kind: 'unit', title: 'before', position: { x: 0, y: 0 } });
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(['before']));

    await cluster.stop('immediate');
    for (let i = 0; i < 3; i++) addNode(writer.doc, { kind: 'unit', title: `during ${i}`, position: { x: i, y: 1 } });
    await eventually(async () => expect((await api(b.url, '/readyz')).body).toMatchObject({ status: 'unavailable', database: 'unavailable' }));
    // Not committed, so shown to nobody, not even on the writer's own instance.
    expect(titlesOf(neighbour.doc)).toEqual(['before']);
    expect(titlesOf(reader.doc)).toEqual(['before']);
    await cluster.start();

    const all = ['before', 'during 0', 'during 1', 'during 2'];
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(all), 20_000);
    await eventually(() => expect(titlesOf(neighbour.doc)).toEqual(all));
    await eventually(async () => expect((await api(b.url, '/readyz')).status).toBe(200), 20_000);
    const cold = await instance(cleanups, { databaseUrl });
    const fresh = client(cleanups, cold.wsUrl, id);
    await synced(fresh.provider);
    await eventually(() => expect(titlesOf(fresh.doc)).toEqual(all));
  });

  it('tells clients "not saved" when PostgreSQL stays away, and the other instances get those changes once it is back', async () => {
    const databaseUrl = await cluster.createDatabase();
    // Writes wait this long for the database before saving counts as failing.
    const a = await instance(cleanups, { databaseUrl, databaseRetryMs: 300 });
    const b = await instance(cleanups, { databaseUrl, databaseRetryMs: 300 });
    const id = await createMap(a.url, 'Database away');
    const writer = await savingClient(cleanups, a.wsUrl, id);
    const reader = client(cleanups, b.wsUrl, id);
    await synced(reader.provider);
    addNode(writer.doc, { kind: 'unit', title: 'saved before', position: { x: 0, y: 0 } });
    writer.askSaved(1);
    await eventually(() => expect(writer.statuses()).toContainEqual({ state: SaveState.Saved, requestId: 1 }));
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(['saved before']));

    await cluster.stop('immediate');
    addNode(writer.doc, { kind: 'unit', title: 'made while the database was away', position: { x: 0, y: 1 } });
    writer.askSaved(2);
    await eventually(() => expect(writer.statuses()).toContainEqual({ state: SaveState.Failing, requestId: 2 }), 20_000);
    await cluster.start();

    // The retry stores the whole state as an update, which the other instance reads.
    await eventually(() => expect(writer.statuses().at(-1)).toEqual({ state: SaveState.Saved, requestId: UNPROMPTED }), 20_000);
    const all = ['made while the database was away', 'saved before'];
    await eventually(() => expect(titlesOf(reader.doc)).toEqual(all), 20_000);
    const cold = await instance(cleanups, { databaseUrl });
    const fresh = client(cleanups, cold.wsUrl, id);
    await synced(fresh.provider);
    await eventually(() => expect(titlesOf(fresh.doc)).toEqual(all));
  });
});
