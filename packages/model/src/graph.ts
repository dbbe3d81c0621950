import { EDGE_KINDS, edgeAllowed, holdsMembers, kindSpec, kindsGeneration, type EdgeKind, type KindSpec } from './kinds.js';
import type { MapEdge, MapNode } from './schema.js';

/**
 * What a map's links mean, derived once per snapshot: the functional tree, what covers what, which
 * unit each outcome is in, which qualification a node belongs to. The checks, the layout, the unit
 * descriptions and every export read these from here instead of walking the edges themselves.
 *
 * Two rules, one line each:
 * - A *valid* link has both ends in the map, is not a loop, and is one `edgeAllowed` accepts (the
 *   kinds' `links` in kinds.ts): a link the editor would refuse counts for nothing here.
 * - Where a node has several links of a single kind (two parents, two units: only concurrent edits
 *   make them), "the" one is the first by edge id, as the canvas draws it.
 *
 * `graphOf(snapshot)` is memoised on the snapshot's node and edge arrays: a renderer, the checks
 * and an export reading one snapshot share one index. Nodes are numbered in input order (the first
 * of each id); the hot parts (`outgoing`, `incoming`, `linkedTo`) are typed arrays, built when
 * first asked, so that the checks stay well within a frame on a 10,000-node map.
 */

export interface GraphInput {
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
}

/**
 * For each node number, the distinct nodes one kind of valid link leads to (or comes from), in the
 * order of the input edges: rows in typed arrays, cheap to build and to read where a Map of arrays
 * per node is not.
 */
export class Adjacency {
  readonly #start: Int32Array;
  readonly #data: Int32Array;
  readonly #edge: Int32Array;

  /** Row n is `data[start[n] … start[n + 1]]`; `edge` holds the input edge behind each entry. */
  constructor(start: Int32Array, data: Int32Array, edge: Int32Array) {
    this.#start = start;
    this.#data = data;
    this.#edge = edge;
  }

  /** How many distinct nodes node `n` is linked to. */
  size(n: number): number {
    return this.#start[n + 1]! - this.#start[n]!;
  }

  has(n: number): boolean {
    return this.#start[n + 1]! > this.#start[n]!;
  }

  /** The i-th linked node (0 ≤ i < size). */
  at(n: number, i: number): number {
    return this.#data[this.#start[n]! + i]!;
  }

  /** The input edge (its index in `edges`) behind the i-th link. */
  edgeAt(n: number, i: number): number {
    return this.#edge[this.#start[n]! + i]!;
  }

  /** The first linked node in input order, or -1. */
  first(n: number): number {
    return this.has(n) ? this.#data[this.#start[n]!]! : -1;
  }

  list(n: number): number[] {
    return Array.from(this.#data.subarray(this.#start[n]!, this.#start[n + 1]!));
  }
}

const NONE: readonly number[] = [];
/** `#linked` keeps a bit per edge kind and direction in 16 bits: links that reach a node from bit 8. */
const REACHES = 1 << 8;
if (EDGE_KINDS.length > 8) throw new Error('graph.ts: more than 8 edge kinds do not fit MapGraph#linked.');

/** The valid links, in input order: kind (EDGE_KINDS index), ends, and the input edge of each. */
interface Links {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly source: Int32Array;
  readonly target: Int32Array;
  readonly edge: Int32Array;
}

/**
 * One link kind's rows by counting sort: entries keep the input order, and a link stored twice
 * (concurrent edits) is kept once.
 */
function buildAdjacency(size: number, link: number, links: Links, from: Int32Array, to: Int32Array): Adjacency {
  const start = new Int32Array(size + 1);
  const kind = links.kind;
  for (let i = 0; i < links.count; i++) if (kind[i] === link) start[from[i]! + 1]!++;
  for (let n = 0; n < size; n++) start[n + 1] = start[n]! + start[n + 1]!;
  const data = new Int32Array(start[size]!);
  const edge = new Int32Array(start[size]!);
  // Each row's start is its cursor while filling: afterwards it is where the row ends.
  for (let i = 0; i < links.count; i++) {
    if (kind[i] !== link) continue;
    const at = start[from[i]!]!++;
    data[at] = to[i]!;
    edge[at] = links.edge[i]!;
  }
  // One pass puts the starts back and drops repeats, moving entries down where one was dropped.
  let at = 0;
  let begin = 0;
  for (let n = 0; n < size; n++) {
    const end = start[n]!;
    start[n] = at;
    for (let i = begin; i < end; i++) {
      const value = data[i]!;
      let j = start[n]!;
      while (j < at && data[j] !== value) j++;
      if (j < at) continue;
      data[at] = value;
      edge[at] = edge[i]!;
      at++;
    }
    begin = end;
  }
  start[size] = at;
  return new Adjacency(start, data, edge);
}

export class MapGraph {
  /** The nodes, the first of each id, in input order: a node's number is its place here. */
  readonly nodes: readonly MapNode[];
  readonly #edges: readonly MapEdge[];
  readonly #numberOf = new Map<string, number>();
  /** Kind number of each node; kinds are numbered in order of first appearance. */
  readonly #kindOf: Int32Array;
  readonly #kinds: string[] = [];
  readonly #specs: (KindSpec | undefined)[] = [];
  readonly #byKind: number[][] = [];
  readonly #kindNumber = new Map<string, number>();
  readonly #links: Links;
  /** Whether some valid link of each kind leaves (bit `1 << link`) or reaches (`REACHES << link`) each node. */
  readonly #linked: Uint16Array;
  readonly #outgoing: (Adjacency | undefined)[] = [];
  readonly #incoming: (Adjacency | undefined)[] = [];
  readonly #ofKind = new Map<string, readonly MapNode[]>();
  #membership: Map<string, string> | undefined;
  #members: Map<string, MapNode[]> | undefined;
  #qualifications: Map<number, readonly number[]> | undefined;
  /** The map's qualifications when every node belongs to all of them (none or one), else null. */
  #everyone: readonly number[] | null | undefined;
  readonly #visiting = new Set<number>();

  constructor(input: GraphInput) {
    this.#edges = input.edges;
    const nodes: MapNode[] = [];
    const numberOf = this.#numberOf;
    const kindNumber = this.#kindNumber;
    const byKind = this.#byKind;
    const kindOf = new Int32Array(input.nodes.length);
    // Nodes of one kind often come in runs: the last kind is remembered.
    let lastKind = '';
    let last = -1;
    for (const node of input.nodes) {
      const n = nodes.length;
      numberOf.set(node.id, n);
      if (numberOf.size === n) {
        // The same id twice (not in a valid map): the first node stays.
        numberOf.set(node.id, nodes.findIndex((other) => other.id === node.id));
        continue;
      }
      let kind = node.kind === lastKind && last >= 0 ? last : kindNumber.get(node.kind);
      if (kind === undefined) {
        kind = this.#kinds.length;
        kindNumber.set(node.kind, kind);
        this.#kinds.push(node.kind);
        this.#specs.push(kindSpec(node.kind));
        byKind.push([]);
      }
      lastKind = node.kind;
      last = kind;
      nodes.push(node);
      kindOf[n] = kind;
      byKind[kind]!.push(n);
    }
    this.nodes = nodes;
    this.#kindOf = kindOf;

    // Whether each (link kind, source kind, target kind) is allowed, asked of the table once.
    const kinds = this.#kinds.length;
    const allowed = new Int8Array(EDGE_KINDS.length * kinds * kinds).fill(-1);
    const edges = input.edges;
    const linkKind = new Uint8Array(edges.length);
    const linkSource = new Int32Array(edges.length);
    const linkTarget = new Int32Array(edges.length);
    const linkEdge = new Int32Array(edges.length);
    const size = nodes.length;
    const linked = new Uint16Array(size);
    let count = 0;
    // A node's links often come in runs (an outcome's covers): the last source is remembered.
    let lastSource = '';
    let lastNumber: number | undefined;
    for (let e = 0; e < edges.length; e++) {
      const edge = edges[e]!;
      const link = EDGE_KINDS.indexOf(edge.kind as EdgeKind);
      if (link < 0) continue;
      const source = edge.source === lastSource ? lastNumber : (lastNumber = numberOf.get((lastSource = edge.source)));
      if (source === undefined) continue;
      const target = numberOf.get(edge.target);
      if (target === undefined || source === target) continue;
      const cell = (link * kinds + kindOf[source]!) * kinds + kindOf[target]!;
      let ok = allowed[cell]!;
      if (ok === -1) ok = allowed[cell] = edgeAllowed(edge.kind, this.#kinds[kindOf[source]!]!, this.#kinds[kindOf[target]!]!) ? 1 : 0;
      if (ok === 0) continue;
      linkKind[count] = link;
      linkSource[count] = source;
      linkTarget[count] = target;
      linkEdge[count] = e;
      count++;
      linked[source] = linked[source]! | (1 << link);
      linked[target] = linked[target]! | (REACHES << link);
    }
    this.#links = { count, kind: linkKind, source: linkSource, target: linkTarget, edge: linkEdge };
    this.#linked = linked;
  }

  get size(): number {
    return this.nodes.length;
  }

  // ---- numbered access, for hot paths (the checks)

  /** A node's number, or -1 if the map has no such node. */
  numberOf(id: string): number {
    return this.#numberOf.get(id) ?? -1;
  }

  /** The numbers of the nodes of a kind, in input order. */
  numbers(kind: string): readonly number[] {
    const k = this.#kindNumber.get(kind);
    return k === undefined ? NONE : this.#byKind[k]!;
  }

  kindAt(n: number): string {
    return this.#kinds[this.#kindOf[n]!]!;
  }

  /** What the kind table says of node `n`'s kind; undefined for a kind this version does not know. */
  specAt(n: number): KindSpec | undefined {
    return this.#specs[this.#kindOf[n]!];
  }

  /** The kinds the map holds, in order of first appearance. */
  kinds(): readonly string[] {
    return this.#kinds;
  }

  /** Where each node's valid links of this kind lead: a node's parents (childOf), what an outcome covers, its units. */
  outgoing(kind: EdgeKind): Adjacency {
    const link = EDGE_KINDS.indexOf(kind);
    return (this.#outgoing[link] ??= buildAdjacency(this.nodes.length, link, this.#links, this.#links.source, this.#links.target));
  }

  /** Where each node's valid links of this kind come from: its children, what covers it, a unit's members. */
  incoming(kind: EdgeKind): Adjacency {
    const link = EDGE_KINDS.indexOf(kind);
    return (this.#incoming[link] ??= buildAdjacency(this.nodes.length, link, this.#links, this.#links.target, this.#links.source));
  }

  /** Whether some valid link of this kind leaves node `n` (does an outcome cover anything?): `outgoing(kind).has(n)`, cheaper. */
  linkedTo(kind: EdgeKind, n: number): boolean {
    return (this.#linked[n]! & (1 << EDGE_KINDS.indexOf(kind))) !== 0;
  }

  /** Whether some valid link of this kind reaches node `n` (is a work action covered?): `incoming(kind).has(n)`, cheaper. */
  linkedFrom(kind: EdgeKind, n: number): boolean {
    return (this.#linked[n]! & (REACHES << EDGE_KINDS.indexOf(kind))) !== 0;
  }

  /**
   * The qualifications node `n` belongs to (numbers). With one qualification in the map, every node
   * belongs to it. With several, a node belongs to those above it: a function or work action
   * through `childOf`, an outcome through the work actions it covers, a unit through its outcomes.
   * "Qualification" is the top of the functional tree (`treeLevel` 0 in kinds.ts).
   */
  qualificationsAt(n: number): readonly number[] {
    if (this.#everyone === undefined) {
      const tops: number[] = [];
      for (let k = 0; k < this.#kinds.length; k++) if (this.#specs[k]?.treeLevel === 0) tops.push(...this.#byKind[k]!);
      tops.sort((a, b) => a - b);
      this.#everyone = tops.length <= 1 ? tops : null;
    }
    if (this.#everyone) return this.#everyone;
    const memo = (this.#qualifications ??= new Map());
    const known = memo.get(n);
    if (known) return known;
    if (this.#visiting.has(n)) return NONE; // a cycle of childOf links (concurrent edits): cut here
    this.#visiting.add(n);
    let result: number[] = [];
    const stated = this.#statedQualification(n);
    if (this.specAt(n)?.treeLevel === 0) result = [n];
    else if (stated !== undefined) result = [stated];
    else {
      const add = (other: number) => {
        for (const q of this.qualificationsAt(other)) if (!result.includes(q)) result.push(q);
      };
      const parents = this.outgoing('childOf');
      for (let i = 0; i < parents.size(n); i++) add(parents.at(n, i));
      const covers = this.outgoing('covers');
      for (let i = 0; i < covers.size(n); i++) add(covers.at(n, i));
      const members = this.incoming('partOf');
      for (let i = 0; i < members.size(n); i++) add(members.at(n, i));
    }
    this.#visiting.delete(n);
    memo.set(n, result);
    return result;
  }

  /**
   * The qualification a unit or a unit group names by a `partOf` link: its own, or its group's
   * (a unit's group is `partOf` the qualification). Such a link says outright what the outcomes
   * would otherwise tell.
   */
  #statedQualification(n: number): number | undefined {
    // Only for kinds that may name one (units, unit groups); an outcome goes by what it covers.
    const mayName = this.specAt(n)?.links.partOf?.some((kind) => kindSpec(kind)?.treeLevel === 0);
    if (!mayName) return undefined;
    const partOf = this.outgoing('partOf');
    let at = n;
    for (let step = 0; step < 2; step++) {
      if (partOf.size(at) === 0) return undefined;
      at = partOf.at(at, 0);
      if (this.specAt(at)?.treeLevel === 0) return at;
    }
    return undefined;
  }

  // ---- by id

  node(id: string): MapNode | undefined {
    const n = this.#numberOf.get(id);
    return n === undefined ? undefined : this.nodes[n];
  }

  /** The nodes of a kind, in input order. */
  ofKind(kind: string): readonly MapNode[] {
    let list = this.#ofKind.get(kind);
    if (!list) {
      list = this.numbers(kind).map((n) => this.nodes[n]!);
      this.#ofKind.set(kind, list);
    }
    return list;
  }

  /** Valid links of a kind, in input order (a link stored twice is listed twice). */
  linksOf(kind: EdgeKind): MapEdge[] {
    const link = EDGE_KINDS.indexOf(kind);
    const links = this.#links;
    const out: MapEdge[] = [];
    for (let i = 0; i < links.count; i++) if (links.kind[i] === link) out.push(this.#edges[links.edge[i]!]!);
    return out;
  }

  /** Its parent in the functional tree: the first valid `childOf` by edge id. */
  parentOf(id: string): MapNode | undefined {
    return this.parentsOf(id)[0];
  }

  /** Every node it is validly `childOf`, by edge id (more than one only after concurrent edits). */
  parentsOf(id: string): MapNode[] {
    return this.#byEdgeId(this.outgoing('childOf'), id);
  }

  /** The nodes validly `childOf` it, in input order. */
  childrenOf(id: string): MapNode[] {
    return this.sources('childOf', id);
  }

  /** Nodes of the functional tree with no parent: the qualifications, and any function or work action left hanging, in input order. */
  roots(): MapNode[] {
    const parents = this.outgoing('childOf');
    return this.nodes.filter((_, n) => this.#inTree(n) && !parents.has(n));
  }

  /** Nodes of the functional tree below its top (not qualifications) that have no parent. */
  orphans(): MapNode[] {
    const parents = this.outgoing('childOf');
    return this.nodes.filter((_, n) => this.#inTree(n) && this.specAt(n)!.treeLevel !== 0 && !parents.has(n));
  }

  /** Where a node's valid links of this kind lead, distinct, in input order. */
  targets(kind: EdgeKind, id: string): MapNode[] {
    return this.#nodesAt(this.outgoing(kind), id);
  }

  /** Where the valid links of this kind that reach a node come from, distinct, in input order. */
  sources(kind: EdgeKind, id: string): MapNode[] {
    return this.#nodesAt(this.incoming(kind), id);
  }

  /** What an outcome validly covers (work actions), in input order. */
  covers(id: string): MapNode[] {
    return this.targets('covers', id);
  }

  /** What validly covers a work action (learning outcomes), in input order. */
  coveredBy(id: string): MapNode[] {
    return this.sources('covers', id);
  }

  /** Every unit a node is validly `partOf`, by edge id (an outcome in two units breaks the grouping rule). */
  unitsOf(id: string): MapNode[] {
    return this.#byEdgeId(this.outgoing('partOf'), id);
  }

  /**
   * The unit each node is drawn in, as the canvas draws it: its first `partOf` link (by edge id) to
   * an existing node of a kind that holds members (a unit). Its position is relative to that unit.
   */
  unitMembership(): ReadonlyMap<string, string> {
    if (!this.#membership) {
      const best = new Map<string, MapEdge>();
      const holds = new Int8Array(this.#kinds.length).fill(-1);
      for (const edge of this.#edges) {
        if (edge.kind !== 'partOf' || edge.source === edge.target) continue;
        const target = this.#numberOf.get(edge.target);
        if (target === undefined) continue;
        const k = this.#kindOf[target]!;
        if (holds[k] === -1) holds[k] = holdsMembers(this.#kinds[k]!) ? 1 : 0;
        if (holds[k] === 0) continue;
        const current = best.get(edge.source);
        if (!current || edge.id < current.id) best.set(edge.source, edge);
      }
      this.#membership = new Map([...best].map(([source, edge]) => [source, edge.target]));
    }
    return this.#membership;
  }

  /** The unit a node is drawn in (see `unitMembership`), if any. */
  unitOf(id: string): MapNode | undefined {
    const unit = this.unitMembership().get(id);
    return unit === undefined ? undefined : this.node(unit);
  }

  /** The nodes drawn in a unit (see `unitMembership`), in input order. */
  membersOf(unitId: string): readonly MapNode[] {
    if (!this.#members) {
      const members = new Map<string, MapNode[]>();
      const membership = this.unitMembership();
      for (const node of this.nodes) {
        const unit = membership.get(node.id);
        if (unit === undefined) continue;
        const list = members.get(unit);
        if (list) list.push(node);
        else members.set(unit, [node]);
      }
      this.#members = members;
    }
    return this.#members.get(unitId) ?? [];
  }

  /** The qualifications a node belongs to (see `qualificationsAt`), in input order. */
  qualificationsOf(id: string): MapNode[] {
    const n = this.#numberOf.get(id);
    if (n === undefined) return [];
    return [...this.qualificationsAt(n)].sort((a, b) => a - b).map((q) => this.nodes[q]!);
  }

  #inTree(n: number): boolean {
    const level = this.specAt(n)?.treeLevel;
    return level !== null && level !== undefined;
  }

  #nodesAt(adjacency: Adjacency, id: string): MapNode[] {
    const n = this.#numberOf.get(id);
    if (n === undefined) return [];
    const out: MapNode[] = [];
    for (let i = 0; i < adjacency.size(n); i++) out.push(this.nodes[adjacency.at(n, i)]!);
    return out;
  }

  #byEdgeId(adjacency: Adjacency, id: string): MapNode[] {
    const n = this.#numberOf.get(id);
    if (n === undefined) return [];
    const entries: Array<{ node: MapNode; edge: string }> = [];
    for (let i = 0; i < adjacency.size(n); i++) entries.push({ node: this.nodes[adjacency.at(n, i)]!, edge: this.#edges[adjacency.edgeAt(n, i)]!.id });
    if (entries.length > 1) entries.sort((a, b) => (a.edge < b.edge ? -1 : a.edge > b.edge ? 1 : 0));
    return entries.map((entry) => entry.node);
  }
}

const memo = new WeakMap<readonly MapNode[], { edges: readonly MapEdge[]; generation: number; graph: MapGraph }>();

/**
 * The index of a snapshot (or of any nodes and edges), built on first use and kept while the
 * snapshot lives: asking again for the same node and edge arrays costs nothing. A snapshot is
 * immutable; a changed map is a new snapshot with new arrays. Registering a kind starts afresh.
 */
export function graphOf(input: GraphInput): MapGraph {
  const generation = kindsGeneration();
  const known = memo.get(input.nodes);
  if (known && known.edges === input.edges && known.generation === generation) return known.graph;
  const graph = new MapGraph(input);
  memo.set(input.nodes, { edges: input.edges, generation, graph });
  return graph;
}

/** The unit each node is drawn in (node id → unit id), as the canvas draws it: see `MapGraph.unitMembership`. */
export function unitMembership(nodes: readonly MapNode[], edges: readonly MapEdge[]): ReadonlyMap<string, string> {
  return graphOf({ nodes, edges }).unitMembership();
}
