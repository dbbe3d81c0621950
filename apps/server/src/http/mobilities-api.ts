import { MAX_LANGUAGE_TAG_LENGTH, canonicalLanguage, institutionName } from '@qms/model';
import {
  ApiErrorCode,
  MAX_ID_LENGTH,
  MAX_PATH_ID_LENGTH,
  MOBILITY_LIMITS,
  RECOGNITION_DECISIONS,
  RESULT_VALUES,
  type AddLearnerRequest,
  type CreateMobilityRequest,
  type LearnerResultsRequest,
  type MobilityDocumentFormat,
  type MobilityListResponse,
  type Recognition,
  type UpdateMobilityRequest,
} from '@qms/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { interchange } from '../interchange.js';
import { MobilityError, type MobilityContext, type ResolvedPartner } from '../mobilities.js';
import type { Services } from '../services.js';
import { authorize } from './authorize.js';
import { errorBody } from './errors.js';
import { contentDisposition } from './interchange-api.js';

const PathId = Type.String({ maxLength: MAX_PATH_ID_LENGTH });
const MapParams = Type.Object({ id: PathId });
const MobilityParams = Type.Object({ id: PathId, mid: PathId });
const LearnerParams = Type.Object({ id: PathId, mid: PathId, lid: PathId });

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const IsoDate = Type.String({ maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const NodeId = Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH * 2 });
const Partner = Type.Union([
  Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH * 2 }),
  Type.Object({ name: Text(MOBILITY_LIMITS.partnerName), country: Type.String({ pattern: '^[A-Za-z]{2}$', maxLength: 2 }) }, { additionalProperties: false }),
]);
const mobilityFields = {
  title: Text(MOBILITY_LIMITS.title),
  home: Partner,
  host: Partner,
  start: IsoDate,
  end: IsoDate,
  units: Type.Array(NodeId, { maxItems: MOBILITY_LIMITS.units }),
  draft: Type.Optional(Type.Boolean()),
};
const CreateBody = Type.Object(mobilityFields, { additionalProperties: false });
const PatchBody = Type.Object(
  {
    title: Type.Optional(mobilityFields.title),
    home: Type.Optional(Partner),
    host: Type.Optional(Partner),
    start: Type.Optional(IsoDate),
    end: Type.Optional(IsoDate),
    units: Type.Optional(mobilityFields.units),
    draft: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
const LearnerBody = Type.Object(
  { name: Text(MOBILITY_LIMITS.learnerName), dateOfBirth: Type.Optional(IsoDate), email: Type.Optional(Type.String({ maxLength: MOBILITY_LIMITS.email })) },
  { additionalProperties: false },
);
const ResultsBody = Type.Object(
  {
    results: Type.Array(
      Type.Object(
        {
          unit: NodeId,
          outcome: Type.Optional(NodeId),
          result: Type.Union(RESULT_VALUES.map((value) => Type.Literal(value))),
          assessor: Text(MOBILITY_LIMITS.assessor),
          date: IsoDate,
          evidence: Type.Optional(Type.String({ maxLength: MOBILITY_LIMITS.evidence })),
        },
        { additionalProperties: false },
      ),
      { maxItems: MOBILITY_LIMITS.results },
    ),
  },
  { additionalProperties: false },
);
const RecognitionBody = Type.Object(
  {
    decision: Type.Union(RECOGNITION_DECISIONS.map((value) => Type.Literal(value))),
    by: Text(MOBILITY_LIMITS.recognitionBy),
    date: IsoDate,
    points: Type.Number({ minimum: 0, maximum: MOBILITY_LIMITS.points }),
  },
  { additionalProperties: false },
);
const DocumentQuery = Type.Object(
  { format: Type.Union([Type.Literal('docx'), Type.Literal('pdf')]), language: Type.Optional(Type.String({ maxLength: MAX_LANGUAGE_TAG_LENGTH * 4 })) },
  { additionalProperties: false },
);

type MapP = { id: string };
type MobilityP = { id: string; mid: string };
type LearnerP = { id: string; mid: string; lid: string };

/**
 * The mobility workspace of a map: owner and editor only (it holds learners' personal data);
 * commenters and viewers get 403. Documented in ARCHITECTURE.md ("Contracts"):
 *
 *   POST   /api/maps/:id/mobilities                                   201 { id }
 *   GET    /api/maps/:id/mobilities                                   { mobilities }
 *   GET    /api/maps/:id/mobilities/:mid                              the mobility with its learners
 *   PATCH  /api/maps/:id/mobilities/:mid                              the mobility
 *   DELETE /api/maps/:id/mobilities/:mid                              204 (its learners erased)
 *   POST   /api/maps/:id/mobilities/:mid/learners                     201 { id }
 *   DELETE /api/maps/:id/mobilities/:mid/learners/:lid                204 erased everywhere
 *   PUT    /api/maps/:id/mobilities/:mid/learners/:lid/results        the learner
 *   PUT    /api/maps/:id/mobilities/:mid/learners/:lid/recognition    the learner
 *   GET    …/mobilities/:mid/documents/mou?format=docx|pdf&language=…
 *   GET    …/learners/:lid/documents/learning-agreement?format=…&language=…
 *   GET    …/learners/:lid/documents/transcript?format=…&language=…
 *
 * Nothing here logs a learner's name, e-mail or date of birth: ids only.
 */
export function registerMobilitiesApi(app: FastifyInstance, { maps, mobilities, policy }: Pick<Services, 'maps' | 'mobilities' | 'policy'>): void {
  const allowed = async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = request.params as MapP;
    return (await authorize(request, reply, maps, policy, id, 'edit')) !== null;
  };
  /** A MobilityError becomes its status; anything else goes to the error handler (which logs no body). */
  const run = async (reply: FastifyReply, work: () => Promise<unknown>) => {
    // Personal data: never kept by a browser's or a proxy's cache.
    void reply.header('cache-control', 'no-store');
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof MobilityError)) throw error;
      const code = error.status === 404 ? ApiErrorCode.NotFound : error.status === 422 ? ApiErrorCode.Unprocessable : ApiErrorCode.InvalidRequest;
      return reply.status(error.status).send(errorBody(code, error.message));
    }
  };

  app.post('/api/maps/:id/mobilities', { schema: { params: MapParams, body: CreateBody } }, async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const { id } = request.params as MapP;
    return run(reply, async () => {
      const mobility = await mobilities.create(id, request.body as CreateMobilityRequest);
      request.log.info({ mapId: id, mobilityId: mobility.id, draft: mobility.draft }, 'mobility created');
      return reply.status(201).send({ id: mobility.id });
    });
  });

  app.get('/api/maps/:id/mobilities', { schema: { params: MapParams } }, async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const { id } = request.params as MapP;
    return run(reply, async () => ({ mobilities: await mobilities.list(id) }) satisfies MobilityListResponse);
  });

  app.get('/api/maps/:id/mobilities/:mid', { schema: { params: MobilityParams } }, async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const { id, mid } = request.params as MobilityP;
    return run(reply, () => mobilities.get(id, mid));
  });

  app.patch('/api/maps/:id/mobilities/:mid', { schema: { params: MobilityParams, body: PatchBody } }, async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const { id, mid } = request.params as MobilityP;
    return run(reply, async () => {
      const mobility = await mobilities.update(id, mid, request.body as UpdateMobilityRequest);
      request.log.info({ mapId: id, mobilityId: mid }, 'mobility changed');
      return mobility;
    });
  });

  app.delete('/api/maps/:id/mobilities/:mid', { schema: { params: MobilityParams } }, async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const { id, mid } = request.params as MobilityP;
    return run(reply, async () => {
      await mobilities.remove(id, mid);
      request.log.info({ mapId: id, mobilityId: mid }, 'mobility deleted, its learners erased');
      return reply.status(204).send();
    });
  });

  app.post('/api/maps/:id/mobilities/:mid/learners', { schema: { params: MobilityParams, body: LearnerBody } }, async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const { id, mid } = request.params as MobilityP;
    return run(reply, async () => {
      const learner = await mobilities.addLearner(id, mid, request.body as AddLearnerRequest);
      request.log.info({ mapId: id, mobilityId: mid, learnerId: learner.id }, 'learner added');
      return reply.status(201).send({ id: learner.id });
    });
  });

  app.delete('/api/maps/:id/mobilities/:mid/learners/:lid', { schema: { params: LearnerParams } }, async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const { id, mid, lid } = request.params as LearnerP;
    return run(reply, async () => {
      await mobilities.eraseLearner(id, mid, lid);
      request.log.info({ mapId: id, mobilityId: mid, learnerId: lid }, 'learner erased');
      return reply.status(204).send();
    });
  });

  app.put('/api/maps/:id/mobilities/:mid/learners/:lid/results', { schema: { params: LearnerParams, body: ResultsBody } }, async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const { id, mid, lid } = request.params as LearnerP;
    return run(reply, () => mobilities.setResults(id, mid, lid, (request.body as LearnerResultsRequest).results));
  });

  app.put('/api/maps/:id/mobilities/:mid/learners/:lid/recognition', { schema: { params: LearnerParams, body: RecognitionBody } }, async (request, reply) => {
    if (!(await allowed(request, reply))) return reply;
    const { id, mid, lid } = request.params as LearnerP;
    return run(reply, () => mobilities.setRecognition(id, mid, lid, request.body as Recognition));
  });

  const sendDocument = async (request: FastifyRequest, reply: FastifyReply, kind: 'mou' | 'learning-agreement' | 'transcript') => {
    if (!(await allowed(request, reply))) return reply;
    const { id, mid, lid } = request.params as Partial<LearnerP> & MobilityP;
    const { format, language: requested } = request.query as { format: MobilityDocumentFormat; language?: string };
    const tag = requested === undefined ? null : canonicalLanguage(requested);
    if (tag && !tag.ok) return reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, `language: ${tag.message}`));
    return run(reply, async () => {
      const context = await mobilities.context(id, mid);
      const learner = lid === undefined ? undefined : context.mobility.learners.find((l) => l.id === lid);
      if (lid !== undefined && !learner) throw new MobilityError(404, `This mobility has no learner "${lid.slice(0, 64)}".`);
      const { mobilityDocument, mapLanguages, fileNameFor, MOBILITY_DOCUMENT_MEDIA_TYPES } = await interchange();
      const languages = mapLanguages(context.snapshot);
      const language = tag ? tag.value : context.snapshot.meta.language;
      if (!languages.includes(language)) throw new MobilityError(400, `language: this map is not written or translated in ${language}. Use one of: ${languages.join(', ')}.`);
      const bytes = await mobilityDocument(kind, documentInput(context, language, learner), format);
      request.log.info({ mapId: id, mobilityId: mid, document: kind, format, language }, 'mobility document made');
      const name = fileNameFor(`${kind} ${context.mobility.title}${learner ? ` ${learner.name}` : ''}${language === context.snapshot.meta.language ? '' : ` ${language}`}`, format);
      return reply
        .type(MOBILITY_DOCUMENT_MEDIA_TYPES[format])
        .header('content-disposition', contentDisposition(name))
        .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
  };
  app.get('/api/maps/:id/mobilities/:mid/documents/mou', { schema: { params: MobilityParams, querystring: DocumentQuery } }, (request, reply) => sendDocument(request, reply, 'mou'));
  app.get('/api/maps/:id/mobilities/:mid/learners/:lid/documents/learning-agreement', { schema: { params: LearnerParams, querystring: DocumentQuery } }, (request, reply) =>
    sendDocument(request, reply, 'learning-agreement'),
  );
  app.get('/api/maps/:id/mobilities/:mid/learners/:lid/documents/transcript', { schema: { params: LearnerParams, querystring: DocumentQuery } }, (request, reply) =>
    sendDocument(request, reply, 'transcript'),
  );
}

/** What the documents are made from: plain data, the partners' names in the document's language. */
function documentInput(context: MobilityContext, language: string, learner: MobilityContext['mobility']['learners'][number] | undefined) {
  const { snapshot, mobility } = context;
  const partner = (resolved: ResolvedPartner, role: 'home' | 'host') => {
    const institution = resolved.institution;
    return {
      name: institution ? institutionName(institution, language, snapshot.meta.language) : resolved.name,
      country: resolved.country,
      city: institution?.city ?? '',
      role,
      competences: institution ? [...institution.competences] : [],
      contact: institution ? { ...institution.contact } : {},
    };
  };
  return {
    snapshot,
    language,
    generatedAt: new Date(),
    mobility: { title: mobility.title, start: mobility.start, end: mobility.end, units: mobility.units, draft: mobility.draft },
    home: partner(context.home, 'home'),
    host: partner(context.host, 'host'),
    agreements: context.agreements,
    ...(learner ? { learner: { name: learner.name, dateOfBirth: learner.dateOfBirth, email: learner.email, results: learner.results, recognition: learner.recognition } } : {}),
  };
}
