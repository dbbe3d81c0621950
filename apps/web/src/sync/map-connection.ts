import { CloseCode } from '@qms/protocol';
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
  /** Called once if the server says the map is gone. */
  onUnavailable(listener: (reason: MapUnavailable) => void): () => void;
  destroy(): void;
}

export function syncUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/sync`;
}

/** Opens a map's document and keeps it in sync with the server (and everyone else in it). */
export function openMapConnection(mapId: string, token?: string): MapConnection {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl(), mapId, doc, { maxBackoffTime: 5_000, ...(token ? { params: { token } } : {}) });
  const tracker = new SaveTracker(provider as never);
  const presence = new Presence(provider.awareness);
  const listeners = new Set<(reason: MapUnavailable) => void>();
  provider.on('closed', ({ code }) => {
    const reason: MapUnavailable | null =
      code === CloseCode.MapNotFound
        ? 'not-found'
        : code === CloseCode.MapDeleted
          ? 'deleted'
          : code === CloseCode.Unauthorized
            ? 'unauthorized'
            : null;
    if (reason) for (const listener of listeners) listener(reason);
  });
  return {
    mapId,
    doc,
    provider,
    tracker,
    presence,
    onUnavailable(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    destroy() {
      presence.destroy();
      tracker.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
}
