import * as Y from 'yjs';
import {
  AssociationKey,
  EXTERNAL_ASSOCIATIONS,
  MAX_EXTERNAL_ASSOCIATIONS,
  checkExternalAssociation,
  isAssociationType,
  readExternalAssociations,
  sequence,
  text,
  MAX_IDENTIFIER,
} from './association-fields.js';
import { edgesOf, entryAt, mapEntries, nodesOf, type YEdge, type YNode } from './document.js';
import { newId } from './ids.js';
import { RefusalReason, type Result } from './operations.js';
import type { ExternalAssociation } from './schema.js';

/**
 * CASE associations a map keeps so that an imported framework comes back whole on export
 * (precedes, exemplar, isRelatedTo, isPeerOf, replacedBy, hasSkillLevel, exactMatchOf, ext:…):
 *
 * - between two nodes of the map: an edge of kind `association` with its `associationType`
 *   (and `sequenceNumber`, `sourceId` when it had them). The checks, the layout and the
 *   functional tree ignore these; the canvas draws them as light dashed lines.
 * - between a node and something outside the map (another framework's item, a web page): an entry
 *   of the node's `externalAssociations` list (ExternalAssociation, schema.ts), a Y.Array of plain
 *   objects, so that two peers adding entries at once both keep theirs.
 *
 * Both are written only here; a drawn line never makes one (relationBetween skips typed kinds).
 */

export interface NewAssociation {
  /** The association's origin. */
  source: string;
  /** Its destination. */
  target: string;
  type: string;
  sequenceNumber?: number;
  sourceId?: string;
  id?: string;
}

function refuse(reason: RefusalReason, message: string): { ok: false; reason: RefusalReason; message: string } {
  return { ok: false, reason, message };
}

/**
 * Writes association edges between nodes of the map, in one transaction: each checked (both ends
 * are nodes, not a loop, a CASE type, not the same type between the same two nodes twice).
 * An index is built once, so thousands cost no more than their number.
 */
export function addAssociations(doc: Y.Doc, specs: readonly NewAssociation[], origin?: unknown): Array<Result<string>> {
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  const key = (type: string, source: string, target: string) => `${type}\u0000${source}\u0000${target}`;
  const existing = new Set<string>();
  for (const [, edge] of mapEntries(edges)) {
    if (edge.get('kind') !== 'association') continue;
    existing.add(key(String(edge.get(AssociationKey.type)), String(edge.get('source')), String(edge.get('target'))));
  }
  const results: Array<Result<string>> = [];
  doc.transact(() => {
    for (const spec of specs) {
      if (!entryAt(nodes, spec.source)) results.push(refuse(RefusalReason.NodeNotFound, `There is no node ${spec.source}.`));
      else if (!entryAt(nodes, spec.target)) results.push(refuse(RefusalReason.NodeNotFound, `There is no node ${spec.target}.`));
      else if (spec.source === spec.target) results.push(refuse(RefusalReason.SelfLoop, 'A node cannot be associated with itself.'));
      else if (!isAssociationType(spec.type)) results.push(refuse(RefusalReason.InvalidValue, `"${spec.type}" is not a CASE association type.`));
      else if (spec.sequenceNumber !== undefined && !sequence(spec.sequenceNumber)) results.push(refuse(RefusalReason.InvalidValue, 'sequenceNumber must be a number.'));
      else if (spec.sourceId !== undefined && !text(spec.sourceId, MAX_IDENTIFIER)) results.push(refuse(RefusalReason.InvalidValue, `sourceId must be a text of at most ${MAX_IDENTIFIER} characters.`));
      else if (existing.has(key(spec.type, spec.source, spec.target))) results.push(refuse(RefusalReason.DuplicateEdge, 'These two nodes are already associated this way.'));
      else {
        const id = spec.id ?? newId();
        const edge: YEdge = new Y.Map();
        edges.set(id, edge);
        edge.set('kind', 'association');
        edge.set('source', spec.source);
        edge.set('target', spec.target);
        edge.set(AssociationKey.type, spec.type);
        if (spec.sequenceNumber !== undefined) edge.set(AssociationKey.sequenceNumber, spec.sequenceNumber);
        if (spec.sourceId !== undefined) edge.set(AssociationKey.sourceId, spec.sourceId);
        existing.add(key(spec.type, spec.source, spec.target));
        results.push({ ok: true, value: id });
      }
    }
  }, origin);
  return results;
}

function listOf(node: YNode): Y.Array<unknown> {
  let list = node.get(EXTERNAL_ASSOCIATIONS);
  if (!(list instanceof Y.Array)) {
    list = new Y.Array<unknown>();
    node.set(EXTERNAL_ASSOCIATIONS, list);
  }
  return list as Y.Array<unknown>;
}

/**
 * Adds associations between a node and items outside the map (appended: a peer's concurrent
 * additions are kept too). All or nothing: one entry that does not check out refuses them all.
 */
export function addExternalAssociations(doc: Y.Doc, nodeId: string, entries: readonly unknown[], origin?: unknown): Result<number> {
  const node = entryAt(nodesOf(doc), nodeId);
  if (!node) return refuse(RefusalReason.NodeNotFound, `There is no node ${nodeId}.`);
  const checked: ExternalAssociation[] = [];
  for (const entry of entries) {
    const result = checkExternalAssociation(entry);
    if (!result.ok) return refuse(RefusalReason.InvalidValue, result.message);
    checked.push(result.value);
  }
  const present = node.get(EXTERNAL_ASSOCIATIONS);
  const count = present instanceof Y.Array ? present.length : 0;
  if (count + checked.length > MAX_EXTERNAL_ASSOCIATIONS) return refuse(RefusalReason.InvalidValue, `A node keeps at most ${MAX_EXTERNAL_ASSOCIATIONS} external associations.`);
  if (checked.length === 0) return { ok: true, value: count };
  doc.transact(() => listOf(node).push(checked.map((entry) => ({ ...entry }))), origin);
  return { ok: true, value: count + checked.length };
}

/** Makes a node's external associations read as `wanted` (a restore): rewritten only when they differ. */
export function writeExternalAssociations(node: YNode, wanted: readonly ExternalAssociation[] | undefined): void {
  const current = readExternalAssociations(node.get(EXTERNAL_ASSOCIATIONS)) ?? [];
  const next = wanted ?? [];
  if (JSON.stringify(current) === JSON.stringify(next)) return;
  if (next.length === 0) {
    node.delete(EXTERNAL_ASSOCIATIONS);
    return;
  }
  const list = new Y.Array<unknown>();
  list.push(next.map((entry) => ({ ...entry })));
  node.set(EXTERNAL_ASSOCIATIONS, list);
}
