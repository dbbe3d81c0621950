import { MapView, addNode, createThread, readThreads } from '@qms/model';
import { TestPostgres, postgresForTests } from '@qms/storage-postgres/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, connect, eventually, synced, tempDir } from './helpers.js';
import { spawnServer, type ServerProcess } from './process.js';

/**
 * The real server with DATABASE_URL: the catalogue, documents, versions, share links and review
 * documents in PostgreSQL, nothing under DATA_DIR. Skipped (with the reason) without PostgreSQL's
 * binaries; under CI their absence is a failure.
 */

const binaries = postgresForTests();
const ADMIN = 'admin-secret-for-tests';
type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const titlesOf = (doc: Y.Doc) => new MapView(doc).snapshot.nodes.map((n) => n.title).sort();

describe.skipIf(!binaries)('the server on PostgreSQL (DATABASE_URL)', () => {
  let cluster: TestPostgres;
  beforeAll(async () => {
    cluster = await TestPostgres.start(binaries!);
  });
  afterAll(() => cluster?.destroy());

  async function server(databaseUrl: string): Promise<ServerProcess> {
    // A fresh data folder each time: whatever survives a restart came from the database.
    const tmp = await tempDir('qms-pg-server-');
    cleanups.push(tmp.remove);
    const running = await spawnServer(tmp.dir, { DATABASE_URL: databaseUrl, ADMIN_TOKEN: ADMIN });
    cleanups.push(async () => {
      if (running.child.exitCode === null && running.child.signalCode === null) {
        running.child.kill('SIGKILL');
        await running.exited;
      }
    });
    return running;
  }

  function client(wsUrl: string, room: string, token: string) {
    const c = connect(wsUrl, room, new Y.Doc(), token);
    cleanups.push(c.destroy);
    return c;
  }

  it('keeps a map, its share links, versions and review across a kill -9 and a start on an empty data folder', async () => {
    const databaseUrl = await cluster.createDatabase();
    const first = await server(databaseUrl);
    const created = await api(first.url, '/api/maps', { method: 'POST', body: { title: 'Plumber (EQF 3)' }, token: ADMIN });
    expect(created.status).toBe(201);
    const { id, tokens } = created.body as { id: string; tokens: Tokens };

    const editor = client(first.wsUrl, id, tokens.editor);
    const watcher = client(first.wsUrl, id, tokens.viewer);
    await Promise.all([synced(editor.provider), synced(watcher.provider)]);
    addNode(editor.doc, { kind: 'unit', title: 'Installing pipes', position: { x: 0, y: 0 } });
    await eventually(() => expect(titlesOf(watcher.doc)).toEqual(['Installing pipes']));
    const version = await api(first.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'First draft' }, token: tokens.owner });
    expect(version.status).toBe(201);

    const review = client(first.wsUrl, `${id}/review`, tokens.commenter);
    const reviewWatcher = client(first.wsUrl, `${id}/review`, tokens.owner);
    await Promise.all([synced(review.provider), synced(reviewWatcher.provider)]);
    expect(createThread(review.doc, { nodeId: 'any' }, { name: 'Ona', institution: 'Vilnius' }, 'Needs a code').ok).toBe(true);
    await eventually(() => expect(readThreads(reviewWatcher.doc)).toHaveLength(1));

    // Seen by another client, hence committed: a crash of the process loses none of it.
    first.child.kill('SIGKILL');
    await first.exited;
    for (const c of [editor, watcher, review, reviewWatcher]) c.destroy();

    const second = await server(databaseUrl);
    const listed = await api(second.url, '/api/maps', { token: ADMIN });
    expect(listed.body.maps.map((m: { id: string }) => m.id)).toEqual([id]);
    const map = await api(second.url, `/api/maps/${id}`, { token: tokens.viewer });
    expect(map.body).toMatchObject({ id, title: 'Plumber (EQF 3)', role: 'viewer' });
    expect((await api(second.url, `/api/maps/${id}`, { token: 'not-a-token' })).status).not.toBe(200);
    const versions = await api(second.url, `/api/maps/${id}/versions`, { token: tokens.owner });
    expect(versions.body.versions.map((v: { name: string }) => v.name)).toContain('First draft');

    const fresh = client(second.wsUrl, id, tokens.viewer);
    await synced(fresh.provider);
    await eventually(() => expect(titlesOf(fresh.doc)).toEqual(['Installing pipes']));
    const freshReview = client(second.wsUrl, `${id}/review`, tokens.viewer);
    await synced(freshReview.provider);
    await eventually(() => expect(readThreads(freshReview.doc).map((t) => t.comments[0]?.text)).toEqual(['Needs a code']));

    // Edits after the restart are stored too, after what was compacted or loaded before.
    const editorAgain = client(second.wsUrl, id, tokens.editor);
    await synced(editorAgain.provider);
    addNode(editorAgain.doc, { kind: 'unit', title: 'Reading plans', position: { x: 1, y: 0 } });
    await eventually(() => expect(titlesOf(fresh.doc)).toEqual(['Installing pipes', 'Reading plans']));
  });
});
