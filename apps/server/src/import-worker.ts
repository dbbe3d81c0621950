/**
 * The body of an import, run in a worker thread (imports.ts starts one per file): reading the
 * file, checking it, building the map's document, laying it out and encoding it. The server's
 * event loop receives only the finished document (in pieces ready to store) or a refusal, so a
 * large or hostile file never stops the maps being edited meanwhile; the thread runs with a time
 * and memory budget and is terminated when it overruns.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { inflateRawSync } from 'node:zlib';
import { snapshotOf, type MapSnapshot } from '@qms/model';
import type { CaseVersion } from '@qms/interchange';
import { splitUpdate } from '@qms/protocol';
import * as Y from 'yjs';
import { IMPORTERS } from './importers.js';
import { interchange } from './interchange.js';

export interface ImportJob {
  format: string;
  bytes: Uint8Array;
  fileName?: string;
  /** The title asked for (`title=`), else the file's. */
  title?: string;
  maxTitleLength: number;
  /** Most nodes a map may be imported with. */
  maxItems: number;
  /** Largest piece of the stored document (the room's sync piece size). */
  pieceBytes: number;
}

export type ImportReply =
  | { ok: true; title: string; pieces: Uint8Array[]; warnings: string[]; nodes: number; cpuMs: number }
  /** invalid: the file is wrong (400); limit: too large to read (413); unexpected: the reader failed (400). */
  | { ok: false; problem: 'invalid' | 'limit' | 'unexpected'; message: string };

/** A CASE package in another language, to be read as a translation of an existing map (its snapshot). */
export interface TranslationJob {
  bytes: Uint8Array;
  snapshot: MapSnapshot;
  mapId: string;
  /** The map's identifiers' base, as its CASE export writes them. */
  baseUri: string;
}

export type TranslationReply =
  | { ok: true; language: string; fields: Array<{ nodeId: string; field: 'title' | 'keyPurpose'; value: string }>; warnings: string[] }
  | { ok: false; problem: 'invalid' | 'unexpected'; message: string };

/** Parses the package and matches its items to the map's nodes; the event loop then writes the fields found. */
export async function runTranslation(job: TranslationJob): Promise<TranslationReply> {
  const { ImportError, caseTranslation } = await interchange();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(job.bytes);
  } catch {
    return { ok: false, problem: 'invalid', message: 'The file is not UTF-8 text: expected a CASE package (JSON).' };
  }
  try {
    const translation = caseTranslation(text, job.snapshot, { generatedAt: new Date(), mapId: job.mapId, baseUri: job.baseUri });
    return { ok: true, language: translation.language, fields: translation.fields.map((field) => ({ ...field })), warnings: [...translation.warnings] };
  } catch (error) {
    if (error instanceof ImportError) return { ok: false, problem: 'invalid', message: error.message };
    return { ok: false, problem: 'unexpected', message: error instanceof Error ? error.message : String(error) };
  }
}

/** A frozen version of a map (one Yjs update) to be built as the CASE package the provider serves. */
export interface CaseBuildJob {
  update: Uint8Array;
  version: CaseVersion;
  mapId: string;
  /** The URIs' base (the provider's placeholder, case-provider.ts). */
  base: string;
  /** The adoption's CFDocument identifier; absent: the package's own. */
  documentIdentifier?: string;
  /** When the version was frozen: the package's lastChangeDateTime. */
  frozenAt: number;
}

export type CaseBuildReply = { ok: true; json: string } | { ok: false; problem: 'unexpected'; message: string };

/** Builds the package as JSON text: the event loop only parses it. */
export async function runCaseBuild(job: CaseBuildJob): Promise<CaseBuildReply> {
  const { casePackage, servedPackage } = await interchange();
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, job.update);
    const snapshot = snapshotOf(doc);
    const generatedAt = new Date(job.frozenAt);
    const pkg =
      job.documentIdentifier === undefined
        ? casePackage(snapshot, { generatedAt, mapId: job.mapId, caseUriBase: job.base }, job.version)
        : servedPackage({ snapshot, version: job.version, mapId: job.mapId, base: job.base, documentIdentifier: job.documentIdentifier, generatedAt });
    return { ok: true, json: JSON.stringify(pkg) };
  } catch (error) {
    return { ok: false, problem: 'unexpected', message: error instanceof Error ? error.message : String(error) };
  } finally {
    doc.destroy();
  }
}

export async function runImport(job: ImportJob): Promise<ImportReply> {
  const started = process.cpuUsage();
  const { ImportError, ImportLimitError, checkZipLimits, writeImportedMap } = await interchange();
  const importer = IMPORTERS[job.format];
  if (!importer) return { ok: false, problem: 'invalid', message: `Unknown import format "${job.format.slice(0, 40)}".` };
  try {
    if (job.format === 'xlsx') verifyInflatedSizes(job.bytes, checkZipLimits, ImportLimitError);
    const imported = await importer(job.bytes, job.fileName);
    if (imported.nodes.length > job.maxItems) {
      throw new ImportLimitError(
        `This file holds ${imported.nodes.length.toLocaleString('en')} items; a map can be imported with at most ${job.maxItems.toLocaleString('en')}. Split it into several maps.`,
      );
    }
    const title = (job.title ?? imported.title).trim().slice(0, job.maxTitleLength) || 'Imported map';
    const doc = new Y.Doc();
    const warnings = writeImportedMap(doc, { ...imported, title });
    const pieces = splitUpdate(Y.encodeStateAsUpdate(doc), job.pieceBytes);
    doc.destroy();
    const cpu = process.cpuUsage(started);
    return { ok: true, title, pieces, warnings, nodes: imported.nodes.length, cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
  } catch (error) {
    if (error instanceof ImportLimitError) return { ok: false, problem: 'limit', message: error.message };
    if (error instanceof ImportError) return { ok: false, problem: 'invalid', message: error.message };
    return { ok: false, problem: 'unexpected', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The zip directory's sizes are checked first (checkZipLimits), but they can lie: each deflated
 * part is inflated here with its declared size as a hard cap, which stops a lying part as soon as
 * it overruns — before the workbook reader inflates it without one.
 */
function verifyInflatedSizes(
  bytes: Uint8Array,
  checkZipLimits: (bytes: Uint8Array) => Array<{ name: string; method: number; compressedSize: number; uncompressedSize: number; localHeaderOffset: number }>,
  LimitError: new (message: string) => Error,
): void {
  if (bytes.byteLength < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return; // not a zip: the reader says so
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const entry of checkZipLimits(bytes)) {
    if (entry.method !== 8) continue;
    const at = entry.localHeaderOffset;
    if (at + 30 > view.byteLength || view.readUInt32LE(at) !== 0x04034b50) continue; // damaged: the reader says so
    const start = at + 30 + view.readUInt16LE(at + 26) + view.readUInt16LE(at + 28);
    try {
      inflateRawSync(view.subarray(start, start + entry.compressedSize), { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new LimitError(
          `This spreadsheet's part "${entry.name.slice(0, 80)}" inflates to more than the ${entry.uncompressedSize.toLocaleString('en')} bytes its zip directory states: it looks like a zip bomb and was not opened.`,
        );
      }
      // A damaged stream: the workbook reader reports it in its own words.
    }
  }
}

if (parentPort && workerData && (workerData as { translationJob?: unknown }).translationJob) {
  const job = (workerData as { translationJob: TranslationJob }).translationJob;
  const port = parentPort;
  void runTranslation(job).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ ok: false, problem: 'unexpected', message: error instanceof Error ? error.message : String(error) } satisfies TranslationReply),
  );
}

if (parentPort && workerData && (workerData as { caseJob?: unknown }).caseJob) {
  const job = (workerData as { caseJob: CaseBuildJob }).caseJob;
  const port = parentPort;
  void runCaseBuild(job).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ ok: false, problem: 'unexpected', message: error instanceof Error ? error.message : String(error) } satisfies CaseBuildReply),
  );
}

if (parentPort && workerData && (workerData as { importJob?: unknown }).importJob) {
  const job = (workerData as { importJob: ImportJob }).importJob;
  const port = parentPort;
  void runImport(job).then(
    (reply) => port.postMessage(reply, reply.ok ? [...new Set(reply.pieces.map((piece) => piece.buffer as ArrayBuffer))] : []),
    (error: unknown) => port.postMessage({ ok: false, problem: 'unexpected', message: error instanceof Error ? error.message : String(error) } satisfies ImportReply),
  );
}
