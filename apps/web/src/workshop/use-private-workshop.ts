import { CloseCode, DocumentKind, PARTICIPANT_PARAM, syncRoomName } from '@qms/protocol';
import { useEffect, useMemo, useRef, useState } from 'react';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { syncUrl } from '../sync/map-connection';
import { participantSecret } from './participant';
import { mergePrivate, privateDocumentsToOpen, publishLeftovers, readPrivateEntries, type MergedWorkshop, type PrivateEntries, type WorkshopTarget } from './private';
import type { WorkshopState } from './state';

interface PrivateConnection {
  readonly participantId: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  destroy(): void;
}

/**
 * Opens one private workshop document with the stock client and the review's parameters (the
 * link's token and this browser's participant secret): the server opens it for its participant
 * and for facilitators only.
 */
function openPrivateConnection(mapId: string, participantId: string, token: string | undefined): PrivateConnection {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl(), syncRoomName(mapId, DocumentKind.Workshop, participantId), doc, {
    maxBackoffTime: 5_000,
    params: { ...(token ? { token } : {}), [PARTICIPANT_PARAM]: participantSecret() },
  });
  return {
    participantId,
    doc,
    provider,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Why this browser's own private document cannot be used (its entries would not be kept). */
export type PrivateProblem = 'full' | 'refused' | null;

export interface PrivateWorkshop {
  /** The review's workshop with the private entries this browser may read. */
  readonly state: MergedWorkshop | null;
  /** Where this browser's ratings and cards are written. */
  readonly target: WorkshopTarget | null;
  /** Private documents open (a facilitator's: their own and every participant's). */
  readonly open: number;
  readonly problem: PrivateProblem;
}

/**
 * Holds the private documents this browser reads while the workshop keeps ratings or cards
 * private, and closes them when it stops (the flags go off, or the workshop ends): a
 * participant's own; a facilitator's own and everyone's the review lists (at most 200), read only.
 */
export function usePrivateWorkshop(mapId: string, token: string | undefined, reviewDoc: Y.Doc | null, workshop: WorkshopState | null, me: string, facilitator: boolean): PrivateWorkshop {
  const connections = useRef(new Map<string, PrivateConnection>());
  const [version, setVersion] = useState(0);
  const [problem, setProblem] = useState<PrivateProblem>(null);
  // Which documents to hold, as one string so that the effect below runs only when it changes.
  const wanted = reviewDoc && workshop ? privateDocumentsToOpen(reviewDoc, workshop, me, facilitator).join(',') : '';
  // Read when this browser's own document closes while the workshop runs: see publishLeftovers.
  const latest = useRef({ reviewDoc, workshop });
  latest.current = { reviewDoc, workshop };

  useEffect(() => {
    const ids = new Set(wanted ? wanted.split(',') : []);
    const held = connections.current;
    for (const [id, connection] of held) {
      if (ids.has(id)) continue;
      const { reviewDoc: review, workshop: now } = latest.current;
      // The flags went off (a reveal): what was written meanwhile is shown, not left hidden.
      if (id === me && review && now?.started && connection.provider.synced) publishLeftovers(connection.doc, review, me, { ratings: !now.hideRatings, ideas: !now.privateIdeas });
      connection.destroy();
      held.delete(id);
    }
    for (const id of ids) {
      if (held.has(id)) continue;
      const connection = openPrivateConnection(mapId, id, token);
      connection.doc.on('update', () => setVersion((v) => v + 1));
      if (id === me) {
        connection.provider.on('connection-close', (event) => {
          if (event?.code === CloseCode.TooManyRequests) setProblem('full');
          else if (event?.code === CloseCode.Unauthorized) setProblem('refused');
        });
        connection.provider.on('sync', (synced: boolean) => synced && setProblem(null));
      }
      held.set(id, connection);
    }
    if (!ids.has(me)) setProblem(null);
    setVersion((v) => v + 1);
  }, [mapId, token, me, wanted]);

  // Everything closes with the editor (or another map, or another link).
  useEffect(() => {
    const held = connections.current;
    return () => {
      for (const connection of held.values()) connection.destroy();
      held.clear();
    };
  }, [mapId, token]);

  const state = useMemo(() => {
    if (!workshop) return null;
    const privates = new Map<string, PrivateEntries>();
    for (const [id, connection] of connections.current) privates.set(id, readPrivateEntries(connection.doc, id));
    return mergePrivate(workshop, privates);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` counts the private documents' changes: read again after each
  }, [workshop, version]);

  const own = connections.current.get(me)?.doc ?? null;
  const target = useMemo(
    () => (reviewDoc && workshop ? { review: reviewDoc, own, hideRatings: workshop.hideRatings && workshop.started, privateIdeas: workshop.privateIdeas && workshop.started } : null),
    [reviewDoc, own, workshop],
  );
  return { state, target, open: connections.current.size, problem };
}
