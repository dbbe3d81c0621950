import { describe, expect, it } from 'vitest';
import { initials } from '../src/presence/PeopleBar';
import { remoteState } from '../src/presence/remote-state';
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
});
