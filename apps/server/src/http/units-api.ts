import { matchedUnits, matchUnitFingerprint } from '@qms/model';
import { MAX_PATH_ID_LENGTH, type MapUnitsResponse } from '@qms/protocol';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../services.js';
import { authorize } from './authorize.js';
import { ApiErrorCode, errorBody } from './errors.js';

const MapParams = Type.Object({ id: Type.String({ maxLength: MAX_PATH_ID_LENGTH }) });

/**
 * GET /api/maps/:id/units (view) — the map's units of learning outcomes as matching reads them:
 * code, title, points, EQF level, outcomes with their domain, and the unit's fingerprint now. A
 * partner's browser reads it with that map's token to pick a unit to match, to show the comparison
 * and to tell whether a matched unit changed since (its fingerprint against the match's snapshot).
 */
export function registerUnitsApi(app: FastifyInstance, { maps, policy }: Pick<Services, 'maps' | 'policy'>): void {
  app.get('/api/maps/:id/units', { schema: { params: MapParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'view');
    if (!allowed) return reply;
    const snapshot = await maps.snapshot(id);
    if (!snapshot) return reply.status(404).send(errorBody(ApiErrorCode.NotFound, `There is no map "${id.slice(0, 80)}".`));
    const units = matchedUnits(snapshot).map((unit) => ({ ...unit, outcomes: [...unit.outcomes], fingerprint: matchUnitFingerprint(unit) }));
    return reply.header('cache-control', 'no-store').send({ id, title: allowed.record.title, language: snapshot.meta.language, units } satisfies MapUnitsResponse);
  });
}
