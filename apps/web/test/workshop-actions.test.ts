import { MapEditor, snapshotOf, templateById } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addIdea, promoteIdea, setName, setRating, startWorkshop } from '../src/workshop/actions';
import { readWorkshop } from '../src/workshop/state';

describe('workshop actions', () => {
  it('a card is promoted into a linked node in one map transaction, and the card and log say so', () => {
    const map = new Y.Doc();
    templateById('hairdresser')!.build(map);
    const editor = new MapEditor(map, 'me');
    const review = new Y.Doc();
    startWorkshop(review, 'Anna');
    const id = addIdea(review, 'p1', 'Boris', '  Disinfect the tools  ', 'workAction')!;
    expect(addIdea(review, 'p1', 'Boris', '   ')).toBeUndefined();
    const card = readWorkshop(review).ideas.find((c) => c.id === id)!;
    expect(card.text).toBe('Disinfect the tools');
    const parent = snapshotOf(map).nodes.find((n) => n.code === 'MF 1')!;
    let transactions = 0;
    map.on('afterTransaction', () => transactions++);
    const nodeId = promoteIdea(review, editor, card, 'workAction', parent.id, 'Anna')!;
    expect(transactions).toBe(1);
    const after = snapshotOf(map);
    expect(after.nodes.find((n) => n.id === nodeId)).toMatchObject({ kind: 'workAction', title: 'Disinfect the tools' });
    expect(after.edges.some((e) => e.source === nodeId && e.target === parent.id && e.kind === 'childOf')).toBe(true);
    const state = readWorkshop(review);
    expect(state.ideas.find((c) => c.id === id)).toMatchObject({ status: 'promoted', promotedTo: nodeId });
    expect(review.getArray('workshopLog').toArray().map((e) => (e as { type: string }).type)).toEqual(['start', 'promote']);
    // Under a node that is not in the map: nothing changes.
    expect(promoteIdea(review, editor, card, 'workAction', 'missing', 'Anna')).toBeUndefined();
    expect(snapshotOf(map).nodes.length).toBe(after.nodes.length);
  });

  it('reads ratings under the public contract, with summaries and participants', () => {
    const review = new Y.Doc();
    startWorkshop(review, 'Anna');
    setName(review, 'p1', 'Boris');
    setRating(review, 'wa1', 'p1', { criticality: 5, frequency: 4, difficulty: 2, trainingNeed: 'school' });
    setRating(review, 'wa1', 'p2', { criticality: 3, frequency: 4, difficulty: 2, trainingNeed: 'school' });
    expect(review.getMap('ratings').get('wa1/p1')).toEqual({ criticality: 5, frequency: 4, difficulty: 2, trainingNeed: 'school' });
    const state = readWorkshop(review);
    expect(state.started).toBe(true);
    expect(state.stages.map((s) => s.kind)).toEqual(['key-purpose', 'functions', 'work-actions', 'rating', 'outcomes', 'units']);
    expect(state.summaries.get('wa1')?.mean.criticality).toBe(4);
    expect(state.participants.get('p1')).toBe('Boris');
  });
});
