import { snapshotOf, type MapSnapshot } from '@qms/model';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as Y from 'yjs';
import { ApiError, ClientErrorCode, historyApi, type VersionInfo } from '../api';
import { compareDocs, versionLabel, type Comparison } from './compare';

/** A version's name as shown (the versions the server made translated), for banners and headings. */
export function useVersionName(): (version: Pick<VersionInfo, 'name' | 'auto' | 'kind' | 'restoredName'>) => string {
  const { t } = useTranslation();
  return useCallback(
    (version) => {
      const shown = versionLabel(version);
      return 'text' in shown ? shown.text : t(shown.key, 'name' in shown ? { name: shown.name } : {});
    },
    [t],
  );
}

/**
 * Saved versions never change, so their documents are kept for the page's lifetime (a few, by
 * recency): going back and forth between View and Compare does not download them again.
 */
const CACHE_SIZE = 6;
const cache = new Map<string, Promise<Y.Doc>>();

/** A version's document, read-only: built from GET /api/maps/:id/versions/:versionId. */
export function loadVersionDoc(mapId: string, versionId: string): Promise<Y.Doc> {
  const key = `${mapId}/${versionId}`;
  const cached = cache.get(key);
  if (cached) {
    cache.delete(key);
    cache.set(key, cached); // most recently used last
    return cached;
  }
  const loading = historyApi.load(mapId, versionId).then((update) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    return doc;
  });
  cache.set(key, loading);
  // A failed download is not remembered: the next attempt tries again.
  loading.catch(() => cache.get(key) === loading && cache.delete(key));
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return loading;
}

export type Loaded<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; value: T } | { state: 'failed'; error: ApiError };

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(0, ClientErrorCode.Unknown, error instanceof Error ? error.message : String(error));
}

/**
 * A version to look at: its document (never connected, never written: render it with readOnly)
 * and a snapshot of it. `versionId` null: nothing to load.
 */
export function useVersionDoc(mapId: string, versionId: string | null): Loaded<{ doc: Y.Doc; snapshot: MapSnapshot }> {
  const [loaded, setLoaded] = useState<Loaded<{ doc: Y.Doc; snapshot: MapSnapshot }>>({ state: 'idle' });
  useEffect(() => {
    if (versionId === null) {
      setLoaded({ state: 'idle' });
      return;
    }
    let cancelled = false;
    setLoaded({ state: 'loading' });
    loadVersionDoc(mapId, versionId).then(
      (doc) => !cancelled && setLoaded({ state: 'ready', value: { doc, snapshot: snapshotOf(doc) } }),
      (error: unknown) => !cancelled && setLoaded({ state: 'failed', error: asApiError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [mapId, versionId]);
  return loaded;
}

/**
 * Two states of the map compared: `before` a version, `after` a later version or, when null, the
 * live map as it is when the comparison starts (frozen, so the highlights do not shift while
 * people read them; `refresh()` takes the live map again).
 */
export function useComparison(
  mapId: string,
  pair: { before: VersionInfo; after: VersionInfo | null } | null,
  liveDoc: Y.Doc,
): Loaded<Comparison> & { refresh: () => void } {
  const [loaded, setLoaded] = useState<Loaded<Comparison>>({ state: 'idle' });
  const [round, setRound] = useState(0);
  const refresh = useCallback(() => setRound((n) => n + 1), []);
  const beforeId = pair?.before.id ?? null;
  const afterId = pair?.after?.id ?? null;
  useEffect(() => {
    if (beforeId === null) {
      setLoaded({ state: 'idle' });
      return;
    }
    let cancelled = false;
    setLoaded({ state: 'loading' });
    // The live map is copied now: the comparison stays as it was when asked for.
    const live = afterId === null ? Y.encodeStateAsUpdate(liveDoc) : null;
    Promise.all([loadVersionDoc(mapId, beforeId), afterId === null ? Promise.resolve(null) : loadVersionDoc(mapId, afterId)]).then(
      ([before, after]) => {
        if (cancelled) return;
        let afterDoc = after;
        if (!afterDoc) {
          afterDoc = new Y.Doc();
          Y.applyUpdate(afterDoc, live!);
        }
        // Not destroyed when done: the canvas may still be drawing the previous comparison, and
        // these documents hold no connections or timers; the garbage collector takes them.
        setLoaded({ state: 'ready', value: compareDocs(before, afterDoc) });
      },
      (error: unknown) => !cancelled && setLoaded({ state: 'failed', error: asApiError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [mapId, beforeId, afterId, liveDoc, round]);
  return { ...loaded, refresh };
}
