import * as Y from 'yjs';
import { Root, SCHEMA_VERSION, type MapMeta } from './schema.js';
import { prepareInstitutions, readInstitutions } from './institutions.js';
import { prepareLanguageMeta, storedTargetLanguages } from './translation-fields.js';

export type YNode = Y.Map<unknown>;
export type YEdge = Y.Map<unknown>;

export function nodesOf(doc: Y.Doc): Y.Map<YNode> {
  return doc.getMap<YNode>(Root.nodes);
}

export function edgesOf(doc: Y.Doc): Y.Map<YEdge> {
  return doc.getMap<YEdge>(Root.edges);
}

/**
 * The entry under `id` when it is a map, as every node and edge is; anything else a client stored
 * there (a plain string, a number) reads as absent, so that no operation trips over it.
 */
export function entryAt<T>(map: Y.Map<T>, id: string): Y.Map<unknown> | undefined {
  const entry: unknown = map.get(id);
  return entry instanceof Y.Map ? (entry as Y.Map<unknown>) : undefined;
}

/** The entries that are maps, with their ids (see entryAt). */
export function* mapEntries<T>(map: Y.Map<T>): Generator<[string, Y.Map<unknown>]> {
  for (const [id, entry] of map as Y.Map<unknown>) if (entry instanceof Y.Map) yield [id, entry as Y.Map<unknown>];
}

export function metaOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(Root.meta);
}

/**
 * Writes the metadata of a new, empty map. Only the creator of a map calls this (the server, or an
 * importer), so two peers never race to initialise the same document.
 */
export function initMapDocument(
  doc: Y.Doc,
  init: { title: string; createdAt?: number; language?: string; sample?: 'real' | 'illustrative' },
  origin?: unknown,
): void {
  doc.transact(() => {
    const meta = metaOf(doc);
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('title', init.title);
    meta.set('createdAt', init.createdAt ?? Date.now());
    meta.set('language', init.language ?? 'en');
    if (init.sample) meta.set('sample', init.sample);
    prepareLanguageMeta(doc);
    prepareInstitutions(doc);
  }, origin);
}

export function readMeta(doc: Y.Doc): MapMeta {
  const meta = metaOf(doc);
  const schemaVersion = meta.get('schemaVersion');
  const title = meta.get('title');
  const createdAt = meta.get('createdAt');
  const language = meta.get('language');
  const sample = meta.get('sample');
  const languages = storedTargetLanguages(doc);
  const verbs = readVerbs(meta.get('verbs'));
  const ignored = meta.get('ignored');
  const institutions = readInstitutions(doc);
  const ignoredKeys = ignored instanceof Y.Map ? [...(ignored as Y.Map<unknown>).entries()].filter(([, on]) => on === true).map(([key]) => key) : [];
  return {
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 0,
    title: typeof title === 'string' ? title : '',
    createdAt: typeof createdAt === 'number' ? createdAt : 0,
    language: typeof language === 'string' && language ? language : 'en',
    ...(sample === 'real' || sample === 'illustrative' ? { sample } : {}),
    // Only when there is something: readers written before languages see the shape they knew.
    ...(languages.length > 0 ? { languages } : {}),
    ...(verbs ? { verbs } : {}),
    ...(ignoredKeys.length > 0 ? { ignored: ignoredKeys.sort() } : {}),
    ...(institutions.length > 0 ? { institutions } : {}),
  };
}

/** meta.verbs as plain lists (trimmed, lower case, without duplicates); undefined when there is none. */
function readVerbs(raw: unknown): Record<string, string[]> | undefined {
  if (!(raw instanceof Y.Map)) return undefined;
  let result: Record<string, string[]> | undefined;
  for (const [language, list] of (raw as Y.Map<unknown>).entries()) {
    if (!(list instanceof Y.Array)) continue;
    const verbs = [...new Set(list.toArray().filter((v): v is string => typeof v === 'string').map((v) => v.trim().toLowerCase()).filter(Boolean))];
    if (verbs.length > 0) (result ??= {})[language] = verbs;
  }
  return result;
}
