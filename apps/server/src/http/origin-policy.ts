import { isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isLoopback } from '../access.js';
import type { ServerConfig } from '../config.js';
import { ApiErrorCode, errorBody } from './errors.js';

/**
 * Who may talk to this server from a browser (SECURITY.md, "What local trust means").
 *
 * - A request whose `Host` is not the app's own is refused outright (403), static files included:
 *   that is what a DNS-rebinding page sends. IP addresses are always accepted (rebinding needs a
 *   name), as are localhost, PUBLIC_URL's host and ALLOWED_HOSTS.
 * - A state-changing call (POST/PUT/PATCH/DELETE) with a foreign `Origin` is refused (403), and one
 *   with a body a page may send cross-site without a preflight (text/plain, url-encoded or multipart
 *   forms) is refused (415), except the file uploads of the import route.
 * - Local trust (owner without a token) needs a loopback peer, the app's own Host, no Origin or the
 *   app's own, and no forwarding header.
 *
 * WebSocket upgrades pass through here; the sync endpoint closes one with a foreign Host with 4403,
 * and one with a foreign Origin too unless it carries a token.
 */

const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip', 'forwarded', 'via', 'x-client-ip', 'true-client-ip', 'cf-connecting-ip'];
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes that take a file as the body (raw or multipart). */
const UPLOAD_ROUTES = ['/api/maps/import'];

export interface RequestTrust {
  /** The Host header names this app. */
  ownHost: boolean;
  /** No Origin header, or the app's own. */
  ownOrigin: boolean;
  /** An Origin header was sent and it is not the app's own. */
  foreignOrigin: boolean;
  /** Loopback peer, own Host, own or no Origin, nothing forwarded it: local trust may apply. */
  local: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    trust: RequestTrust | null;
  }
}

type OriginConfig = Pick<ServerConfig, 'port' | 'publicUrl' | 'allowedHosts' | 'allowedOrigins'>;

export function originPolicy(config: OriginConfig) {
  const hosts = new Set(['localhost', '127.0.0.1', '[::1]', ...config.allowedHosts.map(normalHost)]);
  if (config.publicUrl) hosts.add(new URL(config.publicUrl).hostname.toLowerCase());
  const origins = new Set([...(config.publicUrl ? [config.publicUrl] : []), ...config.allowedOrigins]);

  const isOwnHostName = (hostname: string) => hosts.has(hostname) || isIP(hostname.replace(/^\[|\]$/g, '')) !== 0;

  function isOwnOrigin(origin: string, localPort: number | undefined): boolean {
    if (origins.has(origin)) return true;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    if (!isOwnHostName(parsed.hostname.toLowerCase())) return false;
    const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
    return port === localPort || port === config.port;
  }

  return function trustOf(request: FastifyRequest): RequestTrust {
    const host = request.headers.host;
    const ownHost = host === undefined || isOwnHostName(hostNameOf(host));
    const origin = request.headers.origin;
    const foreignOrigin = origin !== undefined && !isOwnOrigin(origin, request.socket.localPort);
    const forwarded = FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined);
    const local = isLoopback(request.socket.remoteAddress) && ownHost && !foreignOrigin && !forwarded;
    return { ownHost, ownOrigin: !foreignOrigin, foreignOrigin, local };
  };
}

function normalHost(host: string): string {
  const name = host.trim().toLowerCase();
  return name.includes(':') && !name.startsWith('[') ? `[${name}]` : name;
}

/** `example.org:3000` → `example.org`, `[::1]:3000` → `[::1]`. */
function hostNameOf(host: string): string {
  const lower = host.trim().toLowerCase();
  if (lower.startsWith('[')) return lower.slice(0, lower.indexOf(']') + 1);
  return lower.split(':')[0] ?? '';
}

/** Registers the checks as the first `onRequest` hook; every route sees `request.trust`. */
export function registerOriginPolicy(app: FastifyInstance, config: OriginConfig): void {
  const trustOf = originPolicy(config);
  app.decorateRequest('trust', null);
  app.addHook('onRequest', async (request, reply) => {
    const trust = trustOf(request);
    request.trust = trust;
    // Sockets are refused by the sync endpoint (4403): an HTTP answer to an upgrade would leave it open.
    if (!trust.ownHost && request.headers.upgrade?.toLowerCase() !== 'websocket') {
      return reply
        .status(403)
        .send(errorBody(ApiErrorCode.ForeignHost, 'This server does not answer to that host name. Open the app at its own address (or add the name to ALLOWED_HOSTS).'));
    }
    // WebSocket upgrades are GETs: the sync endpoint decides on a foreign Origin (4403).
    if (!STATE_CHANGING.has(request.method)) return;
    if (trust.foreignOrigin) {
      return reply.status(403).send(errorBody(ApiErrorCode.ForeignOrigin, 'Requests from another web site may not change anything here.'));
    }
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return;
    const path = request.url.split('?')[0]!;
    if (UPLOAD_ROUTES.includes(path)) return;
    if (type === 'application/json' || type.endsWith('+json')) return;
    return reply.status(415).send(errorBody(ApiErrorCode.UnsupportedMediaType, 'Send JSON with Content-Type: application/json.'));
  });
}
