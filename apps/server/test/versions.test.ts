import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { addNode, nodesOf, removeElements, setNodeTitle, snapshotOf } from '@qms/model';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, connect, eventually, start, synced, tempDir, type Running } from './helpers.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

/** A server that trusts nobody without a link, so that every call shows which role it needs. */
async function server(overrides: Parameters<typeof start>[1] = {}): Promise<Running & { dir: string }> {
  const tmp = await tempDir('qms-versions-');
  const running = await start(tmp.dir, { localTrust: false, ...overrides });
  cleanups.push(tmp.remove, running.close);
  return { ...running, dir: tmp.dir };
}

async function newMap(running: Running): Promise<{ id: string; tokens: Tokens }> {
  const { status, body } = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Hairdresser' } });
  expect(status).toBe(201);
  return body;
}

function client(running: Running, id: string, token: string) {
  const c = connect(running.wsUrl, id, new Y.Doc(), token);
  cleanups.push(c.destroy);
  return c;
}

/** The version's document, as the web app builds it: GET … → one binary Yjs update. */
async function versionDoc(running: Running, id: string, versionId: string, token: string): Promise<Y.Doc> {
  const response = await fetch(`${running.url}/api/maps/${id}/versions/${versionId}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('application/octet-stream');
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
  return doc;
}

const titles = (doc: Y.Doc) => snapshotOf(doc).nodes.map((n) => n.title).sort();
const listOf = async (running: Running, id: string, token: string) => (await api(running.url, `/api/maps/${id}/versions`, { token })).body.versions as Array<{ id: string; name: string; auto: boolean; createdAt: number; createdBy?: string }>;

/** Closes a client and waits until the server has unloaded the map (roomIdleMs is 0 in tests). */
async function leave(running: Running, c: { destroy(): void }) {
  c.destroy();
  await eventually(() => expect(running.server.rooms.loadedCount).toBe(0));
}

describe('named versions', () => {
  it('saves the live map under a name, lists versions newest first and serves each as a Yjs update', async () => {
    const running = await server();
    const { id, tokens } = await newMap(running);
    expect(await listOf(running, id, tokens.viewer)).toEqual([]);
    const editor = client(running, id, tokens.editor);
    await synced(editor.provider);
    const wash = addNode(editor.doc, { kind: 'workAction', title: 'Wash hair', position: { x: 0, y: 0 } });

    // The version is taken from the server's live document: the edit above is in it.
    const created = await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: '  After workshop 1 ' }, token: tokens.editor });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/), name: 'After workshop 1', createdAt: expect.any(Number), auto: false, kind: 'named', createdBy: 'editor' });
    const first = created.body.id as string;

    setNodeTitle(editor.doc, wash, 'Wash and condition hair');
    await eventually(async () => expect(titles(running.server.rooms.peek(id)!.doc)).toEqual(['Wash and condition hair']));
    const second = (await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'After workshop 2' }, token: tokens.owner })).body.id as string;

    expect((await listOf(running, id, tokens.viewer)).map((v) => [v.id, v.name])).toEqual([
      [second, 'After workshop 2'],
      [first, 'After workshop 1'],
    ]);
    expect(titles(await versionDoc(running, id, first, tokens.viewer))).toEqual(['Wash hair']);
    expect(titles(await versionDoc(running, id, second, tokens.viewer))).toEqual(['Wash and condition hair']);
    // Versions are their own files; the map's document is unaffected by them.
    expect((await readdir(join(running.dir, 'maps', id, 'versions'))).sort()).toEqual([`${first}.bin`, `${second}.bin`].sort());

    // Bytes written for versions are counted apart.
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(/qms_bytes_written_total\{kind="version"\} [1-9]/);
  });

  it('refuses bad names, and answers 404 for unknown versions and maps', async () => {
    const running = await server();
    const { id, tokens } = await newMap(running);
    for (const body of [{}, { name: '' }, { name: '   ' }, { name: 'x'.repeat(121) }, { name: 42 }, { name: 'ok', extra: true }]) {
      const response = await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body, token: tokens.owner });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error).toBe('invalid-request');
    }
    expect((await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'x'.repeat(120) }, token: tokens.owner })).status).toBe(201);
    for (const versionId of ['nope', 'a.b', '..%2F..%2Fcatalogue']) {
      for (const [method, path] of [
        ['GET', `/api/maps/${id}/versions/${versionId}`],
        ['POST', `/api/maps/${id}/versions/${versionId}/restore`],
        ['DELETE', `/api/maps/${id}/versions/${versionId}`],
      ] as const) {
        const response = await api(running.url, path, { method, token: tokens.owner });
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.body.error).toBe('not-found');
      }
    }
    expect((await api(running.url, '/api/maps/nope/versions', { token: tokens.owner })).status).toBe(404);
    expect((await api(running.url, '/api/maps/nope/versions', { method: 'POST', body: { name: 'x' }, token: tokens.owner })).status).toBe(404);
  });

  it('lets each role do what it may: view and list (all), save (editors), restore and delete (owner)', async () => {
    const running = await server();
    const { id, tokens } = await newMap(running);
    const saved = (await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'v1' }, token: tokens.owner })).body.id as string;
    const path = `/api/maps/${id}/versions`;

    for (const token of [undefined, 'x'.repeat(43)]) {
      expect((await api(running.url, path, { token })).status).toBe(401);
      expect((await api(running.url, path, { method: 'POST', body: { name: 'x' }, token })).status).toBe(401);
      expect((await api(running.url, `${path}/${saved}`, { token })).status).toBe(401);
      expect((await api(running.url, `${path}/${saved}/restore`, { method: 'POST', token })).status).toBe(401);
      expect((await api(running.url, `${path}/${saved}`, { method: 'DELETE', token })).status).toBe(401);
    }
    for (const role of ['viewer', 'commenter'] as const) {
      expect((await api(running.url, path, { token: tokens[role] })).status).toBe(200);
      await versionDoc(running, id, saved, tokens[role]);
      const refused = await api(running.url, path, { method: 'POST', body: { name: 'mine' }, token: tokens[role] });
      expect(refused.status).toBe(403);
      expect(refused.body.error).toBe('forbidden');
    }
    for (const role of ['editor', 'commenter', 'viewer'] as const) {
      expect((await api(running.url, `${path}/${saved}/restore`, { method: 'POST', token: tokens[role] })).status).toBe(403);
      expect((await api(running.url, `${path}/${saved}`, { method: 'DELETE', token: tokens[role] })).status).toBe(403);
    }
    expect((await api(running.url, path, { method: 'POST', body: { name: 'by the editor' }, token: tokens.editor })).status).toBe(201);
    // Nothing a refused call asked for happened.
    expect((await listOf(running, id, tokens.viewer)).map((v) => v.name)).toEqual(['by the editor', 'v1']);

    expect((await api(running.url, `${path}/${saved}`, { method: 'DELETE', token: tokens.owner })).status).toBe(204);
    expect((await listOf(running, id, tokens.viewer)).map((v) => v.name)).toEqual(['by the editor']);
    expect((await api(running.url, `${path}/${saved}`, { token: tokens.owner })).status).toBe(404);
    expect(await readdir(join(running.dir, 'maps', id, 'versions'))).toHaveLength(1);
  });

  it('deletes a map’s versions with the map', async () => {
    const running = await server();
    const { id, tokens } = await newMap(running);
    expect((await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'v1' }, token: tokens.owner })).status).toBe(201);
    expect((await api(running.url, `/api/maps/${id}`, { method: 'DELETE', token: tokens.owner })).status).toBe(204);
    await expect(readdir(join(running.dir, 'maps', id))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('restoring a version', () => {
  it('changes the live map as ordinary updates: connected clients converge, and the state before is kept', async () => {
    const running = await server();
    const { id, tokens } = await newMap(running);
    const editor = client(running, id, tokens.editor);
    const viewer = client(running, id, tokens.viewer);
    await Promise.all([synced(editor.provider), synced(viewer.provider)]);
    const wash = addNode(editor.doc, { kind: 'workAction', title: 'Wash hair', position: { x: 0, y: 0 } });
    const cut = addNode(editor.doc, { kind: 'workAction', title: 'Cut hair', position: { x: 300, y: 0 } });
    const version = (await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'After workshop 1' }, token: tokens.editor })).body.id as string;

    setNodeTitle(editor.doc, wash, 'Wash and condition hair');
    removeElements(editor.doc, { nodeIds: [cut] });
    addNode(editor.doc, { kind: 'unit', title: 'Colouring', position: { x: 0, y: 300 } });
    const afterWorkshop2 = ['Colouring', 'Wash and condition hair'];
    await eventually(() => expect(titles(viewer.doc)).toEqual(afterWorkshop2));
    const stateVector = Y.encodeStateVector(viewer.doc);

    const restored = await api(running.url, `/api/maps/${id}/versions/${version}/restore`, { method: 'POST', token: tokens.owner });
    expect(restored.status).toBe(200);
    expect(restored.body).toEqual({ restored: version, backup: expect.stringMatching(/^[A-Za-z0-9_-]{12}$/) });

    // Both clients receive the restore as updates and read the version again; the deleted node
    // came back under its own id.
    await eventually(() => {
      expect(titles(editor.doc)).toEqual(['Cut hair', 'Wash hair']);
      expect(titles(viewer.doc)).toEqual(['Cut hair', 'Wash hair']);
    });
    expect(nodesOf(viewer.doc).has(cut)).toBe(true);
    // History was added to, not rewritten: the viewer's document only grew.
    expect(Y.encodeStateAsUpdate(viewer.doc, stateVector).byteLength).toBeGreaterThan(2);
    // Editing goes on as usual afterwards.
    addNode(editor.doc, { kind: 'workAction', title: 'Greet the client', position: { x: 0, y: 500 } });
    await eventually(() => expect(titles(viewer.doc)).toEqual(['Cut hair', 'Greet the client', 'Wash hair']));
    const byId = (doc: Y.Doc) => [...snapshotOf(doc).nodes].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byId(viewer.doc)).toEqual(byId(editor.doc));

    // The state before the restore was saved first, automatically, and restoring it undoes the restore.
    const versions = await listOf(running, id, tokens.viewer);
    const backup = versions.find((v) => v.id === restored.body.backup)!;
    expect(backup).toMatchObject({ name: 'Before restoring “After workshop 1”', auto: true, createdBy: 'owner' });
    expect(titles(await versionDoc(running, id, backup.id, tokens.viewer))).toEqual(afterWorkshop2);
    expect((await api(running.url, `/api/maps/${id}/versions/${backup.id}/restore`, { method: 'POST', token: tokens.owner })).status).toBe(200);
    await eventually(() => expect(titles(viewer.doc)).toEqual(afterWorkshop2));
    await eventually(() => expect(titles(editor.doc)).toEqual(afterWorkshop2));
  });

  it('restores a map nobody has open, and the result is what loads next', async () => {
    const running = await server();
    const { id, tokens } = await newMap(running);
    const editor = client(running, id, tokens.editor);
    await synced(editor.provider);
    addNode(editor.doc, { kind: 'workAction', title: 'Wash hair', position: { x: 0, y: 0 } });
    const version = (await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'v1' }, token: tokens.editor })).body.id as string;
    addNode(editor.doc, { kind: 'workAction', title: 'Cut hair', position: { x: 0, y: 0 } });
    await eventually(async () => expect(titles(running.server.rooms.peek(id)!.doc)).toHaveLength(2));
    await leave(running, editor);

    expect((await api(running.url, `/api/maps/${id}/versions/${version}/restore`, { method: 'POST', token: tokens.owner })).status).toBe(200);
    await eventually(() => expect(running.server.rooms.loadedCount).toBe(0));
    const later = client(running, id, tokens.viewer);
    await synced(later.provider);
    expect(titles(later.doc)).toEqual(['Wash hair']);
  });
});

describe('automatic checkpoints', () => {
  it('saves one when a map that was changed unloads, and none for a map only looked at', async () => {
    const running = await server();
    const { id, tokens } = await newMap(running);
    const looker = client(running, id, tokens.viewer);
    await synced(looker.provider);
    await leave(running, looker);
    expect(await listOf(running, id, tokens.viewer)).toEqual([]);

    const editor = client(running, id, tokens.editor);
    await synced(editor.provider);
    addNode(editor.doc, { kind: 'workAction', title: 'Wash hair', position: { x: 0, y: 0 } });
    await eventually(async () => expect(titles(running.server.rooms.peek(id)!.doc)).toEqual(['Wash hair']));
    await running.server.rooms.peek(id)!.whenDurable();
    // Within the interval (30 minutes in tests too), editing alone makes no checkpoint.
    expect(await listOf(running, id, tokens.viewer)).toEqual([]);
    await leave(running, editor);

    const versions = await listOf(running, id, tokens.viewer);
    expect(versions).toEqual([{ id: expect.any(String), name: 'Automatic checkpoint', createdAt: expect.any(Number), auto: true, kind: 'auto' }]);
    expect(titles(await versionDoc(running, id, versions[0]!.id, tokens.viewer))).toEqual(['Wash hair']);

    // Opened again and left unchanged: nothing new.
    const again = client(running, id, tokens.editor);
    await synced(again.provider);
    await leave(running, again);
    expect(await listOf(running, id, tokens.viewer)).toHaveLength(1);
  });

  it('saves them while a map is being edited, at most once per interval', async () => {
    const running = await server({ checkpointIntervalMs: 0 });
    const { id, tokens } = await newMap(running);
    const editor = client(running, id, tokens.editor);
    await synced(editor.provider);
    addNode(editor.doc, { kind: 'workAction', title: 'Wash hair', position: { x: 0, y: 0 } });
    // Still connected: the room is loaded and the checkpoint comes from the editing itself.
    const versions = await eventually(async () => {
      const list = await listOf(running, id, tokens.viewer);
      expect(list.length).toBeGreaterThan(0);
      return list;
    });
    expect(running.server.rooms.loadedCount).toBe(1);
    expect(versions[0]).toMatchObject({ name: 'Automatic checkpoint', auto: true });
    expect(titles(await versionDoc(running, id, versions[0]!.id, tokens.viewer))).toEqual(['Wash hair']);
  });

  it('keeps only the newest automatic ones (files too), and never prunes named versions', async () => {
    const running = await server({ maxAutoVersions: 2 });
    const { id, tokens } = await newMap(running);
    const named = (await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'Kept forever' }, token: tokens.owner })).body.id as string;
    for (let round = 1; round <= 4; round++) {
      const editor = client(running, id, tokens.editor);
      await synced(editor.provider);
      addNode(editor.doc, { kind: 'workAction', title: `Edit ${round}`, position: { x: 0, y: round * 100 } });
      await eventually(async () => expect(titles(running.server.rooms.peek(id)!.doc)).toContain(`Edit ${round}`));
      await leave(running, editor);
      await eventually(async () => expect((await listOf(running, id, tokens.viewer)).filter((v) => v.auto)).toHaveLength(Math.min(round, 2)));
    }
    const versions = await listOf(running, id, tokens.viewer);
    expect(versions.map((v) => v.name)).toEqual(['Automatic checkpoint', 'Automatic checkpoint', 'Kept forever']);
    expect(versions[2]!.id).toBe(named);
    // The two kept are the newest: they hold the last edits.
    expect(titles(await versionDoc(running, id, versions[0]!.id, tokens.viewer))).toEqual(['Edit 1', 'Edit 2', 'Edit 3', 'Edit 4']);
    expect(titles(await versionDoc(running, id, versions[1]!.id, tokens.viewer))).toEqual(['Edit 1', 'Edit 2', 'Edit 3']);
    expect((await readdir(join(running.dir, 'maps', id, 'versions'))).sort()).toEqual(versions.map((v) => `${v.id}.bin`).sort());
  });
});
