import * as Y from 'yjs';
import type { YEdge, YNode } from './document.js';
import type { MapEdge, MapNode, Position } from './schema.js';

function asNumber(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function asString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Y.Text) return value.toString();
  return '';
}

export function readPosition(node: YNode): Position {
  const position = node.get('position');
  if (position instanceof Y.Map) return { x: asNumber(position.get('x')), y: asNumber(position.get('y')) };
  return { x: 0, y: 0 };
}

/** Reads one node into a plain object. Tolerates missing or odd fields from other tools. */
export function readNode(id: string, node: YNode): MapNode {
  return {
    id,
    kind: asString(node.get('kind')),
    title: asString(node.get('title')),
    position: readPosition(node),
  };
}

export function readEdge(id: string, edge: YEdge): MapEdge {
  return {
    id,
    kind: asString(edge.get('kind')),
    source: asString(edge.get('source')),
    target: asString(edge.get('target')),
  };
}
