import { WorkshopRoot, readRatings, ruleApplies, summarise, type Rating } from '@qms/model';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { api } from '../src/api';
import { addIdea, setFlag, setRating, startWorkshop } from '../src/workshop/actions';
import { heatValue } from '../src/workshop/canvas';
import { WORKSHOP_DOCUMENTS_ROOT, mergePrivate, privateDocumentsToOpen, publishLeftovers, readPrivateEntries, revealFailure, writeIdea, writeRating, type PrivateEntries } from '../src/workshop/private';
import { readWorkshop } from '../src/workshop/state';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);
const rating = (criticality: number, trainingNeed: Rating['trainingNeed'] = 'school'): Rating => ({ criticality, frequency: 3, difficulty: 2, trainingNeed });

function workshop(flags: { hideRatings?: boolean; privateIdeas?: boolean } = {}) {
  const review = new Y.Doc();
  startWorkshop(review, 'Anna');
  if (flags.hideRatings) setFlag(review, 'hideRatings', true, 'Anna');
  if (flags.privateIdeas) setFlag(review, 'privateIdeas', true, 'Anna');
  return review;
}

describe('private workshop entries', () => {
  it('while ratings are hidden, a rating goes to the private document only, and the author sees it merged with the visible ones', () => {
    const review = workshop({ hideRatings: true });
    setRating(review, 'wa1', B, rating(2));
    const own = new Y.Doc();
    const target = { review, own, hideRatings: true, privateIdeas: false };
    expect(writeRating(target, 'wa1', A, rating(5))).toBe(true);
    // Nothing of A's in the review: only B's visible rating.
    expect(readRatings(review).map((r) => r.participantId)).toEqual([B]);
    expect(own.getMap(WorkshopRoot.ratings).get(`wa1/${A}`)).toEqual(rating(5));

    const merged = mergePrivate(readWorkshop(review), new Map([[A, readPrivateEntries(own, A)]]));
    expect(merged.ratings.map((r) => [r.participantId, r.rating.criticality])).toEqual([
      [A, 5],
      [B, 2],
    ]);
    expect(merged.summaries.get('wa1')?.mean.criticality).toBe(3.5);
    expect([...merged.privateRatings]).toEqual([`wa1/${A}`]);
    expect(merged.hidden).toEqual({ ratings: 1, raters: 1, ideas: 0, authors: 0 });
    // Someone else's reading of the review alone does not include it.
    expect(readWorkshop(review).summaries.get('wa1')?.mean.criticality).toBe(2);
  });

  it('with no private document open, a hidden rating or a private card is not written anywhere (never into the review)', () => {
    const review = workshop({ hideRatings: true, privateIdeas: true });
    const target = { review, own: null, hideRatings: true, privateIdeas: true };
    expect(writeRating(target, 'wa1', A, rating(4))).toBe(false);
    expect(writeIdea(target, A, 'Boris', 'Disinfect the tools')).toBeUndefined();
    expect(review.getMap(WorkshopRoot.ratings).size).toBe(0);
    expect(review.getMap(WorkshopRoot.ideas).size).toBe(0);
  });

  it('a rating given openly before ratings were hidden moves to the private document when changed, and back when they are shown', () => {
    const review = workshop();
    const own = new Y.Doc();
    writeRating({ review, own, hideRatings: false, privateIdeas: false }, 'wa1', A, rating(3));
    expect(review.getMap(WorkshopRoot.ratings).has(`wa1/${A}`)).toBe(true);
    writeRating({ review, own, hideRatings: true, privateIdeas: false }, 'wa1', A, rating(4));
    expect(review.getMap(WorkshopRoot.ratings).has(`wa1/${A}`)).toBe(false);
    expect(own.getMap(WorkshopRoot.ratings).get(`wa1/${A}`)).toEqual(rating(4));
    writeRating({ review, own, hideRatings: false, privateIdeas: false }, 'wa1', A, rating(1));
    expect(own.getMap(WorkshopRoot.ratings).size).toBe(0);
    expect(review.getMap(WorkshopRoot.ratings).get(`wa1/${A}`)).toEqual(rating(1));
  });

  it('private cards join the visible ones; a facilitator reading everyone counts who wrote and rated privately', () => {
    const review = workshop({ hideRatings: true, privateIdeas: true });
    const visible = addIdea(review, C, 'Gulnara', 'Advise on home care')!;
    const docs = new Map([A, B].map((id) => [id, new Y.Doc()]));
    const a = writeIdea({ review, own: docs.get(A)!, hideRatings: true, privateIdeas: true }, A, 'Boris', 'Check the scalp')!;
    writeRating({ review, own: docs.get(A)!, hideRatings: true, privateIdeas: true }, 'wa1', A, rating(5));
    writeRating({ review, own: docs.get(A)!, hideRatings: true, privateIdeas: true }, 'wa2', A, rating(4));
    writeRating({ review, own: docs.get(B)!, hideRatings: true, privateIdeas: true }, 'wa1', B, rating(3));
    expect(review.getMap(WorkshopRoot.ideas).size).toBe(1);
    // A forged entry under another participant's id in A's document is not read as theirs.
    docs.get(A)!.getMap(WorkshopRoot.ratings).set(`wa1/${C}`, rating(1));
    docs.get(A)!.getMap(WorkshopRoot.ideas).set('idea-forged', { text: 'Not mine', author: C, createdAt: 1, status: 'open' });

    const privates = new Map<string, PrivateEntries>([...docs].map(([id, doc]) => [id, readPrivateEntries(doc, id)]));
    const merged = mergePrivate(readWorkshop(review), privates);
    expect(merged.ideas.map((card) => card.id).sort()).toEqual([a, visible].sort());
    expect([...merged.privateCards]).toEqual([a]);
    expect(merged.hidden).toEqual({ ratings: 3, raters: 2, ideas: 1, authors: 1 });
    expect(merged.summaries.get('wa1')?.count).toBe(2);
    // A private card cannot stand in for another author's visible card of the same id.
    const hijack = mergePrivate(readWorkshop(review), new Map([[A, { ratings: [], ideas: [{ id: visible, text: 'Mine now', author: A, createdAt: 0, status: 'open' }] }]]));
    expect(hijack.ideas.find((card) => card.id === visible)?.text).toBe('Advise on home care');
    expect(hijack.privateCards.size).toBe(0);
  });

  it('holds no private document while nothing is private; a participant their own; a facilitator everyone listed, bounded', () => {
    const review = workshop();
    review.getMap(WORKSHOP_DOCUMENTS_ROOT).set(C, 30);
    review.getMap(WORKSHOP_DOCUMENTS_ROOT).set(B, 20);
    review.getMap(WORKSHOP_DOCUMENTS_ROOT).set('not-a-participant', 10);
    const state = (flags: object) => ({ ...readWorkshop(review), ...flags });
    expect(privateDocumentsToOpen(review, state({}), A, true)).toEqual([]);
    expect(privateDocumentsToOpen(review, state({ hideRatings: true }), A, false)).toEqual([A]);
    expect(privateDocumentsToOpen(review, state({ privateIdeas: true }), A, true)).toEqual([A, B, C]);
    expect(privateDocumentsToOpen(review, state({ privateIdeas: true }), A, true, 2)).toEqual([A, B]);
    // The workshop ended: everything closes.
    expect(privateDocumentsToOpen(review, state({ hideRatings: true, started: false }), A, true)).toEqual([]);
  });
});

describe('leftovers once nothing is private', () => {
  it('a rating or card written while the facilitator revealed moves into the review, only the participant\'s own and only the kinds no longer private', () => {
    const review = workshop();
    const own = new Y.Doc();
    writeRating({ review, own, hideRatings: true, privateIdeas: true }, 'wa1', A, rating(4));
    const card = writeIdea({ review, own, hideRatings: true, privateIdeas: true }, A, 'Boris', 'Sterilise the combs')!;
    own.getMap(WorkshopRoot.ratings).set(`wa2/${B}`, rating(1));
    // Ratings are shown again, cards still private: only the rating moves.
    expect(publishLeftovers(own, review, A, { ratings: true, ideas: false })).toBe(1);
    expect(review.getMap(WorkshopRoot.ratings).toJSON()).toEqual({ [`wa1/${A}`]: rating(4) });
    expect(own.getMap(WorkshopRoot.ratings).has(`wa1/${A}`)).toBe(false);
    expect(own.getMap(WorkshopRoot.ratings).has(`wa2/${B}`)).toBe(true);
    expect(review.getMap(WorkshopRoot.ideas).size).toBe(0);
    expect(publishLeftovers(own, review, A, { ratings: true, ideas: true })).toBe(1);
    expect(readWorkshop(review).ideas.map((c) => [c.id, c.text, c.author])).toEqual([[card, 'Sterilise the combs', A]]);
    expect(own.getMap(WorkshopRoot.ideas).size).toBe(0);
    expect(publishLeftovers(own, review, A, { ratings: true, ideas: true })).toBe(0);
  });
});

describe('heat-map scales', () => {
  it('colours by a mean, by the share asking for training, or by the largest spread', () => {
    const summary = summarise('wa1', [rating(5, 'none'), rating(3, 'school'), { criticality: 1, frequency: 5, difficulty: 1, trainingNeed: 'both' }])!;
    expect(heatValue(summary, 'criticality')).toEqual({ value: 3, share: 0.5 });
    expect(heatValue(summary, 'frequency').value).toBe(summary.mean.frequency);
    expect(heatValue(summary, 'difficulty').value).toBe(summary.mean.difficulty);
    expect(heatValue(summary, 'trainingNeed')).toEqual({ value: 0.67, share: 0.67 });
    expect(heatValue(summary, 'spread').value).toBe(Math.max(summary.spread.criticality, summary.spread.frequency, summary.spread.difficulty));
    expect(heatValue(summary, 'spread').value).toBe(1.63);
    expect(ruleApplies({ id: 'r', minCriticality: 3 }, summary)).toBe(true);
  });
});

describe('revealing', () => {
  let storage: Map<string, string>;
  beforeEach(() => {
    storage = new Map([['qms.maps', JSON.stringify({ m1: { id: 'm1', title: 'Map', token: 'owner-token', lastOpened: 1 } })]]);
    vi.stubGlobal('localStorage', { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('posts { what } with the link\'s token and resolves to how many entries were revealed', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ revealed: 5 }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    expect(await api.revealWorkshop('m1', 'ratings')).toBe(5);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/api/maps/m1/workshop/reveal');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ what: 'ratings' });
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer owner-token');
  });

  it('says why it failed: a link that may not reveal, the server out of reach, or the server\'s explanation', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: 'forbidden', message: 'Only owners and editors may do this.' }), { status: 403 }));
    const forbidden = await api.revealWorkshop('m1', 'ideas').catch((error: unknown) => error);
    expect(revealFailure(forbidden)).toEqual({ reason: 'forbidden' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(revealFailure(await api.revealWorkshop('m1', 'ideas').catch((error: unknown) => error))).toEqual({ reason: 'offline' });
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: 'invalid-request', message: 'body/what must be ratings or ideas' }), { status: 400 }));
    expect(revealFailure(await api.revealWorkshop('m1', 'ideas').catch((error: unknown) => error))).toEqual({ message: 'body/what must be ratings or ideas' });
  });
});
