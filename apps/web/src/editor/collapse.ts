import { createContext, useCallback, useContext, useMemo, useState } from 'react';

/**
 * Which branches of the functional tree this person has collapsed on a map. Each person's own
 * choice, remembered in this browser per map and never written to the document: collapsing a
 * branch to read one part must not fold it away for everyone else in the workshop.
 */

const MAX_REMEMBERED = 10_000;
const keyOf = (mapId: string) => `qms.collapsed.${mapId}`;

export function readCollapsed(mapId: string): Set<string> {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(keyOf(mapId)) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string').slice(0, MAX_REMEMBERED) : []);
  } catch {
    return new Set();
  }
}

function remember(mapId: string, collapsed: ReadonlySet<string>): void {
  try {
    if (collapsed.size === 0) localStorage.removeItem(keyOf(mapId));
    else localStorage.setItem(keyOf(mapId), JSON.stringify([...collapsed].slice(0, MAX_REMEMBERED)));
  } catch {
    // Private mode or full storage: the choice lasts for this visit.
  }
}

export interface Collapse {
  readonly collapsed: ReadonlySet<string>;
  /** Collapses (true), expands (false) or flips (undefined) each of these branches. */
  set(ids: readonly string[], collapse?: boolean): void;
  /** Exactly these branches collapsed, every other one open. */
  only(ids: readonly string[]): void;
}

export function useCollapse(mapId: string): Collapse {
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => readCollapsed(mapId));
  const update = useCallback(
    (next: (current: ReadonlySet<string>) => ReadonlySet<string>) =>
      setCollapsed((current) => {
        const result = next(current);
        remember(mapId, result);
        return result;
      }),
    [mapId],
  );
  const set = useCallback(
    (ids: readonly string[], collapse?: boolean) =>
      update((current) => {
        const result = new Set(current);
        for (const id of ids) {
          if (collapse ?? !result.has(id)) result.add(id);
          else result.delete(id);
        }
        return result;
      }),
    [update],
  );
  const only = useCallback((ids: readonly string[]) => update(() => new Set(ids)), [update]);
  return useMemo(() => ({ collapsed, set, only }), [collapsed, set, only]);
}

/** For the nodes' collapse buttons; nothing collapses where no editor provides it (versions, pictures). */
export const CollapseContext = createContext<Collapse['set'] | null>(null);

export function useCollapseToggle(): Collapse['set'] | null {
  return useContext(CollapseContext);
}
