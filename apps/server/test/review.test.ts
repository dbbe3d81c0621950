import {
  addNode,
  connect as link,
  createThread,
  openRound,
  readThreads,
  roundStatus,
  setField,
  signOff,
  snapshotOf,
  unitFingerprint,
  nodesOf,
} from '@qms/model';
import { reviewDocumentId } from '@qms/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { api, connect, eventually, start, synced, tempDir, type Running } from './helpers.js';

/**
 * The review document (comments and sign-offs) through the real server, written with the model's
 * review functions by stock y-websocket clients holding each role's link.
 */

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Tokens = Record<'owner' | 'editor' | 'commenter' | 'viewer', string>;

const marco = { name: 'Marco Rossi', institution: 'CFP Bologna' };
const ona = { name: 'Ona Kazlauskienė', institution: 'Vilnius VET Centre' };
const vera = { name: 'Vera (viewer)', institution: 'Somewhere' };

describe('the review document of a map', () => {
  it('takes a commenter’s thread and sign-off, shows them to an editor, drops a viewer’s, and keeps them across a restart', async () => {
    const tmp = await tempDir();
    cleanups.push(tmp.remove);
    let running: Running = await start(tmp.dir, { localTrust: false });
    cleanups.push(() => running.close());
    const created = await api(running.url, '/api/maps', { method: 'POST', body: { title: 'Hairdresser (EQF 4)' } });
    expect(created.status).toBe(201);
    const { id, tokens } = created.body as { id: string; tokens: Tokens };

    const clients: Array<{ destroy: () => void }> = [];
    const client = (room: string, token: string) => {
      const c = connect(running.wsUrl, room, new Y.Doc(), token);
      clients.push(c);
      return c;
    };
    const closeClients = () => {
      for (const c of clients.splice(0)) c.destroy();
    };
    cleanups.push(closeClients);

    // The editor builds a unit with one outcome in the map itself.
    const editorMap = client(id, tokens.editor);
    await synced(editorMap.provider);
    const unit = addNode(editorMap.doc, { kind: 'unit', title: 'Colouring hair', code: 'U 2', position: { x: 0, y: 0 }, fields: { points: 10 } });
    const outcome = addNode(editorMap.doc, { kind: 'learningOutcome', title: 'Select a colour with the client', position: { x: 0, y: 0 } });
    expect(link(editorMap.doc, { kind: 'partOf', source: outcome, target: unit }).ok).toBe(true);

    // The owner opens a review round on it.
    const ownerReview = client(`${id}/review`, tokens.owner);
    await synced(ownerReview.provider);
    const opened = openRound(ownerReview.doc, { title: 'Spring mobility', unitIds: [unit] }, ona);
    if (!opened.ok) throw new Error(opened.message);
    const round = opened.value;

    // A commenter from a partner school reads the map and writes the review.
    const commenterMap = client(id, tokens.commenter);
    const commenterReview = client(`${id}/review`, tokens.commenter);
    await Promise.all([synced(commenterMap.provider), synced(commenterReview.provider)]);
    await eventually(() => expect(nodesOf(commenterMap.doc).has(outcome)).toBe(true));
    await eventually(() => expect(commenterReview.doc.getMap('rounds').has(round)).toBe(true));
    const thread = createThread(commenterReview.doc, { nodeId: unit }, marco, 'Ten points seems low for colouring, @"Ona Kazlauskienė"?');
    expect(thread.ok).toBe(true);
    const fingerprint = unitFingerprint(snapshotOf(commenterMap.doc), unit)!;
    expect(signOff(commenterReview.doc, round, unit, 'agreed', 'Fine for Bologna', marco, fingerprint).ok).toBe(true);

    // The editor sees both.
    const editorReview = client(`${id}/review`, tokens.editor);
    await synced(editorReview.provider);
    await eventually(() => {
      const [seen] = readThreads(editorReview.doc);
      expect(seen).toMatchObject({ anchor: { nodeId: unit }, author: marco, resolved: false });
      expect(seen!.comments[0]!.mentions).toEqual(['Ona Kazlauskienė']);
      const unitStatus = roundStatus(editorReview.doc, snapshotOf(editorMap.doc))[0]!.units[0]!;
      expect(unitStatus).toMatchObject({ overall: 'agreed', stale: false });
      expect(unitStatus.decisions.map((d) => [d.institution, d.by.name, d.comment])).toEqual([['CFP Bologna', 'Marco Rossi', 'Fine for Bologna']]);
    });

    // A viewer tries both; the server drops the update. Its awareness, sent after it on the same
    // socket, tells us when the server has handled (and refused) it.
    const viewerReview = client(`${id}/review`, tokens.viewer);
    await synced(viewerReview.provider);
    expect(createThread(viewerReview.doc, { x: 1, y: 1 }, vera, 'sneaky thread').ok).toBe(true); // locally it "works"
    expect(signOff(viewerReview.doc, round, unit, 'changes-requested', 'sneaky', vera, fingerprint).ok).toBe(true);
    viewerReview.provider.awareness.setLocalStateField('user', { name: 'Vera (viewer)' });
    await eventually(() => expect([...editorReview.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Vera (viewer)')).toBe(true));
    const serverDoc = running.server.rooms.peek(reviewDocumentId(id))!.doc;
    expect(readThreads(serverDoc).map((t) => t.author.name)).toEqual(['Marco Rossi']);
    expect(readThreads(editorReview.doc).map((t) => t.author.name)).toEqual(['Marco Rossi']);
    expect(roundStatus(editorReview.doc, snapshotOf(editorMap.doc))[0]!.units[0]!.decisions).toHaveLength(1);
    // The review never leaks into the map document.
    expect(running.server.rooms.peek(id)!.doc.getMap('threads').size).toBe(0);

    // The editor changes the unit's points: the agreement is now stale for everyone.
    expect(setField(editorMap.doc, unit, 'points', 15).ok).toBe(true);
    await eventually(() => expect(roundStatus(commenterReview.doc, snapshotOf(commenterMap.doc))[0]!.units[0]!.stale).toBe(true));

    // Restart: everything the commenter wrote, and nothing the viewer did, comes back.
    await eventually(() => expect(nodesOf(running.server.rooms.peek(id)!.doc).get(unit)?.get('points')).toBe(15));
    closeClients();
    await running.close();
    running = await start(tmp.dir, { localTrust: false });
    const freshReview = client(`${id}/review`, tokens.owner);
    const freshMap = client(id, tokens.owner);
    await Promise.all([synced(freshReview.provider), synced(freshMap.provider)]);
    await eventually(() => {
      const threads = readThreads(freshReview.doc);
      expect(threads.map((t) => [t.author.name, t.comments[0]!.text])).toEqual([['Marco Rossi', 'Ten points seems low for colouring, @"Ona Kazlauskienė"?']]);
      const [status] = roundStatus(freshReview.doc, snapshotOf(freshMap.doc));
      expect(status).toMatchObject({ id: round, title: 'Spring mobility', open: true, openedBy: ona });
      expect(status!.units[0]).toMatchObject({ overall: 'agreed', stale: true });
      expect(status!.units[0]!.decisions.map((d) => d.by.name)).toEqual(['Marco Rossi']);
    });
    // The viewer's link still reads the review after the restart.
    const viewerAgain = client(`${id}/review`, tokens.viewer);
    await synced(viewerAgain.provider);
    await eventually(() => expect(readThreads(viewerAgain.doc)).toHaveLength(1));
  });
});
