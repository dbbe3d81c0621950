import { TEMPLATES, templateById } from '@qms/model';
import { ROLES, isRole, type Role } from '@qms/protocol';
import type { MapRecord } from '@qms/storage';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AccessPolicy, Tokens } from '../access.js';
import { MAX_TITLE_LENGTH, type Maps } from '../maps.js';
import { authorize, authorizeInstance } from './authorize.js';
import { ApiError, errorBody } from './errors.js';

const Title = Type.String({ minLength: 1, maxLength: MAX_TITLE_LENGTH, pattern: '\\S' });
const MapParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
const RoleParams = Type.Object({ id: Type.String({ maxLength: 200 }), role: Type.String({ maxLength: 20 }) });
const TitleBody = Type.Object({ title: Title }, { additionalProperties: false });
const CreateBody = Type.Object(
  { title: Type.Optional(Title), template: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

/** What the API says about a map: never its token hashes. */
export function summary(record: MapRecord, extra: { role?: Role; tokens?: Tokens } = {}) {
  const { id, title, createdAt, updatedAt } = record;
  return { id, title, createdAt, updatedAt, url: `/maps/${id}`, ...extra };
}

/** The REST API for maps and their share links. Documented in ARCHITECTURE.md ("Contracts"). */
export function registerMapsApi(app: FastifyInstance, maps: Maps, policy: AccessPolicy): void {
  app.get('/api/maps', async (request, reply) => {
    if (!(await authorizeInstance(request, reply, policy, 'list'))) return reply;
    return { maps: (await maps.list()).map((record) => summary(record)) };
  });

  app.get('/api/templates', async () => ({ templates: TEMPLATES.map(({ id, title }) => ({ id, title })) }));

  app.post('/api/maps', { schema: { body: CreateBody } }, async (request, reply) => {
    if (!(await authorizeInstance(request, reply, policy, 'create'))) return reply;
    const { title, template: templateId } = request.body as { title?: string; template?: string };
    const template = templateId === undefined ? undefined : templateById(templateId);
    if (templateId !== undefined && !template) {
      return reply.status(400).send(errorBody(ApiError.InvalidRequest, `There is no template "${templateId.slice(0, 64)}". See GET /api/templates.`));
    }
    if (!title && !template) return reply.status(400).send(errorBody(ApiError.InvalidRequest, 'Give the map a title.'));
    const { record, tokens } = await maps.create((title ?? template!.title).trim(), template ? { build: template.build } : {});
    request.log.info({ mapId: record.id, template: templateId }, 'map created');
    return reply.status(201).send(summary(record, { role: 'owner', tokens }));
  });

  app.get('/api/maps/:id', { schema: { params: MapParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'view');
    return allowed ? summary(allowed.record, { role: allowed.role }) : reply;
  });

  app.get('/api/maps/:id/report', { schema: { params: MapParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await authorize(request, reply, maps, policy, id, 'view'))) return reply;
    return (await maps.report(id)) ?? reply.status(404).send(errorBody(ApiError.NotFound, `There is no map "${id}".`));
  });

  app.patch('/api/maps/:id', { schema: { params: MapParams, body: TitleBody } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'edit');
    if (!allowed) return reply;
    const { title } = request.body as { title: string };
    const record = await maps.rename(id, title.trim());
    return record ? summary(record, { role: allowed.role }) : reply.status(404).send(errorBody(ApiError.NotFound, `There is no map "${id}".`));
  });

  app.delete('/api/maps/:id', { schema: { params: MapParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await authorize(request, reply, maps, policy, id, 'manage'))) return reply;
    await maps.delete(id);
    request.log.info({ mapId: id }, 'map deleted');
    return reply.status(204).send();
  });

  // Share links: which roles have one; a new link for a role (shown once); no link for a role.
  app.get('/api/maps/:id/access', { schema: { params: MapParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'manage');
    if (!allowed) return reply;
    return { roles: Object.fromEntries(ROLES.map((role) => [role, Boolean(allowed.record.access?.[role])])) };
  });

  app.post('/api/maps/:id/access/:role', { schema: { params: RoleParams } }, async (request, reply) => {
    const { id, role } = request.params as { id: string; role: string };
    if (!isRole(role)) return reply.status(400).send(errorBody(ApiError.InvalidRequest, `Unknown role "${role.slice(0, 20)}". Use one of: ${ROLES.join(', ')}.`));
    if (!(await authorize(request, reply, maps, policy, id, 'manage'))) return reply;
    const token = await maps.rotate(id, role);
    request.log.info({ mapId: id, role }, 'share link replaced');
    return { role, token };
  });

  app.delete('/api/maps/:id/access/:role', { schema: { params: RoleParams } }, async (request, reply) => {
    const { id, role } = request.params as { id: string; role: string };
    if (!isRole(role)) return reply.status(400).send(errorBody(ApiError.InvalidRequest, `Unknown role "${role.slice(0, 20)}". Use one of: ${ROLES.join(', ')}.`));
    if (!(await authorize(request, reply, maps, policy, id, 'manage'))) return reply;
    await maps.revoke(id, role);
    request.log.info({ mapId: id, role }, 'share link revoked');
    return reply.status(204).send();
  });
}
