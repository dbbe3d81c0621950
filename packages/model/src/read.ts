import * as Y from 'yjs';
import { EXTERNAL_ASSOCIATIONS, readAssociationFields, readExternalAssociations } from './association-fields.js';
import type { YEdge, YNode } from './document.js';
import { FIELDS, type FieldName } from './fields.js';
import { fieldsOf } from './kinds.js';
import { readMatchFields } from './matches.js';
import type { MapEdge, MapNode, NodeTranslations, Position, TranslatedField } from './schema.js';
import { TranslationKey, isTranslatableField } from './translation-fields.js';

function asNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Y.Text) return value.toString();
  return '';
}

export function readPosition(node: YNode): Position {
  const position = node.get('position');
  if (position instanceof Y.Map) return { x: asNumber(position.get('x')), y: asNumber(position.get('y')) };
  return { x: 0, y: 0 };
}

/** Reads one field as stored, or undefined when it is absent or of a shape this version does not expect. */
export function readField(node: YNode, field: FieldName): string | number | boolean | readonly string[] | undefined {
  const raw = node.get(field);
  if (raw === undefined || raw === null) return undefined;
  switch (FIELDS[field].type) {
    case 'text':
    case 'string':
      return raw instanceof Y.Text || typeof raw === 'string' ? asString(raw) : undefined;
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'enum':
      return typeof raw === 'string' ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'list':
      if (raw instanceof Y.Array) return raw.toArray().map(asString);
      return Array.isArray(raw) ? raw.map(asString) : undefined;
  }
}

/** Reads one node into a plain object. Tolerates missing or odd fields from other tools. */
export function readNode(id: string, node: YNode): MapNode {
  return readNodeFields(id, node);
}

/** readNode, telling `onIgnored` of each field present but of a shape this version does not expect. */
function readNodeFields(id: string, node: YNode, onIgnored?: (field: FieldName) => void): MapNode {
  const kind = asString(node.get('kind'));
  const result: Record<string, unknown> = {
    id,
    kind,
    code: asString(node.get('code')),
    title: asString(node.get('title')),
    position: readPosition(node),
  };
  for (const field of fieldsOf(kind, { source: true })) {
    if (field === 'code' || field === 'title') continue;
    const value = readField(node, field);
    if (value !== undefined) result[field] = value;
    else if (onIgnored && node.get(field) !== undefined && node.get(field) !== null) onIgnored(field);
  }
  const translations = readTranslations(node.get(TranslationKey.translations));
  if (translations) result.translations = translations;
  const associations = readExternalAssociations(node.get(EXTERNAL_ASSOCIATIONS));
  if (associations) result.externalAssociations = associations;
  const previous = node.get('previousCodes');
  if (previous instanceof Y.Array && previous.length > 0) result.previousCodes = previous.toArray().filter((code): code is string => typeof code === 'string');
  return result as unknown as MapNode;
}

/**
 * A node's `translations` as plain values: language → field → { value, fingerprint, reviewed }.
 * Only translatable fields of the right type are read; undefined when there is none at all.
 */
export function readTranslations(raw: unknown): NodeTranslations | undefined {
  if (!(raw instanceof Y.Map)) return undefined;
  let result: Record<string, Record<string, TranslatedField>> | undefined;
  for (const [language, entry] of (raw as Y.Map<unknown>).entries()) {
    if (!(entry instanceof Y.Map)) continue;
    const map = entry as Y.Map<unknown>;
    const fingerprints = map.get(TranslationKey.fingerprints);
    const reviewed = map.get(TranslationKey.reviewed);
    const fields: Record<string, TranslatedField> = {};
    for (const [field, value] of map.entries()) {
      if (!isTranslatableField(field)) continue;
      let read: string | readonly string[];
      if (FIELDS[field].type === 'text') {
        if (!(value instanceof Y.Text) && typeof value !== 'string') continue;
        read = asString(value);
      } else {
        if (!(value instanceof Y.Array)) continue;
        read = value.toArray().map(asString);
      }
      const fingerprint = fingerprints instanceof Y.Map ? fingerprints.get(field) : undefined;
      const mark = reviewed instanceof Y.Map ? reviewed.get(field) : undefined;
      fields[field] = {
        value: read,
        ...(typeof fingerprint === 'string' ? { fingerprint } : {}),
        ...(typeof mark === 'string' ? { reviewed: mark } : {}),
      };
    }
    (result ??= {})[language] = fields;
  }
  return result;
}

export function readEdge(id: string, edge: YEdge): MapEdge {
  const kind = asString(edge.get('kind'));
  return {
    id,
    kind,
    source: asString(edge.get('source')),
    target: asString(edge.get('target')),
    ...(kind === 'matches' ? readMatchFields(edge) : {}),
    ...(kind === 'association' ? readAssociationFields(edge) : {}),
  };
}

/**
 * Why a reading of the document left an entry out, or ignored one of its fields. Another client
 * (an old one, a broken one, a hostile editor) can store anything under a node's or an edge's id;
 * every reader goes through readNodeEntry / readEdgeEntry, so one such entry costs only itself.
 */
export const SkipReason = {
  /** The entry is not a map of fields: a plain string, a number, a list… */
  NotAMap: 'not-a-map',
  /** A node whose kind is missing, empty or not a text. */
  NoKind: 'no-kind',
  /** An edge whose kind, source or target is missing, empty or not a text. */
  BadEdge: 'bad-edge',
  /** An edge whose source or target is not a node of the map (deleted concurrently, or itself skipped). */
  MissingNode: 'missing-node',
  /** A field of the wrong type: the node is kept, without that field. */
  BadField: 'bad-field',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

/** One entry a reading left out (or, for BadField, one field it ignored). */
export interface SkippedItem {
  /** The entry's key in doc.getMap('nodes') or doc.getMap('edges'). */
  readonly id: string;
  readonly item: 'node' | 'edge';
  readonly reason: SkipReason;
  /** The field ignored, for BadField (a field of FIELDS, or `position`). */
  readonly field?: string;
}

/**
 * True for what is wrong with the document itself. An edge left dangling by a concurrent delete
 * is skipped as well, but that is ordinary collaboration, not damage.
 */
export function isMalformed(item: SkippedItem): boolean {
  return item.reason !== SkipReason.MissingNode;
}

const NONE: readonly SkippedItem[] = [];

function isText(value: unknown): boolean {
  return typeof value === 'string' || value instanceof Y.Text;
}

/** A stored position is a Y.Map of two finite numbers; anything else reads as (0, 0). */
function positionProblem(raw: unknown): boolean {
  if (raw === undefined || raw === null) return false;
  if (!(raw instanceof Y.Map)) return true;
  return ['x', 'y'].some((axis) => {
    const value: unknown = raw.get(axis);
    return value !== undefined && !(typeof value === 'number' && Number.isFinite(value));
  });
}

/**
 * Reads one entry of doc.getMap('nodes'), whatever it holds: a node, or null and why when the
 * entry is not one. A node with a field of the wrong type is kept without it, and that is reported.
 * Never throws.
 */
export function readNodeEntry(id: string, raw: unknown): { node: MapNode | null; skipped: readonly SkippedItem[] } {
  if (!(raw instanceof Y.Map)) return { node: null, skipped: [{ id, item: 'node', reason: SkipReason.NotAMap }] };
  const entry = raw as YNode;
  const kind = entry.get('kind');
  if (!isText(kind) || asString(kind) === '') return { node: null, skipped: [{ id, item: 'node', reason: SkipReason.NoKind }] };
  let skipped: SkippedItem[] | null = null;
  const bad = (field: string) => (skipped ??= []).push({ id, item: 'node', reason: SkipReason.BadField, field });
  for (const field of ['code', 'title'] as const) {
    const value = entry.get(field);
    if (value !== undefined && value !== null && !isText(value)) bad(field);
  }
  if (positionProblem(entry.get('position'))) bad('position');
  const node = readNodeFields(id, entry, bad);
  return { node, skipped: skipped ?? NONE };
}

/**
 * Reads one entry of doc.getMap('edges'): an edge, or null and why when the entry is not one.
 * Whether its ends exist is for the caller, who knows the nodes. Never throws.
 */
export function readEdgeEntry(id: string, raw: unknown): { edge: MapEdge | null; skipped: readonly SkippedItem[] } {
  if (!(raw instanceof Y.Map)) return { edge: null, skipped: [{ id, item: 'edge', reason: SkipReason.NotAMap }] };
  const entry = raw as YEdge;
  const wellFormed = (['kind', 'source', 'target'] as const).every((key) => isText(entry.get(key)) && asString(entry.get(key)) !== '');
  if (!wellFormed) return { edge: null, skipped: [{ id, item: 'edge', reason: SkipReason.BadEdge }] };
  const edge = readEdge(id, entry);
  // An association says nothing without its CASE type.
  if (edge.kind === 'association' && edge.associationType === undefined) return { edge: null, skipped: [{ id, item: 'edge', reason: SkipReason.BadEdge }] };
  return { edge, skipped: NONE };
}
