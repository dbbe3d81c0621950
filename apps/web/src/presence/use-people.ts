import type { Lens } from '@qms/model';
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import type { Person, PersonState, Presence } from '../sync/presence';
import { remoteState } from './remote-state';

const cache = new WeakMap<Presence, Person[]>();

/** Everyone in the map (this person first), re-read when awareness changes. */
function everyone(presence: Presence): Person[] {
  let people = cache.get(presence);
  if (!people) {
    people = presence.people();
    cache.set(presence, people);
  }
  return people;
}

/**
 * What of a person the editor's frame (toolbar, panels, people bar, follow) needs: not where
 * pointers are (the cursors layer reads those itself), nor this person's own live fields. Every
 * pointer in a workshop moves 20 times a second; re-rendering the whole editor on each move, and
 * on each frame of this person's own drag, was most of the script a drag cost.
 */
export function framePart(person: Person): unknown {
  if (person.me) return [person.user, person.lens ?? null, person.summon ?? null];
  return { ...person, pointer: undefined };
}

/**
 * Everyone in the map (this person first), re-read when awareness changes. With `relevant`, the
 * same array is returned while no person's relevant part changed, so the caller does not render.
 */
export function usePeople(presence: Presence, relevant?: (person: Person) => unknown): Person[] {
  const last = useRef<{ key: string; people: Person[] } | null>(null);
  const subscribe = useCallback(
    (onChange: () => void) =>
      presence.subscribe(() => {
        cache.delete(presence);
        onChange();
      }),
    [presence],
  );
  return useSyncExternalStore(
    subscribe,
    () => {
      const people = everyone(presence);
      if (!relevant) return people;
      last.current = keepWhileSame(last.current, people, relevant);
      return last.current.people;
    },
  );
}

/** `people`, or the list remembered in `last` when every person's relevant part is as it was. */
export function keepWhileSame(last: { key: string; people: Person[] } | null, people: Person[], relevant: (person: Person) => unknown): { key: string; people: Person[] } {
  const key = JSON.stringify(people.map(relevant));
  return last?.key === key ? last : { key, people };
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
