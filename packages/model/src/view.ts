import * as Y from 'yjs';
import { edgesOf, metaOf, nodesOf, readMeta } from './document.js';
import { SkipReason, readEdgeEntry, readNodeEntry, type SkippedItem } from './read.js';
import type { MapEdge, MapMeta, MapNode } from './schema.js';

export interface MapSnapshot {
  readonly meta: MapMeta;
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
  /**
   * What the reading left out or ignored, and why (read.ts, SkipReason): entries that are not
   * nodes or edges (another client stored a plain value, a node without a kind…), fields of the
   * wrong type, and edges whose source or target is not among `nodes` (a peer deleted the node
   * concurrently). Nodes first, in document order, then edges.
   */
  readonly skipped: readonly SkippedItem[];
  /**
   * `matches` edges from a unit of this map to a unit of another map (`targetMap`, matches.ts):
   * never among `edges`, whose ends are nodes of this map. Absent on snapshots made by hand.
   */
  readonly crossMatches?: readonly MapEdge[];
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
  /** Per entry id, what reading it left out (only entries with something to say). */
  readonly #nodeSkips = new Map<string, readonly SkippedItem[]>();
  readonly #edgeSkips = new Map<string, readonly SkippedItem[]>();
  readonly #listeners = new Set<(snapshot: MapSnapshot) => void>();
  #snapshot: MapSnapshot;
  /** The edges (and what reading them left out) must be read again for the next snapshot. */
  #edgesStale = true;
  #edgeView: { edges: MapEdge[]; skipped: SkippedItem[]; crossMatches: MapEdge[] } = { edges: [], skipped: [], crossMatches: [] };
  #destroyed = false;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    for (const [id, node] of nodesOf(doc)) this.#readNode(id, node);
    for (const [id, edge] of edgesOf(doc)) this.#readEdge(id, edge);
    this.#snapshot = this.#build();
    nodesOf(doc).observeDeep(this.#onNodes);
    edgesOf(doc).observeDeep(this.#onEdges);
    // Deep: target languages, the map's verbs and ignored findings are nested in meta.
    metaOf(doc).observeDeep(this.#onMeta);
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
    metaOf(this.#doc).unobserveDeep(this.#onMeta);
    this.#listeners.clear();
  }

  readonly #onNodes = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const map = nodesOf(this.#doc);
    for (const id of touchedKeys(events, map)) {
      const had = this.#nodes.has(id);
      this.#readNode(id, map.get(id));
      // Which edges are shown depends on which nodes exist, not on what they say or where they are.
      if (had !== this.#nodes.has(id)) this.#edgesStale = true;
    }
    this.#publish();
  };

  readonly #onEdges = (events: Y.YEvent<Y.AbstractType<unknown>>[]): void => {
    const map = edgesOf(this.#doc);
    for (const id of touchedKeys(events, map)) {
      this.#readEdge(id, map.get(id));
    }
    this.#edgesStale = true;
    this.#publish();
  };

  readonly #onMeta = (): void => this.#publish();

  /** Reads one entry of the nodes map (undefined: deleted); a malformed one is kept out and noted. */
  // Set in place (not deleted first): a re-read entry keeps its place in the order of the map.
  #readNode(id: string, raw: unknown): void {
    const { node, skipped } = raw === undefined ? { node: null, skipped: [] } : readNodeEntry(id, raw);
    if (node) this.#nodes.set(id, node);
    else this.#nodes.delete(id);
    if (skipped.length > 0) this.#nodeSkips.set(id, skipped);
    else this.#nodeSkips.delete(id);
  }

  #readEdge(id: string, raw: unknown): void {
    const { edge, skipped } = raw === undefined ? { edge: null, skipped: [] } : readEdgeEntry(id, raw);
    if (edge) this.#edges.set(id, edge);
    else this.#edges.delete(id);
    if (skipped.length > 0) this.#edgeSkips.set(id, skipped);
    else this.#edgeSkips.delete(id);
  }

  #publish(): void {
    this.#snapshot = this.#build();
    for (const listener of this.#listeners) listener(this.#snapshot);
  }

  #build(): MapSnapshot {
    const nodes = Array.from(this.#nodes.values());
    // A move or an edited text leaves the edges as they were: the same list, so that what is
    // derived from it (folds, lines) is not redone for every drop.
    if (this.#edgesStale) {
      this.#edgeView = this.#readEdges();
      this.#edgesStale = false;
    }
    const { edges, crossMatches } = this.#edgeView;
    const skipped: SkippedItem[] = [];
    for (const items of this.#nodeSkips.values()) skipped.push(...items);
    skipped.push(...this.#edgeView.skipped);
    return { meta: readMeta(this.#doc), nodes, edges, skipped, ...(crossMatches.length > 0 ? { crossMatches } : {}) };
  }

  #readEdges(): { edges: MapEdge[]; skipped: SkippedItem[]; crossMatches: MapEdge[] } {
    const edges: MapEdge[] = [];
    const skipped: SkippedItem[] = [];
    for (const items of this.#edgeSkips.values()) skipped.push(...items);
    const crossMatches: MapEdge[] = [];
    for (const edge of this.#edges.values()) {
      if (edge.targetMap !== undefined) {
        // A match with a unit of another map: its target is a node there, not here.
        if (this.#nodes.has(edge.source)) crossMatches.push(edge);
        else skipped.push({ id: edge.id, item: 'edge', reason: SkipReason.MissingNode });
      } else if (this.#nodes.has(edge.source) && this.#nodes.has(edge.target)) edges.push(edge);
      else skipped.push({ id: edge.id, item: 'edge', reason: SkipReason.MissingNode });
    }
    return { edges, skipped, crossMatches };
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
