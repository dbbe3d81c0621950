import { ApiErrorCode, type HealthResponse, type ReadinessResponse } from '@qms/protocol';
import type { FastifyInstance } from 'fastify';
import { bearerToken, isAdmin } from '../access.js';
import type { Services } from '../services.js';
import { isLocalRequest } from './authorize.js';
import { errorBody } from './errors.js';

/**
 * What operators and their tools call:
 *
 *   GET  /healthz            liveness: the process answers
 *   GET  /readyz             readiness: not stopping, and the storage can take writes
 *   GET  /metrics            Prometheus text (this machine, or the admin token)
 *   POST /api/admin/backup   a consistent copy of the data (`pnpm backup`; same access)
 */
export function registerOpsApi(app: FastifyInstance, services: Pick<Services, 'rooms' | 'metrics' | 'policy' | 'problems' | 'backup' | 'recoveries'>): void {
  const { rooms, metrics, policy } = services;

  app.get('/healthz', async () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()), rooms: rooms.loadedCount }) satisfies HealthResponse);

  app.get('/readyz', async (_request, reply) => {
    const problems = await services.problems();
    // Damage repaired since the start does not make the server unready; it is listed until a restart.
    const recovered = services.recoveries.lines;
    return reply
      .status(problems.length ? 503 : 200)
      .send({ status: problems.length ? 'unavailable' : 'ready', problems, ...(recovered.length ? { recovered: [...recovered] } : {}) } satisfies ReadinessResponse);
  });

  app.post('/api/admin/backup', async (request, reply) => {
    if (!isLocalRequest(request) && !isAdmin(bearerToken(request.headers.authorization), policy)) {
      return reply.status(401).send(errorBody(ApiErrorCode.Unauthorized, 'Backups are made from this machine, or with the admin token.'));
    }
    const copied = await services.backup();
    if (!copied) return reply.status(501).send(errorBody(ApiErrorCode.InvalidRequest, 'This storage makes its own backups (see its documentation).'));
    request.log.info(copied, 'backup written');
    return copied;
  });

  app.get('/metrics', async (request, reply) => {
    if (!isLocalRequest(request) && !isAdmin(bearerToken(request.headers.authorization), policy)) {
      return reply.status(401).send(errorBody(ApiErrorCode.Unauthorized, 'Metrics are served to this machine, or with the admin token.'));
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
