import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addInstitution, addNode, addTargetLanguage, connect, insertListItem, moveNodes, setField, setNodeTitle, setTranslation, snapshotOf } from '../src/index.js';
import {
  REVIEW_SCHEMA_VERSION,
  ReviewRefusal,
  attachSignOffs,
  closeRound,
  partnerKey,
  createThread,
  editComment,
  findMentions,
  fnv1a64,
  institutionKey,
  knownPeople,
  openRound,
  readRounds,
  readThreads,
  reopenRound,
  reopenThread,
  reply,
  resolveThread,
  reviewSchemaVersion,
  roundStatus,
  signOff,
  unitFingerprint,
  unreadCount,
  unreadIn,
  type ReviewResult,
} from '../src/review.js';
import { threePeers } from './mesh.js';
import { twoPeers } from './peers.js';

const ona = { name: 'Ona Kazlauskienė', institution: 'Vilnius VET Centre' };
const marco = { name: 'Marco Rossi', institution: 'CFP Bologna' };
const aino = { name: 'Aino Virtanen', institution: 'Omnia' };
const olga = { name: 'Ольга Петрова', institution: 'Колледж сервиса №1' };

function ok<T>(result: ReviewResult<T>): T {
  if (!result.ok) throw new Error(`refused: ${result.reason} ${result.message}`);
  return result.value;
}

/** A small map: a unit with two outcomes, and a work action outside it. */
function sampleMap() {
  const map = new Y.Doc();
  const unit = addNode(map, { kind: 'unit', title: 'Colouring hair', code: 'U 2', position: { x: 400, y: 0 }, fields: { points: 10, eqfLevel: 4, assessmentCriteria: ['Colour applied evenly'] } });
  const lo1 = addNode(map, { kind: 'learningOutcome', title: 'Select a colour with the client', code: 'LO 3', position: { x: 0, y: 0 }, fields: { domain: 'skills', bloomLevel: 'apply', eqfLevel: 4 } });
  const lo2 = addNode(map, { kind: 'learningOutcome', title: 'Explain how oxidising dyes work', code: 'LO 4', position: { x: 0, y: 0 }, fields: { domain: 'knowledge', bloomLevel: 'understand' } });
  const other = addNode(map, { kind: 'unit', title: 'Cutting hair', code: 'U 1', position: { x: 0, y: 0 }, fields: { points: 20 } });
  const wa = addNode(map, { kind: 'workAction', title: 'Colour hair', code: 'WA 5', position: { x: 0, y: 300 } });
  for (const link of [
    connect(map, { kind: 'partOf', source: lo1, target: unit }),
    connect(map, { kind: 'partOf', source: lo2, target: unit }),
    connect(map, { kind: 'covers', source: lo1, target: wa }),
  ]) {
    if (!link.ok) throw new Error(link.message);
  }
  return { map, unit, lo1, lo2, other, wa };
}

describe('threads', () => {
  it('stores a thread as the documented schema and reads it back as a plain object', () => {
    const doc = new Y.Doc();
    const id = ok(createThread(doc, { nodeId: 'n1' }, ona, 'Is 10 points enough for U 2?', 'me', { now: 100 }));
    expect(doc.getMap('review').get('schemaVersion')).toBe(REVIEW_SCHEMA_VERSION);
    const stored = doc.getMap('threads').get(id) as Y.Map<unknown>;
    expect(stored.get('anchor')).toEqual({ nodeId: 'n1' });
    expect(stored.get('resolved')).toBe(false);
    const comments = stored.get('comments') as Y.Array<Y.Map<unknown>>;
    expect(comments).toBeInstanceOf(Y.Array);
    expect(comments.get(0)!.get('text')).toBeInstanceOf(Y.Text);
    const [thread] = readThreads(doc);
    expect(thread).toMatchObject({
      id,
      anchor: { nodeId: 'n1' },
      author: ona,
      createdAt: 100,
      resolved: false,
      comments: [{ author: ona, text: 'Is 10 points enough for U 2?', createdAt: 100, mentions: [] }],
    });
  });

  it('runs each write in one transaction with the caller’s origin', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const origin = { source: 'test' };
    const id = ok(createThread(doc, { x: 10, y: 20 }, ona, 'Here a function is missing', origin));
    ok(reply(doc, id, marco, 'Agreed', origin));
    ok(resolveThread(doc, id, ona, origin));
    ok(reopenThread(doc, id, origin));
    expect(origins).toEqual([origin, origin, origin, origin]);
  });

  it('refuses empty text, no name, a bad anchor and an unknown thread, changing nothing', () => {
    const doc = new Y.Doc();
    const refused = (r: ReviewResult<unknown>) => (r.ok ? 'ok' : r.reason);
    expect(refused(createThread(doc, { nodeId: 'n' }, ona, '   '))).toBe(ReviewRefusal.EmptyText);
    expect(refused(createThread(doc, { nodeId: 'n' }, { name: '  ' }, 'x'))).toBe(ReviewRefusal.NoName);
    expect(refused(createThread(doc, { x: Number.NaN, y: 0 }, ona, 'x'))).toBe(ReviewRefusal.InvalidAnchor);
    expect(refused(createThread(doc, { nodeId: 'n' }, ona, 'x'.repeat(5001)))).toBe(ReviewRefusal.TooLong);
    expect(refused(reply(doc, 'nope', ona, 'x'))).toBe(ReviewRefusal.ThreadNotFound);
    expect(doc.getMap('threads').size).toBe(0);
    expect(doc.getMap('review').size).toBe(0);
  });

  it('lists open threads first, most recently active first, then resolved ones', () => {
    const doc = new Y.Doc();
    const old = ok(createThread(doc, { nodeId: 'a' }, ona, 'old', null, { now: 1 }));
    const recent = ok(createThread(doc, { nodeId: 'b' }, ona, 'recent', null, { now: 5 }));
    const done = ok(createThread(doc, { nodeId: 'c' }, ona, 'done', null, { now: 9 }));
    ok(reply(doc, old, marco, 'bump', null, { now: 10 }));
    ok(resolveThread(doc, done, marco, null, { now: 11 }));
    expect(readThreads(doc).map((t) => [t.id, t.resolved])).toEqual([
      [old, false],
      [recent, false],
      [done, true],
    ]);
    expect(readThreads(doc)[2]).toMatchObject({ resolvedBy: marco, resolvedAt: 11 });
  });

  it('edits a comment in place and finds its mentions again', () => {
    const doc = new Y.Doc();
    const id = ok(createThread(doc, { nodeId: 'n' }, ona, 'Please check', null, { now: 1, people: ['Marco Rossi'] }));
    const commentId = readThreads(doc)[0]!.comments[0]!.id;
    ok(editComment(doc, id, commentId, 'Please check, @Marco Rossi', null, { now: 2, people: ['Marco Rossi'] }));
    expect(readThreads(doc)[0]!.comments[0]).toMatchObject({ text: 'Please check, @Marco Rossi', editedAt: 2, mentions: ['Marco Rossi'] });
    expect(editComment(doc, id, 'nope', 'x')).toMatchObject({ ok: false, reason: ReviewRefusal.CommentNotFound });
  });

  it('recognises people already in the review for mentions, without being told', () => {
    const doc = new Y.Doc();
    const id = ok(createThread(doc, { nodeId: 'n' }, marco, 'U 2 needs a criterion'));
    ok(reply(doc, id, olga, '@"marco rossi" добавлю критерий'));
    expect(readThreads(doc)[0]!.comments[1]!.mentions).toEqual(['Marco Rossi']);
    expect(knownPeople(doc)).toEqual(['Marco Rossi', 'Ольга Петрова']);
  });
});

describe('threads between peers', () => {
  it('keeps three concurrent replies from three peers, in the same order everywhere and whatever the delivery order', () => {
    const run = (reverse: boolean) => {
      const { a, b, c, sync } = threePeers();
      const id = ok(createThread(a, { nodeId: 'u2' }, ona, 'Points for U 2?', null, { id: 't1', now: 1 }));
      sync();
      // All three answer before hearing each other; clocks disagree (Italy's is behind).
      ok(reply(a, id, ona, 'from Vilnius', null, { now: 50 }));
      ok(reply(b, id, marco, 'from Bologna', null, { now: 20 }));
      ok(reply(c, id, aino, 'from Helsinki', null, { now: 40 }));
      sync({ reverse });
      const texts = [a, b, c].map((doc) => readThreads(doc)[0]!.comments.map((comment) => comment.text));
      expect(texts[1]).toEqual(texts[0]);
      expect(texts[2]).toEqual(texts[0]);
      return texts[0]!;
    };
    const forward = run(false);
    expect(forward).toHaveLength(4);
    expect(forward[0]).toBe('Points for U 2?');
    expect([...forward.slice(1)].sort()).toEqual(['from Bologna', 'from Helsinki', 'from Vilnius']);
    // Deterministic: the same order whichever update each peer heard first.
    expect(run(true)).toEqual(forward);
  });

  it('keeps three threads started at once on one node by three peers', () => {
    const { a, b, c, sync } = threePeers();
    createThread(a, { nodeId: 'u2' }, ona, 'one');
    createThread(b, { nodeId: 'u2' }, marco, 'two');
    createThread(c, { x: 5, y: 5 }, aino, 'three');
    sync();
    for (const doc of [a, b, c]) expect(readThreads(doc).map((t) => t.comments[0]!.text).sort()).toEqual(['one', 'three', 'two']);
  });

  it('reopens a thread that one person resolved while another replied: the reply is not buried', () => {
    const { a, b, sync } = twoPeers();
    const id = ok(createThread(a, { nodeId: 'u2' }, ona, 'Criteria missing', null, { now: 1 }));
    sync();
    ok(resolveThread(a, id, ona, null, { now: 2 }));
    ok(reply(b, id, marco, 'Not yet: the colour test is still missing', null, { now: 3 }));
    sync();
    for (const doc of [a, b]) {
      const [thread] = readThreads(doc);
      expect(thread!.resolved).toBe(false);
      expect(thread!.resolvedBy).toBeUndefined();
      expect(thread!.comments.map((c) => c.text)).toEqual(['Criteria missing', 'Not yet: the colour test is still missing']);
    }
    // Resolving again, having seen the reply, sticks.
    ok(resolveThread(b, id, marco));
    sync();
    expect(readThreads(a)[0]!.resolved).toBe(true);
    // And a later reply reopens it too.
    ok(reply(a, id, ona, 'One more thing'));
    sync();
    expect(readThreads(b)[0]!.resolved).toBe(false);
  });

  it('converges when one resolves and another reopens at the same time', () => {
    const { a, b, sync } = twoPeers();
    const id = ok(createThread(a, { nodeId: 'u2' }, ona, 'x'));
    ok(resolveThread(a, id, ona));
    sync();
    ok(reopenThread(a, id));
    ok(resolveThread(b, id, marco));
    sync();
    expect(readThreads(a)[0]!.resolved).toBe(readThreads(b)[0]!.resolved);
  });
});

describe('mentions', () => {
  const people = ['Anna', 'Anna Petrova', 'Marco Rossi', 'Ольга Петрова', 'Ёжик Туманов', 'Jürgen Groß'];

  it('finds @Name and @"Full Name", the longest known name first, each once, in order', () => {
    expect(findMentions('@Anna Petrova, and @anna too; @"marco rossi" please. @Anna Petrova again', people)).toEqual(['Anna Petrova', 'Anna', 'Marco Rossi']);
  });

  it('reads Cyrillic names, with or without quotes, any case, and «guillemets»', () => {
    expect(findMentions('@Ольга Петрова, посмотрите LO 3', people)).toEqual(['Ольга Петрова']);
    expect(findMentions('Вопрос к @«ольга петрова» и @"Ёжик Туманов".', people)).toEqual(['Ольга Петрова', 'Ёжик Туманов']);
    expect(findMentions('@jürgen groß!', people)).toEqual(['Jürgen Groß']);
  });

  it('ignores e-mail addresses, unknown names and names that run on into a longer word', () => {
    expect(findMentions('write to anna@school.lt', people)).toEqual([]);
    expect(findMentions('@Boris, @"Nobody Here"', people)).toEqual([]);
    expect(findMentions('@Annabel', people)).toEqual([]);
    expect(findMentions('@Ольгаа', people)).toEqual([]);
    expect(findMentions('', people)).toEqual([]);
  });
});

describe('unread', () => {
  it('counts comments beyond the number seen, not by clock', () => {
    const doc = new Y.Doc();
    const t1 = ok(createThread(doc, { nodeId: 'a' }, ona, 'one', null, { now: 1000 }));
    const t2 = ok(createThread(doc, { nodeId: 'b' }, ona, 'two', null, { now: 1000 }));
    // A partner whose clock is far behind still makes an unread comment.
    ok(reply(doc, t1, marco, 'late clock', null, { now: 1 }));
    const threads = readThreads(doc);
    const byId = new Map(threads.map((t) => [t.id, t]));
    expect(unreadCount(threads, {})).toBe(3);
    expect(unreadCount(threads, { [t1]: 1, [t2]: 1 })).toBe(1);
    expect(unreadIn(byId.get(t1)!, { [t1]: 1 })).toBe(1);
    expect(unreadIn(byId.get(t1)!, { [t1]: 5 })).toBe(0);
  });
});

describe('fingerprints', () => {
  it('is 64-bit FNV-1a over UTF-8', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
    expect(fnv1a64('é')).not.toBe(fnv1a64('e'));
  });

  it('changes when what partners agree to changes, and not when nodes move', () => {
    const { map, unit, lo1, lo2, other } = sampleMap();
    const before = unitFingerprint(snapshotOf(map), unit)!;
    expect(before).toMatch(/^[0-9a-f]{16}$/);
    expect(unitFingerprint(snapshotOf(map), unit)).toBe(before);
    expect(unitFingerprint(snapshotOf(map), other)).not.toBe(before);
    expect(unitFingerprint(snapshotOf(map), 'missing')).toBeUndefined();
    expect(unitFingerprint(snapshotOf(map), lo1)).toBeUndefined(); // not a unit

    moveNodes(map, [{ id: unit, position: { x: 999, y: 999 } }, { id: lo1, position: { x: 50, y: 500 } }]);
    expect(unitFingerprint(snapshotOf(map), unit)).toBe(before);

    const changes: Array<() => void> = [
      () => setNodeTitle(map, lo2, 'Explain how oxidising dyes and developers work'),
      () => setField(map, unit, 'points', 12),
      () => setField(map, lo1, 'bloomLevel', 'analyse'),
      () => insertListItem(map, lo1, 'assessmentCriteria', 0, 'Shade matches the chart'),
      () => setField(map, unit, 'validity', '5 years'),
      () => setField(map, unit, 'code', 'U 3'),
      () => addNodeToUnit(map, unit),
    ];
    let previous = before;
    for (const change of changes) {
      change();
      const next = unitFingerprint(snapshotOf(map), unit)!;
      expect(next).not.toBe(previous);
      previous = next;
    }
  });

  it('ignores whitespace-only edits and the order in which outcomes were linked', () => {
    const { map, unit, lo2 } = sampleMap();
    const before = unitFingerprint(snapshotOf(map), unit);
    setNodeTitle(map, lo2, '  Explain how  oxidising dyes work ');
    expect(unitFingerprint(snapshotOf(map), unit)).toBe(before);

    // The same unit built again, outcomes linked the other way round (new ids, new edges).
    const again = new Y.Doc();
    const u = addNode(again, { kind: 'unit', title: 'Colouring hair', code: 'U 2', position: { x: 0, y: 0 }, fields: { points: 10, eqfLevel: 4, assessmentCriteria: ['Colour applied evenly'] } });
    const b = addNode(again, { kind: 'learningOutcome', title: 'Explain how oxidising dyes work', code: 'LO 4', position: { x: 0, y: 0 }, fields: { domain: 'knowledge', bloomLevel: 'understand' } });
    const a = addNode(again, { kind: 'learningOutcome', title: 'Select a colour with the client', code: 'LO 3', position: { x: 9, y: 9 }, fields: { domain: 'skills', bloomLevel: 'apply', eqfLevel: 4 } });
    connect(again, { kind: 'partOf', source: b, target: u });
    connect(again, { kind: 'partOf', source: a, target: u });
    expect(unitFingerprint(snapshotOf(again), u)).toBe(before);
  });
});

function addNodeToUnit(map: Y.Doc, unit: string) {
  const lo = addNode(map, { kind: 'learningOutcome', title: 'Test a strand', code: 'LO 9', position: { x: 0, y: 0 } });
  connect(map, { kind: 'partOf', source: lo, target: unit });
}

describe('rounds and sign-offs', () => {
  it('opens a round, records one decision per institution, and gives each unit an overall state', () => {
    const { map, unit, other } = sampleMap();
    const review = new Y.Doc();
    const snapshot = snapshotOf(map);
    const round = ok(openRound(review, { title: 'Spring mobility 2026', unitIds: [unit, other, unit] }, ona, null, { now: 10 }));
    expect(readRounds(review)).toMatchObject([{ id: round, title: 'Spring mobility 2026', unitIds: [unit, other], open: true, openedBy: ona, openedAt: 10 }]);

    ok(signOff(review, round, unit, 'agreed', '', ona, unitFingerprint(snapshot, unit)!, null, { now: 20 }));
    ok(signOff(review, round, unit, 'agreed', 'Fine for us', marco, unitFingerprint(snapshot, unit)!, null, { now: 21 }));
    ok(signOff(review, round, other, 'changes-requested', 'Points: we count 15', aino, unitFingerprint(snapshot, other)!, null, { now: 22 }));

    const [status] = roundStatus(review, snapshot);
    expect(status!.columns).toEqual(['CFP Bologna', 'Omnia', 'Vilnius VET Centre']);
    const [u2, u1] = status!.units;
    expect(u2).toMatchObject({ unitId: unit, exists: true, code: 'U 2', title: 'Colouring hair', overall: 'agreed', stale: false });
    expect(u2!.decisions.map((d) => [d.institution, d.status, d.by.name, d.at, d.stale])).toEqual([
      ['CFP Bologna', 'agreed', 'Marco Rossi', 21, false],
      ['Vilnius VET Centre', 'agreed', 'Ona Kazlauskienė', 20, false],
    ]);
    expect(u1).toMatchObject({ unitId: other, overall: 'changes-requested' });
    expect(u1!.decisions[0]).toMatchObject({ comment: 'Points: we count 15' });
  });

  it('records the language version agreed to; a change of that translation makes the agreement stale', () => {
    const { map, unit, lo1 } = sampleMap();
    expect(addTargetLanguage(map, 'lt').ok).toBe(true);
    const translated = setTranslation(map, lo1, 'lt', 'title', 'Kartu su klientu parinkti spalvą');
    expect(translated.ok).toBe(true);
    const review = new Y.Doc();
    const round = ok(openRound(review, { title: 'Vilnius', unitIds: [unit] }, ona));
    // The Lithuanian version differs from the English one: a different fingerprint.
    expect(unitFingerprint(snapshotOf(map), unit, 'lt')).not.toBe(unitFingerprint(snapshotOf(map), unit));
    ok(signOff(review, round, unit, 'agreed', '', ona, unitFingerprint(snapshotOf(map), unit, 'lt')!, null, { language: 'lt' }));
    let [status] = roundStatus(review, snapshotOf(map));
    expect(status!.units[0]!.decisions[0]).toMatchObject({ language: 'lt', stale: false });
    expect(status!.units[0]!.overall).toBe('agreed');
    // The Lithuanian statement is reworded: what was agreed is no longer what the unit says in Lithuanian.
    setTranslation(map, lo1, 'lt', 'title', 'Parinkti spalvą kartu su klientu');
    [status] = roundStatus(review, snapshotOf(map));
    expect(status!.units[0]!.decisions[0]!.stale).toBe(true);
  });

  it('lets a later decision of the same institution replace the earlier one, whoever of it decides', () => {
    const { map, unit } = sampleMap();
    const review = new Y.Doc();
    const fp = unitFingerprint(snapshotOf(map), unit)!;
    const round = ok(openRound(review, { title: 'R', unitIds: [unit] }, ona));
    ok(signOff(review, round, unit, 'changes-requested', 'Add a criterion', marco, fp, null, { now: 1 }));
    const colleague = { name: 'Giulia Bianchi', institution: '  cfp  BOLOGNA ' };
    ok(signOff(review, round, unit, 'agreed', 'Criterion added', colleague, fp, null, { now: 2 }));
    const [status] = roundStatus(review, snapshotOf(map));
    expect(status!.units[0]!.decisions).toHaveLength(1);
    expect(status!.units[0]!.decisions[0]).toMatchObject({ status: 'agreed', by: { name: 'Giulia Bianchi' }, at: 2 });
    expect(institutionKey('  cfp  BOLOGNA ')).toBe(institutionKey('CFP Bologna'));
  });

  it('keeps one of two concurrent decisions of one institution, the same one on every peer', () => {
    const { map, unit } = sampleMap();
    const fp = unitFingerprint(snapshotOf(map), unit)!;
    const { a, b, c, sync } = threePeers();
    const round = ok(openRound(a, { title: 'R', unitIds: [unit] }, ona));
    sync();
    ok(signOff(b, round, unit, 'agreed', '', marco, fp));
    ok(signOff(c, round, unit, 'changes-requested', 'Not yet', { name: 'Giulia Bianchi', institution: 'CFP Bologna' }, fp));
    sync();
    const seen = [a, b, c].map((doc) => roundStatus(doc, snapshotOf(map))[0]!.units[0]!.decisions.map((d) => d.by.name));
    expect(seen[0]).toHaveLength(1);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });

  it('marks an agreement stale once the unit or one of its outcomes is edited, but not when nodes move', () => {
    const { map, unit, lo1, lo2 } = sampleMap();
    const review = new Y.Doc();
    const round = ok(openRound(review, { title: 'R', unitIds: [unit] }, ona));
    ok(signOff(review, round, unit, 'agreed', '', marco, unitFingerprint(snapshotOf(map), unit)!));
    const unitState = () => roundStatus(review, snapshotOf(map))[0]!.units[0]!;

    moveNodes(map, [{ id: unit, position: { x: 1000, y: 40 } }, { id: lo1, position: { x: 16, y: 400 } }]);
    expect(unitState()).toMatchObject({ overall: 'agreed', stale: false });

    setNodeTitle(map, lo2, 'Explain how oxidising dyes work on grey hair');
    expect(unitState()).toMatchObject({ overall: 'agreed', stale: true });
    expect(unitState().decisions[0]!.stale).toBe(true);

    // Agreeing again to the new version clears it.
    ok(signOff(review, round, unit, 'agreed', 'Still fine', marco, unitFingerprint(snapshotOf(map), unit)!));
    expect(unitState().stale).toBe(false);

    setField(map, unit, 'points', 15);
    expect(unitState().stale).toBe(true);
  });

  it('validates the functional map: an employer agrees to a key function and a work action, and rewording, re-parenting or a new criterion makes it stale', () => {
    const map = new Y.Doc();
    const kf = addNode(map, { kind: 'keyFunction', title: 'Colour and lighten hair', code: 'KF 2', position: { x: 0, y: 0 } });
    const wa = addNode(map, { kind: 'workAction', title: 'Apply permanent colour', code: 'WA 5', position: { x: 0, y: 200 }, fields: { performanceCriteria: ['Colour matches the chart'] } });
    const other = addNode(map, { kind: 'keyFunction', title: 'Cut hair', code: 'KF 1', position: { x: 400, y: 0 } });
    const linked = connect(map, { kind: 'childOf', source: wa, target: kf });
    if (!linked.ok) throw new Error(linked.message);
    const review = new Y.Doc();
    const employer = { name: 'Rasa', institution: 'Salon Rasa' };
    const round = ok(openRound(review, { title: 'Validation of the functional map', unitIds: [kf, wa], institutions: ['Salon Rasa'] }, ona));
    for (const id of [kf, wa]) ok(signOff(review, round, id, 'agreed', '', employer, unitFingerprint(snapshotOf(map), id)!));
    const states = () => Object.fromEntries(roundStatus(review, snapshotOf(map))[0]!.units.map((u) => [u.code, u]));
    expect(states()['KF 2']).toMatchObject({ kind: 'keyFunction', exists: true, overall: 'agreed', stale: false });
    expect(states()['WA 5']).toMatchObject({ kind: 'workAction', overall: 'agreed', stale: false });

    moveNodes(map, [{ id: wa, position: { x: 40, y: 600 } }]);
    expect(states()['WA 5']!.stale).toBe(false);
    insertListItem(map, wa, 'performanceCriteria', 1, 'No colour on the skin');
    // A new criterion changes the work action, not its key function (which holds its children's statements only).
    expect(states()['WA 5']!.stale).toBe(true);
    expect(states()['KF 2']!.stale).toBe(false);
    // Rewording the work action changes what its key function is broken into.
    setNodeTitle(map, wa, 'Apply permanent and semi-permanent colour');
    expect(states()['KF 2']!.stale).toBe(true);
    ok(signOff(review, round, kf, 'agreed', '', employer, unitFingerprint(snapshotOf(map), kf)!));
    expect(states()['KF 2']!.stale).toBe(false);
    // Moving the work action under another key function withdraws both agreements.
    const moved = connect(map, { kind: 'childOf', source: wa, target: other });
    expect(moved.ok).toBe(true);
    expect(states()['KF 2']!.stale).toBe(true);
    // An outcome is not something a round holds.
    const lo = addNode(map, { kind: 'learningOutcome', title: 'Mix colour', code: 'LO 1', position: { x: 0, y: 0 } });
    expect(unitFingerprint(snapshotOf(map), lo)).toBeUndefined();
  });

  it('waits for every named partner before a unit counts as agreed', () => {
    const { map, unit } = sampleMap();
    const review = new Y.Doc();
    const fp = unitFingerprint(snapshotOf(map), unit)!;
    const round = ok(openRound(review, { title: 'R', unitIds: [unit], institutions: ['Vilnius VET Centre', 'CFP Bologna', 'Omnia'] }, ona));
    ok(signOff(review, round, unit, 'agreed', '', ona, fp));
    ok(signOff(review, round, unit, 'agreed', '', marco, fp));
    expect(roundStatus(review, snapshotOf(map))[0]!.units[0]!.overall).toBe('pending');
    expect(roundStatus(review, snapshotOf(map))[0]!.columns).toEqual(['Vilnius VET Centre', 'CFP Bologna', 'Omnia']);
    ok(signOff(review, round, unit, 'agreed', '', aino, fp));
    expect(roundStatus(review, snapshotOf(map))[0]!.units[0]!.overall).toBe('agreed');
  });

  it('keys a partner institution’s decisions by its id: however its people type its name, it is one column, named as the map names it', () => {
    const { map, unit } = sampleMap();
    const vilnius = addInstitution(map, { name: { en: 'Vilnius VET Centre', lt: 'Vilniaus profesinio mokymo centras' }, country: 'LT', role: 'host' });
    const bologna = addInstitution(map, { name: { en: 'CFP Bologna' }, country: 'IT', role: 'home' });
    if (!vilnius.ok || !bologna.ok) throw new Error('institutions');
    const review = new Y.Doc();
    const fp = unitFingerprint(snapshotOf(map), unit)!;
    const round = ok(openRound(review, { title: 'R', unitIds: [unit], institutions: [partnerKey(vilnius.value), partnerKey(bologna.value)] }, ona));
    // Typed three ways: one column, the partner's.
    ok(signOff(review, round, unit, 'agreed', '', { name: 'Ona', institution: 'VET centre Vilnius' }, fp, undefined, { institutionId: vilnius.value }));
    ok(signOff(review, round, unit, 'agreed', '', { name: 'Jonas', institution: 'Vilniaus centras' }, fp, undefined, { institutionId: vilnius.value }));
    let status = roundStatus(review, snapshotOf(map))[0]!;
    expect(status.columns).toEqual(['Vilnius VET Centre', 'CFP Bologna']);
    expect(status.columnKeys).toEqual([partnerKey(vilnius.value), partnerKey(bologna.value)]);
    expect(status.units[0]!.decisions.map((d) => [d.key, d.institution, d.by.name])).toEqual([[partnerKey(vilnius.value), 'Vilnius VET Centre', 'Jonas']]);
    expect(status.units[0]!.overall).toBe('pending');
    // In Lithuanian, the partner's Lithuanian name.
    expect(roundStatus(review, snapshotOf(map), 'lt')[0]!.columns[0]).toBe('Vilniaus profesinio mokymo centras');
    ok(signOff(review, round, unit, 'agreed', '', marco, fp, undefined, { institutionId: bologna.value }));
    status = roundStatus(review, snapshotOf(map))[0]!;
    expect(status.units[0]!.overall).toBe('agreed');
    // A decision typed by hand with the partner's very name is not the partner's: it has a column of its own until attached.
    const other = ok(openRound(review, { title: 'Earlier', unitIds: [unit], institutions: [partnerKey(bologna.value)] }, ona));
    ok(signOff(review, other, unit, 'agreed', '', { name: 'Marco', institution: 'cfp  bologna' }, fp));
    status = roundStatus(review, snapshotOf(map)).find((r) => r.id === other)!;
    expect(status.columns).toEqual(['CFP Bologna', 'cfp bologna']);
    expect(status.units[0]!.overall).toBe('pending');
  });

  it('attaches free-text decisions to a partner once, in every round, keeping a decision the partner already made', () => {
    const { map, unit, other } = sampleMap();
    const bologna = addInstitution(map, { name: { en: 'CFP Bologna' }, country: 'IT', role: 'home' });
    if (!bologna.ok) throw new Error('institution');
    const review = new Y.Doc();
    const snapshot = snapshotOf(map);
    const first = ok(openRound(review, { title: 'R1', unitIds: [unit, other] }, ona));
    ok(signOff(review, first, unit, 'agreed', '', { name: 'Marco', institution: 'CFP Bologna' }, unitFingerprint(snapshot, unit)!));
    ok(signOff(review, first, other, 'changes-requested', 'More hours', { name: 'Marco', institution: 'cfp bologna ' }, unitFingerprint(snapshot, other)!));
    // The partner already decided on `other` through its own link: that decision stays.
    ok(signOff(review, first, other, 'agreed', '', { name: 'Lucia', institution: 'CFP Bologna' }, unitFingerprint(snapshot, other)!, undefined, { institutionId: bologna.value }));
    ok(signOff(review, first, unit, 'agreed', '', ona, unitFingerprint(snapshot, unit)!));
    expect(ok(attachSignOffs(review, 'CFP  Bologna', bologna.value))).toBe(1);
    const status = roundStatus(review, snapshotOf(map))[0]!;
    const decisions = (id: string) =>
      status.units
        .find((u) => u.unitId === id)!
        .decisions.map((d) => [d.key, d.status, d.by.name])
        .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
    expect(decisions(unit)).toEqual([
      [partnerKey(bologna.value), 'agreed', 'Marco'],
      ['vilnius vet centre', 'agreed', ona.name],
    ]);
    // The free-text decision on `other` could not move (the partner had decided): it stays as it was.
    expect(decisions(other)).toEqual([
      [partnerKey(bologna.value), 'agreed', 'Lucia'],
      ['cfp bologna', 'changes-requested', 'Marco'],
    ]);
    expect(ok(attachSignOffs(review, 'CFP Bologna', bologna.value))).toBe(0);
  });

  it('shows a unit with no decision as pending and a deleted unit’s agreement as stale', () => {
    const { map, unit, other } = sampleMap();
    const review = new Y.Doc();
    const round = ok(openRound(review, { title: 'R', unitIds: [unit, other] }, ona));
    ok(signOff(review, round, other, 'agreed', '', marco, unitFingerprint(snapshotOf(map), other)!));
    const gone = new Y.Doc();
    Y.applyUpdate(gone, Y.encodeStateAsUpdate(map));
    gone.getMap('nodes').delete(other);
    const [status] = roundStatus(review, snapshotOf(gone));
    expect(status!.units[0]).toMatchObject({ unitId: unit, overall: 'pending', decisions: [] });
    expect(status!.units[1]).toMatchObject({ unitId: other, exists: false, stale: true, fingerprint: undefined });
  });

  it('refuses decisions on closed rounds, on units outside the round, without institution, and changes without a comment', () => {
    const { map, unit, other } = sampleMap();
    const review = new Y.Doc();
    const fp = unitFingerprint(snapshotOf(map), unit)!;
    const round = ok(openRound(review, { title: 'R', unitIds: [unit] }, ona));
    const reason = (r: ReviewResult<unknown>) => (r.ok ? 'ok' : r.reason);
    expect(reason(signOff(review, round, other, 'agreed', '', marco, fp))).toBe(ReviewRefusal.UnitNotInRound);
    expect(reason(signOff(review, round, unit, 'agreed', '', { name: 'Marco' }, fp))).toBe(ReviewRefusal.NoInstitution);
    expect(reason(signOff(review, round, unit, 'changes-requested', ' ', marco, fp))).toBe(ReviewRefusal.CommentRequired);
    expect(reason(signOff(review, 'nope', unit, 'agreed', '', marco, fp))).toBe(ReviewRefusal.RoundNotFound);
    expect(reason(openRound(review, { title: 'Empty', unitIds: [] }, ona))).toBe(ReviewRefusal.NoUnits);
    expect(reason(openRound(review, { title: ' ', unitIds: [unit] }, ona))).toBe(ReviewRefusal.EmptyText);
    ok(closeRound(review, round, ona, null, { now: 99 }));
    expect(readRounds(review)[0]).toMatchObject({ open: false, closedAt: 99, closedBy: ona });
    expect(reason(signOff(review, round, unit, 'agreed', '', marco, fp))).toBe(ReviewRefusal.RoundClosed);
    ok(reopenRound(review, round));
    expect(reason(signOff(review, round, unit, 'agreed', '', marco, fp))).toBe('ok');
  });

  it('keeps decisions of a closed round and lists open rounds first', () => {
    const review = new Y.Doc();
    const first = ok(openRound(review, { title: 'Autumn', unitIds: ['u'] }, ona, null, { now: 1 }));
    const second = ok(openRound(review, { title: 'Spring', unitIds: ['u'] }, ona, null, { now: 2 }));
    ok(closeRound(review, second, ona));
    expect(readRounds(review).map((r) => r.id)).toEqual([first, second]);
  });
});

describe('schema version', () => {
  it('reads a document from a newer version but does not write to it', () => {
    const doc = new Y.Doc();
    const id = ok(createThread(doc, { nodeId: 'n' }, ona, 'hello'));
    doc.getMap('review').set('schemaVersion', REVIEW_SCHEMA_VERSION + 1);
    expect(reviewSchemaVersion(doc)).toBe(REVIEW_SCHEMA_VERSION + 1);
    expect(readThreads(doc)).toHaveLength(1);
    expect(reply(doc, id, marco, 'x')).toMatchObject({ ok: false, reason: ReviewRefusal.NewerSchema });
    expect(openRound(doc, { title: 'R', unitIds: ['u'] }, ona)).toMatchObject({ ok: false, reason: ReviewRefusal.NewerSchema });
  });

  it('skips entries of a shape it does not understand instead of failing', () => {
    const doc = new Y.Doc();
    doc.getMap('threads').set('odd', 'not a map');
    doc.getMap('signoffs').set('r/u/x', { status: 'maybe' });
    doc.getMap('rounds').set('r', new Y.Map());
    expect(readThreads(doc)).toEqual([]);
    expect(roundStatus(doc, snapshotOf(new Y.Doc()))).toMatchObject([{ id: 'r', title: '', unitIds: [], units: [] }]);
  });
});
