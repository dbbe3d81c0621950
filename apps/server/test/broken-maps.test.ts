import { SCHEMA_VERSION, hairdresser, metaOf, nodesOf, schemaProblem, snapshotOf } from '@qms/model';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, connect, eventually, start, synced, tempDir, type Running } from './helpers.js';

/**
 * A map an editor broke for everyone (issue 12, finding 5): a node stored as a plain string and
 * `meta.schemaVersion = 99`, written here straight into the server's document, as a client's
 * update would have written them. The map still opens, exports, renames and restores; restoring a
 * good version makes it an ordinary map again.
 */

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

async function server(): Promise<Running> {
  const tmp = await tempDir('qms-broken-');
  const running = await start(tmp.dir, { localTrust: false });
  cleanups.push(tmp.remove, running.close);
  return running;
}

function client(running: Running, id: string, token: string) {
  const c = connect(running.wsUrl, id, new Y.Doc(), token);
  cleanups.push(c.destroy);
  return c;
}

/** Closes a client and waits until the server has unloaded the map (roomIdleMs is 0 in tests). */
async function leave(running: Running, c: { destroy(): void }) {
  c.destroy();
  await eventually(() => expect(running.server.rooms.loadedCount).toBe(0));
}

/** The hairdresser sample with a named version of it: the good state to come back to. */
async function mapWithVersion(running: Running): Promise<{ id: string; tokens: Tokens; versionId: string; titles: string[] }> {
  const created = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Hairdresser', template: hairdresser.id } });
  expect(created.status).toBe(201);
  const { id, tokens } = created.body as { id: string; tokens: Tokens };
  const saved = await api(running.url, `/api/maps/${id}/versions`, { method: 'POST', body: { name: 'Good' }, token: tokens.editor });
  expect(saved.status).toBe(201);
  const version = await fetch(`${running.url}/api/maps/${id}/versions/${saved.body.id}`, { headers: { authorization: `Bearer ${tokens.viewer}` } });
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(await version.arrayBuffer()));
  const titles = titlesOf(doc);
  expect(titles.length).toBeGreaterThan(50);
  await eventually(() => expect(running.server.rooms.loadedCount).toBe(0));
  return { id, tokens, versionId: saved.body.id as string, titles };
}

const titlesOf = (doc: Y.Doc) => snapshotOf(doc).nodes.map((n) => n.title).sort();

/** What a hostile editor's update would have done, written on the server's copy; then unloaded. */
async function breakMap(running: Running, id: string, damage: (doc: Y.Doc) => void): Promise<void> {
  await running.server.rooms.with(id, async (room) => {
    room.change((doc) => damage(doc));
    await room.whenDurable();
  });
  await eventually(() => expect(running.server.rooms.loadedCount).toBe(0));
}

const stringNodeAnd99 = (doc: Y.Doc) => {
  (nodesOf(doc) as Y.Map<unknown>).set('broken', 'just a string');
  metaOf(doc).set('schemaVersion', 99);
};

describe('a map an editor broke', () => {
  it('still opens for clients (no reconnect loop), untouched', async () => {
    const running = await server();
    const { id, tokens, titles } = await mapWithVersion(running);
    await breakMap(running, id, stringNodeAnd99);

    const viewer = client(running, id, tokens.viewer);
    let closes = 0;
    viewer.provider.on('connection-close', () => closes++);
    await synced(viewer.provider);
    expect(metaOf(viewer.doc).get('schemaVersion')).toBe(99);
    expect(schemaProblem(viewer.doc)).toBe('newer-schema');
    const snapshot = snapshotOf(viewer.doc);
    expect(titlesOf(viewer.doc)).toEqual(titles);
    expect(snapshot.skipped).toEqual([{ id: 'broken', item: 'node', reason: 'not-a-map' }]);
    // The server finished loading it (it used to refuse it here and close every connection: 4500,
    // and the clients came back in a loop), and the connection is the one it synced on.
    await eventually(() => expect(running.server.rooms.peek(id)?.doc.getMap('meta').get('schemaVersion')).toBe(99));
    expect(closes).toBe(0);
    expect(viewer.provider.wsconnected).toBe(true);
  });

  it('exports in every format, renames and reports', async () => {
    const running = await server();
    const { id, tokens } = await mapWithVersion(running);
    await breakMap(running, id, stringNodeAnd99);

    const formats = (await api(running.url, '/api/formats')).body.exports as Array<{ id: string; bilingual: boolean }>;
    expect(formats.length).toBeGreaterThan(5);
    for (const format of formats) {
      const response = await fetch(`${running.url}/api/maps/${id}/export?format=${format.id}`, { headers: { authorization: `Bearer ${tokens.viewer}` } });
      // A bilingual annex needs a target language, which this map has none of: a clear refusal.
      if (format.bilingual) {
        expect(response.status, format.id).toBe(422);
        expect(((await response.json()) as { message: string }).message.length, format.id).toBeGreaterThan(10);
        continue;
      }
      expect(response.status, format.id).toBe(200);
      expect((await response.arrayBuffer()).byteLength, format.id).toBeGreaterThan(0);
    }
    const units = await api(running.url, `/api/maps/${id}/export?format=units-json`, { token: tokens.viewer });
    expect(JSON.stringify(units.body)).not.toContain('just a string');

    expect(units.status).toBe(200);
    const renamed = await api(running.url, `/api/maps/${id}`, { method: 'PATCH', body: { title: 'Hairdresser (broken)' }, token: tokens.editor });
    expect(renamed.status).toBe(200);
    expect(renamed.body.title).toBe('Hairdresser (broken)');

    const report = await api(running.url, `/api/maps/${id}/report`, { token: tokens.viewer });
    expect(report.status).toBe(200);
    expect(report.body.issues.filter((i: { rule: string }) => i.rule === 'unreadable').map((i: { params: { count: number } }) => i.params.count)).toEqual([1]);
  }, 60_000); // every export, the PDF among them

  for (const [name, damage] of [
    ['a string node and schema version 99', stringNodeAnd99],
    ['a schema version that is not a number', (doc: Y.Doc) => metaOf(doc).set('schemaVersion', 'two')],
  ] as const) {
    it(`restores a good version over ${name}, and the map opens normally again`, async () => {
      const running = await server();
      const { id, tokens, versionId, titles } = await mapWithVersion(running);
      await breakMap(running, id, damage);

      // Someone has it open while the owner restores: they see it come back.
      const viewer = client(running, id, tokens.viewer);
      await synced(viewer.provider);
      expect(schemaProblem(viewer.doc)).not.toBeNull();
      const restored = await api(running.url, `/api/maps/${id}/versions/${versionId}/restore`, { method: 'POST', token: tokens.owner });
      expect(restored.status).toBe(200);
      expect(restored.body.restored).toBe(versionId);
      await eventually(() => {
        expect(metaOf(viewer.doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
        expect(snapshotOf(viewer.doc).skipped).toEqual([]);
      });
      await leave(running, viewer);

      // Loaded afresh from storage: an ordinary map, that an editor can change again.
      const editor = client(running, id, tokens.editor);
      await synced(editor.provider);
      expect(schemaProblem(editor.doc)).toBeNull();
      expect(metaOf(editor.doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
      expect(nodesOf(editor.doc).has('broken')).toBe(false);
      expect(titlesOf(editor.doc)).toEqual(titles);
      // The state before the restore was kept as a backup version, as for any restore.
      const versions = (await api(running.url, `/api/maps/${id}/versions`, { token: tokens.viewer })).body.versions as Array<{ kind: string }>;
      expect(versions.some((v) => v.kind === 'backup')).toBe(true);
    });
  }
});
