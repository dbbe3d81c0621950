import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { addNode, createThread, nodesOf, readThreads } from '@qms/model';
import { CloseCode } from '@qms/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, connect, eventually, rawSocket, start, synced, tempDir, type Running } from './helpers.js';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server that trusts nobody by default, as on a workshop network. */
async function strictServer(overrides: Parameters<typeof start>[1] = {}, options: Parameters<typeof start>[2] = {}): Promise<Running & { dir: string }> {
  const tmp = await tempDir();
  const running = await start(tmp.dir, { localTrust: false, ...overrides }, options);
  cleanups.push(tmp.remove, running.close);
  return { ...running, dir: tmp.dir };
}

async function newMap(running: Running, admin?: string) {
  const { status, body } = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Trust' }, token: admin });
  expect(status).toBe(201);
  return body as { id: string; tokens: Record<'owner' | 'editor' | 'commenter' | 'viewer', string> };
}

function client(running: Running, room: string, token?: string) {
  const c = connect(running.wsUrl, room, new Y.Doc(), token);
  cleanups.push(c.destroy);
  return c;
}

const closedWith = (provider: ReturnType<typeof client>['provider']) => new Promise<number>((resolve) => provider.on('closed', ({ code }) => resolve(code)));

describe('share links', () => {
  it('gives four long random tokens on creation and stores only their hashes', async () => {
    const running = await strictServer();
    const { id, tokens } = await newMap(running);
    expect(Object.keys(tokens).sort()).toEqual(['commenter', 'editor', 'owner', 'viewer']);
    for (const token of Object.values(tokens)) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(Object.values(tokens)).size).toBe(4);
    const catalogue = await readFile(join(running.dir, 'catalogue.json'), 'utf8');
    for (const token of Object.values(tokens)) expect(catalogue).not.toContain(token);
    expect(JSON.parse(catalogue).maps[id].access.owner).toMatch(/^[0-9a-f]{64}$/);
    // The list of maps never shows them either.
    const listed = (await api(running.url, '/api/maps', { token: tokens.owner })).status;
    expect(listed).toBe(401);
  });

  it('answers 401 without a token or with a wrong one, 403 for a role that may not, and tells each caller its role', async () => {
    const running = await strictServer();
    const { id, tokens } = await newMap(running);
    expect((await api(running.url, `/api/maps/${id}`)).status).toBe(401);
    const wrong = await api(running.url, `/api/maps/${id}`, { token: 'x'.repeat(43) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('unauthorized');
    for (const role of ['owner', 'editor', 'commenter', 'viewer'] as const) {
      expect((await api(running.url, `/api/maps/${id}`, { token: tokens[role] })).body.role).toBe(role);
    }
    const renameAs = (role: keyof typeof tokens) => api(running.url, `/api/maps/${id}`, { method: 'PATCH', body: { title: `By ${role}` }, token: tokens[role] });
    expect((await renameAs('viewer')).status).toBe(403);
    expect((await renameAs('commenter')).status).toBe(403);
    expect((await renameAs('editor')).status).toBe(200);
    expect((await api(running.url, `/api/maps/${id}/export?format=units-json`, { token: tokens.viewer })).status).toBe(200);
    expect((await api(running.url, `/api/maps/${id}`, { method: 'DELETE', token: tokens.editor })).status).toBe(403);
    expect((await api(running.url, `/api/maps/${id}/access`, { token: tokens.editor })).status).toBe(403);
    expect((await api(running.url, `/api/maps/${id}`, { method: 'DELETE', token: tokens.owner })).status).toBe(204);
  });

  it('closes the sync socket with 4401 without a valid token', async () => {
    const running = await strictServer();
    const { id } = await newMap(running);
    const none = await rawSocket(`${running.wsUrl}/${id}`);
    expect((await none.closed).code).toBe(CloseCode.Unauthorized);
    const wrong = await rawSocket(`${running.wsUrl}/${id}?token=nope`);
    expect((await wrong.closed).code).toBe(CloseCode.Unauthorized);
  });

  it('replaces or revokes a link: the old token stops working and its holders are cut off', async () => {
    const running = await strictServer();
    const { id, tokens } = await newMap(running);
    const editor = client(running, id, tokens.editor);
    await synced(editor.provider);
    const cut = closedWith(editor.provider);
    const rotated = await api(running.url, `/api/maps/${id}/access/editor`, { method: 'POST', token: tokens.owner });
    expect(rotated.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await cut).toBe(CloseCode.Unauthorized);
    expect((await api(running.url, `/api/maps/${id}`, { token: tokens.editor })).status).toBe(401);
    expect((await api(running.url, `/api/maps/${id}`, { token: rotated.body.token })).body.role).toBe('editor');

    expect((await api(running.url, `/api/maps/${id}/access/viewer`, { method: 'DELETE', token: tokens.owner })).status).toBe(204);
    expect((await api(running.url, `/api/maps/${id}`, { token: tokens.viewer })).status).toBe(401);
    expect((await api(running.url, `/api/maps/${id}/access`, { token: tokens.owner })).body.roles).toEqual({ owner: true, editor: true, commenter: true, viewer: false });
    expect((await api(running.url, `/api/maps/${id}/access/king`, { method: 'POST', token: tokens.owner })).status).toBe(400);
  });
});

describe('roles on the sync socket', () => {
  it('drops a viewer’s and a commenter’s map updates, relays nothing of them, and lets their awareness flow', async () => {
    const running = await strictServer();
    const { id, tokens } = await newMap(running);
    const editor = client(running, id, tokens.editor);
    const viewer = client(running, id, tokens.viewer);
    const commenter = client(running, id, tokens.commenter);
    await Promise.all([editor, viewer, commenter].map((c) => synced(c.provider)));

    addNode(viewer.doc, { kind: 'workAction', title: 'from the viewer', position: { x: 0, y: 0 } });
    addNode(commenter.doc, { kind: 'workAction', title: 'from the commenter', position: { x: 0, y: 0 } });
    addNode(editor.doc, { kind: 'workAction', title: 'from the editor', position: { x: 0, y: 0 } });
    viewer.provider.awareness.setLocalStateField('user', { name: 'Vera (viewer)' });

    const late = client(running, id, tokens.viewer);
    await synced(late.provider);
    await eventually(() => expect([...nodesOf(late.doc).values()].map((n) => (n.get('title') as Y.Text).toString())).toEqual(['from the editor']));
    // Awareness from the viewer reached the editor.
    await eventually(() => expect([...editor.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Vera (viewer)')).toBe(true));
    // The server's document has only the editor's node, and so does the editor's.
    const room = running.server.rooms.peek(id)!;
    expect(nodesOf(room.doc).size).toBe(1);
    expect(nodesOf(editor.doc).size).toBe(1);
  });

  it('lets a commenter write the map’s review document, and not a viewer', async () => {
    const running = await strictServer();
    const { id, tokens } = await newMap(running);
    const commenter = client(running, `${id}/review`, tokens.commenter);
    const viewer = client(running, `${id}/review`, tokens.viewer);
    const editor = client(running, `${id}/review`, tokens.editor);
    await Promise.all([commenter, viewer, editor].map((c) => synced(c.provider)));
    expect(createThread(commenter.doc, { x: 0, y: 0 }, { name: 'Marco' }, 'Please add criteria to U 2').ok).toBe(true);
    expect(createThread(viewer.doc, { x: 1, y: 1 }, { name: 'Vera' }, 'sneaky').ok).toBe(true);
    await eventually(() => expect(readThreads(editor.doc).map((t) => t.comments[0]!.text)).toEqual(['Please add criteria to U 2']));
    const fresh = client(running, `${id}/review`, tokens.owner);
    await synced(fresh.provider);
    await eventually(() => expect(readThreads(fresh.doc).map((t) => t.comments[0]!.text)).toEqual(['Please add criteria to U 2']));
    // The review is stored beside the map, not in it.
    expect(running.server.rooms.peek(id)?.doc.getMap('threads').size ?? 0).toBe(0);
  });
});

describe('an instance with an admin token', () => {
  it('needs it to create and list maps, and lets it act as owner of every map', async () => {
    const running = await strictServer({ adminToken: 'admin-secret-for-tests-0123456789' });
    expect((await api(running.url, '/api/maps', { method: 'POST', body: { title: 'No' } })).status).toBe(401);
    const { id } = await newMap(running, 'admin-secret-for-tests-0123456789');
    expect((await api(running.url, '/api/maps')).status).toBe(401);
    expect((await api(running.url, '/api/maps', { token: 'admin-secret-for-tests-0123456789' })).body.maps).toHaveLength(1);
    expect((await api(running.url, `/api/maps/${id}`, { token: 'admin-secret-for-tests-0123456789' })).body.role).toBe('owner');
  });
});

describe('logs', () => {
  it('never contain a token', async () => {
    let logged = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        logged += chunk.toString();
        done();
      },
    });
    const running = await strictServer({ logLevel: 'debug' }, { logStream: stream });
    const { id, tokens } = await newMap(running);
    const editor = client(running, id, tokens.editor);
    await synced(editor.provider);
    await api(running.url, `/api/maps/${id}`, { token: tokens.viewer });
    await api(running.url, `/api/maps/${id}/access/commenter`, { method: 'POST', token: tokens.owner });
    const bad = await rawSocket(`${running.wsUrl}/${id}?token=${tokens.owner}x`);
    await bad.closed;
    await eventually(() => expect(logged).toContain('connection joined'));
    expect(logged.length).toBeGreaterThan(500);
    for (const token of Object.values(tokens)) expect(logged).not.toContain(token);
  });
});
