import { MAX_LANGUAGE_TAG_LENGTH, TEMPLATES, canonicalLanguage, readMeta, templateById } from '@qms/model';
import * as Y from 'yjs';
import {
  MAX_ID_LENGTH,
  MAX_MAP_TITLE_LENGTH,
  MAX_PATH_ID_LENGTH,
  MAX_ROLE_NAME_LENGTH,
  ROLES,
  isRole,
  type AccessResponse,
  type CreateMapRequest,
  type CreatedMap,
  type MapListResponse,
  type MapSummary,
  type NewReviewLinkResponse,
  type ReviewLinksResponse,
  type RenameMapRequest,
  type ReportResponse,
  type Role,
  type TemplateListResponse,
  type Tokens,
} from '@qms/protocol';
import type { MapRecord } from '@qms/storage';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Services } from '../services.js';
import { authorize, authorizeInstance } from './authorize.js';
import { ApiErrorCode, errorBody } from './errors.js';

const Title = Type.String({ minLength: 1, maxLength: MAX_MAP_TITLE_LENGTH, pattern: '\\S' });
const MapParams = Type.Object({ id: Type.String({ maxLength: MAX_PATH_ID_LENGTH }) });
const RoleParams = Type.Object({ id: Type.String({ maxLength: MAX_PATH_ID_LENGTH }), role: Type.String({ maxLength: MAX_ROLE_NAME_LENGTH }) });
const TitleBody = Type.Object({ title: Title }, { additionalProperties: false });
const ReviewLinkParams = Type.Object({ id: Type.String({ maxLength: MAX_PATH_ID_LENGTH }), linkId: Type.String({ maxLength: MAX_PATH_ID_LENGTH }) });
const ReviewLinkBody = Type.Object({ institutionId: Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH }) }, { additionalProperties: false });
const CreateBody = Type.Object(
  {
    title: Type.Optional(Title),
    template: Type.Optional(Type.String({ maxLength: MAX_ID_LENGTH })),
    // Checked as BCP 47 below (canonicalLanguage), with a message that says what a tag looks like.
    language: Type.Optional(Type.String({ maxLength: MAX_LANGUAGE_TAG_LENGTH * 4 })),
  },
  { additionalProperties: false },
);

/** What the API says about a map: never its token hashes. */
export function summary(record: MapRecord): MapSummary;
export function summary(record: MapRecord, extra: { role: Role; tokens: Tokens }): CreatedMap;
export function summary(record: MapRecord, extra: { role?: Role; tokens?: Tokens }): MapSummary;
export function summary(record: MapRecord, extra: { role?: Role; tokens?: Tokens } = {}): MapSummary {
  const { id, title, createdAt, updatedAt } = record;
  return { id, title, createdAt, updatedAt, url: `/maps/${id}`, ...extra };
}

/** The language a template's texts are written in (templates are small: built once to read it). */
function templateLanguage(build: (doc: Y.Doc, origin: unknown) => void): string {
  const doc = new Y.Doc();
  build(doc, null);
  const { language } = readMeta(doc);
  doc.destroy();
  return language;
}

/** The REST API for maps and their share links. Documented in ARCHITECTURE.md ("Contracts"). */
export function registerMapsApi(app: FastifyInstance, { maps, policy }: Pick<Services, 'maps' | 'policy'>): void {
  app.get('/api/maps', async (request, reply) => {
    if (!(await authorizeInstance(request, reply, policy, 'list'))) return reply;
    return { maps: (await maps.list()).map((record) => summary(record)) } satisfies MapListResponse;
  });

  app.get('/api/templates', async () => ({ templates: TEMPLATES.map(({ id, title }) => ({ id, title })) }) satisfies TemplateListResponse);

  app.post('/api/maps', { schema: { body: CreateBody } }, async (request, reply) => {
    if (!(await authorizeInstance(request, reply, policy, 'create'))) return reply;
    const { title, template: templateId, language: requested } = request.body as CreateMapRequest;
    const template = templateId === undefined ? undefined : templateById(templateId);
    if (templateId !== undefined && !template) {
      return reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, `There is no template "${templateId.slice(0, 64)}". See GET /api/templates.`));
    }
    if (!title && !template) return reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, 'Give the map a title.'));
    let language: string | undefined;
    if (requested !== undefined) {
      const checked = canonicalLanguage(requested);
      if (!checked.ok) return reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, `language: ${checked.message}`));
      language = checked.value;
      // A template's texts are in its own language: a map from it cannot say they are in another.
      const written = template ? templateLanguage(template.build) : undefined;
      if (written !== undefined && written !== language) {
        return reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, `The template "${templateId}" is written in ${written}; leave out language or give "${written}".`));
      }
    }
    const { record, tokens } = await maps.create((title ?? template!.title).trim(), template ? { build: template.build } : { ...(language ? { language } : {}) });
    request.log.info({ mapId: record.id, template: templateId, language }, 'map created');
    return reply.status(201).send(summary(record, { role: 'owner', tokens }));
  });

  app.get('/api/maps/:id', { schema: { params: MapParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'view');
    if (!allowed) return reply;
    return { ...summary(allowed.record, { role: allowed.role }), ...(allowed.institutionId ? { institutionId: allowed.institutionId } : {}) };
  });

  app.get('/api/maps/:id/report', { schema: { params: MapParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await authorize(request, reply, maps, policy, id, 'view'))) return reply;
    return ((await maps.report(id)) satisfies ReportResponse | undefined) ?? reply.status(404).send(errorBody(ApiErrorCode.NotFound, `There is no map "${id}".`));
  });

  app.patch('/api/maps/:id', { schema: { params: MapParams, body: TitleBody } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'edit');
    if (!allowed) return reply;
    const { title } = request.body as RenameMapRequest;
    const record = await maps.rename(id, title.trim());
    return record ? summary(record, { role: allowed.role }) : reply.status(404).send(errorBody(ApiErrorCode.NotFound, `There is no map "${id}".`));
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
    return { roles: Object.fromEntries(ROLES.map((role) => [role, Boolean(allowed.record.access?.[role])])) as AccessResponse['roles'] } satisfies AccessResponse;
  });

  // Review links issued to partner institutions: commenters whose sign-offs speak for that institution only.
  app.get('/api/maps/:id/review-links', { schema: { params: MapParams } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const allowed = await authorize(request, reply, maps, policy, id, 'manage');
    if (!allowed) return reply;
    return { links: (allowed.record.reviewLinks ?? []).map(({ id: linkId, institutionId, createdAt }) => ({ id: linkId, institutionId, createdAt })) } satisfies ReviewLinksResponse;
  });

  app.post('/api/maps/:id/review-links', { schema: { params: MapParams, body: ReviewLinkBody } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!(await authorize(request, reply, maps, policy, id, 'manage'))) return reply;
    const { institutionId } = request.body as { institutionId: string };
    const issued = await maps.issueReviewLink(id, institutionId);
    if (issued === 'no-map') return reply.status(404).send(errorBody(ApiErrorCode.NotFound, `There is no map "${id.slice(0, 80)}".`));
    if (issued === 'no-institution') {
      return reply.status(422).send(errorBody(ApiErrorCode.InvalidRequest, `The map has no partner institution "${institutionId.slice(0, 64)}": add it in the Review tab's partners first.`));
    }
    if (issued === 'too-many') return reply.status(422).send(errorBody(ApiErrorCode.InvalidRequest, 'This map has as many review links as it may have: revoke some first.'));
    request.log.info({ mapId: id, institutionId, linkId: issued.link.id }, 'review link issued');
    const { id: linkId, createdAt } = issued.link;
    return reply.status(201).send({ id: linkId, institutionId, createdAt, token: issued.token } satisfies NewReviewLinkResponse);
  });

  app.delete('/api/maps/:id/review-links/:linkId', { schema: { params: ReviewLinkParams } }, async (request, reply) => {
    const { id, linkId } = request.params as { id: string; linkId: string };
    if (!(await authorize(request, reply, maps, policy, id, 'manage'))) return reply;
    if (!(await maps.revokeReviewLink(id, linkId))) return reply.status(404).send(errorBody(ApiErrorCode.NotFound, `This map has no review link "${linkId.slice(0, 64)}".`));
    request.log.info({ mapId: id, linkId }, 'review link revoked');
    return reply.status(204).send();
  });

  app.post('/api/maps/:id/access/:role', { schema: { params: RoleParams } }, async (request, reply) => {
    const { id, role } = request.params as { id: string; role: string };
    if (!isRole(role)) return reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, `Unknown role "${role.slice(0, 20)}". Use one of: ${ROLES.join(', ')}.`));
    if (!(await authorize(request, reply, maps, policy, id, 'manage'))) return reply;
    const token = await maps.rotate(id, role);
    request.log.info({ mapId: id, role }, 'share link replaced');
    return { role, token };
  });

  app.delete('/api/maps/:id/access/:role', { schema: { params: RoleParams } }, async (request, reply) => {
    const { id, role } = request.params as { id: string; role: string };
    if (!isRole(role)) return reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, `Unknown role "${role.slice(0, 20)}". Use one of: ${ROLES.join(', ')}.`));
    if (!(await authorize(request, reply, maps, policy, id, 'manage'))) return reply;
    await maps.revoke(id, role);
    request.log.info({ mapId: id, role }, 'share link revoked');
    return reply.status(204).send();
  });
}
