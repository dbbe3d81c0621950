import * as Y from 'yjs';
import { edgesOf, metaOf, nodesOf, readMeta } from './document.js';
import { readEdge, readNode } from './read.js';
import type { MapEdge, MapMeta, MapNode } from './schema.js';

export interface MapSnapshot {
  readonly meta: MapMeta;
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
  /** Edges whose source or target no longer exists (a peer deleted the node concurrently). */
  readonly danglingEdgeIds: readonly string[];
}

/**
 * A live, read-only view of a map document for renderers. After a change it re-reads only the
 * nodes and edges the change touched; unchanged entries keep their object identity, so memoised
 * components (React Flow nodes) skip them.
 */
export class MapView {
  readonly #doc: Y.Doc;
  readonly #nodes = new Map<string, MapNode>();
  readonly #edges = new Map<string, MapEdge>();
  readonly #listeners = new Set<(snapshot: MapSnapshot) => void>();
  #snapshot: MapSnapshot;
  #destroyed = false;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    for (const [id, node] of nodesOf(doc)) this.#nodes.set(id, readNode(id, node));
    for (const [id, edge] of edgesOf(doc)) this.#edges.set(id, readEdge(id, edge));
    this.#snapshot = this.#build();
    nodesOf(doc).observeDeep(this.#onNodes);
    edgesOf(doc).observeDeep(this.#onEdges);
    metaOf(doc).observe(this.#onMeta);
  }

  /** The current snapshot; a new object only after the document changed. */
  get snapshot(): MapSnapshot {
    return this.#snapshot;
  }

  subscribe(listener: (snapshot: MapSnapshot) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    nodesOf(this.#doc).unobserveDeep(this.#onNodes);
    edgesOf(this.#doc).unobserveDeep(this.#onEdges);
    metaOf(this.#doc).unobserve(this.#onMeta);
    this.#listeners.clear();
  }

  readonly #onNodes = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const map = nodesOf(this.#doc);
    for (const id of touchedKeys(events, map)) {
      const node = map.get(id);
      if (node) this.#nodes.set(id, readNode(id, node));
      else this.#nodes.delete(id);
    }
    this.#publish();
  };

  readonly #onEdges = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const map = edgesOf(this.#doc);
    for (const id of touchedKeys(events, map)) {
      const edge = map.get(id);
      if (edge) this.#edges.set(id, readEdge(id, edge));
      else this.#edges.delete(id);
    }
    this.#publish();
  };

  readonly #onMeta = (): void => this.#publish();

  #publish(): void {
    this.#snapshot = this.#build();
    for (const listener of this.#listeners) listener(this.#snapshot);
  }

  #build(): MapSnapshot {
    const nodes = Array.from(this.#nodes.values());
    const edges: MapEdge[] = [];
    const dangling: string[] = [];
    for (const edge of this.#edges.values()) {
      if (this.#nodes.has(edge.source) && this.#nodes.has(edge.target)) edges.push(edge);
      else dangling.push(edge.id);
    }
    return { meta: readMeta(this.#doc), nodes, edges, danglingEdgeIds: dangling };
  }
}

/** The top-level keys of `root` that a batch of deep events touched. */
function touchedKeys(events: Y.YEvent<Y.AbstractType<unknown>>[], root: object): Set<string> {
  const keys = new Set<string>();
  for (const event of events) {
    if ((event.target as object) === root) {
      for (const key of (event as Y.YMapEvent<unknown>).keysChanged) keys.add(key);
    } else {
      const first = event.path[0];
      if (typeof first === 'string') keys.add(first);
    }
  }
  return keys;
}

/** A one-off reading of a map (no observers): for the server, exporters and tests. */
export function snapshotOf(doc: Y.Doc): MapSnapshot {
  const view = new MapView(doc);
  const snapshot = view.snapshot;
  view.destroy();
  return snapshot;
}
