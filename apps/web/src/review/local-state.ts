import { useCallback, useMemo, useSyncExternalStore } from 'react';

/**
 * What each person keeps in this browser about reviews, never in the shared document: which
 * comments they have seen (per map) and which institution they sign for (per name). Small stores
 * with listeners, so that the panels and the canvas badges update together.
 */

type Listener = () => void;

function readJson<T>(key: string, fallback: T): T {
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
    return parsed !== null && typeof parsed === 'object' ? parsed : fallback;
  } catch {
    return fallback;
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode or full storage: it lasts for this visit.
  }
}

// --- Seen comments ---------------------------------------------------------------------------

/** threadId → how many of its comments this person has seen (a count: partners' clocks differ). */
export type LastSeen = Readonly<Record<string, number>>;

const seenKey = (mapId: string) => `qms.review.seen.${mapId}`;
const seenCache = new Map<string, LastSeen>();
const seenListeners = new Map<string, Set<Listener>>();

export function getLastSeen(mapId: string): LastSeen {
  let seen = seenCache.get(mapId);
  if (!seen) {
    const stored = readJson<Record<string, unknown>>(seenKey(mapId), {});
    seen = Object.fromEntries(Object.entries(stored).filter((e): e is [string, number] => typeof e[1] === 'number'));
    seenCache.set(mapId, seen);
  }
  return seen;
}

/** Notes that this person has seen `count` comments of a thread (never lowers the number). */
export function markSeen(mapId: string, threadId: string, count: number): void {
  const current = getLastSeen(mapId);
  if ((current[threadId] ?? 0) >= count) return;
  const next = { ...current, [threadId]: count };
  seenCache.set(mapId, next);
  writeJson(seenKey(mapId), next);
  for (const listener of seenListeners.get(mapId) ?? []) listener();
}

export function useLastSeen(mapId: string): LastSeen {
  const subscribe = useCallback(
    (listener: Listener) => {
      const set = seenListeners.get(mapId) ?? new Set();
      set.add(listener);
      seenListeners.set(mapId, set);
      return () => set.delete(listener);
    },
    [mapId],
  );
  const read = () => getLastSeen(mapId);
  return useSyncExternalStore(subscribe, read, read);
}

// --- Who signs -------------------------------------------------------------------------------

export interface Identity {
  name: string;
  institution: string;
}

interface StoredIdentity {
  name?: string;
  /** name (lower case) → institution: one browser may be shared at a workshop table. */
  institutions?: Record<string, string>;
}

const IDENTITY_KEY = 'qms.review.identity';
const identityListeners = new Set<Listener>();
let identityCache: StoredIdentity | null = null;

function storedIdentity(): StoredIdentity {
  identityCache ??= readJson<StoredIdentity>(IDENTITY_KEY, {});
  return identityCache;
}

const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Who this person is in the review: the name and institution the app passes (`me`), completed from
 * what they told this browser before — the institution is asked once and remembered with the name.
 */
export function resolveIdentity(me: { name?: string; institution?: string }, stored: StoredIdentity = storedIdentity()): Identity {
  const name = (me.name ?? '').trim() || (stored.name ?? '').trim();
  const institution = (me.institution ?? '').trim() || (name ? (stored.institutions?.[nameKey(name)] ?? '').trim() : '');
  return { name, institution };
}

export function rememberIdentity(identity: Partial<Identity>): void {
  const current = storedIdentity();
  const name = (identity.name ?? current.name ?? '').trim().slice(0, 100);
  const next: StoredIdentity = { ...current, name, institutions: { ...current.institutions } };
  if (identity.institution !== undefined && name) next.institutions![nameKey(name)] = identity.institution.trim().slice(0, 100);
  identityCache = next;
  writeJson(IDENTITY_KEY, next);
  for (const listener of identityListeners) listener();
}

function subscribeIdentity(listener: Listener): () => void {
  identityListeners.add(listener);
  return () => identityListeners.delete(listener);
}

export function useReviewIdentity(me: { name?: string; institution?: string }): Identity {
  const stored = useSyncExternalStore(subscribeIdentity, storedIdentity, storedIdentity);
  const name = me.name;
  const institution = me.institution;
  return useMemo(() => resolveIdentity({ name, institution }, stored), [name, institution, stored]);
}
