import { WorkshopRoot, ratingKey, readIdeas, readLog, readRatings, voteKey, type IdeaCard, type Rating } from '@qms/model';
import { CloseCode, MessageType, PARTICIPANT_PARAM, newParticipantSecret, participantIdOf, reviewDocumentId, workshopDocumentId } from '@qms/protocol';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { encodeUpdate } from '../src/rooms/codec.js';
import { PRIVATE_DOCUMENTS_ROOT, WORKSHOP_SERVER_LIMITS } from '../src/rooms/workshop-policy.js';
import { registerPrivateDocument } from '../src/workshop.js';
import { api, eventually, rawSocket, start, synced, tempDir, type Running } from './helpers.js';

/**
 * A DACUM workshop through the real server: participants join with the commenter link, each
 * browser proving its participant id with its secret; they write only their own ratings, votes
 * and cards; private cards stay in their private document until the facilitator reveals them.
 */

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

interface Participant {
  secret: string;
  id: string;
}

function participant(): Participant {
  const secret = newParticipantSecret();
  return { secret, id: participantIdOf(secret) };
}

async function setup() {
  const tmp = await tempDir();
  cleanups.push(tmp.remove);
  const running: Running = await start(tmp.dir, { localTrust: false });
  cleanups.push(() => running.close());
  const created = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Welder (EQF 3)' } });
  const { id, tokens } = created.body as { id: string; tokens: Tokens };
  /** A stock y-websocket client with the link's token and, for a participant, their secret. */
  const client = (room: string, token: string, who?: Participant) => {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(running.wsUrl, room, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token, ...(who ? { [PARTICIPANT_PARAM]: who.secret } : {}) },
    });
    cleanups.push(() => provider.destroy());
    return { doc, provider };
  };
  /** A raw socket, to read refusals and close codes. */
  const raw = async (room: string, token: string, secret?: string) => {
    const socket = await rawSocket(`${running.wsUrl}/${room}?token=${token}${secret === undefined ? '' : `&${PARTICIPANT_PARAM}=${secret}`}`);
    cleanups.push(() => socket.socket.close());
    return socket;
  };
  const serverDoc = (docId: string) => running.server.rooms.peek(docId)!.doc;
  return { running, id, tokens, client, raw, serverDoc };
}

/** The permission-denied reasons among the frames a raw socket received. */
function refusals(messages: readonly Uint8Array[]): string[] {
  return messages.flatMap((message) => {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MessageType.Auth || decoding.readVarUint(decoder) !== 0) return [];
    return [decoding.readVarString(decoder)];
  });
}

/** Sends, on `socket`, the update that `change` makes to a copy of the server's document. */
function forge(socket: WebSocket, server: Y.Doc, change: (doc: Y.Doc) => void): void {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(copy);
  change(copy);
  socket.send(encodeUpdate(Y.encodeStateAsUpdate(copy, before)));
}

const rating = (criticality: number): Rating => ({ criticality, frequency: 3, difficulty: 2, trainingNeed: 'school' });
const card = (author: string, text: string): Omit<IdeaCard, 'id'> => ({ text, author, createdAt: 1, status: 'open' });

describe('workshop ratings in the review document', () => {
  it('three participants rating the same work actions at once all end up with three ratings each', async () => {
    const { id, tokens, client, serverDoc } = await setup();
    const people = [participant(), participant(), participant()];
    const peers = people.map((who) => client(`${id}/review`, tokens.commenter, who));
    await Promise.all(peers.map((peer) => synced(peer.provider)));
    const workActions = ['wa1', 'wa2', 'wa3'];
    // Every peer writes before any has heard from the others.
    peers.forEach((peer, index) => {
      peer.doc.transact(() => {
        for (const wa of workActions) peer.doc.getMap(WorkshopRoot.ratings).set(ratingKey(wa, people[index]!.id), rating(index + 1));
      });
    });
    const expected = workActions.flatMap((wa) => people.map((who, index) => ({ workActionId: wa, participantId: who.id, rating: rating(index + 1) })));
    const sorted = [...expected].sort((a, b) => `${a.workActionId}/${a.participantId}`.localeCompare(`${b.workActionId}/${b.participantId}`));
    for (const doc of [...peers.map((peer) => peer.doc), serverDoc(reviewDocumentId(id))]) {
      await eventually(() => expect(readRatings(doc)).toEqual(sorted));
    }
    for (const wa of workActions) expect(readRatings(serverDoc(reviewDocumentId(id))).filter((r) => r.workActionId === wa)).toHaveLength(3);
  });
});

describe('a participant writes only their own workshop entries', () => {
  it('refuses another participant’s rating, vote or card, a facilitator’s part, and a commenter without proof; changes nothing', async () => {
    const { id, tokens, client, raw, serverDoc } = await setup();
    const ana = participant();
    const ben = participant();
    const reviewId = reviewDocumentId(id);
    // The facilitator sets the dots; Ben rates and writes a card.
    const facilitator = client(`${id}/review`, tokens.editor);
    const benPeer = client(`${id}/review`, tokens.commenter, ben);
    await Promise.all([synced(facilitator.provider), synced(benPeer.provider)]);
    facilitator.doc.transact(() => {
      facilitator.doc.getMap(WorkshopRoot.workshop).set('dotsPerPerson', 3);
      facilitator.doc.getMap(WorkshopRoot.workshop).set('stage', 1);
    });
    benPeer.doc.transact(() => {
      benPeer.doc.getMap(WorkshopRoot.ratings).set(ratingKey('wa1', ben.id), rating(4));
      benPeer.doc.getMap(WorkshopRoot.votes).set(voteKey('wa1', ben.id), 2);
      benPeer.doc.getMap(WorkshopRoot.ideas).set('i-ben', card(ben.id, 'Check the gas flow'));
      benPeer.doc.getMap(WorkshopRoot.participants).set(ben.id, { name: 'Ben', joinedAt: 1 });
    });
    await eventually(() => {
      expect(readRatings(serverDoc(reviewId))).toHaveLength(1);
      expect(serverDoc(reviewId).getMap(WorkshopRoot.votes).size).toBe(1);
      expect(readIdeas(serverDoc(reviewId))).toHaveLength(1);
      expect(serverDoc(reviewId).getMap(WorkshopRoot.participants).size).toBe(1);
      expect(serverDoc(reviewId).getMap(WorkshopRoot.workshop).get('dotsPerPerson')).toBe(3);
    });
    const before = serverDoc(reviewId).toJSON();

    const anaSocket = await raw(`${id}/review`, tokens.commenter, ana.secret);
    const attempts: Array<[string, (doc: Y.Doc) => void]> = [
      ['a participant rates only under their own id', (doc) => doc.getMap(WorkshopRoot.ratings).set(ratingKey('wa1', ben.id), rating(1))],
      ['a participant rates only under their own id', (doc) => doc.getMap(WorkshopRoot.ratings).delete(ratingKey('wa1', ben.id))],
      ['a participant votes only under their own id', (doc) => doc.getMap(WorkshopRoot.votes).set(voteKey('wa1', ben.id), 0)],
      ['a participant writes only their own idea cards', (doc) => doc.getMap(WorkshopRoot.ideas).set('i-ana', card(ben.id, 'In Ben’s name'))],
      ['a participant writes only their own idea cards', (doc) => doc.getMap(WorkshopRoot.ideas).set('i-ben', card(ana.id, 'Taken over'))],
      ['a participant removes only their own idea cards', (doc) => doc.getMap(WorkshopRoot.ideas).delete('i-ben')],
      ['a participant writes only their own entry', (doc) => doc.getMap(WorkshopRoot.participants).set(ben.id, { name: 'Not Ben' })],
      ['only a facilitator runs the workshop', (doc) => doc.getMap(WorkshopRoot.workshop).set('stage', 5)],
      ['only a facilitator runs the workshop', (doc) => doc.getMap(WorkshopRoot.decisions).set('wa1', { decision: 'not-trained', reason: 'x', by: 'Ana', at: 1 })],
      ['only a facilitator runs the workshop', (doc) => doc.getArray(WorkshopRoot.log).push([{ at: 1, type: 'stage' }])],
      // Her own entries, but not well-formed or not within the rules.
      ['a rating is criticality, frequency and difficulty from 1 to 5, and a training need', (doc) => doc.getMap(WorkshopRoot.ratings).set(ratingKey('wa1', ana.id), { ...rating(1), criticality: 9 })],
      ['a vote is a whole number of dots, at most the workshop’s dots per person', (doc) => doc.getMap(WorkshopRoot.votes).set(voteKey('wa1', ana.id), 4)],
      [
        'a participant’s dots add up to at most the workshop’s dots per person',
        (doc) => {
          doc.getMap(WorkshopRoot.votes).set(voteKey('wa1', ana.id), 2);
          doc.getMap(WorkshopRoot.votes).set(voteKey('wa2', ana.id), 2);
        },
      ],
      ['an idea card holds at most 500 characters', (doc) => doc.getMap(WorkshopRoot.ideas).set('i-long', card(ana.id, 'x'.repeat(501)))],
      ['only a facilitator promotes or merges idea cards', (doc) => doc.getMap(WorkshopRoot.ideas).set('i-ana', { ...card(ana.id, 'Mine'), status: 'promoted', promotedTo: 'n1' })],
      ['workshop entries are plain values', (doc) => doc.getMap(WorkshopRoot.ratings).set(ratingKey('wa2', ana.id), new Y.Map())],
      ['the list of private workshop documents is kept by the server', (doc) => doc.getMap(PRIVATE_DOCUMENTS_ROOT).set(ana.id, 1)],
    ];
    for (const [, change] of attempts) forge(anaSocket.socket, serverDoc(reviewId), change);
    await eventually(() => expect(refusals(anaSocket.messages)).toEqual(attempts.map(([reason]) => reason)));
    expect(serverDoc(reviewId).toJSON()).toEqual(before);

    // A commenter without a participant secret comments, but writes no workshop entry.
    const anonymous = await raw(`${id}/review`, tokens.commenter);
    forge(anonymous.socket, serverDoc(reviewId), (doc) => doc.getMap(WorkshopRoot.ratings).set(ratingKey('wa1', ana.id), rating(2)));
    await eventually(() => expect(refusals(anonymous.messages)).toEqual(['a workshop participant needs their participant secret to write the workshop']));
    expect(serverDoc(reviewId).toJSON()).toEqual(before);

    // Ana's own entries go through, and the facilitator still writes everything but the log's past.
    forge(anaSocket.socket, serverDoc(reviewId), (doc) => {
      doc.getMap(WorkshopRoot.ratings).set(ratingKey('wa1', ana.id), rating(5));
      doc.getMap(WorkshopRoot.votes).set(voteKey('wa1', ana.id), 1);
      doc.getMap(WorkshopRoot.votes).set(voteKey('wa2', ana.id), 2);
      doc.getMap(WorkshopRoot.ideas).set('i-ana', card(ana.id, 'Grind the bevel first'));
    });
    await eventually(() => expect(readRatings(serverDoc(reviewId)).map((r) => r.participantId).sort()).toEqual([ana.id, ben.id].sort()));
    expect(readIdeas(serverDoc(reviewId)).map((idea) => idea.id).sort()).toEqual(['i-ana', 'i-ben']);
    expect(refusals(anaSocket.messages)).toHaveLength(attempts.length);
    facilitator.doc.getMap(WorkshopRoot.ideas).set('i-ben', { ...card(ben.id, 'Check the gas flow'), status: 'promoted', promotedTo: 'n1' });
    facilitator.doc.getArray(WorkshopRoot.log).push([{ at: 2, type: 'stage' }]);
    await eventually(() => {
      expect(readIdeas(serverDoc(reviewId)).find((idea) => idea.id === 'i-ben')?.status).toBe('promoted');
      expect(readLog(serverDoc(reviewId))).toHaveLength(1);
    });
    const editorSocket = await raw(`${id}/review`, tokens.editor);
    forge(editorSocket.socket, serverDoc(reviewId), (doc) => doc.getArray(WorkshopRoot.log).delete(0, 1));
    await eventually(() => expect(refusals(editorSocket.messages)).toEqual(['the workshop log is append-only']));
    expect(readLog(serverDoc(reviewId))).toHaveLength(1);
  });
});

describe('private workshop documents', () => {
  it('are open to their participant and the facilitators only, stay out of the review until revealed, and go with the map', async () => {
    const { running, id, tokens, client, raw, serverDoc } = await setup();
    const ana = participant();
    const ben = participant();
    const reviewId = reviewDocumentId(id);
    const anaPrivate = client(`${id}/workshop/${ana.id}`, tokens.commenter, ana);
    const benPrivate = client(`${id}/workshop/${ben.id}`, tokens.commenter, ben);
    const benReview = client(`${id}/review`, tokens.commenter, ben);
    await Promise.all([synced(anaPrivate.provider), synced(benPrivate.provider), synced(benReview.provider)]);
    anaPrivate.doc.transact(() => {
      anaPrivate.doc.getMap(WorkshopRoot.ideas).set('i-ana', card(ana.id, 'Preheat thick plates'));
      anaPrivate.doc.getMap(WorkshopRoot.ratings).set(ratingKey('wa1', ana.id), rating(5));
    });
    benPrivate.doc.getMap(WorkshopRoot.ideas).set('i-ben', card(ben.id, 'Wear a respirator'));
    const anaDocId = workshopDocumentId(id, ana.id);
    await eventually(() => {
      expect(readIdeas(serverDoc(anaDocId))).toHaveLength(1);
      expect(readIdeas(serverDoc(workshopDocumentId(id, ben.id)))).toHaveLength(1);
    });

    // Ben cannot open Ana's document, with his own secret or none; nobody without a link can.
    for (const secret of [ben.secret, undefined]) {
      const refused = await raw(`${id}/workshop/${ana.id}`, tokens.commenter, secret);
      expect((await refused.closed).code).toBe(CloseCode.Unauthorized);
      expect(refused.messages).toEqual([]);
    }
    const noLink = await rawSocket(`${running.wsUrl}/${id}/workshop/${ana.id}?${PARTICIPANT_PARAM}=${ana.secret}`);
    expect((await noLink.closed).code).toBe(CloseCode.Unauthorized);
    // The review document (the server's, and what Ben sees) holds nobody's private cards.
    expect(readIdeas(serverDoc(reviewId))).toEqual([]);
    expect(readIdeas(benReview.doc)).toEqual([]);
    expect(readIdeas(benPrivate.doc).map((idea) => idea.id)).toEqual(['i-ben']);
    // In her own document Ana still writes only her own entries.
    const anaSocket = await raw(`${id}/workshop/${ana.id}`, tokens.commenter, ana.secret);
    forge(anaSocket.socket, serverDoc(anaDocId), (doc) => doc.getMap(WorkshopRoot.ratings).set(ratingKey('wa1', ben.id), rating(1)));
    forge(anaSocket.socket, serverDoc(anaDocId), (doc) => doc.getMap(WorkshopRoot.votes).set(voteKey('wa1', ana.id), 1));
    await eventually(() => expect(refusals(anaSocket.messages)).toEqual(['a participant rates only under their own id', 'a private workshop document holds only ratings and ideas']));

    // The facilitator reads Ana's cards.
    const facilitator = client(`${id}/workshop/${ana.id}`, tokens.owner);
    await synced(facilitator.provider);
    await eventually(() => expect(readIdeas(facilitator.doc).map((idea) => idea.text)).toEqual(['Preheat thick plates']));

    // Only a facilitator reveals; revealing the cards moves them, and leaves the hidden ratings.
    const byCommenter = await api(running.url, `/api/maps/${id}/workshop/reveal`, { method: 'POST', token: tokens.commenter, body: { what: 'ideas' } });
    expect(byCommenter.status).toBe(403);
    expect((await api(running.url, `/api/maps/${id}/workshop/reveal`, { method: 'POST', token: tokens.owner, body: { what: 'everything' } })).status).toBe(400);
    const revealed = await api(running.url, `/api/maps/${id}/workshop/reveal`, { method: 'POST', token: tokens.editor, body: { what: 'ideas' } });
    expect(revealed).toEqual({ status: 200, body: { revealed: 2 } });
    expect(readIdeas(serverDoc(reviewId)).map((idea) => [idea.id, idea.author])).toEqual([
      ['i-ana', ana.id],
      ['i-ben', ben.id],
    ]);
    expect(readLog(serverDoc(reviewId))).toEqual([expect.objectContaining({ type: 'reveal', detail: { what: 'ideas', count: 2 } })]);
    expect(readIdeas(serverDoc(anaDocId))).toEqual([]);
    expect(readRatings(serverDoc(anaDocId))).toHaveLength(1);
    await eventually(() => {
      expect(readIdeas(benReview.doc)).toHaveLength(2);
      expect(readIdeas(anaPrivate.doc)).toEqual([]);
    });
    const ratings = await api(running.url, `/api/maps/${id}/workshop/reveal`, { method: 'POST', token: tokens.owner, body: { what: 'ratings' } });
    expect(ratings.body).toEqual({ revealed: 1 });
    expect(readRatings(serverDoc(reviewId))).toEqual([{ workActionId: 'wa1', participantId: ana.id, rating: rating(5) }]);
    expect(readRatings(serverDoc(anaDocId))).toEqual([]);

    // Deleting the map erases the private documents too.
    const stored = async () => (await running.server.storage.documents.mapIds()).filter((docId) => docId.startsWith(`${id}.workshop.`));
    expect((await stored()).sort()).toEqual([anaDocId, workshopDocumentId(id, ben.id)].sort());
    expect((await api(running.url, `/api/maps/${id}`, { method: 'DELETE', token: tokens.owner })).status).toBe(204);
    expect(await stored()).toEqual([]);
    expect(running.server.rooms.loadedIdsOf(id)).toEqual([]);
  });

  it('closes a connection whose participant secret is malformed, and bounds how many private documents a map has', async () => {
    const { running, id, tokens, raw } = await setup();
    for (const secret of ['not-a-secret', 'A'.repeat(64), '']) {
      const socket = await raw(`${id}/review`, tokens.commenter, secret);
      expect(await socket.closed).toEqual({ code: CloseCode.MalformedParticipant, reason: 'malformed participant secret' });
    }
    const notAnId = await raw(`${id}/workshop/not-an-id`, tokens.owner);
    expect((await notAnId.closed).code).toBe(CloseCode.MapNotFound);

    // The map has as many private documents as it may have; the first listed through the server's own path.
    const first = '0'.repeat(64);
    expect(await registerPrivateDocument(running.server.rooms, id, participantIdOf(first))).toBe(true);
    await running.server.rooms.with(reviewDocumentId(id), (room) =>
      room.change((doc, origin) =>
        doc.transact(() => {
          for (let i = 1; i < WORKSHOP_SERVER_LIMITS.privateDocuments; i++) doc.getMap(PRIVATE_DOCUMENTS_ROOT).set(participantIdOf(i.toString(16).padStart(64, '0')), i);
        }, origin),
      ),
    );
    const late = participant();
    const socket = await raw(`${id}/workshop/${late.id}`, tokens.commenter, late.secret);
    expect((await socket.closed).code).toBe(CloseCode.TooManyRequests);
    // One already listed still opens.
    const again = await raw(`${id}/workshop/${participantIdOf(first)}`, tokens.commenter, first);
    await eventually(() => expect(again.messages.length).toBeGreaterThan(0));
    const listed = await running.server.rooms.with(reviewDocumentId(id), (room) => room.doc.getMap(PRIVATE_DOCUMENTS_ROOT).size);
    expect(listed).toBe(WORKSHOP_SERVER_LIMITS.privateDocuments);
  });
});
