import { LENSES, type Lens } from '@qms/model';
import { useSyncExternalStore } from 'react';

/**
 * Each person's own choices, remembered in this browser: the interface language and the lens.
 * Never in the map's document: two people in one map may choose differently.
 */
export interface Preferences {
  language: Language;
  lens: Lens;
  /** How others see this person: asked once, remembered. */
  name: string;
  /** Their colour for cursors and selections. */
  color: string;
  /** The school or company they speak for in a review round. */
  institution: string;
}

/** Distinct, readable on white, and not the colours of the node kinds. */
export const PEOPLE_COLORS = ['#d9480f', '#0b7285', '#5f3dc4', '#2b8a3e', '#c2255c', '#1864ab', '#e67700', '#087f5b', '#862e9c', '#a61e4d'];

const KEY = 'qms.preferences';
/**
 * The interface languages, as BCP 47 tags (the same tags a map's content language uses). Uzbek is
 * written in Latin script, the official one; a Cyrillic catalogue would be `uz-Cyrl`.
 */
export const LANGUAGES = ['en', 'ru', 'uz-Latn', 'kk'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The interface language for a browser's preferred languages (`navigator.languages`): the first
 * one we have, matched by its primary subtag (`uz`, `uz-UZ`, `uz-Cyrl` → Uzbek; `kk-KZ` → Kazakh).
 */
export function languageFor(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    const match = LANGUAGES.find((code) => code.toLowerCase().split('-')[0] === primary);
    if (match) return match;
  }
  return 'en';
}

function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}

function initial(): Preferences {
  const fallback: Preferences = {
    language: languageFor(browserLanguages()),
    lens: 'teacher',
    name: '',
    color: PEOPLE_COLORS[Math.floor(Math.random() * PEOPLE_COLORS.length)]!,
    institution: '',
  };
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Preferences> | null;
    const text = (value: unknown, max: number) => (typeof value === 'string' ? value.trim().slice(0, max) : '');
    return {
      language: stored?.language && (LANGUAGES as readonly string[]).includes(stored.language) ? stored.language : fallback.language,
      lens: stored?.lens && (LENSES as readonly string[]).includes(stored.lens) ? stored.lens : fallback.lens,
      name: text(stored?.name, 60),
      color: typeof stored?.color === 'string' && /^#[0-9a-f]{6}$/i.test(stored.color) ? stored.color : fallback.color,
      institution: text(stored?.institution, 100),
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
