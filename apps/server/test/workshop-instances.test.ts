import { TestPostgres, postgresForTests } from '@qms/storage-postgres/testing';
import { WorkshopRoot, readIdeas, readLog } from '@qms/model';
import { CloseCode, PARTICIPANT_PARAM, newParticipantSecret, participantIdOf } from '@qms/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { api, eventually, rawSocket, synced } from './helpers.js';
import { instance, type Cleanups } from './instances.js';

/**
 * A workshop whose participants and facilitator are on different instances of one PostgreSQL
 * database: private documents follow from one to the other, a reveal on one instance reaches the
 * participants on the other, and deleting the map closes and erases their private documents
 * everywhere. Skipped without PostgreSQL's binaries.
 */

const binaries = postgresForTests();

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function client(wsUrl: string, room: string, token: string, secret?: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token, ...(secret ? { [PARTICIPANT_PARAM]: secret } : {}) },
  });
  cleanups.push(() => provider.destroy());
  return { doc, provider };
}

describe.skipIf(!binaries)('a workshop across instances', () => {
  let cluster: TestPostgres;
  beforeAll(async () => {
    cluster = await TestPostgres.start(binaries!);
  });
  afterAll(() => cluster?.destroy());

  it('reveals private cards written on another instance, and erases the private documents with the map', async () => {
    const databaseUrl = await cluster.createDatabase();
    const a = await instance(cleanups, { databaseUrl, localTrust: false });
    const b = await instance(cleanups, { databaseUrl, localTrust: false });
    const created = await api(a.url, '/api/maps', { method: 'POST', body: { title: 'Welder' } });
    const { id, tokens } = created.body as { id: string; tokens: Record<'owner' | 'commenter', string> };
    const secret = newParticipantSecret();
    const ana = participantIdOf(secret);

    // Ana writes a private card on instance b; the facilitator reads it on instance a.
    const anaPrivate = client(b.wsUrl, `${id}/workshop/${ana}`, tokens.commenter, secret);
    const benReview = client(b.wsUrl, `${id}/review`, tokens.commenter, newParticipantSecret());
    await Promise.all([synced(anaPrivate.provider), synced(benReview.provider)]);
    anaPrivate.doc.getMap(WorkshopRoot.ideas).set('i-ana', { text: 'Preheat thick plates', author: ana, createdAt: 1, status: 'open' });
    const facilitator = client(a.wsUrl, `${id}/workshop/${ana}`, tokens.owner);
    await synced(facilitator.provider);
    await eventually(() => expect(readIdeas(facilitator.doc).map((idea) => idea.text)).toEqual(['Preheat thick plates']));
    expect(readIdeas(benReview.doc)).toEqual([]);

    // Revealed on a: Ben sees it in the review on b, and Ana's private copy is gone there.
    const revealed = await api(a.url, `/api/maps/${id}/workshop/reveal`, { method: 'POST', token: tokens.owner, body: { what: 'ideas' } });
    expect(revealed).toEqual({ status: 200, body: { revealed: 1 } });
    await eventually(() => {
      expect(readIdeas(benReview.doc).map((idea) => [idea.id, idea.author])).toEqual([['i-ana', ana]]);
      expect(readLog(benReview.doc)).toEqual([expect.objectContaining({ type: 'reveal', detail: { what: 'ideas', count: 1 } })]);
      expect(readIdeas(anaPrivate.doc)).toEqual([]);
    });

    // Deleted on a: Ana's private connection on b is closed, and nothing of it is stored.
    const open = await rawSocket(`${b.wsUrl}/${id}/workshop/${ana}?token=${tokens.commenter}&${PARTICIPANT_PARAM}=${secret}`);
    cleanups.push(() => open.socket.close());
    await eventually(() => expect(open.messages.length).toBeGreaterThan(0));
    expect(await a.server.storage.documents.mapIds()).toContain(`${id}.workshop.${ana}`);
    expect((await api(a.url, `/api/maps/${id}`, { method: 'DELETE', token: tokens.owner })).status).toBe(204);
    expect((await open.closed).code).toBe(CloseCode.MapDeleted);
    expect((await a.server.storage.documents.mapIds()).filter((docId) => docId.startsWith(id))).toEqual([]);
  });
});
