import { CloseCode, DocumentKind, closeReason, documentId, isValidMapId } from '@qms/protocol';
import type { Catalogue } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { callerFor, type AccessPolicy } from '../access.js';
import type { Peer } from './peer.js';
import type { Room } from './room.js';
import type { Rooms } from './rooms.js';

export interface ConnectionLimits {
  /** Messages a connection may send before its room is ready; more closes it. */
  maxQueuedMessages: number;
  /** Bytes a connection may send before its room is ready. */
  maxQueuedBytes: number;
  /** Sustained messages per second per connection, and the burst allowed above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /** How often to ping; a client that missed the previous pong is dropped. */
  pingIntervalMs: number;
}

export interface ConnectionDeps {
  rooms: Rooms;
  catalogue: Catalogue;
  policy: AccessPolicy;
  limits: ConnectionLimits;
  /** Counts rejected messages and connections by reason (metrics). */
  onRejected?: (reason: string) => void;
}

export interface ConnectionRequest {
  mapId: string;
  review: boolean;
  token: string | undefined;
  /** From this machine and not forwarded by a proxy (see isLocalRequest). */
  local: boolean;
}

let nextConnectionId = 1;

/**
 * A token bucket: `rate` messages per second on average, up to `burst` at once. Cheap enough to
 * run on every message.
 */
export class RateLimiter {
  #tokens: number;
  #last: number;
  constructor(
    readonly rate: number,
    readonly burst: number,
    now = performance.now(),
  ) {
    this.#tokens = burst;
    this.#last = now;
  }

  take(now = performance.now()): boolean {
    this.#tokens = Math.min(this.burst, this.#tokens + (Math.max(0, now - this.#last) / 1000) * this.rate);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** Serves one WebSocket on `/sync/<mapId>` (or `/sync/<mapId>/review`) with the y-websocket protocol. */
export function serveSyncConnection(socket: WebSocket, request: ConnectionRequest, baseLog: FastifyBaseLogger, deps: ConnectionDeps): void {
  const connId = nextConnectionId++;
  const { mapId } = request;
  const docId = documentId(mapId, request.review ? DocumentKind.Review : DocumentKind.Map);
  const log = baseLog.child({ mapId, connId, review: request.review || undefined });
  const { limits } = deps;
  let room: Room | null = null;
  let peer: Peer | null = null;
  let closed = false;
  const queued: Uint8Array[] = [];
  let queuedBytes = 0;
  const limiter = new RateLimiter(limits.messagesPerSecond, limits.messageBurst);

  const close = (code: number, reason = closeReason(code)) => {
    if (closed) return;
    closed = true;
    socket.close(code, reason);
  };
  const reject = (code: number, reason: string) => {
    deps.onRejected?.(reason);
    log.info({ code, reason }, 'connection closed by the server');
    close(code);
  };

  const handle = (message: Uint8Array) => {
    try {
      room!.handleMessage(peer!, message);
    } catch (error) {
      log.warn({ err: error }, 'malformed message; closing this connection');
      reject(CloseCode.MalformedMessage, 'malformed');
    }
  };

  socket.on('message', (data: RawData, isBinary: boolean) => {
    if (closed) return;
    if (!limiter.take()) return reject(CloseCode.TooManyRequests, 'rate');
    if (!isBinary) return reject(CloseCode.MalformedMessage, 'text-frame');
    const message = toBytes(data);
    if (room) return handle(message);
    // Before the room is ready (and the caller known), hold only a little.
    queuedBytes += message.byteLength;
    if (queued.length >= limits.maxQueuedMessages || queuedBytes > limits.maxQueuedBytes) return reject(CloseCode.TooManyRequests, 'queue');
    queued.push(message);
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
  }, limits.pingIntervalMs);

  socket.on('close', () => {
    closed = true;
    clearInterval(pinger);
    queued.length = 0;
    if (room && peer) {
      room.removePeer(peer);
      deps.rooms.release(room);
    }
    log.debug('connection closed');
  });
  socket.on('error', (error) => log.warn({ err: error }, 'socket error'));

  if (!isValidMapId(mapId)) return reject(CloseCode.MapNotFound, 'unknown-map');

  void (async () => {
    const record = await deps.catalogue.get(mapId);
    if (!record) return reject(CloseCode.MapNotFound, 'unknown-map');
    const caller = callerFor(record, request.token, request.local, deps.policy);
    if (caller.role === null) return reject(CloseCode.Unauthorized, caller.reason);
    if (closed) return;
    let acquired: Room;
    try {
      acquired = await deps.rooms.acquire(docId, { whileLoading: true });
    } catch (error) {
      log.error({ err: error }, 'could not load the map');
      return reject(CloseCode.MapUnavailable, 'load-failed');
    }
    // Deleted, or its link replaced, while it was loading?
    const current = await deps.catalogue.get(mapId);
    const still = current && callerFor(current, request.token, request.local, deps.policy);
    if (closed || !still || still.role === null) {
      deps.rooms.release(acquired);
      if (!current) reject(CloseCode.MapNotFound, 'unknown-map');
      else if (still?.role === null) reject(CloseCode.Unauthorized, 'token-replaced');
      return;
    }
    room = acquired;
    peer = {
      id: connId,
      log,
      role: still.role,
      tokenHash: still.tokenHash,
      wantsSaveStatus: false,
      awarenessIds: new Set(),
      send(message) {
        if (socket.readyState === socket.OPEN) socket.send(message);
      },
      close,
    };
    room.addPeer(peer);
    log.debug({ role: peer.role }, 'connection joined');
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
