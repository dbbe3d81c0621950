import * as diff from 'lib0/diff';
import * as Y from 'yjs';
import { entryAt, nodesOf } from './document.js';
import { FIELDS } from './fields.js';
import { canonicalLanguage, sourceLanguage, targetLanguages } from './languages.js';
import { editText, RefusalReason, type Result } from './operations.js';
import { fnv1a64 } from './review/fingerprint.js';
import { tidy } from './review/shared.js';
import { graphOf, type MapGraph } from './graph.js';
import type { MapEdge, MapNode, TranslatedField } from './schema.js';
import { isTranslatableField, prepareTranslation, translatableFieldsOf, TranslationKey, type TranslatableField } from './translation-fields.js';

/**
 * Translations of a node's fields into the map's target languages, and their status. Each
 * translated field keeps the fingerprint of the source text it was made from (in the language's
 * `fingerprints` map), so the status is derived, never stored: *missing* (nothing written),
 * *outdated* (the source changed since), *current*, or *reviewed* (current, and a translator
 * marked this very translation of this very source as reviewed).
 */

export const TranslationStatus = {
  Missing: 'missing',
  Outdated: 'outdated',
  Current: 'current',
  Reviewed: 'reviewed',
} as const;
export type TranslationStatus = (typeof TranslationStatus)[keyof typeof TranslationStatus];

export type TranslationValue = string | readonly string[];

function canonicalList(values: readonly string[]): string[] {
  return values.map((value) => tidy(value)).filter((value) => value !== '');
}

/**
 * The fingerprint of a source text or list: whitespace is not content (an extra space does not
 * make every translation outdated). Null when there is nothing to translate.
 */
export function sourceFingerprint(value: TranslationValue | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') {
    const text = tidy(value);
    return text === '' ? null : fnv1a64(`t:${text}`);
  }
  const items = canonicalList(value);
  return items.length === 0 ? null : fnv1a64(`l:${JSON.stringify(items)}`);
}

const CONTENT = /\S/;

function isEmpty(value: TranslationValue | undefined): boolean {
  if (value === undefined) return true;
  return typeof value === 'string' ? !CONTENT.test(value) : !value.some((item) => CONTENT.test(item));
}

/** What "reviewed" was given for: this source and this translation. */
function reviewMark(source: string, translation: TranslationValue): string {
  const text = typeof translation === 'string' ? tidy(translation) : JSON.stringify(canonicalList(translation));
  return fnv1a64(`r:${source}:${text}`);
}

/** The source value of a field, as read. */
function sourceValue(node: MapNode, field: TranslatableField): TranslationValue | undefined {
  return (node as unknown as Record<string, TranslationValue | undefined>)[field];
}

/**
 * What is derived from one node reading (readings are immutable): its fields' source fingerprints
 * and their translations' status. One WeakMap entry per reading: inserting into a WeakMap costs
 * more than the hashing, and a fresh snapshot brings thousands of readings.
 */
interface NodeMemo {
  readonly fingerprints: Partial<Record<TranslatableField, string | null>>;
  /** language → field → status. */
  readonly statuses: Record<string, Partial<Record<TranslatableField, TranslationStatus | null>>>;
}
const memos = new WeakMap<MapNode, NodeMemo>();

function memoOf(node: MapNode): NodeMemo {
  let memo = memos.get(node);
  if (!memo) memos.set(node, (memo = { fingerprints: {}, statuses: {} }));
  return memo;
}

function fingerprintOf(node: MapNode, field: TranslatableField, memo: NodeMemo): string | null {
  let fingerprint = memo.fingerprints[field];
  if (fingerprint === undefined) memo.fingerprints[field] = fingerprint = sourceFingerprint(sourceValue(node, field));
  return fingerprint;
}

/** The status of one field's translation, or null when the source is empty (nothing to translate). */
export function translationStatus(node: MapNode, language: string, field: TranslatableField): TranslationStatus | null {
  // Memoised per reading: the checks ask again after every edit, for every node.
  const memo = memoOf(node);
  const byField = (memo.statuses[language] ??= {});
  let status = byField[field];
  if (status === undefined) byField[field] = status = deriveStatus(node, language, field, memo);
  return status;
}

function deriveStatus(node: MapNode, language: string, field: TranslatableField, memo: NodeMemo): TranslationStatus | null {
  const source = fingerprintOf(node, field, memo);
  if (source === null) return null;
  const translated = node.translations?.[language]?.[field];
  if (!translated || isEmpty(translated.value)) return TranslationStatus.Missing;
  if (translated.fingerprint !== source) return TranslationStatus.Outdated;
  // Hashed only when marked: most translations are not.
  return translated.reviewed !== undefined && translated.reviewed === reviewMark(source, translated.value) ? TranslationStatus.Reviewed : TranslationStatus.Current;
}

/** Each translatable field of a node with something to translate, and its status in `language`. */
export function nodeTranslationStatus(node: MapNode, language: string): Partial<Record<TranslatableField, TranslationStatus>> {
  const result: Partial<Record<TranslatableField, TranslationStatus>> = {};
  for (const field of translatableFieldsOf(node.kind)) {
    const status = translationStatus(node, language, field);
    if (status) result[field] = status;
  }
  return result;
}

export interface TranslationProgress {
  readonly language: string;
  /** Fields with something to translate. */
  readonly total: number;
  readonly missing: number;
  readonly outdated: number;
  readonly current: number;
  readonly reviewed: number;
}

/** Per-language counts of translated fields, for a progress count in a header. */
export function translationProgress(nodes: readonly MapNode[], language: string): TranslationProgress {
  const counts = { missing: 0, outdated: 0, current: 0, reviewed: 0 };
  for (const node of nodes) {
    for (const field of translatableFieldsOf(node.kind)) {
      const status = translationStatus(node, language, field);
      if (status) counts[status]++;
    }
  }
  return { language, total: counts.missing + counts.outdated + counts.current + counts.reviewed, ...counts };
}

/** A node read in one language: translated fields where there is a translation, the source's elsewhere. */
export interface LocalizedNode {
  /** The node with its translatable fields in `language` (or the source's, see `fallback`). */
  readonly node: MapNode;
  readonly language: string;
  /** The fields shown from the source because their translation is missing: to be marked as such. */
  readonly fallback: readonly TranslatableField[];
  /** The status of each field with something to translate (empty in the source language). */
  readonly status: Partial<Record<TranslatableField, TranslationStatus>>;
}

/**
 * Reads a node in `language`. In the source language (or a language the node has no translation
 * map for) the node is itself; an outdated translation is shown (it is still the best text in
 * that language), its status says it is outdated.
 */
export function localizeNode(node: MapNode, language: string, source: string): LocalizedNode {
  if (language === source) return { node, language, fallback: [], status: {} };
  // Memoised per reading: an unchanged node keeps its localized object (memoised components skip it).
  let byLanguage = localized.get(node);
  if (!byLanguage) localized.set(node, (byLanguage = new Map()));
  let result = byLanguage.get(language);
  if (!result) byLanguage.set(language, (result = localize(node, language)));
  return result;
}

const localized = new WeakMap<MapNode, Map<string, LocalizedNode>>();

/**
 * A snapshot's nodes in `language` (the source's where a translation is missing), with the fields
 * shown from the source per node id: what a canvas or an inspector in that language draws. Give
 * the nodes to graphOf with the snapshot's edges for an index in that language.
 */
export function localizedNodes(
  snapshot: { readonly meta: { readonly language: string }; readonly nodes: readonly MapNode[] },
  language: string,
): LocalizedNodes {
  if (language === snapshot.meta.language) return { nodes: snapshot.nodes, fallback: new Map() };
  // Memoised on the snapshot's node array, so that graphOf (memoised on arrays) indexes it once.
  let byLanguage = localizedArrays.get(snapshot.nodes);
  if (!byLanguage) localizedArrays.set(snapshot.nodes, (byLanguage = new Map()));
  const key = `${snapshot.meta.language}\n${language}`;
  let result = byLanguage.get(key);
  if (!result) byLanguage.set(key, (result = localizeAll(snapshot.nodes, language, snapshot.meta.language)));
  return result;
}

export interface LocalizedNodes {
  readonly nodes: readonly MapNode[];
  /** Per node id, the fields shown from the source (only nodes with some). */
  readonly fallback: ReadonlyMap<string, readonly TranslatableField[]>;
}

const localizedArrays = new WeakMap<readonly MapNode[], Map<string, LocalizedNodes>>();

/** The map's graph index (graph.ts) over its nodes in `language`: what a canvas in that language lays out and links. */
export function localizedGraph(snapshot: { readonly meta: { readonly language: string }; readonly nodes: readonly MapNode[]; readonly edges: readonly MapEdge[] }, language: string): MapGraph {
  return graphOf({ nodes: localizedNodes(snapshot, language).nodes, edges: snapshot.edges });
}

function localizeAll(source: readonly MapNode[], language: string, sourceLanguage: string): LocalizedNodes {
  const nodes: MapNode[] = [];
  const fallback = new Map<string, readonly TranslatableField[]>();
  for (const node of source) {
    const reading = localizeNode(node, language, sourceLanguage);
    nodes.push(reading.node);
    if (reading.fallback.length > 0) fallback.set(node.id, reading.fallback);
  }
  return { nodes, fallback };
}

function localize(node: MapNode, language: string): LocalizedNode {
  const translated = node.translations?.[language];
  const status = nodeTranslationStatus(node, language);
  const fallback: TranslatableField[] = [];
  const fields: Record<string, TranslationValue> = {};
  for (const field of translatableFieldsOf(node.kind)) {
    const value = translated?.[field]?.value;
    if (value !== undefined && !isEmpty(value)) fields[field] = value;
    else if (status[field]) fallback.push(field);
  }
  return { node: Object.keys(fields).length > 0 ? ({ ...node, ...fields } as MapNode) : node, language, fallback, status };
}

// ---------------------------------------------------------------------------------------------
// Writing

function refuse(reason: RefusalReason, message: string): { ok: false; reason: RefusalReason; message: string } {
  return { ok: false, reason, message };
}

interface Target {
  node: Y.Map<unknown>;
  language: string;
}

/** The node and the canonical target language, or why not. */
function target(doc: Y.Doc, nodeId: string, language: string, field: string): Result<Target> {
  const node = entryAt(nodesOf(doc), nodeId);
  if (!node) return refuse(RefusalReason.NodeNotFound, `There is no node ${nodeId}.`);
  const tag = canonicalLanguage(language);
  if (!tag.ok) return tag;
  if (!targetLanguages(doc).includes(tag.value)) {
    return refuse(
      RefusalReason.InvalidValue,
      tag.value === sourceLanguage(doc) ? `${tag.value} is the map's source language: edit the field itself.` : `${tag.value} is not a target language of this map.`,
    );
  }
  if (!isTranslatableField(field) || !translatableFieldsOf(String(node.get('kind'))).includes(field)) {
    return refuse(RefusalReason.NoSuchField, `This node has no translatable field "${field}".`);
  }
  return { ok: true, value: { node, language: tag.value } };
}

/** The current source fingerprint of a field of a stored node (null: nothing to translate). */
function storedSourceFingerprint(node: Y.Map<unknown>, field: TranslatableField): string | null {
  const raw = node.get(field);
  if (FIELDS[field].type === 'text') return sourceFingerprint(raw instanceof Y.Text || typeof raw === 'string' ? String(raw) : undefined);
  return sourceFingerprint(raw instanceof Y.Array ? raw.toArray().map(String) : undefined);
}

function recordSource(map: Y.Map<unknown>, node: Y.Map<unknown>, field: TranslatableField): void {
  const prints = map.get(TranslationKey.fingerprints) as Y.Map<string>;
  const source = storedSourceFingerprint(node, field);
  if (source === null) prints.delete(field);
  else if (prints.get(field) !== source) prints.set(field, source);
}

/**
 * Writes a field's translation (a text: only the span that differs, like typing; a list: only the
 * items that differ) and records the source it was made from: the translation is current. An
 * empty value makes it missing again. One transaction; a refused write changes nothing.
 */
export function setTranslation(
  doc: Y.Doc,
  nodeId: string,
  language: string,
  field: string,
  value: TranslationValue,
  origin?: unknown,
  cursor?: number,
): Result<void> {
  const found = target(doc, nodeId, language, field);
  if (!found.ok) return found;
  const name = field as TranslatableField;
  const spec = FIELDS[name];
  if (spec.type === 'text') {
    if (typeof value !== 'string') return refuse(RefusalReason.InvalidValue, `${field} must be text.`);
    if (value.length > spec.maxLength) return refuse(RefusalReason.InvalidValue, `${field} is longer than ${spec.maxLength} characters.`);
  } else if (spec.type === 'list') {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) return refuse(RefusalReason.InvalidValue, `${field} must be a list of texts.`);
    if (value.length > spec.maxItems) return refuse(RefusalReason.InvalidValue, `${field} has more than ${spec.maxItems} items.`);
    if (value.some((item: string) => item.length > spec.maxLength)) return refuse(RefusalReason.InvalidValue, `An item of ${field} is longer than ${spec.maxLength} characters.`);
  }
  const { node, language: tag } = found.value;
  doc.transact(() => {
    const map = prepareTranslation(node, tag);
    if (spec.type === 'text') editText(map.get(name) as Y.Text, value as string, cursor);
    else {
      const list = map.get(name) as Y.Array<string>;
      const change = diff.simpleDiffArray(list.toArray(), [...(value as readonly string[])]);
      if (change.remove > 0) list.delete(change.index, change.remove);
      if (change.insert.length > 0) list.insert(change.index, change.insert);
    }
    recordSource(map, node, name);
  }, origin);
  return { ok: true, value: undefined };
}

/** Marks an outdated translation current without changing it: the source changed, the translation still says it. */
export function confirmTranslation(doc: Y.Doc, nodeId: string, language: string, field: string, origin?: unknown): Result<void> {
  const found = target(doc, nodeId, language, field);
  if (!found.ok) return found;
  doc.transact(() => recordSource(prepareTranslation(found.value.node, found.value.language), found.value.node, field as TranslatableField), origin);
  return { ok: true, value: undefined };
}

/**
 * Marks a translation outdated without changing it, as if its source had changed since: an import
 * of a file that said so (a spreadsheet's status column) keeps it outdated rather than current.
 * The recorded fingerprint becomes one no source text has. Refused for a missing translation.
 */
export function markTranslationOutdated(doc: Y.Doc, nodeId: string, language: string, field: string, origin?: unknown): Result<void> {
  const found = target(doc, nodeId, language, field);
  if (!found.ok) return found;
  const { node, language: tag } = found.value;
  const translations = node.get(TranslationKey.translations);
  const translation = translations instanceof Y.Map ? translations.get(tag) : undefined;
  const stored = translation instanceof Y.Map ? translation.get(field) : undefined;
  const value: TranslationValue | undefined = stored instanceof Y.Text ? stored.toString() : stored instanceof Y.Array ? stored.toArray().map(String) : undefined;
  if (value === undefined || isEmpty(value)) return refuse(RefusalReason.InvalidValue, 'Only a translation that exists can be outdated.');
  doc.transact(() => {
    const map = prepareTranslation(node, tag);
    (map.get(TranslationKey.fingerprints) as Y.Map<string>).set(field, OUTDATED_FINGERPRINT);
    (map.get(TranslationKey.reviewed) as Y.Map<string>).delete(field);
  }, origin);
  return { ok: true, value: undefined };
}

/** Not a fingerprint any text has (those are hex digits): a translation recorded with it is outdated. */
const OUTDATED_FINGERPRINT = 'outdated';

/**
 * Marks a current translation reviewed (or not any more). Reviewed holds for this source and this
 * translation: a change to either makes it current or outdated again. Refused for a translation
 * that is missing or outdated.
 */
export function markTranslationReviewed(doc: Y.Doc, nodeId: string, language: string, field: string, reviewed: boolean, origin?: unknown): Result<void> {
  const found = target(doc, nodeId, language, field);
  if (!found.ok) return found;
  const { node, language: tag } = found.value;
  const name = field as TranslatableField;
  const map = node.get(TranslationKey.translations);
  const translation = map instanceof Y.Map ? map.get(tag) : undefined;
  const stored = translation instanceof Y.Map ? translation.get(name) : undefined;
  const value: TranslationValue | undefined = stored instanceof Y.Text ? stored.toString() : stored instanceof Y.Array ? stored.toArray().map(String) : undefined;
  const source = storedSourceFingerprint(node, name);
  const recorded = translation instanceof Y.Map ? (translation.get(TranslationKey.fingerprints) as Y.Map<string> | undefined)?.get(name) : undefined;
  if (reviewed && (source === null || value === undefined || isEmpty(value) || recorded !== source)) {
    return refuse(RefusalReason.InvalidValue, 'Only a current translation can be marked reviewed: translate or confirm it first.');
  }
  doc.transact(() => {
    const marks = prepareTranslation(node, tag).get(TranslationKey.reviewed) as Y.Map<string>;
    if (reviewed) marks.set(name, reviewMark(source!, value!));
    else marks.delete(name);
  }, origin);
  return { ok: true, value: undefined };
}

/** A translated text field as a shared text, for editors that bind to it directly (its source fingerprint is then theirs to record: use setTranslation). */
export function translationText(doc: Y.Doc, nodeId: string, language: string, field: 'title' | 'keyPurpose'): Y.Text | undefined {
  const map = entryAt(nodesOf(doc), nodeId)?.get(TranslationKey.translations);
  const translation = map instanceof Y.Map ? map.get(language) : undefined;
  const text = translation instanceof Y.Map ? translation.get(field) : undefined;
  return text instanceof Y.Text ? text : undefined;
}

export type { TranslatedField };
