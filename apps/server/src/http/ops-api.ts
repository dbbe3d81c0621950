import { ApiErrorCode, type HealthResponse, type ReadinessResponse } from '@qms/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken, isAdmin } from '../access.js';
import type { Services } from '../services.js';
import { isLocalRequest } from './authorize.js';
import { errorBody } from './errors.js';

/** Backups one instance writes per minute at most. */
const BACKUPS_PER_MINUTE = 5;

/**
 * What operators and their tools call:
 *
 *   GET  /healthz            liveness: the process answers
 *   GET  /readyz             readiness: not stopping, the storage can take writes (and the bus carries updates)
 *   GET  /metrics            Prometheus text (this machine, or the admin token)
 *   POST /api/admin/backup   a consistent copy of the data (`pnpm backup`; same access)
 */
export function registerOpsApi(app: FastifyInstance, services: Pick<Services, 'rooms' | 'metrics' | 'policy' | 'readiness' | 'backup' | 'recoveries'>): void {
  const { rooms, metrics, policy } = services;

  app.get('/healthz', async () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()), rooms: rooms.loadedCount }) satisfies HealthResponse);

  app.get('/readyz', async (_request, reply) => {
    const { problems, ...dependencies } = await services.readiness();
    // Damage repaired since the start does not make the server unready; it is listed until a restart.
    const recovered = services.recoveries.lines;
    return reply
      .status(problems.length ? 503 : 200)
      .send({
        status: problems.length ? 'unavailable' : 'ready',
        problems,
        ...(recovered.length ? { recovered: [...recovered] } : {}),
        ...dependencies,
      } satisfies ReadinessResponse);
  });

  // The admin token when one is set; otherwise this machine's own user (loopback, own Host and Origin, nothing forwarded: origin-policy.ts).
  const isOperator = (request: FastifyRequest) =>
    isAdmin(bearerToken(request.headers.authorization), policy) || (!policy.adminToken && isLocalRequest(request));
  const refuse = (reply: FastifyReply, what: string) =>
    reply
      .status(401)
      .send(errorBody(ApiErrorCode.Unauthorized, policy.adminToken ? `${what} need the admin token ("Authorization: Bearer <ADMIN_TOKEN>").` : `${what} are only for this machine.`));

  // One backup at a time, and a few a minute: each is a full copy of the data.
  let backingUp = false;
  const recentBackups: number[] = [];
  app.post('/api/admin/backup', async (request, reply) => {
    if (!isOperator(request)) return refuse(reply, 'Backups');
    const now = Date.now();
    while (recentBackups.length && recentBackups[0]! <= now - 60_000) recentBackups.shift();
    if (backingUp || recentBackups.length >= BACKUPS_PER_MINUTE) {
      return reply.status(429).send(errorBody(ApiErrorCode.TooManyRequests, backingUp ? 'A backup is being written: wait for it.' : 'Too many backups this minute: wait a moment.'));
    }
    backingUp = true;
    recentBackups.push(now);
    try {
      const copied = await services.backup();
      if (!copied) return reply.status(501).send(errorBody(ApiErrorCode.InvalidRequest, 'This storage makes its own backups (see its documentation).'));
      request.log.info(copied, 'backup written');
      return copied;
    } finally {
      backingUp = false;
    }
  });

  app.get('/metrics', async (request, reply) => {
    if (!isOperator(request)) return refuse(reply, 'Metrics');
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
