import * as Y from 'yjs';
import { entryAt, nodesOf } from './document.js';
import { graphOf, type MapGraph } from './graph.js';
import { kindSpec } from './kinds.js';
import { compareCodes } from './layout.js';
import type { MapNode } from './schema.js';
import { snapshotOf } from './view.js';

/**
 * Renumbering: codes that follow the tree order (KF 1, MF 1.1, WA 1.1.1), outcomes and units
 * numbered in reading order (LO n, U n). A node's former codes are kept on it, most recent last,
 * in `previousCodes` (a Y.Array<string>, ARCHITECTURE.md), so that documents and people that cite
 * an old code can still find the node. Qualifications keep their codes (often official ones).
 */
export const PREVIOUS_CODES = 'previousCodes';
/** Former codes kept per node: enough for a workshop's rounds of reordering. */
export const MAX_PREVIOUS_CODES = 20;
const MAX_CODE_LENGTH = 40;

export interface RenumberOptions {
  /**
   * `hierarchical` (default): a function's or work action's number is its parent's and its place
   * among its siblings (MF 1.2, WA 1.2.3); `flat`: one count per kind in tree order (WA 7).
   */
  scheme?: 'hierarchical' | 'flat';
  /**
   * The code prefix of each kind, with its separator ("ТФ ", "A"). By default the map's own: the
   * prefix most of its codes of that kind use, else the kind's (KF, MF, WA, LO, U) and a space.
   */
  prefixes?: Readonly<Record<string, string>>;
}

export interface RenumberResult {
  /** The nodes whose code changed, in the order they were numbered. */
  readonly changed: readonly { readonly id: string; readonly from: string; readonly to: string }[];
}

const CODE_PATTERN = /^(.*?)(\d+(?:\.\d+)*)$/;

/** The prefix most codes of this kind use ("KF " of "KF 3"), or undefined when none has a number. */
function ownPrefix(nodes: readonly MapNode[]): string | undefined {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const match = CODE_PATTERN.exec(node.code.trim());
    if (!match || !/\p{L}/u.test(match[1]!)) continue;
    counts.set(match[1]!, (counts.get(match[1]!) ?? 0) + 1);
  }
  let best: string | undefined;
  let most = 0;
  for (const [prefix, count] of counts) {
    if (count > most) [best, most] = [prefix, count];
  }
  return best;
}

/**
 * Siblings in the order people see them: the order they were given (`sequence`) first, then
 * along the axis they are spread on (a row of columns left to right, a stack top to bottom),
 * then by their old codes.
 */
function sortSiblings(list: MapNode[]): MapNode[] {
  const xs = list.map((n) => n.position.x);
  const ys = list.map((n) => n.position.y);
  const spread = (v: number[]) => (v.length === 0 ? 0 : Math.max(...v) - Math.min(...v));
  const axis: 'x' | 'y' = spread(xs) > spread(ys) ? 'x' : 'y';
  const other = axis === 'x' ? 'y' : 'x';
  return list.sort(
    (a, b) =>
      (a.sequence ?? Infinity) - (b.sequence ?? Infinity) ||
      a.position[axis] - b.position[axis] ||
      a.position[other] - b.position[other] ||
      compareCodes(a.code, b.code) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The functional tree's nodes below the qualifications, in reading order, with their numbers. */
function treeOrder(graph: MapGraph): { node: MapNode; path: number[] }[] {
  const out: { node: MapNode; path: number[] }[] = [];
  const seen = new Set<string>();
  const isTree = (node: MapNode) => {
    const level = kindSpec(node.kind)?.treeLevel;
    return level !== null && level !== undefined && level > 0;
  };
  const roots = sortSiblings(graph.roots().filter((root) => kindSpec(root.kind)?.treeLevel === 0));
  for (const root of roots) seen.add(root.id);
  // The top level: the qualifications' children, one count across the map, then what hangs loose.
  const top = [...roots.flatMap((root) => sortSiblings(graph.childrenOf(root.id).filter(isTree))), ...sortSiblings(graph.orphans())];
  const pending: { node: MapNode; path: number[] }[] = [];
  let count = 0;
  for (const node of top) {
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    pending.push({ node, path: [++count] });
  }
  // Depth first, without recursion: a deep chain is a valid (odd) map.
  pending.reverse();
  while (pending.length > 0) {
    const item = pending.pop()!;
    out.push(item);
    const children = sortSiblings(graph.childrenOf(item.node.id).filter((child) => isTree(child) && !seen.has(child.id)));
    children.forEach((child) => seen.add(child.id));
    for (let i = children.length - 1; i >= 0; i--) pending.push({ node: children[i]!, path: [...item.path, i + 1] });
  }
  return out;
}

/**
 * Sets every key function's, main function's, work action's, learning outcome's and unit's code
 * to follow the tree order, in one transaction with `origin` (one undo step). Units are in the
 * order of the first work action their outcomes teach (then where they are on the canvas), and
 * outcomes unit by unit as they are stacked, then those outside units by the work action they
 * cover.
 */
export function renumber(doc: Y.Doc, options: RenumberOptions = {}, origin?: unknown): RenumberResult {
  const changed = planRenumber(doc, options).changed;
  const nodes = nodesOf(doc);
  doc.transact(() => {
    for (const { id, from, to } of changed) {
      const y = entryAt(nodes, id);
      if (!y) continue;
      y.set('code', to);
      if (from.trim()) {
        let previous = y.get(PREVIOUS_CODES);
        if (!(previous instanceof Y.Array)) {
          previous = new Y.Array<string>();
          y.set(PREVIOUS_CODES, previous);
        }
        const list = previous as Y.Array<string>;
        list.push([from]);
        if (list.length > MAX_PREVIOUS_CODES) list.delete(0, list.length - MAX_PREVIOUS_CODES);
      }
    }
  }, origin);
  return { changed };
}

/** What `renumber` would change, without changing anything (for a preview). */
export function planRenumber(doc: Y.Doc, options: RenumberOptions = {}): RenumberResult {
  const snapshot = snapshotOf(doc);
  const graph = graphOf(snapshot);
  const scheme = options.scheme ?? 'hierarchical';
  const prefixCache = new Map<string, string>();
  const prefixOf = (kind: string): string => {
    let prefix = options.prefixes?.[kind] ?? prefixCache.get(kind);
    if (prefix === undefined) {
      prefix = ownPrefix(graph.ofKind(kind)) ?? `${kindSpec(kind)?.codePrefix ?? ''} `;
      prefixCache.set(kind, prefix);
    }
    return prefix;
  };

  const wanted: { node: MapNode; code: string }[] = [];
  const tree = treeOrder(graph);
  const flat = new Map<string, number>();
  for (const { node, path } of tree) {
    const number = scheme === 'flat' ? String(flat.set(node.kind, (flat.get(node.kind) ?? 0) + 1).get(node.kind)) : path.join('.');
    wanted.push({ node, code: `${prefixOf(node.kind)}${number}` });
  }

  // Reading order of what teaches: by the first work action (in tree order) an outcome covers.
  const treeIndex = new Map(tree.map((item, i) => [item.node.id, i]));
  const firstAction = (outcome: MapNode) => Math.min(Infinity, ...graph.covers(outcome.id).map((wa) => treeIndex.get(wa.id) ?? Infinity));
  const byPosition = (a: MapNode, b: MapNode) => a.position.y - b.position.y || a.position.x - b.position.x || compareCodes(a.code, b.code) || (a.id < b.id ? -1 : 1);
  const units = graph
    .ofKind('unit')
    .map((unit) => ({ unit, first: Math.min(Infinity, ...graph.membersOf(unit.id).map(firstAction)) }))
    .sort((a, b) => (a.first === b.first ? 0 : a.first < b.first ? -1 : 1) || a.unit.position.x - b.unit.position.x || byPosition(a.unit, b.unit))
    .map((entry) => entry.unit);
  units.forEach((unit, i) => wanted.push({ node: unit, code: `${prefixOf('unit')}${i + 1}` }));
  const membership = graph.unitMembership();
  const outcomes = [
    ...units.flatMap((unit) => [...graph.membersOf(unit.id)].filter((n) => n.kind === 'learningOutcome').sort(byPosition)),
    ...graph
      .ofKind('learningOutcome')
      .filter((lo) => !membership.has(lo.id))
      .map((lo) => ({ lo, first: firstAction(lo) }))
      .sort((a, b) => (a.first === b.first ? 0 : a.first < b.first ? -1 : 1) || byPosition(a.lo, b.lo))
      .map((entry) => entry.lo),
  ];
  outcomes.forEach((lo, i) => wanted.push({ node: lo, code: `${prefixOf('learningOutcome')}${i + 1}` }));

  const changed: { id: string; from: string; to: string }[] = [];
  for (const { node, code } of wanted) {
    const to = code.slice(0, MAX_CODE_LENGTH);
    if (node.code !== to) changed.push({ id: node.id, from: node.code, to });
  }
  return { changed };
}

/** A node's former codes, most recent last (empty when it was never renumbered). */
export function previousCodes(node: Y.Map<unknown>): string[] {
  const list = node.get(PREVIOUS_CODES);
  return list instanceof Y.Array ? list.toArray().filter((code): code is string => typeof code === 'string') : [];
}
