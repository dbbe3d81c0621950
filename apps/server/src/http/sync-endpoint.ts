import fastifyWebsocket from '@fastify/websocket';
import { CloseCode, DocumentKind, PARTICIPANT_PARAM, closeReason, syncPath } from '@qms/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { serveSyncConnection, type ConnectionDeps } from '../rooms/connection.js';
import type { Services } from '../services.js';
import { isLocalRequest } from './authorize.js';

/**
 * The y-websocket endpoint: `/sync/<mapId>`, `/sync/<mapId>/review` and
 * `/sync/<mapId>/workshop/<participantId>` (ARCHITECTURE.md, "Sync
 * endpoint"). Counts connections per address; each connection is served by rooms/connection.ts.
 * `onStopping` runs when the server starts to close, once every socket has been told to go.
 */
export async function registerSyncEndpoint(
  app: FastifyInstance,
  services: Pick<Services, 'config' | 'rooms' | 'storage' | 'policy' | 'metrics' | 'log'>,
  onStopping: () => void,
): Promise<void> {
  const { config, metrics, log } = services;
  await app.register(fastifyWebsocket, {
    options: { maxPayload: config.maxFrameBytes },
    preClose(done) {
      // No new sockets while stopping: clients told "restarting" reconnect at once, and an upgrade
      // routed through a closing Fastify would be left hanging and hold the shutdown.
      this.server.removeAllListeners('upgrade');
      const clients = this.websocketServer.clients;
      for (const client of clients) client.close(CloseCode.ServiceRestart, closeReason(CloseCode.ServiceRestart));
      // A client that does not answer the close handshake soon is cut off, rather than waiting
      // for ws's 30-second timeout.
      const force = setTimeout(() => {
        for (const client of clients) client.terminate();
      }, 2000);
      force.unref();
      this.websocketServer.close(() => {
        clearTimeout(force);
        done();
        // Fastify stops listening right after this hook; then close the sockets that carry no
        // request (browsers keep spare "preconnect" sockets open that send nothing).
        setImmediate(onStopping);
      });
    },
  });

  const deps: ConnectionDeps = {
    rooms: services.rooms,
    catalogue: services.storage.catalogue,
    policy: services.policy,
    onRejected: (reason: string) => metrics.rejected.inc({ reason }),
    limits: {
      maxQueuedMessages: 1_000,
      maxQueuedBytes: config.maxFrameBytes,
      messagesPerSecond: config.messagesPerSecond,
      messageBurst: config.messageBurst,
      answerBytesPerSecond: config.answerBytesPerSecond,
      answerBytesBurst: config.answerBytesBurst,
      maxBufferedBytes: config.maxBufferedBytes,
      pingIntervalMs: 30_000,
    },
  };
  const connectionsPerIp = new Map<string, number>();
  const sync = (kind: DocumentKind) => (socket: WebSocket, request: FastifyRequest) => {
    const { mapId, participantId } = request.params as { mapId: string; participantId?: string };
    const query = request.query as Record<string, unknown>;
    const token = query.token;
    const secret = query[PARTICIPANT_PARAM];
    const ip = request.socket.remoteAddress ?? 'unknown';
    // A page of another site may open a socket here (browsers let it); only a token, which it
    // cannot know, is a capability. Ambient local trust never reaches it.
    if (!request.trust?.ownHost || (request.trust.foreignOrigin && typeof token !== 'string')) {
      metrics.rejected.inc({ reason: 'foreign-origin' });
      socket.close(CloseCode.Forbidden, closeReason(CloseCode.Forbidden));
      return;
    }
    const open = connectionsPerIp.get(ip) ?? 0;
    if (open >= config.maxConnectionsPerIp) {
      log.warn('too many connections from one address');
      metrics.rejected.inc({ reason: 'connections-per-address' });
      socket.close(CloseCode.TooManyRequests, 'too many connections');
      return;
    }
    connectionsPerIp.set(ip, open + 1);
    metrics.connections.inc();
    socket.once('close', () => {
      metrics.connections.dec();
      const left = (connectionsPerIp.get(ip) ?? 1) - 1;
      if (left > 0) connectionsPerIp.set(ip, left);
      else connectionsPerIp.delete(ip);
    });
    serveSyncConnection(
      socket,
      {
        mapId,
        kind,
        ...(participantId === undefined ? {} : { participantId }),
        token: typeof token === 'string' ? token : undefined,
        // Sent twice, or empty: not a secret, and refused as such.
        ...(secret === undefined ? {} : { participantSecret: typeof secret === 'string' ? secret : '' }),
        local: isLocalRequest(request),
      },
      log,
      deps,
    );
  };
  app.get(syncPath(':mapId', DocumentKind.Map), { websocket: true }, sync(DocumentKind.Map));
  app.get(syncPath(':mapId', DocumentKind.Review), { websocket: true }, sync(DocumentKind.Review));
  app.get(syncPath(':mapId', DocumentKind.Workshop, ':participantId'), { websocket: true }, sync(DocumentKind.Workshop));
}
