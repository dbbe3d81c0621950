import { CloseCode, DocumentKind, can, closeReason, documentId, isParticipantId, isParticipantSecret, isValidMapId, participantIdOf, type Role } from '@qms/protocol';
import type { Catalogue } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { callerFor, type AccessPolicy } from '../access.js';
import type { Peer } from './peer.js';
import type { Room } from './room.js';
import { TokenBucket } from './token-bucket.js';
import type { Rooms } from './rooms.js';
import { registerPrivateDocument } from '../workshop.js';

export interface ConnectionLimits {
  /** Messages a connection may send before its room is ready; more closes it. */
  maxQueuedMessages: number;
  /** Bytes a connection may send before its room is ready. */
  maxQueuedBytes: number;
  /** Sustained messages per second per connection, and the burst allowed above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /**
   * Bytes per second a connection may ask the server for (its sync step 1 answers, awareness
   * queries), and the burst: one whole map always goes out; asking again at once does not.
   */
  answerBytesPerSecond: number;
  answerBytesBurst: number;
  /**
   * Bytes sent to a connection and not yet read by it, beyond which it is closed as too slow
   * (4408); raised to twice a big map's size, so that its initial sync always fits.
   */
  maxBufferedBytes: number;
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
  kind: DocumentKind;
  /** A private workshop document's participant (its socket path's last segment). */
  participantId?: string;
  token: string | undefined;
  /** The `participant=` query parameter: the browser's participant secret, if it sent one. */
  participantSecret?: string | undefined;
  /** From this machine and not forwarded by a proxy (see isLocalRequest). */
  local: boolean;
}

let nextConnectionId = 1;

/**
 * Serves one WebSocket on `/sync/<mapId>` (or `/sync/<mapId>/review`, or
 * `/sync/<mapId>/workshop/<participantId>`) with the y-websocket protocol.
 */
export function serveSyncConnection(socket: WebSocket, request: ConnectionRequest, baseLog: FastifyBaseLogger, deps: ConnectionDeps): void {
  const connId = nextConnectionId++;
  const { mapId, kind } = request;
  const privateOf = kind === DocumentKind.Workshop ? (request.participantId ?? '') : null;
  const log = baseLog.child({ mapId, connId, ...(kind === DocumentKind.Map ? {} : { kind }) });
  const { limits } = deps;
  let room: Room | null = null;
  let peer: Peer | null = null;
  let closed = false;
  const queued: Uint8Array[] = [];
  let queuedBytes = 0;
  const limiter = new TokenBucket(limits.messagesPerSecond, limits.messageBurst);
  const answers = new TokenBucket(limits.answerBytesPerSecond, limits.answerBytesBurst);

  /** Out of the room at once (not when the socket finally closes: a client that reads nothing takes 30 s to). */
  const leave = () => {
    if (room && peer) {
      room.removePeer(peer);
      deps.rooms.release(room);
    }
    room = null;
    peer = null;
  };
  const close = (code: number, reason = closeReason(code)) => {
    if (closed) return;
    closed = true;
    leave();
    socket.close(code, reason);
  };
  const reject = (code: number, reason: string) => {
    deps.onRejected?.(reason);
    log.info({ code, reason }, 'connection closed by the server');
    close(code);
  };

  const refuseMalformed = (error: unknown) => {
    if (closed) return;
    log.warn({ err: error }, 'malformed message; closing this connection');
    reject(CloseCode.MalformedMessage, 'malformed');
  };
  const handle = (message: Uint8Array) => {
    try {
      room!.handleMessage(peer!, message);
    } catch (error) {
      refuseMalformed(error);
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
    leave();
    log.debug('connection closed');
  });
  socket.on('error', (error) => log.warn({ err: error }, 'socket error'));

  if (!isValidMapId(mapId)) return reject(CloseCode.MapNotFound, 'unknown-map');
  if (privateOf !== null && !isParticipantId(privateOf)) return reject(CloseCode.MapNotFound, 'unknown-document');
  const secret = request.participantSecret;
  if (secret !== undefined && !isParticipantSecret(secret)) return reject(CloseCode.MalformedParticipant, 'malformed-participant');
  const participantId = secret === undefined ? null : participantIdOf(secret);
  const docId = documentId(mapId, kind, privateOf ?? undefined);
  /** A private workshop document is its participant's and the facilitators'. */
  const mayOpen = (role: Role) => privateOf === null || privateOf === participantId || can(role, 'edit');

  void (async () => {
    const record = await deps.catalogue.get(mapId);
    if (!record) return reject(CloseCode.MapNotFound, 'unknown-map');
    const caller = callerFor(record, request.token, request.local, deps.policy);
    if (caller.role === null) return reject(CloseCode.Unauthorized, caller.reason);
    if (!mayOpen(caller.role)) return reject(CloseCode.Unauthorized, 'another-participant');
    if (closed) return;
    let acquired: Room;
    try {
      if (privateOf !== null && !(await registerPrivateDocument(deps.rooms, mapId, privateOf))) return reject(CloseCode.TooManyRequests, 'private-documents');
      if (closed) return;
      acquired = await deps.rooms.acquire(docId, { whileLoading: true });
    } catch (error) {
      log.error({ err: error }, 'could not load the map');
      return reject(CloseCode.MapUnavailable, 'load-failed');
    }
    // Deleted, or its link replaced, while it was loading?
    const current = await deps.catalogue.get(mapId);
    const still = current && callerFor(current, request.token, request.local, deps.policy);
    if (closed || !still || still.role === null || !mayOpen(still.role)) {
      deps.rooms.release(acquired);
      if (!current) reject(CloseCode.MapNotFound, 'unknown-map');
      else if (still?.role === null) reject(CloseCode.Unauthorized, 'token-replaced');
      else if (still && !mayOpen(still.role)) reject(CloseCode.Unauthorized, 'another-participant');
      return;
    }
    room = acquired;
    const joined = acquired;
    const send = (message: Uint8Array) => {
      if (closed || socket.readyState !== socket.OPEN) return;
      // What the client has not read stays in this process's memory: a client that stops reading
      // must not make the server hold everything the room says from then on.
      if (socket.bufferedAmount + message.byteLength > Math.max(limits.maxBufferedBytes, 2 * joined.wholeStateBytes)) {
        return reject(CloseCode.SlowConsumer, 'slow-consumer');
      }
      socket.send(message);
    };
    peer = {
      id: connId,
      log,
      role: still.role,
      tokenHash: still.tokenHash,
      institutionId: still.institutionId ?? null,
      participantId,
      wantsSaveStatus: false,
      awarenessIds: new Set(),
      send,
      answer(produce) {
        if (closed) return;
        if (!answers.canSpend()) return reject(CloseCode.TooManyRequests, 'answer-bytes');
        const messages = produce();
        answers.charge(messages.reduce((sum, message) => sum + message.byteLength, 0));
        for (const message of messages) send(message);
      },
      close,
      refuseMalformed,
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
