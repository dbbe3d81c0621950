import { describe, expect, it } from 'vitest';
import { initials } from '../src/presence/PeopleBar';
import { remoteState } from '../src/presence/remote-state';
import { framePart, keepWhileSame } from '../src/presence/use-people';
import type { Person } from '../src/sync/presence';

const person = (clientId: number, name: string, extra: Partial<Person> = {}): Person => ({ clientId, me: false, user: { name, color: `#00000${clientId}` }, ...extra });

describe('presence helpers', () => {
  it('makes initials from words in any script', () => {
    expect(initials('Anna (Nova College)')).toBe('AC');
    expect(initials('Дильноза')).toBe('Д');
    expect(initials('  ')).toBe('?');
  });

  it('collects others’ selections and drags by node, never mine', () => {
    const { remoteSelections, remoteDrags } = remoteState([
      person(1, 'Me', { me: true, selection: ['a'], dragging: { a: { x: 1, y: 1 } } }),
      person(2, 'Boris', { selection: ['a', 'b'] }),
      person(3, 'Chen', { selection: ['a'], dragging: { c: { x: 5, y: 6 }, bad: { x: 'no' } as never } }),
    ]);
    expect(remoteSelections.get('a')).toEqual({ colors: ['#000002', '#000003'], names: ['Boris', 'Chen'] });
    expect(remoteSelections.get('b')?.names).toEqual(['Boris']);
    expect([...remoteDrags]).toEqual([['c', { x: 5, y: 6 }]]);
  });

  it('gives the editor’s frame the same list while only pointers and this person’s own drag move', () => {
    const me = person(1, 'Me', { me: true, lens: 'functions' });
    const boris = person(2, 'Boris', { pointer: { x: 1, y: 1 } });
    const first = keepWhileSame(null, [me, boris], framePart);
    // New objects (awareness gives new ones on each change), but only pointers and my drag moved.
    const moved = keepWhileSame(first, [{ ...me, pointer: { x: 5, y: 5 }, dragging: { a: { x: 3, y: 4 } }, selection: ['a'] }, { ...boris, pointer: { x: 9, y: 9 } }], framePart);
    expect(moved.people).toBe(first.people);
    // What the frame shows or follows is new: Boris's selection and drag, his view, my lens or name.
    for (const changed of [
      [me, { ...boris, selection: ['a'] }],
      [me, { ...boris, dragging: { a: { x: 1, y: 2 } } }],
      [me, { ...boris, viewport: { x: 0, y: 0, zoom: 1, width: 10, height: 10 } }],
      [{ ...me, lens: 'units' }, boris],
      [{ ...me, user: { name: 'Anna', color: '#000001' } }, boris],
      [me],
    ]) expect(keepWhileSame(first, changed, framePart).people).toBe(changed);
  });
});
