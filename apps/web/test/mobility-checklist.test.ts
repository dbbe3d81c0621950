import type { Learner, Mobility } from '@qms/protocol';
import { describe, expect, it } from 'vitest';
import { mobilityChecklist } from '../src/mobility/checklist';

const learner = (id: string, patch: Partial<Learner> = {}): Learner => ({ id, name: `Learner ${id}`, results: [], createdAt: 1, ...patch });
const mobility = (patch: Partial<Mobility> = {}): Mobility => ({
  id: 'm',
  title: 'Spring',
  home: 'a',
  host: 'b',
  start: '2027-03-01',
  end: '2027-03-28',
  units: ['u1', 'u2'],
  draft: false,
  createdAt: 1,
  updatedAt: 1,
  learners: [],
  ...patch,
});
const state = (m: Mobility) => Object.fromEntries(mobilityChecklist(m).map((item) => [item.id, item.done]));
const result = (unit: string) => ({ unit, result: 'achieved' as const, assessor: 'A', date: '2027-03-20' });

describe('where a mobility stands', () => {
  it('follows the mobility from its partners to every learner recognised, phase by phase', () => {
    expect(mobilityChecklist(mobility()).map((item) => [item.id, item.phase])).toEqual([
      ['partners', 'before'],
      ['units-agreed', 'before'],
      ['learning-agreements', 'before'],
      ['results', 'during'],
      ['recognised', 'after'],
    ]);
    expect(state(mobility({ draft: true }))).toEqual({ partners: true, 'units-agreed': false, 'learning-agreements': false, results: false, recognised: false });
    expect(state(mobility())).toEqual({ partners: true, 'units-agreed': true, 'learning-agreements': false, results: false, recognised: false });
    // Results count only once every unit of the mobility has one.
    const halfway = mobility({ learners: [learner('1', { results: [result('u1')] }), learner('2', { results: [result('u1'), result('u2')] })] });
    expect(state(halfway)).toMatchObject({ 'learning-agreements': true, results: false });
    expect(mobilityChecklist(halfway).find((item) => item.id === 'results')!.count).toEqual({ done: 1, of: 2 });
    const recognition = { decision: 'recognised' as const, by: 'H', date: '2027-04-01', points: 20 };
    const finished = mobility({ learners: [learner('1', { results: [result('u1'), result('u2')], recognition }), learner('2', { results: [result('u1'), result('u2')], recognition })] });
    expect(state(finished)).toEqual({ partners: true, 'units-agreed': true, 'learning-agreements': true, results: true, recognised: true });
  });
});
