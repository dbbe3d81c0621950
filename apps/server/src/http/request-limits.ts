import type { FastifyInstance } from 'fastify';
import { ApiErrorCode, errorBody } from './errors.js';

/**
 * Bounds on HTTP requests, so that slow or many requests cannot use up the server's sockets and
 * file descriptors (one address trickling thousands of uploads did). Time limits are Node's own
 * (`requestTimeout`, `headersTimeout`, set where Fastify is created: httpTimeouts); here, the
 * requests one address may have open at once, counted like its WebSocket connections.
 */
export interface RequestLimits {
  /** HTTP requests one address may have in progress at once (MAX_REQUESTS_PER_IP). */
  maxRequestsPerIp: number;
  /** Counts refused requests (metrics). */
  onRejected?: (reason: string) => void;
}

export function registerRequestLimits(app: FastifyInstance, limits: RequestLimits): void {
  const open = new Map<string, number>();
  app.addHook('onRequest', async (request, reply) => {
    // A WebSocket upgrade is counted by the sync endpoint, as a connection.
    if (request.headers.upgrade) return;
    const ip = request.socket.remoteAddress ?? 'unknown';
    const count = open.get(ip) ?? 0;
    if (count >= limits.maxRequestsPerIp) {
      limits.onRejected?.('requests-per-address');
      // The connection goes too: what it still sends would be read for nothing.
      void reply
        .status(429)
        .header('connection', 'close')
        .header('retry-after', '5')
        .send(errorBody(ApiErrorCode.TooManyRequests, 'Too many requests from your address at once: wait a moment and try again.'));
      return reply;
    }
    open.set(ip, count + 1);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const left = (open.get(ip) ?? 1) - 1;
      if (left > 0) open.set(ip, left);
      else open.delete(ip);
    };
    reply.raw.once('close', finish);
    reply.raw.once('finish', finish);
  });
}

/** How long a request may take to arrive, headers first, and how often Node looks. */
export function httpTimeouts(requestTimeoutMs: number): { requestTimeout: number; http: { headersTimeout: number; connectionsCheckingInterval: number } } {
  const headersTimeout = Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs || HEADERS_TIMEOUT_MS);
  return {
    requestTimeout: requestTimeoutMs,
    http: { headersTimeout, connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(headersTimeout / 4))) },
  };
}

/** Headers arrive in one go from any real client; a connection that has sent none after this is dropped. */
const HEADERS_TIMEOUT_MS = 20_000;
