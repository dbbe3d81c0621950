import type { Catalogue, DocumentStore } from '@qms/storage';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AccessPolicy } from '../access.js';
import type { ServerConfig } from '../config.js';
import type { Maps } from '../maps.js';
import type { Rooms } from '../rooms/rooms.js';
import { MAX_VERSION_NAME_LENGTH, VersionError, VersionProblem, Versions, isVersionId } from '../versions.js';
import { authorize } from './authorize.js';
import { ApiError, errorBody } from './errors.js';

const MapParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
const VersionParams = Type.Object({ id: Type.String({ maxLength: 200 }), versionId: Type.String({ maxLength: 200 }) });
const CreateBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: MAX_VERSION_NAME_LENGTH, pattern: '\\S' }) },
  { additionalProperties: false },
);

export interface VersionsApiOptions {
  maps: Maps;
  rooms: Rooms;
  policy: AccessPolicy;
  catalogue: Catalogue;
  /** The store the rooms write through (metered), so version bytes are counted too. */
  documents: DocumentStore;
  config: Pick<ServerConfig, 'checkpointIntervalMs' | 'maxAutoVersions'>;
}

/**
 * Version history of a map. Documented in ARCHITECTURE.md ("Contracts"):
 *
 *   GET    /api/maps/:id/versions                       view    { versions } newest first
 *   POST   /api/maps/:id/versions { name }              edit    201 the new version (the live map)
 *   GET    /api/maps/:id/versions/:versionId            view    the version as one Yjs update
 *   POST   /api/maps/:id/versions/:versionId/restore    manage  { restored, backup }
 *   DELETE /api/maps/:id/versions/:versionId            manage  204
 *
 * Also installs the automatic checkpoints on the rooms. Returns the service (tests, other callers).
 */
export function registerVersionsApi(app: FastifyInstance, options: VersionsApiOptions): Versions {
  const { maps, rooms, policy } = options;
  const versions = new Versions({
    catalogue: options.catalogue,
    store: options.documents,
    rooms,
    log: app.log,
    checkpointIntervalMs: options.config.checkpointIntervalMs,
    maxAutomatic: options.config.maxAutoVersions,
  });
  versions.install();

  /** A VersionError becomes its 404 / 409; anything else goes to the error handler. */
  const fail = (reply: FastifyReply, error: unknown) => {
    if (!(error instanceof VersionError)) throw error;
    if (error.problem === VersionProblem.NewerSchema) return reply.status(409).send(errorBody(ApiError.InvalidRequest, error.message));
    return reply.status(404).send(errorBody(ApiError.NotFound, error.message));
  };
  const unknownVersion = (reply: FastifyReply, versionId: string) =>
    reply.status(404).send(errorBody(ApiError.NotFound, `This map has no version "${versionId.slice(0, 64)}".`));

  app.get('/api/maps/:id/versions', { schema: { params: MapParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await authorize(request, reply, maps, policy, id, 'view'))) return reply;
    const list = await versions.list(id);
    return list ? { versions: list } : reply.status(404).send(errorBody(ApiError.NotFound, `There is no map "${id}".`));
  });

  app.post('/api/maps/:id/versions', { schema: { params: MapParams, body: CreateBody } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'edit');
    if (!allowed) return reply;
    const { name } = request.body as { name: string };
    try {
      const version = await versions.create(id, { name: name.trim(), createdBy: allowed.role });
      request.log.info({ mapId: id, versionId: version.id }, 'version saved');
      return reply.status(201).send(version);
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.get('/api/maps/:id/versions/:versionId', { schema: { params: VersionParams } }, async (request, reply) => {
    const { id, versionId } = request.params as { id: string; versionId: string };
    if (!(await authorize(request, reply, maps, policy, id, 'view'))) return reply;
    if (!isVersionId(versionId)) return unknownVersion(reply, versionId);
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
    if (!isVersionId(versionId)) return unknownVersion(reply, versionId);
    try {
      return await versions.restore(id, versionId, allowed.role);
    } catch (error) {
      return fail(reply, error);
    }
  });

  app.delete('/api/maps/:id/versions/:versionId', { schema: { params: VersionParams } }, async (request, reply) => {
    const { id, versionId } = request.params as { id: string; versionId: string };
    if (!(await authorize(request, reply, maps, policy, id, 'manage'))) return reply;
    try {
      if (!isVersionId(versionId) || !(await versions.remove(id, versionId))) return unknownVersion(reply, versionId);
    } catch (error) {
      return fail(reply, error);
    }
    request.log.info({ mapId: id, versionId }, 'version deleted');
    return reply.status(204).send();
  });

  return versions;
}
