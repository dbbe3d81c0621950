import * as Y from 'yjs';
import { edgesOf, entryAt, mapEntries, nodesOf } from './document.js';
import { FIELD_NAMES, type FieldName, type FieldValue } from './fields.js';
import { newId } from './ids.js';
import { addNodes, connect, proposeCode } from './operations.js';
import { addAssociations } from './associations.js';
import { readAssociationFields } from './association-fields.js';
import { sourceLanguage, targetLanguages } from './languages.js';
import { readField, readPosition, readTranslations } from './read.js';
import { TranslationKey } from './translation-fields.js';
import { setTranslation } from './translations.js';
import type { EdgeKind } from './kinds.js';
import type { Position } from './schema.js';

/**
 * A piece of a map taken out as plain JSON: what copy, duplicate and paste (also between maps, and
 * between browsers through the clipboard) carry. Ids inside are only used to rebuild the links.
 */
export interface Fragment {
  format: 'qms-fragment';
  version: 1;
  /** The language the nodes' fields are written in (absent in fragments from before maps had languages). */
  language?: string;
  nodes: Array<{
    id: string;
    kind: string;
    code: string;
    title: string;
    position: Position;
    fields: Partial<Record<FieldName, FieldValue>>;
    /** language → field → text or list: a node's translations travel with it. */
    translations?: Record<string, Record<string, string | readonly string[]>>;
  }>;
  /** An `association` edge carries its CASE type (and sequence number) with it. */
  edges: Array<{ kind: string; source: string; target: string; associationType?: string; sequenceNumber?: number }>;
}

/** Copies the given nodes and the links between them. */
export function extractFragment(doc: Y.Doc, nodeIds: Iterable<string>): Fragment {
  const nodes = nodesOf(doc);
  const ids = new Set([...nodeIds].filter((id) => entryAt(nodes, id) !== undefined));
  const fragment: Fragment = { format: 'qms-fragment', version: 1, language: sourceLanguage(doc), nodes: [], edges: [] };
  for (const id of ids) {
    const node = entryAt(nodes, id)!;
    const fields: Partial<Record<FieldName, FieldValue>> = {};
    for (const field of FIELD_NAMES) {
      if (field === 'code' || field === 'title') continue;
      const value = readField(node, field);
      if (value !== undefined) fields[field] = value;
    }
    const translations: Record<string, Record<string, string | readonly string[]>> = {};
    for (const [language, byField] of Object.entries(readTranslations(node.get(TranslationKey.translations)) ?? {})) {
      const texts = Object.fromEntries(Object.entries(byField).filter(([, field]) => field.value.length > 0).map(([name, field]) => [name, field.value]));
      if (Object.keys(texts).length > 0) translations[language] = texts;
    }
    fragment.nodes.push({
      id,
      kind: String(node.get('kind')),
      code: String(readField(node, 'code') ?? ''),
      title: String(readField(node, 'title') ?? ''),
      position: readPosition(node),
      fields,
      ...(Object.keys(translations).length > 0 ? { translations } : {}),
    });
  }
  for (const [, edge] of mapEntries(edgesOf(doc))) {
    const source = String(edge.get('source'));
    const target = String(edge.get('target'));
    if (!ids.has(source) || !ids.has(target)) continue;
    const kind = String(edge.get('kind'));
    if (kind !== 'association') fragment.edges.push({ kind, source, target });
    else {
      const { associationType, sequenceNumber } = readAssociationFields(edge);
      if (associationType) fragment.edges.push({ kind, source, target, associationType, ...(sequenceNumber === undefined ? {} : { sequenceNumber }) });
    }
  }
  return fragment;
}

export function isFragment(value: unknown): value is Fragment {
  const f = value as Partial<Fragment> | null;
  return typeof f === 'object' && f !== null && f.format === 'qms-fragment' && f.version === 1 && Array.isArray(f.nodes) && Array.isArray(f.edges);
}

/**
 * Inserts a fragment with fresh ids, moved by `offset` (outcomes inside a copied unit keep their
 * place in it). Codes that already exist in the map are replaced by the next free ones. Returns the
 * new ids in the fragment's order. One transaction.
 */
export function insertFragment(doc: Y.Doc, fragment: Fragment, offset: Position, origin?: unknown): string[] {
  const taken = new Set([...mapEntries(nodesOf(doc))].map(([, node]) => String(node.get('code') ?? '')));
  const idMap = new Map(fragment.nodes.map((node) => [node.id, newId()]));
  const insideUnit = new Set(
    fragment.edges.filter((e) => e.kind === 'partOf' && idMap.has(e.target)).map((e) => e.source),
  );
  const ids: string[] = [];
  // Translations come along into a map written in the same language, for the languages it is translated into.
  const sameSource = !fragment.language || fragment.language === sourceLanguage(doc);
  const targets = new Set(targetLanguages(doc));
  doc.transact(() => {
    for (const node of fragment.nodes) {
      // Chosen one by one, so that each proposal sees the codes given just before it.
      const code = node.code && !taken.has(node.code) ? node.code : node.code ? proposeCode(doc, node.kind) : '';
      taken.add(code);
      const moved = insideUnit.has(node.id) ? node.position : { x: node.position.x + offset.x, y: node.position.y + offset.y };
      ids.push(...addNodes(doc, [{ id: idMap.get(node.id)!, kind: node.kind, code, title: node.title, position: moved, fields: node.fields }], origin));
      if (!sameSource || typeof node.translations !== 'object' || node.translations === null) continue;
      for (const [language, byField] of Object.entries(node.translations)) {
        if (!targets.has(language) || typeof byField !== 'object' || byField === null) continue;
        // A value that is not a translation of a field of this kind is refused by setTranslation and left out.
        for (const [field, value] of Object.entries(byField)) setTranslation(doc, idMap.get(node.id)!, language, field, value, origin);
      }
    }
    for (const edge of fragment.edges) {
      const source = idMap.get(edge.source);
      const target = idMap.get(edge.target);
      if (!source || !target) continue;
      if (edge.kind === 'association') {
        // Refused (and left out) when the pasted type is not a CASE association type.
        if (typeof edge.associationType === 'string') {
          const sequenceNumber = typeof edge.sequenceNumber === 'number' ? edge.sequenceNumber : undefined;
          addAssociations(doc, [{ source, target, type: edge.associationType, ...(sequenceNumber === undefined ? {} : { sequenceNumber }) }], origin);
        }
        continue;
      }
      const position = edge.kind === 'partOf' ? fragment.nodes.find((n) => n.id === edge.source)?.position : undefined;
      connect(doc, { kind: edge.kind as EdgeKind, source, target, ...(position ? { position } : {}) }, origin);
    }
  }, origin);
  return ids;
}
