import type { DecisionStatus, ReviewThread, RoundStatus, UnitStatus } from '@qms/model';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { threadCountByNode, unitReviewBadges } from '../src/review/badges';
import { anchorTarget, nodeLabel } from '../src/review/format';
import { getLastSeen, markSeen, rememberIdentity, resolveIdentity } from '../src/review/local-state';
import { insertMention, mentionQuery, mentionToken, splitMentions, suggestPeople } from '../src/review/mention-input';
import { institutionsFromText } from '../src/review/rounds';

const person = (name: string, institution?: string) => (institution ? { name, institution } : { name });

function decision(institution: string, status: DecisionStatus['status'], stale = false): DecisionStatus {
  return { roundId: 'r', unitId: 'u', institution, key: institution.toLowerCase(), status, comment: '', by: person('X', institution), at: 1, fingerprint: 'f', stale };
}

function unit(unitId: string, overall: UnitStatus['overall'], decisions: DecisionStatus[] = []): UnitStatus {
  return {
    unitId,
    exists: true,
    kind: 'unit',
    code: unitId.toUpperCase(),
    title: '',
    fingerprint: 'f',
    decisions,
    overall,
    stale: decisions.some((d) => d.status === 'agreed' && d.stale),
  };
}

function round(id: string, open: boolean, openedAt: number, units: UnitStatus[], columns = ['A', 'B']): RoundStatus {
  return { id, title: `Round ${id}`, unitIds: units.map((u) => u.unitId), institutions: [], openedAt, openedBy: person('Owner'), open, columns, columnKeys: columns.map((c) => c.toLowerCase()), units };
}

function thread(id: string, anchor: ReviewThread['anchor'], comments: number, resolved = false): ReviewThread {
  return {
    id,
    anchor,
    createdAt: 1,
    author: person('A'),
    resolved,
    comments: Array.from({ length: comments }, (_, i) => ({ id: `${id}-${i}`, author: person('A'), text: 't', createdAt: i, mentions: [] })),
    lastActivityAt: comments,
  };
}

describe('unitReviewBadges', () => {
  it('gives each unit its state, and "stale" for an agreement the unit outgrew', () => {
    const badges = unitReviewBadges([
      round('r1', true, 10, [
        unit('u1', 'agreed', [decision('A', 'agreed'), decision('B', 'agreed')]),
        unit('u2', 'agreed', [decision('A', 'agreed', true)]),
        unit('u3', 'changes-requested', [decision('A', 'agreed', true), decision('B', 'changes-requested')]),
        unit('u4', 'pending'),
        // One partner agreed, the other has not decided yet, and the unit changed since.
        unit('u5', 'pending', [decision('A', 'agreed', true)]),
      ]),
    ]);
    expect(Object.fromEntries([...badges].map(([id, b]) => [id, b.state]))).toEqual({ u1: 'agreed', u2: 'stale', u3: 'changes-requested', u4: 'pending', u5: 'stale' });
    expect(badges.get('u3')).toMatchObject({ roundId: 'r1', roundTitle: 'Round r1', agreed: 1, requested: 1, institutions: 2 });
  });

  it('takes a unit’s state from its newest open round, else from its newest closed one', () => {
    const badges = unitReviewBadges([
      round('closed-new', false, 30, [unit('u1', 'agreed'), unit('u2', 'changes-requested')]),
      round('open-old', true, 10, [unit('u1', 'pending')]),
      round('open-new', true, 20, [unit('u1', 'changes-requested')]),
      round('closed-old', false, 5, [unit('u2', 'agreed'), unit('u3', 'agreed')]),
    ]);
    expect(badges.get('u1')).toMatchObject({ roundId: 'open-new', state: 'changes-requested' });
    expect(badges.get('u2')).toMatchObject({ roundId: 'closed-new', state: 'changes-requested' });
    expect(badges.get('u3')).toMatchObject({ roundId: 'closed-old', state: 'agreed' });
    expect(unitReviewBadges([]).size).toBe(0);
  });
});

describe('threadCountByNode', () => {
  it('counts open threads and unread comments per node, leaving out canvas points and read resolved threads', () => {
    const threads = [
      thread('t1', { nodeId: 'n1' }, 3),
      thread('t2', { nodeId: 'n1' }, 1),
      thread('t3', { nodeId: 'n2' }, 2, true),
      thread('t4', { nodeId: 'n3' }, 2, true),
      thread('t5', { x: 1, y: 2 }, 4),
    ];
    const counts = threadCountByNode(threads, { t1: 1, t2: 1, t3: 1, t4: 2 });
    expect(Object.fromEntries(counts)).toEqual({
      n1: { open: 2, unread: 2 },
      n2: { open: 0, unread: 1 },
    });
    expect(threadCountByNode(threads).get('n1')).toEqual({ open: 2, unread: 4 });
  });
});

describe('mention typing', () => {
  const people = ['Anna Petrova', 'Boris Ivanov', 'Ольга Петрова', 'Олег', 'Marco Rossi'];

  it('finds the mention being typed at the caret, not e-mail addresses or finished text', () => {
    expect(mentionQuery('Hello @An', 9)).toEqual({ start: 6, query: 'An' });
    expect(mentionQuery('Hello @"Anna P', 14)).toEqual({ start: 6, query: 'Anna P' });
    expect(mentionQuery('@Ол', 3)).toEqual({ start: 0, query: 'Ол' });
    expect(mentionQuery('mail anna@school', 16)).toBeNull();
    expect(mentionQuery('no mention', 10)).toBeNull();
    expect(mentionQuery('@Anna said this on\nanother line', 31)).toBeNull();
    expect(mentionQuery('@Anna and then a lot more words', 31)).toBeNull();
    // The caret, not the end of the text, decides.
    expect(mentionQuery('@Bo and more text after', 3)).toEqual({ start: 0, query: 'Bo' });
  });

  it('suggests names starting with the query first, then names with a later word starting with it', () => {
    expect(suggestPeople(people, 'Ол')).toEqual(['Олег', 'Ольга Петрова']);
    expect(suggestPeople(people, 'пет')).toEqual(['Ольга Петрова']);
    expect(suggestPeople(people, 'ro')).toEqual(['Marco Rossi']);
    expect(suggestPeople(people, '')).toHaveLength(5);
    expect(suggestPeople(people, '', 2)).toHaveLength(2);
  });

  it('inserts a quoted token for names with a space and a plain one otherwise, moving the caret after it', () => {
    expect(mentionToken('Олег')).toBe('@Олег');
    expect(mentionToken('Ольга Петрова')).toBe('@"Ольга Петрова"');
    const text = 'Please check, @Ол thanks';
    const caret = 17;
    const query = mentionQuery(text, caret)!;
    const inserted = insertMention(text, query, caret, 'Ольга Петрова');
    expect(inserted.text).toBe('Please check, @"Ольга Петрова" thanks');
    expect(inserted.text.slice(0, inserted.caret)).toBe('Please check, @"Ольга Петрова" ');
    expect(insertMention('@Bo', { start: 0, query: 'Bo' }, 3, 'Boris Ivanov').text).toBe('@"Boris Ivanov" ');
  });

  it('splits a comment into text and the mentions it holds, in any case and quoting', () => {
    expect(splitMentions('Hi @"anna petrova" and @Олег, see anna@school.lt and @Олегович', ['Anna Petrova', 'Олег'])).toEqual([
      { text: 'Hi ' },
      { text: '@"anna petrova"', mention: 'Anna Petrova' },
      { text: ' and ' },
      { text: '@Олег', mention: 'Олег' },
      { text: ', see anna@school.lt and @Олегович' },
    ]);
    expect(splitMentions('Вопрос к @«Ольга Петрова»', ['Ольга Петрова'])).toEqual([{ text: 'Вопрос к ' }, { text: '@«Ольга Петрова»', mention: 'Ольга Петрова' }]);
    expect(splitMentions('plain (a+b)?', [])).toEqual([{ text: 'plain (a+b)?' }]);
    expect(splitMentions('@C++ fan', ['C++'])).toEqual([{ text: '@C++', mention: 'C++' }, { text: ' fan' }]);
  });
});

describe('institutions typed by the owner', () => {
  it('takes one per line or semicolon, keeps commas inside names, drops blanks and repeats', () => {
    expect(institutionsFromText('Vilnius VET Centre\nCFP, Bologna ; Omnia\n\n  vilnius  vet centre ')).toEqual(['Vilnius VET Centre', 'CFP, Bologna', 'Omnia']);
  });
});

describe('anchors', () => {
  it('tells a live node, a deleted one and a canvas point apart', () => {
    const node = { id: 'u', kind: 'unit', code: 'U 2', title: 'Colouring hair', position: { x: 0, y: 0 } };
    const nodes = new Map([[node.id, node]]);
    expect(anchorTarget({ nodeId: 'u' }, nodes)).toEqual({ kind: 'node', node });
    expect(anchorTarget({ nodeId: 'gone' }, nodes)).toEqual({ kind: 'removed', nodeId: 'gone' });
    expect(anchorTarget({ x: 3, y: 4 }, nodes)).toEqual({ kind: 'point', x: 3, y: 4 });
    expect(nodeLabel(node)).toBe('U 2 Colouring hair');
    expect(nodeLabel({ code: 'U 1', title: 'x'.repeat(100) }, 10)).toBe('U 1 xxxxx…');
  });
});

describe('what this browser remembers', () => {
  let storage: Map<string, string>;
  beforeEach(() => {
    storage = new Map();
    vi.stubGlobal('localStorage', {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => void storage.set(key, value),
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('keeps per map how many comments of each thread were seen, and never lowers it', () => {
    markSeen('map-seen', 't1', 2);
    markSeen('map-seen', 't1', 1);
    markSeen('map-seen', 't2', 5);
    expect(getLastSeen('map-seen')).toEqual({ t1: 2, t2: 5 });
    expect(JSON.parse(storage.get('qms.review.seen.map-seen')!)).toEqual({ t1: 2, t2: 5 });
    expect(getLastSeen('another-map')).toEqual({});
  });

  it('asks the institution once per name and completes `me` with it', () => {
    expect(resolveIdentity({ name: 'Marco Rossi' }, {})).toEqual({ name: 'Marco Rossi', institution: '' });
    rememberIdentity({ name: 'Marco Rossi', institution: 'CFP Bologna' });
    expect(resolveIdentity({ name: ' marco rossi ' })).toEqual({ name: 'marco rossi', institution: 'CFP Bologna' });
    // Someone else at the same workshop laptop is asked again.
    expect(resolveIdentity({ name: 'Aino Virtanen' })).toEqual({ name: 'Aino Virtanen', institution: '' });
    // What the app passes wins over what was remembered.
    expect(resolveIdentity({ name: 'Marco Rossi', institution: 'Omnia' })).toEqual({ name: 'Marco Rossi', institution: 'Omnia' });
    // No name passed: the remembered one.
    expect(resolveIdentity({})).toEqual({ name: 'Marco Rossi', institution: 'CFP Bologna' });
    expect(JSON.parse(storage.get('qms.review.identity')!)).toMatchObject({ name: 'Marco Rossi', institutions: { 'marco rossi': 'CFP Bologna' } });
  });
});
