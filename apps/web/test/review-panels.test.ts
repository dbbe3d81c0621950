import {
  addNode,
  closeRound,
  connect,
  createThread,
  editComment,
  knownPeople,
  openRound,
  readRounds,
  readThreads,
  reopenRound,
  reopenThread,
  reply,
  resolveThread,
  roundStatus,
  setField,
  signOff,
  attachSignOffs,
  snapshotOf,
  unitFingerprint,
  unreadCount,
  type MapSnapshot,
} from '@qms/model';
import type { Role } from '@qms/protocol';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import i18n from '../src/i18n';
import { CommentsPanel } from '../src/review/CommentsPanel';
import { ReviewPanel } from '../src/review/ReviewPanel';
import type { Review } from '../src/review/use-review';

/**
 * The panels rendered to HTML (no browser): what each role is offered, and what the review
 * document holds, shown. The live hook (`useReview`) needs a socket; here a Review is built over a
 * plain Y.Doc with the same model functions.
 */

const ona = { name: 'Ona Kazlauskienė', institution: 'Vilnius VET Centre' };
const marco = { name: 'Marco Rossi', institution: 'CFP Bologna' };

function staticReview(doc: Y.Doc, snapshot: MapSnapshot, lastSeen: Record<string, number> = {}): Review {
  const threads = readThreads(doc);
  return {
    mapId: 'm',
    version: 1,
    doc,
    synced: true,
    writable: true,
    threads,
    rounds: readRounds(doc),
    status: roundStatus(doc, snapshot),
    people: knownPeople(doc),
    lastSeen,
    unread: unreadCount(threads, lastSeen),
    actions: {
      createThread: (anchor, text, by) => createThread(doc, anchor, by, text),
      reply: (id, text, by) => reply(doc, id, by, text),
      editComment: (id, commentId, text) => editComment(doc, id, commentId, text),
      resolve: (id, by) => resolveThread(doc, id, by),
      reopen: (id) => reopenThread(doc, id),
      openRound: (round, by) => openRound(doc, round, by),
      closeRound: (id, by) => closeRound(doc, id, by),
      reopenRound: (id) => reopenRound(doc, id),
      signOff: (roundId, unitId, decision, comment, by, fingerprint, options) => signOff(doc, roundId, unitId, decision, comment, by, fingerprint, undefined, options),
      attachSignOffs: (institution, institutionId) => attachSignOffs(doc, institution, institutionId),
      markSeen: () => {},
    },
  };
}

function world() {
  const map = new Y.Doc();
  const u1 = addNode(map, { kind: 'unit', title: 'Cutting hair', code: 'U 1', position: { x: 0, y: 0 }, fields: { points: 20 } });
  const u2 = addNode(map, { kind: 'unit', title: 'Colouring hair', code: 'U 2', position: { x: 400, y: 0 }, fields: { points: 10 } });
  const lo = addNode(map, { kind: 'learningOutcome', title: 'Select a colour with the client', code: 'LO 3', position: { x: 0, y: 0 } });
  connect(map, { kind: 'partOf', source: lo, target: u2 });
  const doc = new Y.Doc();
  const open = createThread(doc, { nodeId: u2 }, marco, 'Ten points seem low, @"Ona Kazlauskienė"?', null, { people: [ona.name] });
  const done = createThread(doc, { x: 10, y: 10 }, ona, 'Layout is fine now');
  if (!open.ok || !done.ok) throw new Error('setup');
  resolveThread(doc, done.value, ona);
  const round = openRound(doc, { title: 'Spring mobility', unitIds: [u1, u2], institutions: [ona.institution, marco.institution] }, ona);
  if (!round.ok) throw new Error('setup');
  signOff(doc, round.value, u2, 'agreed', 'Fine for Bologna', marco, unitFingerprint(snapshotOf(map), u2)!);
  signOff(doc, round.value, u1, 'changes-requested', 'Add a hygiene criterion', ona, unitFingerprint(snapshotOf(map), u1)!);
  // The unit changes after Bologna agreed.
  setField(map, u2, 'points', 12);
  return { map, doc, u1, u2, threadId: open.value, snapshot: snapshotOf(map) };
}

const comments = (review: Review, snapshot: MapSnapshot, role: Role, me: { name: string; institution?: string }, selectedNodeId: string | null = null) =>
  renderToStaticMarkup(createElement(CommentsPanel, { review, snapshot, role, me, onFocusNode: () => {}, selectedNodeId }));
const rounds = (review: Review, snapshot: MapSnapshot, role: Role, me: { name: string; institution?: string }) =>
  renderToStaticMarkup(createElement(ReviewPanel, { review, snapshot, role, me }));

beforeAll(async () => {
  await i18n.changeLanguage('en');
});

describe('CommentsPanel', () => {
  it('lists the open thread with its node and an unread count, folds the resolved one away, and offers a comment box on the selected node', () => {
    const { doc, snapshot, u2, threadId } = world();
    const html = comments(staticReview(doc, snapshot), snapshot, 'commenter', marco, u2);
    expect(html).toContain('data-testid="new-thread"');
    expect(html).toContain('Comment on U 2 Colouring hair');
    expect(html.match(/data-testid="thread"/g)).toHaveLength(1);
    expect(html).toContain(`data-thread-id="${threadId}"`);
    expect(html).toContain('thread--unread');
    expect(html).toContain('1 resolved thread');
    // Once read, no longer bold.
    const read = comments(staticReview(doc, snapshot, { [threadId]: 1 }), snapshot, 'commenter', marco, u2);
    expect(read).not.toContain('thread--unread');
  });

  it('lets a viewer read only', () => {
    const { doc, snapshot, u2 } = world();
    const html = comments(staticReview(doc, snapshot), snapshot, 'viewer', { name: 'Vera' }, u2);
    expect(html).toContain('data-testid="comments-read-only"');
    expect(html).not.toContain('data-testid="new-thread"');
    expect(html).toContain('Ten points seem low');
  });

  it('asks a writer without a name for one first', () => {
    const { doc, snapshot } = world();
    const html = comments(staticReview(doc, snapshot), snapshot, 'editor', { name: '' });
    expect(html).toContain('data-testid="review-identity"');
  });
});

describe('ReviewPanel', () => {
  it('shows the owner the round table: decisions, who, a stale agreement and a pending partner', () => {
    const { doc, snapshot, u1, u2 } = world();
    const html = rounds(staticReview(doc, snapshot), snapshot, 'owner', ona);
    expect(html).toContain('data-testid="open-round"');
    expect(html).toContain('data-testid="close-round"');
    expect(html).toContain('Spring mobility');
    expect(html).toContain(`data-unit-id="${u2}" data-state="stale"`);
    expect(html).toContain(`data-unit-id="${u1}" data-state="changes-requested"`);
    expect(html).toContain('stale — the unit changed after this agreement');
    expect(html).toContain('Marco Rossi');
    expect(html).toContain('Add a hygiene criterion');
    // Ona signs for Vilnius: she can decide; the table has both partners' columns.
    expect(html.match(/data-testid="decide"/g)).toHaveLength(2);
    expect(html).toContain('<th scope="col" data-partner="false">Vilnius VET Centre</th><th scope="col" data-partner="false">CFP Bologna</th>');
  });

  it('asks a commenter which institution they sign for, and offers a viewer nothing to change', () => {
    const { doc, snapshot } = world();
    const commenter = rounds(staticReview(doc, snapshot), snapshot, 'commenter', { name: 'Aino Virtanen' });
    expect(commenter).toContain('data-testid="review-institution"');
    expect(commenter).not.toContain('data-testid="open-round"');
    const viewer = rounds(staticReview(doc, snapshot), snapshot, 'viewer', { name: 'Vera' });
    expect(viewer).not.toContain('data-testid="decide"');
    expect(viewer).not.toContain('data-testid="review-identity"');
    expect(viewer).not.toContain('data-testid="close-round"');
    expect(viewer).toContain('Spring mobility');
  });

  it('speaks Russian', async () => {
    const { doc, snapshot } = world();
    await i18n.changeLanguage('ru');
    try {
      const html = rounds(staticReview(doc, snapshot), snapshot, 'owner', ona);
      expect(html).toContain('Согласовано');
      expect(html).toContain('Требуются изменения');
      expect(html).toContain('Открыть раунд согласования');
      expect(comments(staticReview(doc, snapshot), snapshot, 'viewer', { name: 'Vera' })).toContain('1 закрытое обсуждение');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});
