import * as diff from 'lib0/diff';
import * as Y from 'yjs';
import { edgesOf, entryAt, mapEntries, metaOf, nodesOf, type YEdge, type YNode } from './document.js';
import { FIELDS, checkFieldValue, type FieldName, type FieldValue } from './fields.js';
import { nextSlotInUnit } from './geometry.js';
import { newId } from './ids.js';
import { readPosition } from './read.js';
import { EDGE_SPECS, edgeAllowed, hasField, holdsMembers, kindSpec } from './kinds.js';
import type { EdgeKind, NodeKind } from './kinds.js';
import type { Position } from './schema.js';
import { prepareNodeTranslations } from './translation-fields.js';

/**
 * Every change a person makes to a map goes through these functions. Each runs in one
 * `doc.transact` with the caller's origin, so a peer receives one update per intent and an undo
 * manager tracking that origin undoes exactly that intent.
 */

/** Why an operation was refused. Stable strings: the web app translates them. */
export const RefusalReason = {
  NodeNotFound: 'node-not-found',
  SelfLoop: 'self-loop',
  DuplicateEdge: 'duplicate-edge',
  /** The two kinds cannot be linked this way (a unit cannot cover a function). */
  KindsMismatch: 'kinds-mismatch',
  /** The link would make a node its own ancestor in the functional map. */
  Cycle: 'cycle',
  /** The node's kind has no such field. */
  NoSuchField: 'no-such-field',
  /** The value does not fit the field (out of range, wrong type, too long). */
  InvalidValue: 'invalid-value',
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

export type Result<T> = { ok: true; value: T } | { ok: false; reason: RefusalReason; message: string };

export interface NewNode {
  /** A NodeKind; importers may keep a kind this version does not know. */
  kind: NodeKind | (string & {});
  title?: string;
  /** Omit to have the next free code proposed (WA 13…); pass '' for none. */
  code?: string;
  position: Position;
  /** Give an id to keep one (paste, import); a fresh one is made otherwise. */
  id?: string;
  /** Initial values of the kind's other fields; invalid ones are left out. */
  fields?: Partial<Record<FieldName, FieldValue>>;
}

/** Proposes codes during one operation: the highest number per prefix is found once. */
class CodeProposer {
  readonly #next = new Map<string, number>();
  constructor(readonly nodes: Y.Map<YNode>) {}

  propose(kind: string): string {
    const prefix = kindSpec(kind)?.codePrefix;
    if (!prefix) return '';
    let next = this.#next.get(prefix);
    if (next === undefined) {
      next = 1;
      for (const [, node] of mapEntries(this.nodes)) {
        const n = codeNumber(node.get('code'), prefix);
        if (n !== undefined && n >= next) next = n + 1;
      }
    }
    this.#next.set(prefix, next + 1);
    return `${prefix} ${next}`;
  }

  /** A code someone set explicitly also moves the counter past it. */
  note(code: string, kind: string): void {
    const prefix = kindSpec(kind)?.codePrefix;
    if (!prefix) return;
    const n = codeNumber(code, prefix);
    const current = this.#next.get(prefix);
    if (n !== undefined && current !== undefined && n >= current) this.#next.set(prefix, n + 1);
  }
}

function codeNumber(code: unknown, prefix: string): number | undefined {
  if (typeof code !== 'string') return undefined;
  const match = /^([A-Za-z]+)\s*\.?\s*(\d+)$/.exec(code.trim());
  return match && match[1]!.toUpperCase() === prefix ? Number(match[2]) : undefined;
}

/** The code the next node of this kind would get: one past the highest in the map. */
export function proposeCode(doc: Y.Doc, kind: string): string {
  return new CodeProposer(nodesOf(doc)).propose(kind);
}

function writeNode(doc: Y.Doc, nodes: Y.Map<YNode>, spec: NewNode, codes: CodeProposer): string {
  const id = spec.id ?? newId();
  const node: YNode = new Y.Map();
  const position = new Y.Map<number>();
  nodes.set(id, node);
  node.set('kind', spec.kind);
  const code = spec.code ?? codes.propose(spec.kind);
  if (spec.code !== undefined) codes.note(spec.code, spec.kind);
  if (code) node.set('code', code);
  node.set('title', new Y.Text(spec.title ?? ''));
  node.set('position', position);
  position.set('x', spec.position.x);
  position.set('y', spec.position.y);
  for (const [field, value] of Object.entries(spec.fields ?? {}) as Array<[FieldName, FieldValue]>) {
    if (field === 'code' || field === 'title' || !hasField(spec.kind, field)) continue;
    const checked = checkFieldValue(field, value);
    if (checked.ok && checked.value !== undefined) writeFieldValue(node, field, checked.value);
  }
  prepareNodeTranslations(doc, node);
  return id;
}

export function addNode(doc: Y.Doc, spec: NewNode, origin?: unknown): string {
  return addNodes(doc, [spec], origin)[0]!;
}

export function addNodes(doc: Y.Doc, specs: readonly NewNode[], origin?: unknown): string[] {
  const ids: string[] = [];
  doc.transact(() => {
    const nodes = nodesOf(doc);
    const codes = new CodeProposer(nodes);
    for (const spec of specs) ids.push(writeNode(doc, nodes, spec, codes));
  }, origin);
  return ids;
}

/** Writes a checked value; `undefined` removes the field. */
function writeFieldValue(node: YNode, field: FieldName, value: FieldValue): void {
  const spec = FIELDS[field];
  if (value === undefined) {
    if (spec.type === 'text') {
      const text = node.get(field);
      if (text instanceof Y.Text) editText(text, '');
    } else if (node.has(field)) node.delete(field);
    return;
  }
  switch (spec.type) {
    case 'text': {
      let text = node.get(field);
      if (!(text instanceof Y.Text)) {
        text = new Y.Text();
        node.set(field, text);
      }
      editText(text as Y.Text, value as string);
      return;
    }
    case 'list': {
      let list = node.get(field);
      if (!(list instanceof Y.Array)) {
        list = new Y.Array<string>();
        node.set(field, list);
      }
      replaceList(list as Y.Array<string>, value as readonly string[]);
      return;
    }
    default:
      if (node.get(field) !== value) node.set(field, value);
  }
}

/** Makes a Y.Array read `next`, keeping the items that did not change (their edits merge). */
function replaceList(list: Y.Array<string>, next: readonly string[]): void {
  const current = list.toArray();
  const change = diff.simpleDiffArray(current, [...next]);
  if (change.remove > 0) list.delete(change.index, change.remove);
  if (change.insert.length > 0) list.insert(change.index, change.insert);
}

/**
 * Sets one field of one node. The value is checked against the field's rules first: a refused
 * value changes nothing.
 */
export function setField(doc: Y.Doc, nodeId: string, field: FieldName, value: unknown, origin?: unknown): Result<void> {
  return setFieldOnNodes(doc, [nodeId], field, value, origin);
}

/**
 * Sets one field on several nodes at once (multi-select editing), in one transaction. Nodes whose
 * kind lacks the field are skipped; it is refused only if none has it.
 */
export function setFieldOnNodes(doc: Y.Doc, nodeIds: readonly string[], field: FieldName, value: unknown, origin?: unknown): Result<void> {
  const nodes = nodesOf(doc);
  const targets = nodeIds.map((id) => entryAt(nodes, id)).filter((node): node is YNode => node !== undefined);
  if (targets.length === 0) return refuse(RefusalReason.NodeNotFound, 'None of these nodes exists.');
  const applicable = targets.filter((node) => hasField(String(node.get('kind')), field));
  if (applicable.length === 0) return refuse(RefusalReason.NoSuchField, `These nodes have no field "${field}".`);
  const checked = checkFieldValue(field, value);
  if (!checked.ok) return refuse(RefusalReason.InvalidValue, checked.message);
  doc.transact(() => {
    for (const node of applicable) writeFieldValue(node, field, checked.value);
  }, origin);
  return { ok: true, value: undefined };
}

/** Edits one item of a list field (a criterion); the other items are untouched. */
export function setListItem(doc: Y.Doc, nodeId: string, field: FieldName, index: number, text: string, origin?: unknown): Result<void> {
  const list = listOf(doc, nodeId, field);
  if (!list.ok) return list;
  const items = list.value.toArray();
  if (index < 0 || index >= items.length) return refuse(RefusalReason.InvalidValue, `There is no item ${index + 1}.`);
  const next = [...items];
  next[index] = text;
  const checked = checkFieldValue(field, next);
  if (!checked.ok) return refuse(RefusalReason.InvalidValue, checked.message);
  if (items[index] === text) return { ok: true, value: undefined };
  doc.transact(() => {
    list.value.delete(index, 1);
    list.value.insert(index, [text]);
  }, origin);
  return { ok: true, value: undefined };
}

export function insertListItem(doc: Y.Doc, nodeId: string, field: FieldName, index: number, text: string, origin?: unknown): Result<void> {
  const node = entryAt(nodesOf(doc), nodeId);
  if (!node) return refuse(RefusalReason.NodeNotFound, `There is no node ${nodeId}.`);
  if (FIELDS[field].type !== 'list' || !hasField(String(node.get('kind')), field)) {
    return refuse(RefusalReason.NoSuchField, `This node has no list "${field}".`);
  }
  const existing = node.get(field);
  const items = existing instanceof Y.Array ? (existing.toArray() as string[]) : [];
  const at = Math.max(0, Math.min(index, items.length));
  const checked = checkFieldValue(field, [...items.slice(0, at), text, ...items.slice(at)]);
  if (!checked.ok) return refuse(RefusalReason.InvalidValue, checked.message);
  doc.transact(() => {
    let list = node.get(field);
    if (!(list instanceof Y.Array)) {
      list = new Y.Array<string>();
      node.set(field, list);
    }
    (list as Y.Array<string>).insert(at, [text]);
  }, origin);
  return { ok: true, value: undefined };
}

export function removeListItem(doc: Y.Doc, nodeId: string, field: FieldName, index: number, origin?: unknown): Result<void> {
  const list = listOf(doc, nodeId, field);
  if (!list.ok) return list;
  if (index < 0 || index >= list.value.length) return refuse(RefusalReason.InvalidValue, `There is no item ${index + 1}.`);
  doc.transact(() => list.value.delete(index, 1), origin);
  return { ok: true, value: undefined };
}

export function moveListItem(doc: Y.Doc, nodeId: string, field: FieldName, from: number, to: number, origin?: unknown): Result<void> {
  const list = listOf(doc, nodeId, field);
  if (!list.ok) return list;
  const length = list.value.length;
  if (from < 0 || from >= length || to < 0 || to >= length) return refuse(RefusalReason.InvalidValue, 'No such position in the list.');
  if (from === to) return { ok: true, value: undefined };
  doc.transact(() => {
    const item = list.value.get(from);
    list.value.delete(from, 1);
    list.value.insert(to, [item]);
  }, origin);
  return { ok: true, value: undefined };
}

function listOf(doc: Y.Doc, nodeId: string, field: FieldName): Result<Y.Array<string>> {
  const node = entryAt(nodesOf(doc), nodeId);
  if (!node) return refuse(RefusalReason.NodeNotFound, `There is no node ${nodeId}.`);
  if (FIELDS[field].type !== 'list' || !hasField(String(node.get('kind')), field)) {
    return refuse(RefusalReason.NoSuchField, `This node has no list "${field}".`);
  }
  const list = node.get(field);
  if (!(list instanceof Y.Array)) return refuse(RefusalReason.InvalidValue, 'The list is empty.');
  return { ok: true, value: list as Y.Array<string> };
}

/**
 * Moves nodes. Only coordinates that changed are written, so a drag that ends where it started
 * writes nothing, and x and y moved by two people at once both survive.
 */
export function moveNodes(doc: Y.Doc, moves: ReadonlyArray<{ id: string; position: Position }>, origin?: unknown): void {
  const nodes = nodesOf(doc);
  doc.transact(() => {
    for (const { id, position } of moves) {
      const node = entryAt(nodes, id);
      const stored = node?.get('position');
      if (!(stored instanceof Y.Map)) continue;
      if (stored.get('x') !== position.x) stored.set('x', position.x);
      if (stored.get('y') !== position.y) stored.set('y', position.y);
    }
  }, origin);
}

/**
 * Edits a Y.Text so that it reads `next`, touching only the span that differs. Two people typing
 * into one title at once then both keep their words. `cursor` disambiguates repeated characters
 * (typing "a" after "a" in "aa").
 */
export function editText(text: Y.Text, next: string, cursor?: number): void {
  const current = text.toString();
  if (current === next) return;
  const change =
    cursor === undefined ? diff.simpleDiffString(current, next) : diff.simpleDiffStringWithCursor(current, next, cursor);
  if (change.remove > 0) text.delete(change.index, change.remove);
  if (change.insert.length > 0) text.insert(change.index, change.insert);
}

/** A text field (title, key purpose) as a shared text, for editors that bind to it directly. */
export function titleText(doc: Y.Doc, nodeId: string, field: 'title' | 'keyPurpose' = 'title'): Y.Text | undefined {
  const text = entryAt(nodesOf(doc), nodeId)?.get(field);
  return text instanceof Y.Text ? text : undefined;
}

export function setNodeTitle(doc: Y.Doc, nodeId: string, title: string, origin?: unknown, cursor?: number): Result<void> {
  return setTextField(doc, nodeId, 'title', title, origin, cursor);
}

/**
 * Types into a text field (title, key purpose): only the span that differs is changed, so people
 * typing into the same text at once keep each other's words. Creates the text if missing.
 */
export function setTextField(doc: Y.Doc, nodeId: string, field: 'title' | 'keyPurpose', value: string, origin?: unknown, cursor?: number): Result<void> {
  const node = entryAt(nodesOf(doc), nodeId);
  if (!node) return refuse(RefusalReason.NodeNotFound, `There is no node ${nodeId}.`);
  if (!hasField(String(node.get('kind')), field)) return refuse(RefusalReason.NoSuchField, `This node has no field "${field}".`);
  if (value.length > FIELDS[field].maxLength) return refuse(RefusalReason.InvalidValue, `${field} is longer than ${FIELDS[field].maxLength} characters.`);
  doc.transact(() => {
    let text = node.get(field);
    if (!(text instanceof Y.Text)) {
      text = new Y.Text();
      node.set(field, text);
    }
    editText(text as Y.Text, value, cursor);
  }, origin);
  return { ok: true, value: undefined };
}

export interface NewEdge {
  kind: EdgeKind;
  source: string;
  target: string;
  id?: string;
  /** For `partOf`: where the outcome goes inside the unit's block (relative); a free slot otherwise. */
  position?: Position;
}

// A unit block's slots (geometry.ts), still importable from here.
export { UNIT_SLOT } from './geometry.js';

/**
 * Links two nodes, after checking that the link makes sense. A node has one parent in the
 * functional map and an outcome belongs to one unit: linking again moves it (the old link goes in
 * the same transaction). An outcome put into a unit is placed inside the unit's block.
 */
export function connect(doc: Y.Doc, spec: NewEdge, origin?: unknown): Result<string> {
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  const source = entryAt(nodes, spec.source);
  const target = entryAt(nodes, spec.target);
  const refused = linkRefusal(spec, source, target, {
    linked: () => [...mapEntries(edges)].some(([, edge]) => edge.get('kind') === spec.kind && edge.get('source') === spec.source && edge.get('target') === spec.target),
    below: () => isAncestor(edges, spec.kind, spec.source, spec.target),
  });
  if (refused || !source) return refused ?? refuse(RefusalReason.NodeNotFound, `There is no node ${spec.source}.`);
  const id = spec.id ?? newId();
  doc.transact(() => {
    // One parent, one unit: the new link replaces the old one.
    if (EDGE_SPECS[spec.kind].single) {
      for (const [edgeId, edge] of [...mapEntries(edges)]) {
        if (edge.get('kind') === spec.kind && edge.get('source') === spec.source) {
          if (spec.kind === 'partOf') leaveUnit(nodes, edge, source);
          edges.delete(edgeId);
        }
      }
    }
    const edge: YEdge = new Y.Map();
    edges.set(id, edge);
    edge.set('kind', spec.kind);
    edge.set('source', spec.source);
    edge.set('target', spec.target);
    // Inside a block a member's position is relative to it; a unit in a group stays where it is.
    if (spec.kind === 'partOf' && holdsMembers(String(target!.get('kind')))) {
      const slot = spec.position ?? freeSlot(nodes, edges, spec.target, spec.source);
      setPosition(source, slot);
    } else if (spec.kind === 'partOf' && spec.position) setPosition(source, spec.position);
  }, origin);
  return { ok: true, value: id };
}

/**
 * Why a link may not be made, or null: the one home of the rules `connect` and `connectMany`
 * (bulk.ts) share. Each brings its own way to know whether the link exists already (`linked`)
 * and whether the target is below the source in a tree (`below`): one scan for a single link,
 * an index for thousands.
 */
export function linkRefusal(
  spec: NewEdge,
  source: YNode | undefined,
  target: YNode | undefined,
  lookups: { linked: () => boolean; below: () => boolean },
): { ok: false; reason: RefusalReason; message: string } | null {
  if (!source) return refuse(RefusalReason.NodeNotFound, `There is no node ${spec.source}.`);
  if (!target) return refuse(RefusalReason.NodeNotFound, `There is no node ${spec.target}.`);
  if (spec.source === spec.target) return refuse(RefusalReason.SelfLoop, 'A node cannot be linked to itself.');
  if (EDGE_SPECS[spec.kind]?.typed) return refuse(RefusalReason.KindsMismatch, `A "${spec.kind}" link carries its CASE type: it is written with addAssociations.`);
  const sourceKind = String(source.get('kind'));
  const targetKind = String(target.get('kind'));
  if (!edgeAllowed(spec.kind, sourceKind, targetKind)) {
    return refuse(RefusalReason.KindsMismatch, `A ${sourceKind} cannot be "${spec.kind}" a ${targetKind}.`);
  }
  if (lookups.linked()) return refuse(RefusalReason.DuplicateEdge, 'These two nodes are already linked this way.');
  if (EDGE_SPECS[spec.kind].tree && lookups.below()) return refuse(RefusalReason.Cycle, 'This would put a function below itself in the map.');
  return null;
}

/** True if `ancestor` is `node` or above it through links of this (tree) kind. */
function isAncestor(edges: Y.Map<YEdge>, kind: EdgeKind, node: string, ancestor: string): boolean {
  const parents = new Map<string, string[]>();
  for (const [, edge] of mapEntries(edges)) {
    if (edge.get('kind') !== kind) continue;
    const child = String(edge.get('source'));
    parents.set(child, [...(parents.get(child) ?? []), String(edge.get('target'))]);
  }
  const seen = new Set<string>();
  const stack = [ancestor];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current === node) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    stack.push(...(parents.get(current) ?? []));
  }
  return false;
}

/** Below the unit's lowest member. */
function freeSlot(nodes: Y.Map<YNode>, edges: Y.Map<YEdge>, unitId: string, except: string): Position {
  const members: Position[] = [];
  for (const [, edge] of mapEntries(edges)) {
    if (edge.get('kind') !== 'partOf' || edge.get('target') !== unitId || edge.get('source') === except) continue;
    const member = entryAt(nodes, String(edge.get('source')));
    if (member) members.push(readPosition(member));
  }
  return nextSlotInUnit(members);
}

function setPosition(node: YNode, position: Position): void {
  let stored = node.get('position');
  if (!(stored instanceof Y.Map)) {
    stored = new Y.Map<number>();
    node.set('position', stored);
  }
  const map = stored as Y.Map<number>;
  if (map.get('x') !== position.x) map.set('x', position.x);
  if (map.get('y') !== position.y) map.set('y', position.y);
}

/** An outcome leaving a unit keeps its place on screen: relative → absolute. */
function leaveUnit(nodes: Y.Map<YNode>, partOf: YEdge, member: YNode): void {
  const unit = entryAt(nodes, String(partOf.get('target')));
  if (!unit || !holdsMembers(String(unit.get('kind')))) return;
  const offset = readPosition(unit);
  const relative = readPosition(member);
  setPosition(member, { x: offset.x + relative.x, y: offset.y + relative.y });
}

/**
 * Moves an outcome into a unit's block (`unitId`), or out of any block (`null`), at `position`
 * (relative to the unit, or absolute when leaving): the drag-and-drop gesture, as one change.
 */
export function placeInUnit(doc: Y.Doc, outcomeId: string, unitId: string | null, position: Position, origin?: unknown): Result<void> {
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  const outcome = entryAt(nodes, outcomeId);
  if (!outcome) return refuse(RefusalReason.NodeNotFound, `There is no node ${outcomeId}.`);
  if (unitId !== null) {
    const linked = connect(doc, { kind: 'partOf', source: outcomeId, target: unitId, position }, origin);
    if (linked.ok) return { ok: true, value: undefined };
    if (linked.reason !== RefusalReason.DuplicateEdge) return linked;
    doc.transact(() => setPosition(outcome, position), origin); // already there: just moved inside
    return { ok: true, value: undefined };
  }
  doc.transact(() => {
    for (const [edgeId, edge] of [...mapEntries(edges)]) {
      if (edge.get('kind') === 'partOf' && edge.get('source') === outcomeId) edges.delete(edgeId);
    }
    setPosition(outcome, position);
  }, origin);
  return { ok: true, value: undefined };
}

/**
 * Deletes nodes with every edge that touches them, and the given edges, in one transaction.
 * Outcomes that leave a unit this way (their unit or their link is deleted) keep their place.
 */
export function removeElements(
  doc: Y.Doc,
  targets: { nodeIds?: Iterable<string>; edgeIds?: Iterable<string> },
  origin?: unknown,
): void {
  const nodes = nodesOf(doc);
  const edges = edgesOf(doc);
  const nodeIds = new Set(targets.nodeIds ?? []);
  const edgeIds = new Set(targets.edgeIds ?? []);
  if (nodeIds.size > 0) {
    for (const [id, edge] of mapEntries(edges)) {
      if (nodeIds.has(edge.get('source') as string) || nodeIds.has(edge.get('target') as string)) edgeIds.add(id);
    }
  }
  if (nodeIds.size === 0 && edgeIds.size === 0) return;
  doc.transact(() => {
    for (const id of edgeIds) {
      const edge = entryAt(edges, id);
      if (!edge) {
        if (edges.has(id)) edges.delete(id); // a malformed entry: deleted like any other
        continue;
      }
      const member = entryAt(nodes, String(edge.get('source')));
      if (edge.get('kind') === 'partOf' && member && !nodeIds.has(String(edge.get('source')))) leaveUnit(nodes, edge, member);
      edges.delete(id);
    }
    for (const id of nodeIds) if (nodes.has(id)) nodes.delete(id);
  }, origin);
}

export function setMapTitle(doc: Y.Doc, title: string, origin?: unknown): void {
  doc.transact(() => {
    const meta = metaOf(doc);
    if (meta.get('title') !== title) meta.set('title', title);
  }, origin);
}

function refuse(reason: RefusalReason, message: string): { ok: false; reason: RefusalReason; message: string } {
  return { ok: false, reason, message };
}
