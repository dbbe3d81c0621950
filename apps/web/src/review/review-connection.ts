import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PARTICIPANT_PARAM } from '@qms/protocol';
import { syncUrl } from '../sync/map-connection';
import { participantSecret } from '../workshop/participant';

/**
 * Tags this tab's writes to the review document (comments, sign-offs), so that an undo manager can
 * track them and echoes can be told apart — the review's own tag, not the map's.
 */
export const REVIEW_ORIGIN = { source: 'this-tab-review' } as const;

export interface ReviewConnection {
  readonly mapId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  destroy(): void;
}

/**
 * Opens a map's review document (`/sync/<mapId>/review`). It is a second Yjs document beside the
 * map, because commenters may write comments and sign-offs but not the map: the server enforces
 * that per document. The map connection reports a map that is gone or a link that stopped working;
 * this one follows it (the same token, the same close codes).
 */
export function openReviewConnection(mapId: string, token?: string): ReviewConnection {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl(), `${mapId}/review`, doc, {
    maxBackoffTime: 5_000,
    // The participant secret proves which workshop ratings and cards are this browser's own.
    params: { ...(token ? { token } : {}), [PARTICIPANT_PARAM]: participantSecret() },
  });
  return {
    mapId,
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
