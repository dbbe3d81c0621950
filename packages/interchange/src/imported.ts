import {
  addNodes,
  addTargetLanguage,
  markTranslationOutdated,
  markTranslationReviewed,
  setTranslation,
  type TranslatableField,
  connectMany,
  initMapDocument,
  layoutMap,
  moveNodes,
  snapshotOf,
  type NewEdge,
  type EdgeKind,
  type FieldName,
  type FieldValue,
  type NodeKind,
  type ExternalAssociation,
  addAssociations,
  addExternalAssociations,
  MAX_EXTERNAL_ASSOCIATIONS,
} from '@qms/model';
import type * as Y from 'yjs';

/**
 * What every importer produces, before anything touches a document: plain nodes and links with
 * keys of the importer's choosing. Importers validate and throw `ImportError`; only a complete,
 * valid `ImportedMap` is ever written, so a bad file creates nothing.
 */
export interface ImportedNode {
  /** Unique within the import (the file's own identifier, a row number…). */
  key: string;
  /** A kind of the model's kind table (importers name no other). */
  kind: NodeKind | (string & {});
  code?: string;
  title: string;
  fields?: Partial<Record<FieldName, FieldValue>>;
  /** Translations of its fields: language → field → text (or list), into `ImportedMap.languages`. */
  translations?: Record<string, Partial<Record<TranslatableField, string | readonly string[]>>>;
  /** Translations that were not simply current where they came from: language → field → status. Current when absent. */
  translationStatus?: Record<string, Partial<Record<TranslatableField, 'outdated' | 'reviewed'>>>;
  /** CASE associations between this node and items outside the map (the model's ExternalAssociation). */
  externalAssociations?: ExternalAssociation[];
}

/** A CASE association between two imported nodes (by key), kept as an `association` link. */
export interface ImportedAssociation {
  type: string;
  source: string;
  target: string;
  sequenceNumber?: number;
  sourceId?: string;
}

export interface ImportedEdge {
  kind: EdgeKind;
  source: string;
  target: string;
}

export interface ImportedMap {
  title: string;
  language?: string;
  /** Target languages (canonical BCP 47, not the source language): the nodes' translations are in these. */
  languages?: string[];
  nodes: ImportedNode[];
  edges: ImportedEdge[];
  /** CASE associations kept as they came (precedes, exemplar, ext:…), between nodes of the map. */
  associations?: ImportedAssociation[];
  /** Things kept or adapted that the person importing should know about. */
  warnings: string[];
}

/** A file that cannot be imported, with what is wrong and where (a line, an identifier). */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(where ? `${where}: ${message}` : message);
    this.name = 'ImportError';
  }
}

/**
 * A file refused for its size or what it would take to read (a zip bomb, too many rows) rather
 * than for what it says: the server answers 413 instead of 400.
 */
export class ImportLimitError extends ImportError {
  constructor(message: string, where?: string) {
    super(message, where);
    this.name = 'ImportLimitError';
  }
}

/**
 * Writes an imported map into an empty document, in one transaction, and lays it out with the
 * editor's tidy-up layout so that it is readable at once. Links the model refuses (a kind that
 * cannot be linked that way) are skipped and reported in the returned warnings.
 */
export function writeImportedMap(doc: Y.Doc, imported: ImportedMap, origin?: unknown): string[] {
  const warnings = [...imported.warnings];
  doc.transact(() => {
    initMapDocument(doc, { title: imported.title, language: imported.language ?? 'en' }, origin);
    const keys = imported.nodes.map((n) => n.key);
    const ids = addNodes(
      doc,
      imported.nodes.map((node) => ({ kind: node.kind, code: node.code ?? '', title: node.title, position: { x: 0, y: 0 }, fields: node.fields ?? {} })),
      origin,
    );
    const idOf = new Map(keys.map((key, i) => [key, ids[i]!]));
    // Translations after the fields: each records the fingerprint of the source it was made from.
    for (const language of imported.languages ?? []) {
      const added = addTargetLanguage(doc, language, origin);
      if (!added.ok) throw new ImportError(added.message);
    }
    imported.nodes.forEach((node, i) => {
      for (const [language, fields] of Object.entries(node.translations ?? {})) {
        for (const [field, value] of Object.entries(fields)) {
          const written = setTranslation(doc, ids[i]!, language, field, value as string | readonly string[], origin);
          if (!written.ok) throw new ImportError(written.message, node.code || node.key);
          const status = node.translationStatus?.[language]?.[field as TranslatableField];
          if (status === 'outdated') markTranslationOutdated(doc, ids[i]!, language, field, origin);
          if (status === 'reviewed') markTranslationReviewed(doc, ids[i]!, language, field, true, origin);
        }
      }
    });
    // Checked and written together (connectMany): one link at a time would read every link
    // written before it, which grows with the square of the map.
    const specs: NewEdge[] = [];
    const outcome: Array<string | number> = []; // per link, in order: a warning, or its place in specs
    for (const edge of imported.edges) {
      const source = idOf.get(edge.source);
      const target = idOf.get(edge.target);
      if (!source || !target) {
        outcome.push(`A "${edge.kind}" link between ${edge.source} and ${edge.target} names a missing item and was left out.`);
        continue;
      }
      outcome.push(specs.length);
      specs.push({ kind: edge.kind, source, target, ...(edge.kind === 'partOf' ? { position: { x: 0, y: 0 } } : {}) });
    }
    const results = connectMany(doc, specs, origin);
    let at = 0;
    for (const edge of imported.edges) {
      const entry = outcome[at++]!;
      if (typeof entry === 'string') {
        warnings.push(entry);
        continue;
      }
      const result = results[entry]!;
      if (!result.ok && result.reason !== 'duplicate-edge') warnings.push(`${edge.source} → ${edge.target} (${edge.kind}) was left out: ${result.message}`);
    }
    writeAssociations(doc, imported, idOf, warnings, origin);
    const snapshot = snapshotOf(doc);
    moveNodes(doc, [...layoutMap(snapshot)].map(([id, position]) => ({ id, position })), origin);
  }, origin);
  return warnings;
}

/** The CASE associations an import keeps: links between its nodes, and each node's to items outside. */
function writeAssociations(doc: Y.Doc, imported: ImportedMap, idOf: ReadonlyMap<string, string>, warnings: string[], origin?: unknown): void {
  const specs = (imported.associations ?? []).flatMap((association) => {
    const source = idOf.get(association.source);
    const target = idOf.get(association.target);
    if (source && target) return [{ ...association, source, target }];
    warnings.push(`A "${association.type}" association between ${association.source} and ${association.target} names a missing item and was left out.`);
    return [];
  });
  addAssociations(doc, specs, origin).forEach((result, i) => {
    if (!result.ok && result.reason !== 'duplicate-edge') warnings.push(`A "${specs[i]!.type}" association was left out: ${result.message}`);
  });
  for (const node of imported.nodes) {
    const entries = node.externalAssociations ?? [];
    if (entries.length === 0) continue;
    const kept = entries.slice(0, MAX_EXTERNAL_ASSOCIATIONS);
    if (kept.length < entries.length) warnings.push(`${node.code || node.key} has ${entries.length} associations to items outside the package: the first ${kept.length} were kept.`);
    const written = addExternalAssociations(doc, idOf.get(node.key)!, kept, origin);
    if (!written.ok) warnings.push(`The associations of ${node.code || node.key} to items outside the package were left out: ${written.message}`);
  }
}
