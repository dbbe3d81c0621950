import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WorkshopRoot, mustCover, ratingKey, readRatings, splitEntryKey, summariseAll } from '../src/index.js';

describe('workshop ratings', () => {
  it('reads well-formed ratings from the contract map and ignores the rest', () => {
    const doc = new Y.Doc();
    const ratings = doc.getMap<unknown>(WorkshopRoot.ratings);
    ratings.set(ratingKey('wa1', 'p1'), { criticality: 5, frequency: 4, difficulty: 2, trainingNeed: 'school' });
    ratings.set(ratingKey('wa1', 'p2'), { criticality: 3, frequency: 4, difficulty: 4, trainingNeed: 'both' });
    ratings.set(ratingKey('wa1', 'p3'), { criticality: 6, frequency: 4, difficulty: 4, trainingNeed: 'both' });
    ratings.set(ratingKey('wa2', 'p1'), { criticality: 2, frequency: 1, difficulty: 1, trainingNeed: 'none' });
    ratings.set('no-slash', { criticality: 2, frequency: 1, difficulty: 1, trainingNeed: 'none' });
    const entries = readRatings(doc);
    expect(entries.map((e) => `${e.workActionId}/${e.participantId}`)).toEqual(['wa1/p1', 'wa1/p2', 'wa2/p1']);
    const summary = summariseAll(entries);
    expect(summary.get('wa1')).toMatchObject({ count: 2, mean: { criticality: 4, frequency: 4, difficulty: 3 }, spread: { criticality: 1, frequency: 0 }, need: 'both' });
    const rule = { id: 'r', minCriticality: 4 };
    expect(mustCover([rule], summary.get('wa1'))?.id).toBe('r');
    expect(mustCover([rule], summary.get('wa2'))).toBeUndefined();
    expect(mustCover([{ id: 'any' }], summary.get('wa2'))).toBeUndefined(); // need "none" is never a must
  });

  it('splits keys at the last slash', () => {
    expect(splitEntryKey('a/b/c')).toEqual({ targetId: 'a/b', participantId: 'c' });
    expect(splitEntryKey('/x')).toBeUndefined();
  });
});
