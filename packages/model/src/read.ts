import * as Y from 'yjs';
import type { YEdge, YNode } from './document.js';
import { FIELDS, type FieldName } from './fields.js';
import { fieldsOf } from './kinds.js';
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

/** Reads one field as stored, or undefined when it is absent or of a shape this version does not expect. */
export function readField(node: YNode, field: FieldName): string | number | boolean | readonly string[] | undefined {
  const raw = node.get(field);
  if (raw === undefined || raw === null) return undefined;
  switch (FIELDS[field].type) {
    case 'text':
    case 'string':
      return raw instanceof Y.Text || typeof raw === 'string' ? asString(raw) : undefined;
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? raw : undefined;
    case 'enum':
      return typeof raw === 'string' ? raw : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : undefined;
    case 'list':
      if (raw instanceof Y.Array) return raw.toArray().map(asString);
      return Array.isArray(raw) ? raw.map(asString) : undefined;
  }
}

/** Reads one node into a plain object. Tolerates missing or odd fields from other tools. */
export function readNode(id: string, node: YNode): MapNode {
  const kind = asString(node.get('kind'));
  const result: Record<string, unknown> = {
    id,
    kind,
    code: asString(node.get('code')),
    title: asString(node.get('title')),
    position: readPosition(node),
  };
  for (const field of fieldsOf(kind, { source: true })) {
    if (field === 'code' || field === 'title') continue;
    const value = readField(node, field);
    if (value !== undefined) result[field] = value;
  }
  return result as unknown as MapNode;
}

export function readEdge(id: string, edge: YEdge): MapEdge {
  return {
    id,
    kind: asString(edge.get('kind')),
    source: asString(edge.get('source')),
    target: asString(edge.get('target')),
  };
}
