import { MAX_PATH_ID_LENGTH, type PublicationRequest, type PublicationResponse } from '@qms/protocol';
import type { PublicationRecord } from '@qms/storage';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { PublicationError, Publications } from '../publication.js';
import type { Services } from '../services.js';
import { authorize } from './authorize.js';
import { ApiErrorCode, errorBody } from './errors.js';

const MapParams = Type.Object({ id: Type.String({ maxLength: MAX_PATH_ID_LENGTH }) });
const PublicationBody = Type.Object({ status: Type.Union([Type.Literal('draft'), Type.Literal('adopted'), Type.Literal('deprecated')]) }, { additionalProperties: false });

export function publicationBody(publication: PublicationRecord): PublicationResponse {
  const current = publication.adoptions.at(-1);
  return {
    status: publication.status,
    ...(current ? { versionId: current.versionId, documentIdentifier: current.documentIdentifier } : {}),
    changedAt: publication.changedAt,
    adoptions: publication.adoptions.map(({ versionId, adoptedAt, documentIdentifier }) => ({ versionId, adoptedAt, documentIdentifier })),
  };
}

/**
 * Publication of a map through the CASE provider. Documented in ARCHITECTURE.md ("Contracts"):
 *
 *   GET /api/maps/:id/publication                  view    { status, versionId?, documentIdentifier?, changedAt, adoptions }
 *   PUT /api/maps/:id/publication { status }       manage  the same, after the change
 */
export function registerPublicationApi(app: FastifyInstance, { maps, policy, publications }: Pick<Services, 'maps' | 'policy' | 'publications'>): void {
  app.get('/api/maps/:id/publication', { schema: { params: MapParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'view');
    if (!allowed) return reply;
    return publicationBody(Publications.of(allowed.record));
  });

  app.put('/api/maps/:id/publication', { schema: { params: MapParams, body: PublicationBody } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'manage');
    if (!allowed) return reply;
    const { status } = request.body as PublicationRequest;
    try {
      return publicationBody(await publications.set(id, status, allowed.role));
    } catch (error) {
      if (!(error instanceof PublicationError)) throw error;
      if (error.problem === 'not-found') return reply.status(404).send(errorBody(ApiErrorCode.NotFound, error.message));
      return reply.status(422).send(errorBody(ApiErrorCode.InvalidRequest, error.message));
    }
  });
}
