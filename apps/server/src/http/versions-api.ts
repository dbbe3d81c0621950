import {
  ApiErrorCode,
  MAX_PATH_ID_LENGTH,
  MAX_VERSION_NAME_LENGTH,
  isValidVersionId,
  type CreateVersionRequest,
  type RestoreResponse,
} from '@qms/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../services.js';
import { VersionError, VersionProblem, publicVersion } from '../versions.js';
import { authorize } from './authorize.js';
import { errorBody } from './errors.js';

const MapParams = Type.Object({ id: Type.String({ maxLength: MAX_PATH_ID_LENGTH }) });
const VersionParams = Type.Object({ id: Type.String({ maxLength: MAX_PATH_ID_LENGTH }), versionId: Type.String({ maxLength: MAX_PATH_ID_LENGTH }) });
/** `?include=kind` is accepted from older clients: every answer carries `kind` now. */
const IncludeQuery = Type.Object({ include: Type.Optional(Type.String({ maxLength: 100 })) });
const CreateBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: MAX_VERSION_NAME_LENGTH, pattern: '\\S' }) },
  { additionalProperties: false },
);

/**
 * Version history of a map. Documented in ARCHITECTURE.md ("Contracts"):
 *
 *   GET    /api/maps/:id/versions                       view    { versions } newest first
 *   POST   /api/maps/:id/versions { name }                 edit  201 the new version (the live map)
 *   GET    /api/maps/:id/versions/:versionId            view    the version as one Yjs update
 *   POST   /api/maps/:id/versions/:versionId/restore    manage  { restored, backup }
 *   DELETE /api/maps/:id/versions/:versionId            manage  204
 */
export function registerVersionsApi(app: FastifyInstance, { maps, versions, policy }: Pick<Services, 'maps' | 'versions' | 'policy'>): void {
  /** A VersionError becomes its 404 / 409; anything else goes to the error handler. */
  const fail = (reply: FastifyReply, error: unknown) => {
    if (!(error instanceof VersionError)) throw error;
    if (error.problem === VersionProblem.NewerSchema) return reply.status(409).send(errorBody(ApiErrorCode.InvalidRequest, error.message));
    return reply.status(404).send(errorBody(ApiErrorCode.NotFound, error.message));
  };
  const unknownVersion = (reply: FastifyReply, versionId: string) =>
    reply.status(404).send(errorBody(ApiErrorCode.NotFound, `This map has no version "${versionId.slice(0, 64)}".`));

  app.get('/api/maps/:id/versions', { schema: { params: MapParams, querystring: IncludeQuery } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await authorize(request, reply, maps, policy, id, 'view'))) return reply;
    const list = await versions.list(id);
    return list
      ? { versions: list.map((version) => publicVersion(version)) }
      : reply.status(404).send(errorBody(ApiErrorCode.NotFound, `There is no map "${id}".`));
  });

  app.post('/api/maps/:id/versions', { schema: { params: MapParams, querystring: IncludeQuery, body: CreateBody } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'edit');
    if (!allowed) return reply;
    const { name } = request.body as CreateVersionRequest;
    try {
      const version = await versions.create(id, { name: name.trim(), createdBy: allowed.role });
      request.log.info({ mapId: id, versionId: version.id }, 'version saved');
      return reply.status(201).send(publicVersion(version));
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.get('/api/maps/:id/versions/:versionId', { schema: { params: VersionParams } }, async (request, reply) => {
    const { id, versionId } = request.params as { id: string; versionId: string };
    if (!(await authorize(request, reply, maps, policy, id, 'view'))) return reply;
    if (!isValidVersionId(versionId)) return unknownVersion(reply, versionId);
    try {
      const update = await versions.load(id, versionId);
      return reply
        .type('application/octet-stream')
        // Like exports: a copy of the map's content stays out of shared and disk caches.
        .header('cache-control', 'no-store')
        .send(Buffer.from(update.buffer, update.byteOffset, update.byteLength));
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.post('/api/maps/:id/versions/:versionId/restore', { schema: { params: VersionParams } }, async (request, reply) => {
    const { id, versionId } = request.params as { id: string; versionId: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'manage');
    if (!allowed) return reply;
    if (!isValidVersionId(versionId)) return unknownVersion(reply, versionId);
    try {
      return (await versions.restore(id, versionId, allowed.role)) satisfies RestoreResponse;
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.delete('/api/maps/:id/versions/:versionId', { schema: { params: VersionParams } }, async (request, reply) => {
    const { id, versionId } = request.params as { id: string; versionId: string };
    const owner = await authorize(request, reply, maps, policy, id, 'manage');
    if (!owner) return reply;
    // The CASE provider serves an adoption's version: it stays while the map is published from it.
    if (owner.record.publication?.adoptions.some((adoption) => adoption.versionId === versionId)) {
      return reply.status(409).send(errorBody(ApiErrorCode.InvalidRequest, 'This version was adopted for publication and is served through the CASE API: it cannot be deleted.'));
    }
    try {
      if (!isValidVersionId(versionId) || !(await versions.remove(id, versionId))) return unknownVersion(reply, versionId);
    } catch (error) {
      return fail(reply, error);
    }
    request.log.info({ mapId: id, versionId }, 'version deleted');
    return reply.status(204).send();
  });
}
