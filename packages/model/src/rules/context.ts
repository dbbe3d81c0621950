import type { MapGraph } from '../graph.js';
import { NODE_KINDS, type NodeKind } from '../kinds.js';
import type { MapNode } from '../schema.js';
import type { RuleId } from './types.js';

/**
 * What every rule gets: the map's graph index (graph.ts) over the nodes the checks look at, its
 * nodes by number, the numbers of each kind, and where to report an issue.
 */
export interface CheckIndex {
  readonly graph: MapGraph;
  /** The graph's nodes: a node's number is its place here (input order). */
  readonly nodes: readonly MapNode[];
  /** Numbers of the nodes of each kind, in order. */
  readonly byKind: Readonly<Record<NodeKind, readonly number[]>>;
}

export function checkIndex(graph: MapGraph): CheckIndex {
  const byKind = Object.fromEntries(NODE_KINDS.map((kind) => [kind, graph.numbers(kind)])) as Record<NodeKind, readonly number[]>;
  return { graph, nodes: graph.nodes, byKind };
}

export type Emit = (rule: RuleId, code: string, nodeIds: string[], params: Record<string, string | number>, message: string) => void;

export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export const NONE: readonly number[] = [];
export const NONE_TEXT: readonly string[] = [];
