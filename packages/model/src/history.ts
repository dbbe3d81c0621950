import * as diff from 'lib0/diff';
import * as Y from 'yjs';
import { MATCH_KEYS } from './matches.js';
import { edgesOf, metaOf, nodesOf, type YEdge, type YNode } from './document.js';
import { FIELDS, type FieldName } from './fields.js';
import { fieldsOf } from './kinds.js';
import { compareCodes } from './layout.js';
import { schemaProblem } from './migrations.js';
import { editText } from './operations.js';
import { writeExternalAssociations } from './associations.js';
import { readEdgeEntry, readField, readNodeEntry } from './read.js';
import { SCHEMA_VERSION, type MapEdge, type MapNode } from './schema.js';
import { prepareTranslation, translatableFieldsOf, translationsOf, TranslationKey } from './translation-fields.js';
import type { MapSnapshot } from './view.js';

/**
 * Versions of a map: what changed between two readings of it, and how to bring a live document
 * back to an earlier state without rewriting its history.
 *
 * A restore is an ordinary change: it deletes, adds and edits exactly what differs, in one
 * transaction. Every client applies it like any other update, so nobody diverges, and whatever a
 * peer changed concurrently elsewhere merges with it.
 */

/** A node present in both readings whose content differs (`fields` names what differs). */
export interface NodeChange {
  readonly before: MapNode;
  readonly after: MapNode;
  /** `kind`, `code`, `title` or a field of FIELDS, in that order. */
  readonly fields: readonly string[];
}

/** A node present in both readings that sits somewhere else. */
export interface NodeMove {
  readonly before: MapNode;
  readonly after: MapNode;
}

export interface SnapshotDiff {
  /** In `after` only. */
  readonly added: readonly MapNode[];
  /** In `before` only. */
  readonly removed: readonly MapNode[];
  /** In both, with different content. A node can be both changed and moved. */
  readonly changed: readonly NodeChange[];
  /** In both, at a different position (positions are layout, not content: listed apart). */
  readonly moved: readonly NodeMove[];
  readonly edgesAdded: readonly MapEdge[];
  readonly edgesRemoved: readonly MapEdge[];
  /** The map's title, when it differs. */
  readonly title: { readonly before: string; readonly after: string } | null;
}

/** What is compared besides position, in the order differences are reported. */
const CONTENT_KEYS: readonly string[] = ['kind', ...(Object.keys(FIELDS) as FieldName[])];

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

function contentDifferences(before: MapNode, after: MapNode): string[] {
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  return CONTENT_KEYS.filter((key) => !sameValue(a[key], b[key]));
}

function byCode(a: MapNode, b: MapNode): number {
  return compareCodes(a.code, b.code) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * What changed from `before` to `after`, matched by node and edge id. Lists are sorted by code
 * (then id), edges by their endpoints' codes, so the same two readings always give the same list.
 */
export function diffSnapshots(before: MapSnapshot, after: MapSnapshot): SnapshotDiff {
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterNodes = new Map(after.nodes.map((n) => [n.id, n]));
  const added: MapNode[] = [];
  const removed: MapNode[] = [];
  const changed: NodeChange[] = [];
  const moved: NodeMove[] = [];
  for (const node of after.nodes) if (!beforeNodes.has(node.id)) added.push(node);
  for (const node of before.nodes) {
    const next = afterNodes.get(node.id);
    if (!next) {
      removed.push(node);
      continue;
    }
    const fields = contentDifferences(node, next);
    if (fields.length > 0) changed.push({ before: node, after: next, fields });
    if (node.position.x !== next.position.x || node.position.y !== next.position.y) moved.push({ before: node, after: next });
  }
  added.sort(byCode);
  removed.sort(byCode);
  changed.sort((x, y) => byCode(x.after, y.after));
  moved.sort((x, y) => byCode(x.after, y.after));

  // An edge whose kind or ends differ under the same id is reported as one removed and one added.
  const sameEdge = (a: MapEdge, b: MapEdge | undefined) => b !== undefined && a.kind === b.kind && a.source === b.source && a.target === b.target && a.associationType === b.associationType;
  const beforeEdges = new Map(before.edges.map((e) => [e.id, e]));
  const afterEdges = new Map(after.edges.map((e) => [e.id, e]));
  const codeOf = (id: string) => afterNodes.get(id)?.code ?? beforeNodes.get(id)?.code ?? '';
  const edgeOrder = (a: MapEdge, b: MapEdge) =>
    compareCodes(codeOf(a.source), codeOf(b.source)) ||
    compareCodes(codeOf(a.target), codeOf(b.target)) ||
    (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const edgesAdded = after.edges.filter((e) => !sameEdge(e, beforeEdges.get(e.id))).sort(edgeOrder);
  const edgesRemoved = before.edges.filter((e) => !sameEdge(e, afterEdges.get(e.id))).sort(edgeOrder);

  const title = before.meta.title === after.meta.title ? null : { before: before.meta.title, after: after.meta.title };
  return { added, removed, changed, moved, edgesAdded, edgesRemoved, title };
}

/** True when the two readings hold the same map content (positions included, title included). */
export function isEmptyDiff(change: SnapshotDiff): boolean {
  return (
    change.added.length === 0 &&
    change.removed.length === 0 &&
    change.changed.length === 0 &&
    change.moved.length === 0 &&
    change.edgesAdded.length === 0 &&
    change.edgesRemoved.length === 0 &&
    change.title === null
  );
}

/**
 * Makes `doc`'s nodes, edges and title equal to `target`'s, as one new change (one transaction
 * with `origin`): nodes and edges missing from `target` are deleted, missing ones are added with
 * their ids, and in nodes present in both only the values that differ are written — texts through
 * the same minimal diff as typing, lists item by item, positions coordinate by coordinate. What is
 * already equal is left alone, so a peer editing it concurrently keeps its edit.
 *
 * `target` is only read. Meta other than the title (creation time, schema version, language) is
 * kept: it describes the document, not the content being restored — except a schema version this
 * version cannot open, which becomes the target's current one. Entries of either document that are
 * not nodes or edges (read.ts) are not copied: the restored map holds none.
 */
export function restoreContent(doc: Y.Doc, target: Y.Doc, origin?: unknown): void {
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  const targetNodes = nodesOf(target);
  const targetEdges = edgesOf(target);
  doc.transact(() => {
    for (const id of [...edges.keys()]) if (!targetEdges.has(id)) edges.delete(id);
    for (const id of [...nodes.keys()]) if (!targetNodes.has(id)) nodes.delete(id);

    // An entry that does not read as a node or an edge is left out on both sides: a malformed
    // one in the version is not brought back, and one in the live map under its id is replaced.
    for (const [id, source] of targetNodes) {
      const wanted = readNodeEntry(id, source).node;
      let node: unknown = nodes.get(id);
      if (!wanted) {
        if (node !== undefined) nodes.delete(id);
        continue;
      }
      if (!(node instanceof Y.Map)) {
        node = new Y.Map<unknown>();
        nodes.set(id, node as YNode);
      }
      writeNodeContent(node as YNode, wanted);
    }

    for (const [id, source] of targetEdges) {
      const wanted = readEdgeEntry(id, source).edge;
      let edge: unknown = edges.get(id);
      if (!wanted) {
        if (edge !== undefined) edges.delete(id);
        continue;
      }
      if (!(edge instanceof Y.Map)) {
        edge = new Y.Map<unknown>() as YEdge;
        edges.set(id, edge as YEdge);
      }
      // Written as stored: an edge a peer left dangling in the version stays as it was there.
      const stored = edge as YEdge;
      for (const key of ['kind', 'source', 'target'] as const) if (stored.get(key) !== wanted[key]) stored.set(key, wanted[key]);
      // A match's details (matches.ts) as they were in the version.
      for (const key of MATCH_KEYS) {
        const kept = (wanted as unknown as Record<string, unknown>)[key];
        if (kept === undefined) {
          if (stored.has(key)) stored.delete(key);
        } else if (JSON.stringify(stored.get(key)) !== JSON.stringify(kept)) stored.set(key, kept);
      }
      // An association's CASE details (associations.ts) as they were in the version.
      for (const key of ['associationType', 'sequenceNumber', 'sourceId'] as const) {
        const value = wanted[key];
        if (value === undefined) {
          if (stored.has(key)) stored.delete(key);
        } else if (stored.get(key) !== value) stored.set(key, value);
      }
    }

    const title = metaOf(target).get('title');
    const meta = metaOf(doc);
    if (typeof title === 'string' && meta.get('title') !== title) meta.set('title', title);
    // A map this version could not open (a newer or damaged stamp) opens again: what the restore
    // wrote is in the version's shape, which is this version's.
    if (schemaProblem(doc) !== null && schemaProblem(target) === null && metaOf(target).get('schemaVersion') === SCHEMA_VERSION) {
      meta.set('schemaVersion', SCHEMA_VERSION);
    }
  }, origin);
}

/** Writes what differs between a node and the plain reading it should equal. */
function writeNodeContent(node: YNode, wanted: MapNode): void {
  if (node.get('kind') !== wanted.kind) node.set('kind', wanted.kind);

  let position = node.get('position');
  if (!(position instanceof Y.Map)) {
    position = new Y.Map<number>();
    node.set('position', position);
  }
  const coordinates = position as Y.Map<number>;
  if (coordinates.get('x') !== wanted.position.x) coordinates.set('x', wanted.position.x);
  if (coordinates.get('y') !== wanted.position.y) coordinates.set('y', wanted.position.y);

  // The fields a reading of this kind contains (code and title for every kind, even unknown ones).
  const fields = new Set<FieldName>(['code', 'title', ...fieldsOf(wanted.kind, { source: true })]);
  const values = wanted as unknown as Record<string, unknown>;
  for (const field of fields) {
    const value = values[field];
    const current = readField(node, field);
    // readNode gives '' for a missing code or title: absent and empty read the same.
    if (field === 'code' || field === 'title') {
      if ((current ?? '') === value) continue;
    } else if (sameValue(current, value)) continue;
    writeValue(node, field, value);
  }
  writeTranslations(node, wanted);
  writeExternalAssociations(node, wanted.externalAssociations);
}

/**
 * Makes a node's translations read as in the version: texts and lists through the same minimal
 * diff, fingerprints and review marks entry by entry. A language the version has no translation
 * in is emptied, not deleted: its empty fields stay for translators' merging first keystrokes.
 */
function writeTranslations(node: YNode, wanted: MapNode): void {
  const stored = translationsOf(node);
  const languages = new Set([...Object.keys(wanted.translations ?? {}), ...stored.keys()]);
  for (const language of languages) {
    const fields = wanted.translations?.[language] ?? {};
    const map = prepareTranslation(node, language);
    for (const field of translatableFieldsOf(wanted.kind)) {
      const value = fields[field]?.value;
      const current = map.get(field);
      if (current instanceof Y.Text) editText(current, typeof value === 'string' ? value : '');
      else if (current instanceof Y.Array) {
        const next = Array.isArray(value) ? [...(value as readonly string[])] : [];
        const change = diff.simpleDiffArray(current.toArray().map(String), next);
        if (change.remove > 0) current.delete(change.index, change.remove);
        if (change.insert.length > 0) current.insert(change.index, change.insert);
      }
      for (const [key, mark] of [[TranslationKey.fingerprints, fields[field]?.fingerprint], [TranslationKey.reviewed, fields[field]?.reviewed]] as const) {
        const marks = map.get(key) as Y.Map<string>;
        if (mark === undefined) {
          if (marks.has(field)) marks.delete(field);
        } else if (marks.get(field) !== mark) marks.set(field, mark);
      }
    }
  }
}

/** Writes one field as the model stores it; `undefined` removes it (as it reads in the target). */
function writeValue(node: YNode, field: FieldName, value: unknown): void {
  const spec = FIELDS[field];
  if (value === undefined || (field === 'code' && value === '')) {
    if (node.has(field)) node.delete(field);
    return;
  }
  switch (spec.type) {
    case 'text': {
      let text = node.get(field);
      if (!(text instanceof Y.Text)) {
        text = new Y.Text();
        node.set(field, text);
      }
      editText(text as Y.Text, String(value));
      return;
    }
    case 'list': {
      let list = node.get(field);
      if (!(list instanceof Y.Array)) {
        list = new Y.Array<string>();
        node.set(field, list);
      }
      const items = list as Y.Array<string>;
      // Compared as read (readField), so that only the span that differs is replaced: the items
      // before and after it keep their identity, and a peer's concurrent edit of them survives.
      const current = (readField(node, field) as readonly string[] | undefined) ?? [];
      const change = diff.simpleDiffArray([...current], [...(value as readonly string[])]);
      if (change.remove > 0) items.delete(change.index, change.remove);
      if (change.insert.length > 0) items.insert(change.index, change.insert);
      return;
    }
    default:
      if (node.get(field) !== value) node.set(field, value);
  }
}
