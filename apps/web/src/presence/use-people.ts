import { useSyncExternalStore } from 'react';
import type { Person, Presence } from '../sync/presence';

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
