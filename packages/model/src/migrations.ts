import type * as Y from 'yjs';
import { metaOf } from './document.js';
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
const steps: Record<number, (doc: Y.Doc) => void> = {};

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
