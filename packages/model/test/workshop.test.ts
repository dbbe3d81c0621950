import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WorkshopRoot, emptyWorkshopSnapshot, mustCover, ratingKey, readRatings, readWorkshopSnapshot, splitEntryKey, summariseAll } from '../src/index.js';

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

describe('workshop snapshot', () => {
  it('reads every part of the review document as plain, JSON-safe data and drops what is malformed', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      const session = doc.getMap<unknown>(WorkshopRoot.workshop);
      session.set('stages', [{ kind: 'functions', minutes: 20 }, { kind: 'rating', title: 'Rate' }, { kind: 'nonsense' }]);
      session.set('stage', 1);
      session.set('timer', { status: 'running', durationMs: 600000, startedAt: 1000, remainingMs: 500000 });
      session.set('structureLocked', true);
      session.set('rules', [{ id: 'crit', minCriticality: 4, needs: ['school', 'bogus'] }, { nope: 1 }]);
      session.set('facilitator', { name: 'Ann' });
      session.set('startedAt', 1000);
      const ratings = doc.getMap<unknown>(WorkshopRoot.ratings);
      ratings.set(ratingKey('wa1', 'p1'), { criticality: 5, frequency: 4, difficulty: 2, trainingNeed: 'school' });
      ratings.set(ratingKey('wa1', 'p2'), { criticality: 3, frequency: 2, difficulty: 4, trainingNeed: 'school' });
      ratings.set(ratingKey('wa2', 'p1'), { criticality: 'high' });
      doc.getMap<unknown>(WorkshopRoot.ideas).set('i1', { text: 'Greet clients', author: 'p1', createdAt: 5, status: 'promoted', promotedTo: 'wa1' });
      doc.getMap<unknown>(WorkshopRoot.ideas).set('i2', { text: '', author: 'p1' });
      doc.getMap<unknown>(WorkshopRoot.votes).set('wa1/p1', 2);
      doc.getMap<unknown>(WorkshopRoot.votes).set('wa1/p2', 'many');
      doc.getMap<unknown>(WorkshopRoot.participants).set('p1', { name: 'Bob', joinedAt: 2 });
      doc.getMap<unknown>(WorkshopRoot.decisions).set('wa2', { decision: 'not-trained', reason: 'Done by suppliers', by: 'Ann', at: 9 });
      doc.getMap<unknown>(WorkshopRoot.decisions).set('wa3', { decision: 'maybe' });
      doc.getArray<unknown>(WorkshopRoot.log).push([{ at: 1000, type: 'stage', detail: { stage: 1, bad: { nested: true } } }, { type: 'no time' }]);
    });
    const snapshot = readWorkshopSnapshot(doc);
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(snapshot.stages).toEqual([{ kind: 'functions', minutes: 20 }, { kind: 'rating', title: 'Rate' }]);
    expect(snapshot.stage).toBe(1);
    expect(snapshot.timer).toEqual({ status: 'running', durationMs: 600000, startedAt: 1000, remainingMs: 500000 });
    expect(snapshot.structureLocked).toBe(true);
    expect(snapshot.hideRatings).toBe(false);
    expect(snapshot.rules).toEqual([{ id: 'crit', minCriticality: 4, needs: ['school'] }]);
    expect(snapshot.ratings.map((r) => `${r.workActionId}/${r.participantId}`)).toEqual(['wa1/p1', 'wa1/p2']);
    expect(snapshot.summaries).toHaveLength(1);
    expect(snapshot.summaries[0]).toMatchObject({ workActionId: 'wa1', count: 2, mean: { criticality: 4, frequency: 3, difficulty: 3 }, need: 'school' });
    expect(snapshot.ideas.map((i) => i.id)).toEqual(['i1']);
    expect(snapshot.votes).toEqual([{ targetId: 'wa1', participantId: 'p1', dots: 2 }]);
    expect(snapshot.participants).toEqual([{ id: 'p1', name: 'Bob', joinedAt: 2 }]);
    expect(snapshot.decisions).toEqual([{ workActionId: 'wa2', decision: 'not-trained', reason: 'Done by suppliers', by: 'Ann', at: 9 }]);
    expect(snapshot.log).toEqual([{ at: 1000, type: 'stage', detail: { stage: 1 } }]);
    expect(snapshot.facilitator).toBe('Ann');
    expect(snapshot.startedAt).toBe(1000);
    expect(snapshot.endedAt).toBeNull();
  });

  it('reads an empty review document as an empty workshop', () => {
    const snapshot = readWorkshopSnapshot(new Y.Doc());
    expect(snapshot).toMatchObject({ ratings: [], summaries: [], stages: [], stage: null, timer: null, rules: [], log: [] });
    // What exports read for a map without a workshop is exactly that reading.
    expect(emptyWorkshopSnapshot()).toEqual(snapshot);
  });
});
