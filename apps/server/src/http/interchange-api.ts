import fastifyMultipart from '@fastify/multipart';
import type { ImportedMap } from '@qms/interchange';
import { MAX_FORMAT_ID_LENGTH, MAX_MAP_TITLE_LENGTH, type FormatsResponse, type ImportedMapResponse } from '@qms/protocol';
import { canonicalLanguage, MAX_LANGUAGE_TAG_LENGTH } from '@qms/model';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AccessPolicy } from '../access.js';
import { ImportRunner, type ImportLimits, type ImportOutcome } from '../imports.js';
import { interchange } from '../interchange.js';
import type { Maps } from '../maps.js';
import { SYNC_PIECE_BYTES } from '../rooms/initial-sync.js';
import { authorize, authorizeInstance } from './authorize.js';
import { summary } from './maps-api.js';
import { ApiErrorCode, errorBody } from './errors.js';

/** Readers of uploaded files, by the `format=` of POST /api/maps/import (run in import-worker.ts). */
export type Importer = (bytes: Uint8Array, fileName: string | undefined) => Promise<ImportedMap>;

export interface InterchangeOptions {
  maps: Maps;
  policy: AccessPolicy;
  importers: Readonly<Record<string, Importer>>;
  /** Largest upload accepted, in bytes. */
  maxUploadBytes: number;
  /** What one import may take (time, memory, items); defaults in imports.ts. */
  importLimits?: Partial<ImportLimits>;
  /** PUBLIC_URL: identifiers in exports (CASE URIs, Europass ids) are built on it when set. */
  publicUrl?: string | null;
}

/** `attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const ExportQuery = Type.Object({
  format: Type.String({ maxLength: MAX_FORMAT_ID_LENGTH }),
  // Longer than a tag may be, so that an over-long one gets canonicalLanguage's message, not the schema's.
  language: Type.Optional(Type.String({ maxLength: MAX_LANGUAGE_TAG_LENGTH * 4 })),
});
const TranslationImportQuery = Type.Object({ format: Type.Literal('case') }, { additionalProperties: false });
const ImportQuery = Type.Object(
  { format: Type.String({ maxLength: MAX_FORMAT_ID_LENGTH }), title: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_MAP_TITLE_LENGTH })) },
  { additionalProperties: false },
);

/**
 * GET /api/maps/:id/export?format=…&language=… — a file built from the live document, in one of
 *                                       the map's languages (default: its source language).
 * GET /api/formats                    — the export and import formats.
 * POST /api/maps/import?format=…      — a new map from a file (multipart `file` field or raw body);
 *                                       nothing is created unless the whole file is valid.
 * POST /api/maps/:id/translations/import?format=case — a CASE package in another language added
 *                                       to the map as its translation; nothing changes unless it
 *                                       is one (see case/translation.ts in @qms/interchange).
 */
export async function registerInterchangeApi(app: FastifyInstance, options: InterchangeOptions): Promise<void> {
  const { maps, importers, maxUploadBytes, policy } = options;
  const runner = new ImportRunner(options.importLimits);
  app.decorate('imports', runner); // read by tests and diagnostics: imports running now
  // Before the server waits for open requests: a running import answers "restarting" at once.
  app.addHook('preClose', async () => runner.close());

  app.get('/api/formats', async () => ({
    exports: (await interchange()).EXPORT_FORMATS.map(({ id, label, extension, mediaType, text, bilingual }) => ({ id, label, extension, mediaType, text, bilingual: bilingual === true })),
    imports: Object.keys(importers),
  }) satisfies FormatsResponse);

  app.get('/api/maps/:id/export', { schema: { querystring: ExportQuery } }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const { format: formatId, language: requested } = request.query as { format: string; language?: string };
    const { EXPORT_FORMATS, exportFormatById, fileNameFor, mapLanguages } = await interchange();
    const format = exportFormatById(formatId);
    if (!format) {
      return reply
        .status(400)
        .send(errorBody(ApiErrorCode.InvalidRequest, `Unknown export format "${formatId.slice(0, MAX_FORMAT_ID_LENGTH)}". Use one of: ${EXPORT_FORMATS.map((f) => f.id).join(', ')}.`));
    }
    const tag = requested === undefined ? null : canonicalLanguage(requested);
    if (tag && !tag.ok) return reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, `language: ${tag.message}`));
    const allowed = await authorize(request, reply, maps, policy, id, 'view');
    if (!allowed) return reply;
    const record = allowed.record;
    const snapshot = await maps.snapshot(id);
    if (!snapshot) return reply.status(404).send(errorBody(ApiErrorCode.NotFound, `There is no map "${id.slice(0, 80)}".`));
    const languages = mapLanguages(snapshot);
    const language = tag ? tag.value : snapshot.meta.language;
    if (!languages.includes(language)) {
      return reply
        .status(400)
        .send(errorBody(ApiErrorCode.InvalidRequest, `language: this map is not written or translated in ${language}. Use one of: ${languages.join(', ')}.`));
    }
    const started = performance.now();
    let body: Uint8Array | string;
    try {
      // Identifiers outlive the export: the app's public address, not the one this request used (a loopback one on the organiser's laptop).
      const origin = options.publicUrl ?? `${request.protocol}://${request.host}`;
      // The correspondence table reads the partner maps' units as they are now.
      const matchTargets = format.needsMatchTargets ? await maps.matchTargets(snapshot, id) : undefined;
      // The DACUM chart and the minutes read the workshop from the public review document only.
      const workshop = format.needsWorkshop ? await maps.workshop(id) : undefined;
      body = await format.run(snapshot, {
        generatedAt: new Date(),
        mapId: id,
        baseUri: `${origin}/maps/${id}`,
        language,
        ...(matchTargets ? { matchTargets } : {}),
        ...(workshop ? { workshop } : {}),
      });
    } catch (error) {
      // Converters throw plain errors that say what to fill in ("Set the qualification's EQF level…").
      request.log.info({ mapId: id, format: format.id, err: error }, 'export refused');
      return reply.status(422).send(errorBody(ApiErrorCode.CannotExport, (error as Error).message));
    }
    request.log.info({ mapId: id, format: format.id, language, ms: Math.round(performance.now() - started) }, 'map exported');
    return reply
      .type(format.mediaType)
      .header('content-disposition', contentDisposition(fileNameFor(language === snapshot.meta.language ? record.title : `${record.title} ${language}`, format.extension)))
      .header('cache-control', 'no-store')
      .send(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });

  // Uploads get their own parsers (every body as raw bytes, or multipart) and a larger limit.
  await app.register(async (uploads) => {
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxUploadBytes }, (_request, body, done) => done(null, body));
    await uploads.register(fastifyMultipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 4 } });

    uploads.post('/api/maps/:id/translations/import', { schema: { querystring: TranslationImportQuery }, bodyLimit: maxUploadBytes }, async (request, reply) => {
      const { id } = request.params as { id: string };
      const allowed = await authorize(request, reply, maps, policy, id, 'edit');
      if (!allowed) return reply;
      const upload = await readUpload(request, reply, maxUploadBytes);
      if (!upload) return reply;
      const snapshot = await maps.snapshot(id);
      if (!snapshot) return reply.status(404).send(errorBody(ApiErrorCode.NotFound, `There is no map "${id.slice(0, 80)}".`));
      const origin = options.publicUrl ?? `${request.protocol}://${request.host}`;
      // Parsed and matched to the map's nodes in a worker thread: this event loop only writes the fields found.
      const read = await runner.runTranslation({ bytes: upload.bytes, snapshot, mapId: id, baseUri: `${origin}/maps/${id}` });
      if (!read.ok) {
        const [status, error] = IMPORT_REFUSALS[read.problem];
        if (read.problem === 'unexpected' || read.problem === 'crashed') request.log.warn({ mapId: id, problem: read.problem, reason: read.message }, 'translation import failed unexpectedly');
        const message = read.problem === 'crashed' ? 'The import failed on the server. Please try again.' : read.message;
        return reply.status(status).send(errorBody(error, message));
      }
      const { ImportError, addCaseTranslation } = await interchange();
      try {
        const done = await maps.change(id, (doc, changeOrigin) => {
          // Nodes deleted while the file was read are left out, and said so.
          const nodes = doc.getMap('nodes');
          const fields = read.fields.filter((field) => nodes.has(field.nodeId));
          const gone = read.fields.length - fields.length;
          const translation = { language: read.language, fields, warnings: gone ? [...read.warnings, `${gone} translated field(s) belong to nodes deleted meanwhile and were left out.`] : read.warnings };
          addCaseTranslation(doc, translation, changeOrigin);
          return translation;
        });
        if (!done) return reply.status(404).send(errorBody(ApiErrorCode.NotFound, `There is no map "${id.slice(0, 80)}".`));
        request.log.info({ mapId: id, language: done.language, fields: done.fields.length }, 'translation imported');
        return reply.send({ language: done.language, translated: done.fields.length, warnings: done.warnings });
      } catch (error) {
        if (error instanceof ImportError) return reply.status(400).send(errorBody(ApiErrorCode.InvalidFile, error.message));
        throw error;
      }
    });

    uploads.post('/api/maps/import', { schema: { querystring: ImportQuery }, bodyLimit: maxUploadBytes }, async (request, reply) => {
      if (!(await authorizeInstance(request, reply, policy, 'create'))) return reply;
      const { format, title } = request.query as { format: string; title?: string };
      if (!Object.hasOwn(importers, format)) {
        return reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, `Unknown import format "${format.slice(0, MAX_FORMAT_ID_LENGTH)}". Use one of: ${Object.keys(importers).join(', ')}.`));
      }
      const upload = await readUpload(request, reply, maxUploadBytes);
      if (!upload) return reply;
      request.log.info({ format, bytes: upload.bytes.byteLength }, 'import started');
      // Read, checked, laid out and encoded in a worker thread: this event loop only stores the result.
      const outcome = await runner.run({
        format,
        bytes: upload.bytes,
        ...(upload.fileName ? { fileName: upload.fileName } : {}),
        ...(title !== undefined ? { title } : {}),
        maxTitleLength: MAX_MAP_TITLE_LENGTH,
        pieceBytes: SYNC_PIECE_BYTES,
      });
      if (!outcome.ok) {
        const [status, error] = IMPORT_REFUSALS[outcome.problem];
        if (outcome.problem === 'unexpected' || outcome.problem === 'crashed') request.log.warn({ format, problem: outcome.problem, reason: outcome.message }, 'import failed unexpectedly');
        else request.log.info({ format, problem: outcome.problem }, 'import refused');
        const message = outcome.problem === 'unexpected' ? `This file could not be read as ${format}: ${outcome.message}` : outcome.problem === 'crashed' ? 'The import failed on the server. Please try again.' : outcome.message;
        return reply.status(status).send(errorBody(error, message));
      }
      const { record, tokens } = await maps.create(outcome.title, { state: outcome.pieces });
      request.log.info({ mapId: record.id, format, nodes: outcome.nodes, cpuMs: outcome.cpuMs }, 'map imported');
      return reply.status(201).send({ ...summary(record, { role: 'owner', tokens }), warnings: outcome.warnings } satisfies ImportedMapResponse);
    });
  });
}

/** Status and error of each way an import can be refused. */
const IMPORT_REFUSALS: Record<Extract<ImportOutcome, { ok: false }>['problem'], [number, ApiErrorCode]> = {
  invalid: [400, ApiErrorCode.InvalidFile],
  unexpected: [400, ApiErrorCode.InvalidFile],
  limit: [413, ApiErrorCode.PayloadTooLarge],
  memory: [413, ApiErrorCode.PayloadTooLarge],
  timeout: [422, ApiErrorCode.InvalidFile],
  busy: [429, ApiErrorCode.TooManyRequests],
  stopping: [503, ApiErrorCode.Internal],
  crashed: [500, ApiErrorCode.Internal],
};

async function readUpload(request: FastifyRequest, reply: FastifyReply, maxBytes: number): Promise<{ bytes: Uint8Array; fileName?: string } | null> {
  if (request.isMultipart()) {
    const file = await request.file();
    if (!file) {
      await reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, 'Attach the file in a form field named "file".'));
      return null;
    }
    const bytes = await file.toBuffer().catch(() => null);
    if (!bytes || file.file.truncated) {
      await reply.status(413).send(errorBody(ApiErrorCode.PayloadTooLarge, `The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB.`));
      return null;
    }
    return { bytes, fileName: file.filename };
  }
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.byteLength === 0) {
    await reply.status(400).send(errorBody(ApiErrorCode.InvalidRequest, 'The request has no file: send it as the body or as a multipart field "file".'));
    return null;
  }
  return { bytes: body };
}
