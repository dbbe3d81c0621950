import { MapEditor, readMeta } from '@qms/model';
import type { Role } from '@qms/protocol';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { knownMap, remember, tokenFor } from '../access';
import { ApiError, api } from '../api';
import { LOCAL_ORIGIN, openMapConnection, type MapConnection, type MapUnavailable } from '../sync/map-connection';

/**
 * Opens a map: its connection (document, sync, presence, save indicator), the editor object every
 * component writes through (this browser's origin, once per open map), whether the map can be
 * shown at all, this person's role in it, and the "Saved" status.
 */
export function useOpenMap(mapId: string) {
  const [connection, setConnection] = useState<MapConnection | null>(null);
  const [unavailable, setUnavailable] = useState<MapUnavailable | null>(null);
  const [synced, setSynced] = useState(false);
  const [role, setRole] = useState<Role | null>(null);

  useEffect(() => {
    // A share link's token is taken from the address bar (and stored) before anything connects.
    const token = tokenFor(mapId);
    const opened = openMapConnection(mapId, token);
    setConnection(opened);
    setUnavailable(null);
    setRole(null);
    setSynced(opened.provider.synced);
    const offUnavailable = opened.onUnavailable(setUnavailable);
    const onSync = (state: boolean) => state && setSynced(true);
    opened.provider.on('sync', onSync);
    let cancelled = false;
    // Offline, or before the server answers: show this browser's own copy if it has one.
    void opened.localReady.then(() => {
      if (cancelled || !readMeta(opened.doc).title) return;
      opened.tracker.markLocalCopy();
      setSynced(true);
    });
    api.getMap(mapId).then(
      (map) => {
        if (cancelled) return;
        setRole(map.role ?? 'viewer');
        remember(mapId, { title: map.title, role: map.role, institutionId: map.institutionId, lastOpened: Date.now() });
      },
      (error: unknown) => {
        if (cancelled || !(error instanceof ApiError)) return;
        if (error.status === 401) setUnavailable('unauthorized');
        else if (error.status === 404) setUnavailable('not-found');
        // No network: the role this browser had last time (the server still checks every message).
        else if (error.error === 'network') setRole(knownMap(mapId)?.role ?? null);
      },
    );
    return () => {
      cancelled = true;
      offUnavailable();
      opened.provider.off('sync', onSync);
      opened.destroy();
    };
  }, [mapId]);

  // Every edit this person makes goes through it, tagged with this tab's origin (undo, echoes).
  const editor = useMemo(() => (connection ? new MapEditor(connection.doc, LOCAL_ORIGIN) : null), [connection]);

  const status = useSyncExternalStore(
    (onChange) => connection?.tracker.subscribe(onChange) ?? (() => {}),
    () => connection?.tracker.status ?? 'connecting',
  );

  /** Everything the editor needs, once the map's content and this person's role are known. */
  const open = connection && editor && synced && role ? { connection, editor, role } : null;
  return { open, unavailable, status };
}
