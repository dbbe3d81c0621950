import type { Lens } from '@qms/model';
import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { Person, PersonState, Presence } from '../sync/presence';
import { remoteState } from './remote-state';

const cache = new WeakMap<Presence, Person[]>();

/** Everyone in the map (this person first), re-read when awareness changes. */
export function usePeople(presence: Presence): Person[] {
  return useSyncExternalStore(
    (onChange) =>
      presence.subscribe(() => {
        cache.delete(presence);
        onChange();
      }),
    () => {
      let people = cache.get(presence);
      if (!people) {
        people = presence.people();
        cache.set(presence, people);
      }
      return people;
    },
  );
}

/**
 * Others' selections and drags, by node: new maps only when they change, not on every pointer
 * move, and each on its own, so that someone's drag does not make every selection new too.
 */
export function useRemoteState(people: readonly Person[]) {
  const others = people.filter((p) => !p.me);
  const selectionKey = JSON.stringify(others.map((p) => [p.user.color, p.user.name, p.selection ?? []]));
  const dragKey = JSON.stringify(others.map((p) => p.dragging ?? null));
  const remoteSelections = useMemo(() => remoteState(people).remoteSelections, [selectionKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const remoteDrags = useMemo(() => remoteState(people).remoteDrags, [dragKey]); // eslint-disable-line react-hooks/exhaustive-deps
  return { remoteSelections, remoteDrags };
}

/** Everyone's names (for mentions), the same array while nobody comes, goes or is renamed. */
export function usePeopleNames(people: readonly Person[]): string[] {
  const key = people.map((p) => p.user.name).join('\u0000');
  return useMemo(() => (key ? key.split('\u0000') : []), [key]);
}

/** Tells everyone in the map who this person is and through which lens they look. */
export function useAnnounce(presence: Presence, user: PersonState['user'], lens: Lens): void {
  const { name, color, institution } = user;
  useEffect(() => {
    presence.set({ user: { name, color, ...(institution ? { institution } : {}) }, lens });
  }, [presence, name, color, institution, lens]);
}
