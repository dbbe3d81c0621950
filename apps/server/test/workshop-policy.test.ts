import { WorkshopRoot, ratingKey, readRating, splitEntryKey, voteKey } from '@qms/model';
import { DocumentKind, newParticipantSecret, participantIdOf } from '@qms/protocol';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { verdictFor } from '../src/rooms/update-policy.js';
import { WORKSHOP_SERVER_LIMITS } from '../src/rooms/workshop-policy.js';
import { fakePeer } from './fakes.js';

/**
 * The workshop policy on its own, against thousands of random changes a participant's client
 * could send: it never throws, and whatever it lets through leaves everyone else's entries as
 * they were and the participant's own within the rules.
 */

/** mulberry32: seeded, so a failure replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const me = participantIdOf(newParticipantSecret());
const other = participantIdOf(newParticipantSecret());
const DOTS = 3;

function reviewWithOthers(): Y.Doc {
  const doc = new Y.Doc();
  doc.transact(() => {
    doc.getMap(WorkshopRoot.workshop).set('dotsPerPerson', DOTS);
    doc.getMap(WorkshopRoot.ratings).set(ratingKey('wa1', other), { criticality: 4, frequency: 4, difficulty: 4, trainingNeed: 'both' });
    doc.getMap(WorkshopRoot.votes).set(voteKey('wa1', other), 2);
    doc.getMap(WorkshopRoot.ideas).set('theirs', { text: 'Theirs', author: other, createdAt: 1, status: 'open' });
    doc.getMap(WorkshopRoot.participants).set(other, { name: 'Other', joinedAt: 1 });
  });
  return doc;
}

/** Everyone else's part of the workshop, to compare before and after. */
function othersPart(doc: Y.Doc): unknown {
  const json = doc.toJSON() as Record<string, Record<string, unknown> | unknown[] | undefined>;
  const notMine = (root: string) =>
    Object.entries((json[root] ?? {}) as Record<string, unknown>).filter(([key, value]) => {
      if (root === WorkshopRoot.ideas) return (value as { author?: unknown } | null)?.author !== me;
      if (root === WorkshopRoot.participants) return key !== me;
      return splitEntryKey(key)?.participantId !== me;
    });
  return {
    workshop: json[WorkshopRoot.workshop],
    decisions: json[WorkshopRoot.decisions],
    log: json[WorkshopRoot.log],
    ratings: notMine(WorkshopRoot.ratings),
    votes: notMine(WorkshopRoot.votes),
    ideas: notMine(WorkshopRoot.ideas),
    participants: notMine(WorkshopRoot.participants),
  };
}

describe('the workshop policy', () => {
  it('never throws on random changes, and what it allows keeps others’ entries and the rules', () => {
    const rand = random(Number(process.env.FUZZ_SEED ?? 17));
    const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
    // Mostly changes that are nearly right (own keys, good values), so that what is let through is varied.
    const entryKeys = [ratingKey('wa1', me), ratingKey('wa2', me), ratingKey('wa3', me)];
    const ownKeys: Record<string, string[]> = { ratings: entryKeys, votes: entryKeys, ideas: ['mine', 'mine2'], participants: [me] };
    const junkKeys = [ratingKey('wa1', other), other, 'theirs', `wa1/${me}/x`, '', 'x'.repeat(300), '@1:2'];
    const values: Array<() => unknown> = [
      () => ({ criticality: 1 + Math.floor(rand() * 6), frequency: 3, difficulty: 2, trainingNeed: pick(['school', 'none', 'nope']) }),
      () => Math.floor(rand() * 5) - 1,
      () => ({ text: 'x'.repeat(Math.floor(rand() * 600)), author: pick([me, me, other]), createdAt: 1, status: pick(['open', 'promoted', undefined]) }),
      () => ({ name: 'x'.repeat(Math.floor(rand() * 150)), joinedAt: 1 }),
    ];
    const junk: Array<() => unknown> = [() => 1.5, () => 'text', () => null, () => [1, 2], () => new Y.Map()];
    const writable = [WorkshopRoot.ratings, WorkshopRoot.votes, WorkshopRoot.ideas, WorkshopRoot.participants];
    const peer = fakePeer('commenter', me);
    const doc = reviewWithOthers();
    const others = othersPart(doc);
    let allowed = 0;
    for (let i = 0; i < 3000; i++) {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(copy);
      const root = rand() < 0.85 ? pick(writable) : pick(Object.values(WorkshopRoot));
      copy.transact(() => {
        for (let n = 0; n < 1 + Math.floor(rand() * 2); n++) {
          const key = rand() < 0.8 ? pick(ownKeys[root] ?? entryKeys) : pick(junkKeys);
          if (root === WorkshopRoot.log) copy.getArray(root).push([{ at: 1, type: 'x' }]);
          else if (rand() < 0.2) copy.getMap(root).delete(rand() < 0.5 ? key : pick([...copy.getMap(root).keys(), key]));
          else copy.getMap(root).set(key, rand() < 0.6 ? (values[writable.indexOf(root as (typeof writable)[number])] ?? pick(values))() : rand() < 0.8 ? pick(values)() : pick(junk)());
        }
      });
      let update = Y.encodeStateAsUpdate(copy, before);
      if (rand() < 0.03) {
        // An array element where map entries go (a root read as an array by the sender).
        const elements = new Y.Doc();
        Y.applyUpdate(elements, Y.encodeStateAsUpdate(doc));
        const start = Y.encodeStateVector(elements);
        elements.get(pick(writable), Y.Array).push([values[2]!()]);
        update = Y.encodeStateAsUpdate(elements, start);
      }
      const verdict = verdictFor(DocumentKind.Review, doc, update, peer);
      if (!verdict.allowed) continue;
      allowed++;
      Y.applyUpdate(doc, update);
      expect(othersPart(doc)).toEqual(others);
      doc.getMap<unknown>(WorkshopRoot.ratings).forEach((value, key) => {
        if (splitEntryKey(key)?.participantId === me) expect(readRating(value)).toBeDefined();
      });
      let dots = 0;
      doc.getMap<unknown>(WorkshopRoot.votes).forEach((value, key) => {
        if (splitEntryKey(key)?.participantId === me) dots += value as number;
      });
      expect(dots).toBeLessThanOrEqual(DOTS);
    }
    // The participant's own well-formed entries do get through.
    expect(allowed).toBeGreaterThan(100);
  });

  it('lets a commenter without a participant secret write no workshop entry, and a facilitator write all', () => {
    const doc = reviewWithOthers();
    const change = (fn: (copy: Y.Doc) => void) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(copy);
      fn(copy);
      return Y.encodeStateAsUpdate(copy, before);
    };
    const rate = change((copy) => copy.getMap(WorkshopRoot.ratings).set(ratingKey('wa3', me), { criticality: 1, frequency: 1, difficulty: 1, trainingNeed: 'none' }));
    expect(verdictFor(DocumentKind.Review, doc, rate, fakePeer('commenter'))).toMatchObject({ allowed: false });
    expect(verdictFor(DocumentKind.Review, doc, rate, fakePeer('commenter', me))).toMatchObject({ allowed: true });
    const run = change((copy) => {
      copy.getMap(WorkshopRoot.workshop).set('stage', 2);
      copy.getMap(WorkshopRoot.ideas).set('theirs', { text: 'Theirs', author: other, createdAt: 1, status: 'merged', mergedInto: 'x' });
    });
    expect(verdictFor(DocumentKind.Review, doc, run, fakePeer('editor'))).toMatchObject({ allowed: true });
    expect(verdictFor(DocumentKind.Review, doc, run, fakePeer('commenter', me))).toMatchObject({ allowed: false });
    // An array element where cards go is no card.
    const elements = new Y.Doc();
    Y.applyUpdate(elements, Y.encodeStateAsUpdate(doc));
    const start = Y.encodeStateVector(elements);
    elements.get(WorkshopRoot.ideas, Y.Array).push([{ text: 'Mine', author: me, createdAt: 1, status: 'open' }]);
    expect(verdictFor(DocumentKind.Review, doc, Y.encodeStateAsUpdate(elements, start), fakePeer('commenter', me))).toEqual({ allowed: false, reason: 'workshop entries are plain values' });
    // A private document is its participant's: nobody else's proof writes in it.
    expect(verdictFor(DocumentKind.Workshop, doc, rate, fakePeer('commenter', other), me)).toMatchObject({ allowed: false });
    expect(verdictFor(DocumentKind.Workshop, doc, rate, fakePeer('commenter', me), me)).toMatchObject({ allowed: true });
  });

  it('bounds the entries of one participant and of everyone', () => {
    const doc = reviewWithOthers();
    const good = { criticality: 2, frequency: 2, difficulty: 2, trainingNeed: 'workplace' };
    doc.transact(() => {
      for (let i = 0; i < WORKSHOP_SERVER_LIMITS.ratings; i++) doc.getMap(WorkshopRoot.ratings).set(ratingKey(`wa${i}`, me), good);
      for (let i = doc.getMap(WorkshopRoot.participants).size; i < WORKSHOP_SERVER_LIMITS.total.participants!; i++) doc.getMap(WorkshopRoot.participants).set(`p${i}`, { name: 'x' });
    });
    const change = (fn: (copy: Y.Doc) => void) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(copy);
      fn(copy);
      return verdictFor(DocumentKind.Review, doc, Y.encodeStateAsUpdate(copy, before), fakePeer('commenter', me));
    };
    expect(change((copy) => copy.getMap(WorkshopRoot.ratings).set(ratingKey('one-more', me), good))).toEqual({ allowed: false, reason: 'a participant holds at most 2000 ratings in a document' });
    expect(change((copy) => copy.getMap(WorkshopRoot.ratings).set(ratingKey('wa1', me), { ...good, criticality: 5 }))).toMatchObject({ allowed: true });
    expect(change((copy) => copy.getMap(WorkshopRoot.participants).set(me, { name: 'Me', joinedAt: 1 }))).toEqual({ allowed: false, reason: 'this workshop holds at most 500 participants' });
    expect(change((copy) => copy.getMap(WorkshopRoot.ratings).set(ratingKey('wa1', other), good))).toMatchObject({ allowed: false });
  });
});
