import { TEMPLATES, templateById } from '@qms/model';
import { isValidMapId } from '@qms/protocol';
import type { MapRecord } from '@qms/storage';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { MAX_TITLE_LENGTH, type Maps } from '../maps.js';
import { ApiError, errorBody } from './errors.js';

const Title = Type.String({ minLength: 1, maxLength: MAX_TITLE_LENGTH, pattern: '\\S' });
const MapParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
const TitleBody = Type.Object({ title: Title }, { additionalProperties: false });
const CreateBody = Type.Object(
  { title: Type.Optional(Title), template: Type.Optional(Type.String({ maxLength: 64 })) },
  { additionalProperties: false },
);

const MapSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  createdAt: Type.Number(),
  updatedAt: Type.Number(),
  url: Type.String(),
});
const ErrorResponse = Type.Object({ error: Type.String(), message: Type.String() });

function summary(record: MapRecord) {
  return { ...record, url: `/maps/${record.id}` };
}

function notFound(reply: FastifyReply, id: string) {
  return reply.status(404).send(errorBody(ApiError.NotFound, `There is no map "${id.slice(0, 80)}".`));
}

/** The REST API for the map list. Documented in ARCHITECTURE.md ("Contracts"). */
export function registerMapsApi(app: FastifyInstance, maps: Maps): void {
  app.get('/api/maps', { schema: { response: { 200: Type.Object({ maps: Type.Array(MapSummary) }) } } }, async () => ({
    maps: (await maps.list()).map(summary),
  }));

  app.get('/api/templates', async () => ({ templates: TEMPLATES.map(({ id, title }) => ({ id, title })) }));

  app.post(
    '/api/maps',
    { schema: { body: CreateBody, response: { 201: MapSummary, 400: ErrorResponse } } },
    async (request, reply) => {
      const { title, template: templateId } = request.body as { title?: string; template?: string };
      const template = templateId === undefined ? undefined : templateById(templateId);
      if (templateId !== undefined && !template) {
        return reply.status(400).send(errorBody(ApiError.InvalidRequest, `There is no template "${templateId.slice(0, 64)}". See GET /api/templates.`));
      }
      if (!title && !template) return reply.status(400).send(errorBody(ApiError.InvalidRequest, 'Give the map a title.'));
      const record = await maps.create((title ?? template!.title).trim(), template ? { build: template.build } : {});
      request.log.info({ mapId: record.id, template: templateId }, 'map created');
      return reply.status(201).send(summary(record));
    },
  );

  app.get(
    '/api/maps/:id',
    { schema: { params: MapParams, response: { 200: MapSummary, 404: ErrorResponse } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const record = isValidMapId(id) ? await maps.get(id) : undefined;
      return record ? summary(record) : notFound(reply, id);
    },
  );

  app.get(
    '/api/maps/:id/report',
    { schema: { params: MapParams, response: { 404: ErrorResponse } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const report = isValidMapId(id) ? await maps.report(id) : undefined;
      return report ?? notFound(reply, id);
    },
  );

  app.patch(
    '/api/maps/:id',
    { schema: { params: MapParams, body: TitleBody, response: { 200: MapSummary, 404: ErrorResponse } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { title } = request.body as { title: string };
      const record = isValidMapId(id) ? await maps.rename(id, title.trim()) : undefined;
      return record ? summary(record) : notFound(reply, id);
    },
  );

  app.delete(
    '/api/maps/:id',
    { schema: { params: MapParams, response: { 204: Type.Null(), 404: ErrorResponse } } },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!isValidMapId(id) || !(await maps.delete(id))) return notFound(reply, id);
      request.log.info({ mapId: id }, 'map deleted');
      return reply.status(204).send();
    },
  );
}
