import { addNodes, edgesOf, initMapDocument, type MapEdge, type MapNode, type NewNode, type YEdge } from '@qms/model';
import type { GeneratedMap } from '../generate-map.js';

type Doc = Parameters<typeof addNodes>[0];

const NOT_FIELDS = new Set(['id', 'kind', 'code', 'title', 'position']);

/**
 * Writes a generated map into a fresh document as the editor would have it: its ids, codes,
 * positions (outcomes relative to their unit) and fields, and every edge as generated (an outcome
 * planted in two units keeps both `partOf` links, as a merge could leave it).
 */
export function writeGeneratedMap(doc: Doc, map: GeneratedMap, title: string, origin: unknown): void {
  doc.transact(() => {
    initMapDocument(doc, { title, language: map.meta.language ?? 'en', sample: 'illustrative' }, origin);
    addNodes(doc, map.nodes.map(toNewNode), origin);
    const edges = edgesOf(doc);
    for (const edge of map.edges) edges.set(edge.id, edgeMap(doc, edge));
  }, origin);
}

function toNewNode(node: MapNode): NewNode {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (!NOT_FIELDS.has(key) && value !== undefined) fields[key] = value;
  return { id: node.id, kind: node.kind, code: node.code, title: node.title, position: node.position, fields: fields as NewNode['fields'] };
}

function edgeMap(doc: Doc, edge: MapEdge): YEdge {
  // The document's own Y.Map constructor: the bench must not load a second copy of yjs.
  const YMap = edgesOf(doc).constructor as unknown as new () => YEdge;
  const map = new YMap();
  map.set('kind', edge.kind);
  map.set('source', edge.source);
  map.set('target', edge.target);
  return map;
}
