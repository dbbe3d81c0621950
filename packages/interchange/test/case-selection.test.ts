import { describe, expect, it } from 'vitest';
import { selectRecords } from '../src/index.js';

const docs = [
  { identifier: 'a', title: 'Welder', version: '10', notes: "O'Brien's notes" },
  { identifier: 'b', title: 'baker', version: '9' },
  { identifier: 'c', title: 'Hairdresser', version: '2', notes: 'x' },
];
const known = ['identifier', 'title', 'version', 'notes'];
const ids = (query: Parameters<typeof selectRecords>[1]) => {
  const result = selectRecords(docs, query, known);
  if (!result.ok) throw new Error(result.message);
  return result.records.map((r) => r.identifier);
};

describe('CASE collection selection', () => {
  it('sorts text without regard to case, numbers as numbers, missing fields last', () => {
    expect(ids({ sort: 'title' })).toEqual(['b', 'c', 'a']);
    expect(ids({ sort: 'version' })).toEqual(['c', 'b', 'a']);
    expect(ids({ sort: 'version', orderBy: 'desc' })).toEqual(['a', 'b', 'c']);
    expect(ids({ sort: 'notes', orderBy: 'desc' })).toEqual(['c', 'a', 'b']);
  });

  it('filters with quoted values, doubled quotes and AND/OR outside quotes', () => {
    expect(ids({ filter: "notes~'o''brien'" })).toEqual(['a']);
    expect(ids({ filter: "title='x AND y' OR version>='9'" })).toEqual(['a', 'b']);
    expect(ids({ filter: "notes!='x'" })).toEqual(['a', 'b']);
    expect(ids({ filter: "version<'3'" })).toEqual(['c']);
  });

  it('refuses what it cannot read, naming the problem', () => {
    for (const query of [{ filter: "title~'a' AND title~'b' OR title~'c'" }, { filter: 'title~a' }, { filter: '' }, { fields: '' }, { sort: 'colour' }, { orderBy: 'sideways' }]) {
      const result = selectRecords(docs, query, known);
      expect(result.ok, JSON.stringify(query)).toBe(false);
    }
    const long = selectRecords(docs, { filter: Array.from({ length: 30 }, () => "title~'a'").join(' AND ') }, known);
    expect(long).toMatchObject({ ok: false, message: expect.stringMatching(/at most 20/) });
  });
});
