import * as Y from 'yjs';
import { edgesOf, metaOf, nodesOf } from './document.js';
import { editText } from './operations.js';
import { readPosition } from './read.js';
import { SCHEMA_VERSION } from './schema.js';
import { prepareInstitutions } from './institutions.js';
import { prepareLanguageMeta, prepareTranslation, storedTargetLanguages, translationsOf } from './translation-fields.js';

/** Why a document cannot be opened by this version. */
export const IncompatibilityReason = {
  /** The document was written by a newer version of the app; opening it could lose data. */
  NewerSchema: 'newer-schema',
  /** The document's schema version is not a version number at all (damaged, or set by a broken client). */
  UnreadableSchema: 'unreadable-schema',
} as const;
export type IncompatibilityReason = (typeof IncompatibilityReason)[keyof typeof IncompatibilityReason];

export type MigrationResult =
  | { ok: true; from: number; to: number }
  | { ok: false; reason: IncompatibilityReason; version: number };

/**
 * One step per schema version: `steps[n]` turns a version-n document into version n+1.
 * Steps must be idempotent: two peers may migrate the same document at once.
 */
const steps: Record<number, (doc: Y.Doc) => void> = {
  // 0 → 1: unstamped documents get their stamp; nothing else changes.
  0: () => {},
  // 1 → 2: codes get their own field ("WA 3. Analyse…" → code "WA 3", title "Analyse…"); the map
  // gets a content language; outcomes already in a unit get positions relative to its block.
  1: (doc) => {
    const meta = metaOf(doc);
    if (typeof meta.get('language') !== 'string') meta.set('language', 'en');
    const nodes = nodesOf(doc);
    // Entries that are not maps are left as they are: the readers skip them (read.ts).
    for (const node of nodes.values()) {
      if (!(node instanceof Y.Map)) continue;
      const title = node.get('title');
      if (!(title instanceof Y.Text) || typeof node.get('code') === 'string') continue;
      const match = LEADING_CODE.exec(title.toString());
      if (!match) continue;
      node.set('code', `${match[1]!.toUpperCase()} ${match[2]}`);
      editText(title, match[3]!);
    }
    for (const edge of edgesOf(doc).values()) {
      if (!(edge instanceof Y.Map) || edge.get('kind') !== 'partOf') continue;
      const member = nodes.get(String(edge.get('source')));
      const unit = nodes.get(String(edge.get('target')));
      const position = member instanceof Y.Map ? member.get('position') : undefined;
      if (!(unit instanceof Y.Map) || !(position instanceof Y.Map)) continue;
      const offset = readPosition(unit);
      const absolute = readPosition(member!);
      position.set('x', absolute.x - offset.x);
      position.set('y', absolute.y - offset.y);
    }
  },
  // 2 → 3: several content languages and partner institutions. The map gets its (empty) target
  // list, its own verb lists, its ignored findings and its institutions map; every node its (empty) translations map, so that two peers adding
  // target languages at once never each make one; a map that already lists targets (a peer
  // migrated first) has every node's translation fields made, so first keystrokes merge.
  2: (doc) => {
    prepareLanguageMeta(doc);
    prepareInstitutions(doc);
    const languages = storedTargetLanguages(doc);
    for (const node of nodesOf(doc).values()) {
      if (!(node instanceof Y.Map)) continue;
      translationsOf(node);
      for (const language of languages) prepareTranslation(node, language);
    }
  },
};

/** "WA 3. Analyse…", "LO 1 – Define…", "U2: Hygiene" */
const LEADING_CODE = /^\s*(WA|LO|U|KF|MF|Q)\s*(\d+)\s*[.:–—-]\s*(\S[\s\S]*)$/i;

/**
 * The document's schema version as stored: 0 when there is none ("not yet stamped"), NaN when it
 * is not a whole number ≥ 0. Such a stamp is not taken for 0: migrating a current document again
 * would move every outcome inside a unit (step 1 → 2 is not idempotent across versions).
 */
function storedVersion(doc: Y.Doc): number {
  const stored = metaOf(doc).get('schemaVersion');
  if (stored === undefined) return 0;
  return typeof stored === 'number' && Number.isInteger(stored) && stored >= 0 ? stored : Number.NaN;
}

/** Why this version cannot open the document, or null when it can (as it is, or after migrate). */
export function schemaProblem(doc: Y.Doc): IncompatibilityReason | null {
  const version = storedVersion(doc);
  if (Number.isNaN(version)) return IncompatibilityReason.UnreadableSchema;
  return version > SCHEMA_VERSION ? IncompatibilityReason.NewerSchema : null;
}

/**
 * Brings a document up to SCHEMA_VERSION in one transaction. Version 0 means "not yet stamped".
 * A document it cannot open (schemaProblem) is left untouched.
 */
export function migrate(doc: Y.Doc, origin?: unknown): MigrationResult {
  const meta = metaOf(doc);
  const from = storedVersion(doc);
  const problem = schemaProblem(doc);
  if (problem) return { ok: false, reason: problem, version: from };
  if (from === SCHEMA_VERSION) return { ok: true, from, to: from };
  doc.transact(() => {
    for (let version = from; version < SCHEMA_VERSION; version++) steps[version]?.(doc);
    meta.set('schemaVersion', SCHEMA_VERSION);
  }, origin);
  return { ok: true, from, to: SCHEMA_VERSION };
}
