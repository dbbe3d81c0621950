import * as Y from 'yjs';
import type { YEdge } from './document.js';
import type { ExternalAssociation } from './schema.js';

/**
 * How CASE associations are stored and read (associations.ts writes them): no operations here,
 * so that the document reader (read.ts) can use it.
 */

/** The node key of the external associations. */
export const EXTERNAL_ASSOCIATIONS = 'externalAssociations';

/** An edge's CASE type key (on `association` edges). */
export const AssociationKey = { type: 'associationType', sequenceNumber: 'sequenceNumber', sourceId: 'sourceId' } as const;

/** CASE 1.1's extensible vocabulary: a name, or `ext:` and a name (the official schema's pattern, anchored). */
const ASSOCIATION_TYPE = /^(ext:)?[A-Za-z0-9._-]+$/;
const MAX_TYPE = 200;
export const MAX_IDENTIFIER = 300;
const MAX_URI = 2000;
const MAX_TITLE = 2000;
/** External associations one node may keep: far more than any real framework gives one item. */
export const MAX_EXTERNAL_ASSOCIATIONS = 1000;

export function isAssociationType(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TYPE && ASSOCIATION_TYPE.test(value);
}

export const text = (value: unknown, max: number): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= max;
export const sequence = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** The entry as stored and read, or why it cannot be kept. Never throws. */
export function checkExternalAssociation(value: unknown): { ok: true; value: ExternalAssociation } | { ok: false; message: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'An external association is an object.' };
  const raw = value as Record<string, unknown>;
  if (!isAssociationType(raw.type)) return { ok: false, message: 'An external association needs a CASE association type (a name, or ext: and a name).' };
  const entry: Record<string, unknown> = { type: raw.type };
  const fields = [
    ['destinationIdentifier', MAX_IDENTIFIER],
    ['destinationUri', MAX_URI],
    ['title', MAX_TITLE],
    ['identifier', MAX_IDENTIFIER],
    ['originIdentifier', MAX_IDENTIFIER],
    ['originUri', MAX_URI],
  ] as const;
  for (const [field, max] of fields) {
    if (raw[field] === undefined) continue;
    if (!text(raw[field], max)) return { ok: false, message: `${field} must be a text of at most ${max} characters.` };
    entry[field] = raw[field];
  }
  if (raw.sequenceNumber !== undefined) {
    if (!sequence(raw.sequenceNumber)) return { ok: false, message: 'sequenceNumber must be a number.' };
    entry.sequenceNumber = raw.sequenceNumber;
  }
  const inbound = entry.originIdentifier !== undefined || entry.originUri !== undefined;
  const outbound = entry.destinationIdentifier !== undefined || entry.destinationUri !== undefined;
  if (inbound === outbound) return { ok: false, message: 'An external association names either its destination (the node is its origin) or its origin (the node is its destination).' };
  return { ok: true, value: entry as unknown as ExternalAssociation };
}

/** A node's external associations as read: entries that do not check out are left out. */
export function readExternalAssociations(raw: unknown): ExternalAssociation[] | undefined {
  if (!(raw instanceof Y.Array)) return undefined;
  const list: ExternalAssociation[] = [];
  for (const entry of raw.toArray() as unknown[]) {
    const checked = checkExternalAssociation(entry instanceof Y.Map ? entry.toJSON() : entry);
    if (checked.ok) list.push(checked.value);
  }
  return list.length > 0 ? list : undefined;
}

/** An association edge's own fields as read (absent when missing or of the wrong type). */
export function readAssociationFields(edge: YEdge): { associationType?: string; sequenceNumber?: number; sourceId?: string } {
  const type = edge.get(AssociationKey.type);
  const number = edge.get(AssociationKey.sequenceNumber);
  const sourceId = edge.get(AssociationKey.sourceId);
  return {
    ...(isAssociationType(type) ? { associationType: type } : {}),
    ...(sequence(number) ? { sequenceNumber: number } : {}),
    ...(text(sourceId, MAX_IDENTIFIER) ? { sourceId } : {}),
  };
}

