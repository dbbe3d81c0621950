import * as Y from 'yjs';
import { edgesOf, metaOf, nodesOf } from './document.js';
import { editText } from './operations.js';
import { readPosition } from './read.js';
import { SCHEMA_VERSION } from './schema.js';

/** Why a document cannot be opened by this version. */
export const IncompatibilityReason = {
  /** The document was written by a newer version of the app; opening it could lose data. */
  NewerSchema: 'newer-schema',
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
    for (const node of nodes.values()) {
      const title = node.get('title');
      if (!(title instanceof Y.Text) || typeof node.get('code') === 'string') continue;
      const match = LEADING_CODE.exec(title.toString());
      if (!match) continue;
      node.set('code', `${match[1]!.toUpperCase()} ${match[2]}`);
      editText(title, match[3]!);
    }
    for (const edge of edgesOf(doc).values()) {
      if (edge.get('kind') !== 'partOf') continue;
      const member = nodes.get(String(edge.get('source')));
      const unit = nodes.get(String(edge.get('target')));
      const position = member?.get('position');
      if (!unit || !(position instanceof Y.Map)) continue;
      const offset = readPosition(unit);
      const absolute = readPosition(member!);
      position.set('x', absolute.x - offset.x);
      position.set('y', absolute.y - offset.y);
    }
  },
};

/** "WA 3. Analyse…", "LO 1 – Define…", "U2: Hygiene" */
const LEADING_CODE = /^\s*(WA|LO|U|KF|MF|Q)\s*(\d+)\s*[.:–—-]\s*(\S[\s\S]*)$/i;

/** Brings a document up to SCHEMA_VERSION in one transaction. Version 0 means "not yet stamped". */
export function migrate(doc: Y.Doc, origin?: unknown): MigrationResult {
  const meta = metaOf(doc);
  const stored = meta.get('schemaVersion');
  const from = typeof stored === 'number' ? stored : 0;
  if (from > SCHEMA_VERSION) return { ok: false, reason: IncompatibilityReason.NewerSchema, version: from };
  if (from === SCHEMA_VERSION) return { ok: true, from, to: from };
  doc.transact(() => {
    for (let version = from; version < SCHEMA_VERSION; version++) steps[version]?.(doc);
    meta.set('schemaVersion', SCHEMA_VERSION);
  }, origin);
  return { ok: true, from, to: SCHEMA_VERSION };
}
