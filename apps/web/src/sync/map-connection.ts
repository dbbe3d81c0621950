import { CloseCode } from '@qms/protocol';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Presence } from './presence';
import { SaveTracker } from './save-tracker';

/** Why a map cannot be shown, from the server's close code. */
export type MapUnavailable = 'not-found' | 'deleted' | 'unauthorized';

/** Tags every edit this tab makes, so undo can track them and echoes can be told apart. */
export const LOCAL_ORIGIN = { source: 'this-tab' } as const;

export interface MapConnection {
  readonly mapId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly tracker: SaveTracker;
  readonly presence: Presence;
  /** This browser's copy of the map (IndexedDB): edits made offline are kept there. */
  readonly local: IndexeddbPersistence;
  /** Resolves when the local copy has been read (it may be empty on a first visit). */
  readonly localReady: Promise<void>;
  /** Called once if the server says the map is gone. */
  onUnavailable(listener: (reason: MapUnavailable) => void): () => void;
  destroy(): void;
}

export function syncUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`;
}

/** Opens a map's document and keeps it in sync with the server (and everyone else in it). */
/** Reconnection delays: full jitter (a random delay up to an exponential cap), so that thirty
 * laptops on a workshop Wi-Fi do not all knock at once when the server comes back. */
export function reconnectDelay(attempt: number, random = Math.random, baseMs = 400, capMs = 10_000): number {
  return Math.round(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

export function openMapConnection(mapId: string, token?: string): MapConnection {
  const doc = new Y.Doc();
  const local = new IndexeddbPersistence(`qms-map-${mapId}`, doc);
  const localReady = local.whenSynced.then(() => undefined);
  const provider = new WebsocketProvider(syncUrl(), mapId, doc, { ...(token ? { params: { token } } : {}) });
  const tracker = new SaveTracker(provider as never);
  const presence = new Presence(provider.awareness);
  const listeners = new Set<(reason: MapUnavailable) => void>();

  // The stock client retries after min(100 ms · 2ⁿ, cap), the same for everyone: take over the
  // timing with jitter. A deliberate close by the server (4400–4499) is final.
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let destroyed = false;
  provider.on('connection-close', (event) => {
    if (destroyed || (event && event.code >= 4400 && event.code < 4500)) return;
    provider.shouldConnect = false; // cancels the stock retry
    if (retry) clearTimeout(retry);
    retry = setTimeout(() => {
      retry = null;
      if (!destroyed) provider.connect();
    }, reconnectDelay(attempt++));
  });
  provider.on('sync', (synced: boolean) => {
    if (synced) attempt = 0;
  });
  // The browser knows before the socket does: a dead network can take 30 s to notice otherwise.
  // Drop the socket at once (not ws.close(), whose closing handshake waits for the server's answer).
  const onOffline = () => provider.disconnect();
  const onOnline = () => {
    attempt = 0;
    if (retry) clearTimeout(retry);
    retry = null;
    if (!destroyed && provider.ws === null) provider.connect();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);

  provider.on('closed', ({ code }) => {
    const reason: MapUnavailable | null =
      code === CloseCode.MapNotFound
        ? 'not-found'
        : code === CloseCode.MapDeleted
          ? 'deleted'
          : code === CloseCode.Unauthorized
            ? 'unauthorized'
            : null;
    if (!reason) return;
    // A map that is gone (or no longer ours to open) must not live on in this browser.
    if (reason !== 'unauthorized') void local.clearData();
    for (const listener of listeners) listener(reason);
  });
  return {
    mapId,
    doc,
    provider,
    tracker,
    presence,
    local,
    localReady,
    onUnavailable(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      destroyed = true;
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      if (retry) clearTimeout(retry);
      presence.destroy();
      tracker.destroy();
      provider.destroy();
      void local.destroy();
      doc.destroy();
    },
  };
}
