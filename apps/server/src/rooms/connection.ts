import { CloseCode, closeReason, isValidMapId } from '@qms/protocol';
import type { Catalogue } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { Peer } from './peer.js';
import type { Room } from './room.js';
import type { Rooms } from './rooms.js';

export interface ConnectionDeps {
  rooms: Rooms;
  catalogue: Catalogue;
  /** Messages a connection may send before its room is ready; more closes it. */
  maxQueuedMessages: number;
  /** How often to ping; a client that missed the previous pong is dropped. */
  pingIntervalMs: number;
}

let nextConnectionId = 1;

/** Serves one WebSocket on `/sync/<mapId>` with the y-websocket protocol. */
export function serveSyncConnection(socket: WebSocket, mapId: string, baseLog: FastifyBaseLogger, deps: ConnectionDeps): void {
  const connId = nextConnectionId++;
  const log = baseLog.child({ mapId, connId });
  let room: Room | null = null;
  let closed = false;
  const queued: Uint8Array[] = [];

  const peer: Peer = {
    id: connId,
    log,
    wantsSaveStatus: false,
    awarenessIds: new Set(),
    send(message) {
      if (socket.readyState === socket.OPEN) socket.send(message);
    },
    close(code, reason = closeReason(code)) {
      if (closed) return;
      closed = true;
      socket.close(code, reason);
    },
  };

  const handle = (message: Uint8Array) => {
    try {
      room!.handleMessage(peer, message);
    } catch (error) {
      log.warn({ err: error }, 'malformed message; closing this connection');
      peer.close(CloseCode.MalformedMessage);
    }
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (closed) return;
    if (!isBinary) {
      log.warn('text frame on the sync socket; closing this connection');
      peer.close(CloseCode.MalformedMessage);
      return;
    }
    const message = toBytes(data);
    if (room) handle(message);
    else if (queued.length < deps.maxQueuedMessages) queued.push(message);
    else peer.close(CloseCode.MalformedMessage, 'too many messages before the map was ready');
  });

  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const pinger = setInterval(() => {
    if (!alive) {
      log.info('no pong from client; dropping the connection');
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, deps.pingIntervalMs);

  socket.on('close', () => {
    closed = true;
    clearInterval(pinger);
    if (room) {
      room.removePeer(peer);
      deps.rooms.release(room);
    }
    log.debug('connection closed');
  });
  socket.on('error', (error) => log.warn({ err: error }, 'socket error'));

  if (!isValidMapId(mapId)) {
    peer.close(CloseCode.MapNotFound);
    return;
  }

  void (async () => {
    const record = await deps.catalogue.get(mapId);
    if (!record) {
      peer.close(CloseCode.MapNotFound);
      return;
    }
    let acquired: Room;
    try {
      acquired = await deps.rooms.acquire(mapId);
    } catch (error) {
      log.error({ err: error }, 'could not load the map');
      peer.close(CloseCode.MapUnavailable);
      return;
    }
    if (closed) {
      deps.rooms.release(acquired);
      return;
    }
    if (!(await deps.catalogue.get(mapId))) {
      // Deleted while it was loading.
      deps.rooms.release(acquired);
      peer.close(CloseCode.MapNotFound);
      return;
    }
    if (closed) {
      deps.rooms.release(acquired);
      return;
    }
    room = acquired;
    room.addPeer(peer);
    log.debug('connection joined');
    for (const message of queued.splice(0)) {
      if (closed) break;
      handle(message);
    }
  })();
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
