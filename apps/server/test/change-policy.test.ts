import { SCHEMA_VERSION, addInstitution, addNode, attachSignOffs, partnerKey, readSignOffs, createThread, readInstitutions, updateInstitution, nodesOf, editComment, metaOf, openRound, readThreads, reply, resolveThread, signOff } from '@qms/model';
import { MessageType, reviewDocumentId } from '@qms/protocol';
import * as decoding from 'lib0/decoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeAwareness, encodeUpdate } from '../src/rooms/codec.js';
import { WRITERS_ROOT } from '../src/rooms/update-policy.js';
import { encodeAwarenessEntries } from '../src/rooms/validate.js';
import { api, connect, eventually, rawSocket, start, synced, tempDir, type Running } from './helpers.js';

/**
 * What a client may change is checked by what its update touches: the schema version of a map is
 * the server's, review entries are their writers', presence is each connection's own.
 */

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

async function setup(): Promise<{ running: Running; id: string; tokens: Tokens; client: (room: string, token: string) => ReturnType<typeof connect> }> {
  const tmp = await tempDir();
  cleanups.push(tmp.remove);
  const running = await start(tmp.dir, { localTrust: false });
  cleanups.push(() => running.close());
  const created = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Hairdresser (EQF 4)' } });
  const { id, tokens } = created.body as { id: string; tokens: Tokens };
  const client = (room: string, token: string) => {
    const c = connect(running.wsUrl, room, new Y.Doc(), token);
    cleanups.push(c.destroy);
    return c;
  };
  return { running, id, tokens, client };
}

let marks = 0;
/** Resolves once the server has handled everything this client sent so far (its presence comes after on the same socket). */
async function handled(running: Running, docId: string, c: ReturnType<typeof connect>): Promise<void> {
  const mark = ++marks;
  c.provider.awareness.setLocalStateField('mark', mark);
  await eventually(() => expect(running.server.rooms.peek(docId)!.awareness.getStates().get(c.doc.clientID)?.mark).toBe(mark));
}

/** The permission-denied reasons among the frames a raw socket received. */
function refusals(messages: readonly Uint8Array[]): string[] {
  return messages.flatMap((message) => {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MessageType.Auth || decoding.readVarUint(decoder) !== 0) return [];
    return [decoding.readVarString(decoder)];
  });
}

const marco = { name: 'Marco Rossi', institution: 'CFP Bologna' };
const ona = { name: 'Ona Kazlauskienė', institution: 'Vilnius VET Centre' };

describe('the schema version of a map belongs to the server', () => {
  it('refuses an editor’s update that changes or removes it, and keeps the rest of the map writable', async () => {
    const { running, id, tokens, client } = await setup();
    const editor = client(id, tokens.editor);
    await synced(editor.provider);
    const serverMeta = () => metaOf(running.server.rooms.peek(id)!.doc);

    // Sent on a socket of its own, so that the refusal can be read.
    const raw = await rawSocket(`${running.wsUrl}/${id}?token=${tokens.editor}`);
    cleanups.push(() => raw.socket.close());
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(editor.doc));
    const before = Y.encodeStateVector(forged);
    metaOf(forged).set('schemaVersion', 99);
    raw.socket.send(encodeUpdate(Y.encodeStateAsUpdate(forged, before)));
    await eventually(() => expect(refusals(raw.messages)).toEqual(['the schema version of a map is set by the server']));
    const removed = new Y.Doc();
    Y.applyUpdate(removed, Y.encodeStateAsUpdate(editor.doc));
    const beforeRemoval = Y.encodeStateVector(removed);
    metaOf(removed).delete('schemaVersion');
    raw.socket.send(encodeUpdate(Y.encodeStateAsUpdate(removed, beforeRemoval)));
    await eventually(() => expect(refusals(raw.messages)).toHaveLength(2));
    expect(serverMeta().get('schemaVersion')).toBe(SCHEMA_VERSION);

    // Writing the same value again is harmless, and the editor's other changes go through.
    const same = new Y.Doc();
    Y.applyUpdate(same, Y.encodeStateAsUpdate(editor.doc));
    const beforeSame = Y.encodeStateVector(same);
    same.transact(() => {
      metaOf(same).set('schemaVersion', SCHEMA_VERSION);
      metaOf(same).set('title', 'Hairdresser, reviewed');
    });
    raw.socket.send(encodeUpdate(Y.encodeStateAsUpdate(same, beforeSame)));
    await eventually(() => expect(metaOf(editor.doc).get('title')).toBe('Hairdresser, reviewed'));
    expect(refusals(raw.messages)).toHaveLength(2);
    expect(metaOf(editor.doc).get('schemaVersion')).toBe(SCHEMA_VERSION);

    // The map still opens for everyone, and the owner can still rename it.
    expect((await api(running.url, `/api/maps/${id}`, { method: 'PATCH', body: { title: 'Renamed' }, token: tokens.owner })).status).toBe(200);
    const late = client(id, tokens.viewer);
    await synced(late.provider);
    expect(metaOf(late.doc).get('schemaVersion')).toBe(SCHEMA_VERSION);
  });
});

describe('the partner institutions belong to the map’s owner', () => {
  it('refuses an editor’s update that adds, renames or wipes one, and takes the owner’s', async () => {
    const { running, id, tokens, client } = await setup();
    const owner = client(id, tokens.owner);
    const editor = client(id, tokens.editor);
    await Promise.all([synced(owner.provider), synced(editor.provider)]);
    const serverInstitutions = () => readInstitutions(running.server.rooms.peek(id)!.doc);
    const added = addInstitution(owner.doc, { name: { en: 'Vilnius VET Centre' }, country: 'LT', role: 'host' });
    expect(added.ok).toBe(true);
    await eventually(() => expect(serverInstitutions().map((i) => i.name.en)).toEqual(['Vilnius VET Centre']));
    await eventually(() => expect(readInstitutions(editor.doc)).toHaveLength(1));

    const raw = await rawSocket(`${running.wsUrl}/${id}?token=${tokens.editor}`);
    cleanups.push(() => raw.socket.close());
    const forge = (change: (doc: Y.Doc) => void) => {
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(editor.doc));
      const before = Y.encodeStateVector(forged);
      change(forged);
      raw.socket.send(encodeUpdate(Y.encodeStateAsUpdate(forged, before)));
    };
    forge((doc) => addInstitution(doc, { name: { en: 'A college of my own' }, country: 'IT', role: 'home' }));
    forge((doc) => updateInstitution(doc, added.ok ? added.value : '', { name: { en: 'Renamed' }, country: 'LT', role: 'host' }));
    forge((doc) => metaOf(doc).set('institutions', new Y.Map()));
    await eventually(() => expect(refusals(raw.messages)).toEqual(Array(3).fill('only the map’s owner manages its partner institutions')));
    expect(serverInstitutions().map((i) => i.name.en)).toEqual(['Vilnius VET Centre']);
    // The editor's other edits still go through.
    addNode(editor.doc, { kind: 'workAction', title: 'Weld', position: { x: 0, y: 0 } });
    await eventually(() => expect([...nodesOf(running.server.rooms.peek(id)!.doc).values()]).toHaveLength(1));
  });
});

describe('a map whose schema the server cannot read', () => {
  it('takes no client changes until an owner restores a version', async () => {
    const { running, id, tokens } = await setup();
    await running.server.rooms.with(id, (room) => room.change((doc, origin) => doc.transact(() => metaOf(doc).set('schemaVersion', 99), origin)));
    const raw = await rawSocket(`${running.wsUrl}/${id}?token=${tokens.editor}`);
    cleanups.push(() => raw.socket.close());
    await eventually(() => expect(running.server.rooms.peek(id)?.isLoaded).toBe(true));
    const local = new Y.Doc();
    Y.applyUpdate(local, Y.encodeStateAsUpdate(running.server.rooms.peek(id)!.doc));
    const before = Y.encodeStateVector(local);
    addNode(local, { kind: 'unit', title: 'Written anyway', position: { x: 0, y: 0 } });
    raw.socket.send(encodeUpdate(Y.encodeStateAsUpdate(local, before)));
    await eventually(() => expect(refusals(raw.messages)).toEqual(['this map cannot be changed here until its owner restores a version']));
    expect(nodesOf(running.server.rooms.peek(id)!.doc).size).toBe(0);
  });
});

describe('review entries belong to the link that wrote them', () => {
  it('lets others reply and resolve, but not delete or rewrite a thread, a comment or a sign-off', async () => {
    const { running, id, tokens, client } = await setup();
    const docId = reviewDocumentId(id);
    const owner = client(`${id}/review`, tokens.owner);
    const commenter = client(`${id}/review`, tokens.commenter);
    const editor = client(`${id}/review`, tokens.editor);
    await Promise.all([synced(owner.provider), synced(commenter.provider), synced(editor.provider)]);
    const round = openRound(owner.doc, { title: 'Spring mobility', unitIds: ['u1'] }, ona);
    if (!round.ok) throw new Error(round.message);
    await eventually(() => expect(commenter.doc.getMap('rounds').size).toBe(1));
    const thread = createThread(commenter.doc, { nodeId: 'u1' }, marco, 'Ten points seems low');
    if (!thread.ok) throw new Error(thread.message);
    expect(signOff(commenter.doc, round.value, 'u1', 'agreed', 'Fine for Bologna', marco, 'f1').ok).toBe(true);
    await eventually(() => {
      expect(readThreads(editor.doc)).toHaveLength(1);
      expect(editor.doc.getMap('signoffs').size).toBe(1);
      expect(editor.doc.getMap('rounds').size).toBe(1);
    });
    const serverDoc = () => running.server.rooms.peek(docId)!.doc;
    // The server recorded who wrote what.
    await eventually(() => expect(serverDoc().getMap(WRITERS_ROOT).size).toBe(3)); // the thread, its comment, the sign-off (a round is not an entry)
    const writers = [...serverDoc().getMap<string>(WRITERS_ROOT).values()];
    expect(new Set(writers).size).toBe(1);
    expect(writers[0]).toMatch(/^link:/);
    const commentId = readThreads(serverDoc())[0]!.comments[0]!.id;

    // Another link (the editor's) deletes the thread, rewrites the comment, forges the sign-off.
    editor.doc.getMap('threads').delete(thread.value);
    await handled(running, docId, editor);
    expect(readThreads(serverDoc())).toHaveLength(1);
    // (That tab's view is out of date now: the same link tries again from a fresh one.)
    const forger = client(`${id}/review`, tokens.editor);
    await synced(forger.provider);
    await eventually(() => expect(readThreads(forger.doc)).toHaveLength(1));
    expect(editComment(forger.doc, thread.value, commentId, 'Twenty points is far too many').ok).toBe(true);
    expect(signOff(forger.doc, round.value, 'u1', 'changes-requested', 'Forged', marco, 'f1').ok).toBe(true);
    await handled(running, docId, forger);
    expect(readThreads(serverDoc())[0]!.comments[0]!.text).toBe('Ten points seems low');
    expect((serverDoc().getMap('signoffs').values().next().value as { comment: string }).comment).toBe('Fine for Bologna');
    // …nor open or close rounds, nor write who wrote what.
    const sneaky = new Y.Doc();
    Y.applyUpdate(sneaky, Y.encodeStateAsUpdate(serverDoc()));
    const beforeSneaky = Y.encodeStateVector(sneaky);
    sneaky.getMap(WRITERS_ROOT).set(JSON.stringify(['threads', thread.value]), 'link:me');
    const raw = await rawSocket(`${running.wsUrl}/${id}/review?token=${tokens.editor}`);
    cleanups.push(() => raw.socket.close());
    raw.socket.send(encodeUpdate(Y.encodeStateAsUpdate(sneaky, beforeSneaky)));
    const roundDoc = new Y.Doc();
    Y.applyUpdate(roundDoc, Y.encodeStateAsUpdate(serverDoc()));
    const beforeRound = Y.encodeStateVector(roundDoc);
    openRound(roundDoc, { title: 'Unofficial', unitIds: ['u1'] }, marco);
    raw.socket.send(encodeUpdate(Y.encodeStateAsUpdate(roundDoc, beforeRound)));
    await eventually(() =>
      expect(refusals(raw.messages)).toEqual(['who wrote what is recorded by the server', 'only an owner opens and closes review rounds']),
    );

    // Replying to and resolving someone else's thread is part of the conversation.
    const fresh = client(`${id}/review`, tokens.editor);
    await synced(fresh.provider);
    await eventually(() => expect(readThreads(fresh.doc)).toHaveLength(1));
    expect(reply(fresh.doc, thread.value, ona, 'We give twelve').ok).toBe(true);
    expect(resolveThread(fresh.doc, thread.value, ona).ok).toBe(true);
    await eventually(() => expect(readThreads(serverDoc())[0]).toMatchObject({ resolved: true, comments: [{ text: 'Ten points seems low' }, { text: 'We give twelve' }] }));

    // The writer may edit its own comment; the owner may remove anything.
    expect(editComment(commenter.doc, thread.value, commentId, 'Ten points seems low to us').ok).toBe(true);
    await eventually(() => expect(readThreads(serverDoc())[0]!.comments[0]!.text).toBe('Ten points seems low to us'));
    owner.doc.getMap('threads').delete(thread.value);
    await eventually(() => expect(readThreads(serverDoc())).toHaveLength(0));
  });
});

describe('review links issued to partner institutions', () => {
  it('sign for their own institution only; no other link signs for a partner; the owner attaches earlier free-text decisions', async () => {
    const { running, id, tokens, client } = await setup();
    const docId = reviewDocumentId(id);
    // The owner adds two partners to the map, then issues a review link to each.
    const map = client(id, tokens.owner);
    await synced(map.provider);
    const vilnius = addInstitution(map.doc, { name: { en: 'Vilnius VET Centre' }, country: 'LT', role: 'host' });
    const bologna = addInstitution(map.doc, { name: { en: 'CFP Bologna' }, country: 'IT', role: 'home' });
    if (!vilnius.ok || !bologna.ok) throw new Error('institutions');
    await eventually(() => expect(readInstitutions(running.server.rooms.peek(id)!.doc)).toHaveLength(2));
    const issue = (institutionId: string, token = tokens.owner) => api(running.url, `/api/maps/${id}/review-links`, { method: 'POST', token: token, body: { institutionId } });
    const forVilnius = await issue(vilnius.value);
    expect(forVilnius.status).toBe(201);
    expect(forVilnius.body).toMatchObject({ institutionId: vilnius.value, token: expect.any(String), id: expect.any(String) });
    const forBologna = (await issue(bologna.value)).body as { id: string; token: string };
    const vilniusToken = (forVilnius.body as { token: string }).token;
    // Only the owner issues and lists them; an institution the map does not have is refused.
    expect((await issue(vilnius.value, tokens.editor)).status).toBe(403);
    expect((await issue(vilnius.value, vilniusToken)).status).toBe(403);
    expect((await issue('no-such-partner')).status).toBe(422);
    const listed = await api(running.url, `/api/maps/${id}/review-links`, { token: tokens.owner });
    expect((listed.body as { links: Array<{ institutionId: string }> }).links.map((l) => l.institutionId)).toEqual([vilnius.value, bologna.value]);
    expect(JSON.stringify(listed.body)).not.toContain(vilniusToken);
    // The link opens the map as a commenter of that institution.
    expect((await api(running.url, `/api/maps/${id}`, { token: vilniusToken })).body).toMatchObject({ role: 'commenter', institutionId: vilnius.value });

    const owner = client(`${id}/review`, tokens.owner);
    await synced(owner.provider);
    const round = openRound(owner.doc, { title: 'Spring mobility', unitIds: ['u1'], institutions: [partnerKey(vilnius.value), partnerKey(bologna.value)] }, ona);
    if (!round.ok) throw new Error(round.message);
    const serverDoc = () => running.server.rooms.peek(docId)!.doc;
    await eventually(() => expect(serverDoc().getMap('rounds').size).toBe(1));
    // Vilnius's link signs for Vilnius.
    const fromVilnius = client(`${id}/review`, vilniusToken);
    await synced(fromVilnius.provider);
    await eventually(() => expect(fromVilnius.doc.getMap('rounds').size).toBe(1));
    expect(signOff(fromVilnius.doc, round.value, 'u1', 'agreed', '', ona, 'f1', undefined, { institutionId: vilnius.value }).ok).toBe(true);
    await eventually(() => expect(readSignOffs(serverDoc()).map((s) => s.institutionId)).toEqual([vilnius.value]));

    // Forged: Vilnius's link signs for Bologna; the plain commenter link signs for a partner.
    const forge = async (token: string, write: (doc: Y.Doc) => void) => {
      const raw = await rawSocket(`${running.wsUrl}/${id}/review?token=${token}`);
      cleanups.push(() => raw.socket.close());
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(serverDoc()));
      const before = Y.encodeStateVector(forged);
      write(forged);
      raw.socket.send(encodeUpdate(Y.encodeStateAsUpdate(forged, before)));
      return raw;
    };
    const asBologna = await forge(vilniusToken, (doc) => signOff(doc, round.value, 'u1', 'agreed', 'Forged', marco, 'f1', undefined, { institutionId: bologna.value }));
    const keyedAsBologna = await forge(vilniusToken, (doc) =>
      doc.getMap('signoffs').set(`${round.value}/u1/${partnerKey(bologna.value)}`, { roundId: round.value, unitId: 'u1', institution: 'CFP Bologna', institutionId: vilnius.value, status: 'agreed', comment: '', by: marco, at: 1, fingerprint: 'f1' }),
    );
    const freeText = await forge(vilniusToken, (doc) => signOff(doc, round.value, 'u1', 'agreed', 'Free text', marco, 'f1'));
    const commenter = await forge(tokens.commenter, (doc) => signOff(doc, round.value, 'u1', 'agreed', 'Forged', marco, 'f1', undefined, { institutionId: bologna.value }));
    const editor = await forge(tokens.editor, (doc) => signOff(doc, round.value, 'u1', 'agreed', 'Forged', ona, 'f1', undefined, { institutionId: vilnius.value }));
    for (const raw of [asBologna, keyedAsBologna, freeText]) await eventually(() => expect(refusals(raw.messages)).toEqual(['this review link signs for its own institution only']));
    for (const raw of [commenter, editor]) await eventually(() => expect(refusals(raw.messages)).toEqual(['only a review link issued to a partner institution signs for it']));
    expect(readSignOffs(serverDoc()).map((s) => [s.institutionId, s.comment])).toEqual([[vilnius.value, '']]);

    // The plain commenter link still signs with a name typed by hand: its own column, not Bologna's.
    const typed = client(`${id}/review`, tokens.commenter);
    await synced(typed.provider);
    await eventually(() => expect(typed.doc.getMap('rounds').size).toBe(1));
    expect(signOff(typed.doc, round.value, 'u1', 'agreed', 'From Bologna', marco, 'f1').ok).toBe(true);
    await eventually(() => expect(readSignOffs(serverDoc())).toHaveLength(2));
    // The owner attaches it to Bologna once.
    expect(attachSignOffs(owner.doc, 'CFP Bologna', bologna.value).ok).toBe(true);
    await eventually(() => expect(readSignOffs(serverDoc()).map((s) => s.institutionId).sort()).toEqual([bologna.value, vilnius.value].sort()));

    // Revoked: the link's connection is closed and it opens nothing any more.
    const revoked = await api(running.url, `/api/maps/${id}/review-links/${forBologna.id}`, { method: 'DELETE', token: tokens.owner });
    expect(revoked.status).toBe(204);
    expect((await api(running.url, `/api/maps/${id}`, { token: forBologna.token })).status).toBe(401);
    expect((await api(running.url, `/api/maps/${id}/review-links/${forBologna.id}`, { method: 'DELETE', token: tokens.owner })).status).toBe(404);
    const revokeVilnius = await api(running.url, `/api/maps/${id}/review-links/${(forVilnius.body as { id: string }).id}`, { method: 'DELETE', token: tokens.owner });
    expect(revokeVilnius.status).toBe(204);
    await eventually(() => expect(fromVilnius.provider.wsconnected).toBe(false));
  });
});

describe('presence is each connection’s own', () => {
  it('drops a viewer’s entries for other people, invented crowds and a "bring everyone here"', async () => {
    const { running, id, tokens, client } = await setup();
    const owner = client(id, tokens.owner);
    await synced(owner.provider);
    owner.provider.awareness.setLocalState({ user: { name: 'Facilitator' }, summon: 1 });
    const states = () => running.server.rooms.peek(id)!.awareness.getStates();
    await eventually(() => expect(states().get(owner.doc.clientID)?.summon).toBe(1));

    const raw = await rawSocket(`${running.wsUrl}/${id}?token=${tokens.viewer}`);
    cleanups.push(() => raw.socket.close());
    const me = 4_000_000_001;
    // Its own entry first (that id is its own from now on), with a summon it may not send…
    raw.socket.send(encodeAwareness(encodeAwarenessEntries([{ clientId: me, clock: 1, state: { user: { name: 'Viewer' }, summon: 2 } }])));
    // …then the facilitator's, and two thousand invented people.
    raw.socket.send(encodeAwareness(encodeAwarenessEntries([{ clientId: owner.doc.clientID, clock: 99, state: { user: { name: 'Hijacked' }, summon: 3 } }])));
    const crowd = Array.from({ length: 2_000 }, (_, i) => ({ clientId: 1000 + i, clock: 1, state: { user: { name: `Fake ${i}` } } }));
    raw.socket.send(encodeAwareness(encodeAwarenessEntries(crowd)));
    raw.socket.send(encodeAwareness(encodeAwarenessEntries([{ clientId: me, clock: 2, state: { user: { name: 'Viewer, renamed' } } }])));
    await eventually(() => expect(states().get(me)).toEqual({ user: { name: 'Viewer, renamed' } }));
    expect(states().get(owner.doc.clientID)).toEqual({ user: { name: 'Facilitator' }, summon: 1 });
    expect(states().size).toBe(2);
    await eventually(() => expect([...owner.provider.awareness.getStates().values()].map((s) => s.user?.name).sort()).toEqual(['Facilitator', 'Viewer, renamed']));

    // Once the viewer leaves, its id is free, and its entry is gone.
    raw.socket.close();
    await eventually(() => expect(states().size).toBe(1));
  });
});

