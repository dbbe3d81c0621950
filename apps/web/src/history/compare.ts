import { addNodes, connect, diffSnapshots, snapshotOf, type EdgeKind, type FieldName, type FieldValue, type MapNode, type SnapshotDiff } from '@qms/model';
import { VersionKind, versionKindOf } from '@qms/protocol';
import * as Y from 'yjs';
import type { VersionInfo } from '../api';
import type { MapFlowEdge, MapFlowNode } from '../editor/flow-state';

/**
 * The pure side of version history in the browser: which node gets which highlight, the
 * document a comparison is drawn from, and how the versions the server made read. No React here.
 */

export type DiffClass = 'added' | 'removed' | 'changed' | 'moved';

/** Prefix of the CSS classes (history.css) put on React Flow's node and edge wrappers. */
export const DIFF_CLASS_PREFIX = 'history-diff--';

/**
 * One highlight per node that differs. A node whose content changed and that also moved shows as
 * changed: the content is what people compare versions for.
 */
export function diffClasses(diff: SnapshotDiff): Map<string, DiffClass> {
  const classes = new Map<string, DiffClass>();
  for (const { after } of diff.moved) classes.set(after.id, 'moved');
  for (const { after } of diff.changed) classes.set(after.id, 'changed');
  for (const node of diff.added) classes.set(node.id, 'added');
  for (const node of diff.removed) classes.set(node.id, 'removed');
  return classes;
}

/** Links that were added or removed, by edge id. */
export function diffEdgeClasses(diff: SnapshotDiff): Map<string, 'added' | 'removed'> {
  const classes = new Map<string, 'added' | 'removed'>();
  for (const edge of diff.edgesAdded) classes.set(edge.id, 'added');
  for (const edge of diff.edgesRemoved) classes.set(edge.id, 'removed');
  return classes;
}

function withClass<T extends { className?: string }>(item: T, diffClass: string | undefined): T {
  const kept = (item.className ?? '')
    .split(' ')
    .filter((name) => name && !name.startsWith(DIFF_CLASS_PREFIX) && name !== 'history-diff');
  const next = diffClass ? [...kept, 'history-diff', `${DIFF_CLASS_PREFIX}${diffClass}`].join(' ') : kept.join(' ');
  if (next === (item.className ?? '')) return item;
  return { ...item, className: next || undefined };
}

/**
 * The canvas's nodes with their highlight as a class on React Flow's wrapper. Nodes without one
 * keep their identity, so memoised node components do not re-render.
 */
export function withDiffClasses(nodes: readonly MapFlowNode[], classes: ReadonlyMap<string, DiffClass>): MapFlowNode[] {
  return nodes.map((node) => withClass(node, classes.get(node.id)));
}

export function withEdgeDiffClasses(edges: readonly MapFlowEdge[], classes: ReadonlyMap<string, 'added' | 'removed'>): MapFlowEdge[] {
  return edges.map((edge) => withClass(edge, classes.get(edge.id)));
}

export interface Comparison {
  diff: SnapshotDiff;
  /**
   * What the canvas draws: a private copy of `after` with the removed nodes put back (as they were
   * in `before`, same ids) so that they can be shown struck out in place. Never synced anywhere.
   */
  doc: Y.Doc;
  /** Every node of both states (the newer reading where a node is in both). */
  nodes: MapNode[];
}

/** Compares two states of a map (`before` the older). Neither document is changed. */
export function compareDocs(before: Y.Doc, after: Y.Doc): Comparison {
  const beforeSnapshot = snapshotOf(before);
  const afterSnapshot = snapshotOf(after);
  const diff = diffSnapshots(beforeSnapshot, afterSnapshot);
  const nodes = new Map<string, MapNode>(beforeSnapshot.nodes.map((node) => [node.id, node]));
  for (const node of afterSnapshot.nodes) nodes.set(node.id, node);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(after));
  if (diff.removed.length > 0) {
    addNodes(
      doc,
      diff.removed.map((node) => {
        const { id, kind, code, title, position, ...fields } = node;
        return { id, kind, code, title, position, fields: fields as Partial<Record<FieldName, FieldValue>> };
      }),
    );
    // The links of removed nodes put back too, so that an outcome removed from a unit is drawn
    // inside it, and a removed work action under its function. Refused links are just left out.
    const ghosts = new Set(diff.removed.map((node) => node.id));
    const positions = new Map(beforeSnapshot.nodes.map((node) => [node.id, node.position]));
    for (const edge of diff.edgesRemoved) {
      if (!ghosts.has(edge.source) && !ghosts.has(edge.target)) continue;
      // A node has one parent and one unit: linking a present node to a removed one would take it
      // out of where it is now.
      if (!ghosts.has(edge.source) && (edge.kind === 'childOf' || edge.kind === 'partOf')) continue;
      const position = edge.kind === 'partOf' ? positions.get(edge.source) : undefined;
      connect(doc, { id: edge.id, kind: edge.kind as EdgeKind, source: edge.source, target: edge.target, ...(position ? { position } : {}) });
    }
  }
  return { diff, doc, nodes: [...nodes.values()] };
}

export type VersionLabel = { key: 'history.autoCheckpoint' } | { key: 'history.beforeRestoring'; name: string } | { text: string };

/**
 * How a version reads: the versions the server made (their `kind`) in the reader's language, the
 * others by the name people gave them. A version listed without a kind (an older server) is read
 * by `versionKindOf`, the one place that knows the server's old English names.
 */
export function versionLabel(version: Pick<VersionInfo, 'name' | 'auto' | 'kind' | 'restoredName'>): VersionLabel {
  const { kind, restoredName } = versionKindOf(version);
  if (kind === VersionKind.Auto) return { key: 'history.autoCheckpoint' };
  if (kind === VersionKind.Backup && restoredName !== undefined) return { key: 'history.beforeRestoring', name: restoredName };
  return { text: version.name };
}

/** The older of two versions first: a comparison always reads "from then to later". */
export function inOrder(a: VersionInfo, b: VersionInfo | null): [VersionInfo, VersionInfo | null] {
  if (b === null) return [a, null];
  return a.createdAt <= b.createdAt ? [a, b] : [b, a];
}

/** Days for the timeline's headings: versions grouped under the day they were saved (local time). */
export function groupByDay(versions: readonly VersionInfo[]): Array<{ day: string; versions: VersionInfo[] }> {
  const groups: Array<{ day: string; versions: VersionInfo[] }> = [];
  for (const version of versions) {
    const date = new Date(version.createdAt);
    const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    const last = groups[groups.length - 1];
    if (last && last.day === day) last.versions.push(version);
    else groups.push({ day, versions: [version] });
  }
  return groups;
}
