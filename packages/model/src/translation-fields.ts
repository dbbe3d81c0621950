import * as Y from 'yjs';
import { FIELDS } from './fields.js';
import { hasField, kindsGeneration } from './kinds.js';
import { Root } from './schema.js';

/**
 * The fields a translation holds, and the empty structure of a node's translations: kept apart
 * from translations.ts so that node creation (operations.ts) can prepare it without a cycle.
 */

/** The fields translated: statements and criteria. Codes, levels, URIs and numbers are not language. */
export const TRANSLATABLE_FIELDS = ['title', 'keyPurpose', 'performanceCriteria', 'assessmentCriteria'] as const;
export type TranslatableField = (typeof TRANSLATABLE_FIELDS)[number];

/** Keys of a language's map that are not fields. */
export const TranslationKey = { translations: 'translations', fingerprints: 'fingerprints', reviewed: 'reviewed' } as const;

export function isTranslatableField(field: string): field is TranslatableField {
  return (TRANSLATABLE_FIELDS as readonly string[]).includes(field);
}

/** The translatable fields of a kind (title for every kind, even one this version does not know). */
export function translatableFieldsOf(kind: string): readonly TranslatableField[] {
  // Asked for every node and language on every check: kept per kind until a kind is registered.
  if (fieldsGeneration !== kindsGeneration()) {
    fieldsByKind.clear();
    fieldsGeneration = kindsGeneration();
  }
  let fields = fieldsByKind.get(kind);
  if (!fields) fieldsByKind.set(kind, (fields = TRANSLATABLE_FIELDS.filter((field) => field === 'title' || hasField(kind, field))));
  return fields;
}

const fieldsByKind = new Map<string, readonly TranslatableField[]>();
let fieldsGeneration = -1;

/** The map's target languages as stored (duplicates from concurrent adds removed). */
export function storedTargetLanguages(doc: Y.Doc): string[] {
  const list = doc.getMap<unknown>(Root.meta).get('languages');
  if (!(list instanceof Y.Array)) return [];
  return [...new Set(list.toArray().filter((tag): tag is string => typeof tag === 'string' && tag !== ''))];
}

function childMap(parent: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const existing = parent.get(key);
  if (existing instanceof Y.Map) return existing as Y.Map<unknown>;
  const created = new Y.Map<unknown>();
  parent.set(key, created);
  return created;
}

/** A node's translations map, made if missing. Call inside a transaction. */
export function translationsOf(node: Y.Map<unknown>): Y.Map<unknown> {
  return childMap(node, TranslationKey.translations);
}

/**
 * One language's map of a node, with an empty Y.Text / Y.Array for each translatable field of its
 * kind and the fingerprint maps: what two translators then type into merges. Call inside a transaction.
 */
export function prepareTranslation(node: Y.Map<unknown>, language: string): Y.Map<unknown> {
  const map = childMap(translationsOf(node), language);
  for (const field of translatableFieldsOf(String(node.get('kind')))) {
    if (FIELDS[field].type === 'text') {
      if (!(map.get(field) instanceof Y.Text)) map.set(field, new Y.Text());
    } else if (!(map.get(field) instanceof Y.Array)) map.set(field, new Y.Array<string>());
  }
  childMap(map, TranslationKey.fingerprints);
  childMap(map, TranslationKey.reviewed);
  return map;
}

/**
 * A new node's translations: its `translations` map, always (two peers adding different target
 * languages at once would otherwise each make one, and one would be lost), and one prepared map
 * per target language. Call inside a transaction.
 */
export function prepareNodeTranslations(doc: Y.Doc, node: Y.Map<unknown>): void {
  translationsOf(node);
  for (const language of storedTargetLanguages(doc)) prepareTranslation(node, language);
}

/** The meta entries of a map with languages: made when missing (creation, migration). */
export function prepareLanguageMeta(doc: Y.Doc): void {
  const meta = doc.getMap<unknown>(Root.meta);
  if (!(meta.get('languages') instanceof Y.Array)) meta.set('languages', new Y.Array<string>());
  if (!(meta.get('ignored') instanceof Y.Map)) meta.set('ignored', new Y.Map<boolean>());
  const verbs = childMap(meta, 'verbs');
  const source = meta.get('language');
  for (const language of [typeof source === 'string' ? source : 'en', ...storedTargetLanguages(doc)]) {
    if (!(verbs.get(language) instanceof Y.Array)) verbs.set(language, new Y.Array<string>());
  }
}
