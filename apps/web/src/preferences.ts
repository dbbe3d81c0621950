import { useSyncExternalStore } from 'react';
import type { Lens } from './editor/flow-state';

/**
 * Each person's own choices, remembered in this browser: the interface language and the lens.
 * Never in the map's document: two people in one map may choose differently.
 */
export interface Preferences {
  language: 'en' | 'ru';
  lens: Lens;
}

const KEY = 'qms.preferences';
export const LANGUAGES = ['en', 'ru'] as const;

function initial(): Preferences {
  const fallback: Preferences = {
    language: typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('ru') ? 'ru' : 'en',
    lens: 'teacher',
  };
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Preferences> | null;
    return {
      language: stored?.language && (LANGUAGES as readonly string[]).includes(stored.language) ? stored.language : fallback.language,
      lens: stored?.lens === 'employer' || stored?.lens === 'teacher' ? stored.lens : fallback.lens,
    };
  } catch {
    return fallback;
  }
}

let current = initial();
const listeners = new Set<() => void>();

export function getPreferences(): Preferences {
  return current;
}

export function setPreference<K extends keyof Preferences>(key: K, value: Preferences[K]): void {
  current = { ...current, [key]: value };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // Private mode or full storage: the choice lasts for this visit.
  }
  for (const listener of listeners) listener();
}

export function usePreferences(): Preferences {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    getPreferences,
  );
}
