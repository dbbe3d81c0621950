import dagre, { type Graph, type OrderConstraint } from '@dagrejs/dagre';

/**
 * dagre's ranking (network simplex) and ordering grow far faster than the map: on this kind of
 * graph ~300 cards take about a second, 800 ten, a few thousand minutes; and its depth-first
 * passes recurse, so a chain of 2,000 parents overflows the stack. Graphs past these sizes get a
 * layered tidy-tree layout that is linear in nodes and links and never recurses.
 */
export const DAGRE_MAX_NODES = 300;
/** Longest chain of links dagre is given (its recursion grows with it). */
export const DAGRE_MAX_RANKS = 150;

interface Box {
  width: number;
  height: number;
  x?: number;
  y?: number;
}

/**
 * Lays out a graph built for dagre (nodes with width and height, edges upper → lower with an
 * optional weight and minlen, `nodesep` and `ranksep` in the graph label) and writes each node's
 * centre into its label, as `dagre.layout` does: dagre for small and shallow graphs, the layered
 * layout below otherwise (and whenever dagre runs out of stack). `constraints` keep pairs of nodes of
 * one rank in left-to-right order (dagre; the layered layout keeps insertion order anyway).
 */
export function layoutGraph(graph: Graph, options: { constraints?: OrderConstraint[] } = {}): void {
  const order = rankNodes(graph);
  if (graph.nodeCount() <= DAGRE_MAX_NODES && order.maxRank <= DAGRE_MAX_RANKS) {
    try {
      dagre.layout(graph, options);
      return;
    } catch (error) {
      // dagre writes into the graph only once it has finished: nothing to undo.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  layoutLayered(graph, order);
}

interface Ranking {
  ids: string[];
  /** Index of each node in insertion order (cards were added in code order). */
  index: Map<string, number>;
  rank: Int32Array;
  /** The upper node each node hangs from in the tidy tree (-1: a root). */
  parent: Int32Array;
  maxRank: number;
}

/**
 * Longest-path ranks in topological order (Kahn's algorithm). A link closing a cycle (which the
 * editor refuses, but a document could hold) is ignored: the node with the lowest index among
 * those left waiting starts the next round. Each node's tree parent is its upper neighbour of the
 * heaviest link (parent links weigh more than coverage), the first in code order on a tie.
 */
function rankNodes(graph: Graph): Ranking {
  const ids: string[] = graph.nodes();
  const n = ids.length;
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(id, i));
  const incoming: number[][] = Array.from({ length: n }, () => []);
  const outgoing: Array<Array<{ to: number; weight: number; minlen: number }>> = Array.from({ length: n }, () => []);
  const waiting = new Int32Array(n);
  for (const edge of graph.edges()) {
    const from = index.get(edge.v);
    const to = index.get(edge.w);
    if (from === undefined || to === undefined || from === to) continue;
    const label = (graph.edge(edge) ?? {}) as { weight?: number; minlen?: number };
    outgoing[from]!.push({ to, weight: label.weight ?? 1, minlen: label.minlen ?? 1 });
    incoming[to]!.push(from);
    waiting[to]!++;
  }
  const rank = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const parentWeight = new Float64Array(n).fill(-Infinity);
  const done = new Uint8Array(n);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (waiting[i] === 0) queue.push(i);
  let head = 0;
  let nextStart = 0;
  let maxRank = 0;
  let placed = 0;
  while (placed < n) {
    if (head === queue.length) {
      // Only cycles are left: release the first waiting node, ignoring its remaining links in.
      while (done[nextStart] || waiting[nextStart] === 0) nextStart++;
      waiting[nextStart] = 0;
      queue.push(nextStart);
    }
    const v = queue[head++]!;
    if (done[v]) continue;
    done[v] = 1;
    placed++;
    maxRank = Math.max(maxRank, rank[v]!);
    for (const { to, weight, minlen } of outgoing[v]!) {
      if (done[to]) continue; // a link back up a cycle
      rank[to] = Math.max(rank[to]!, rank[v]! + minlen);
      if (weight > parentWeight[to]! || (weight === parentWeight[to]! && v < parent[to]!)) {
        parent[to] = v;
        parentWeight[to] = weight;
      }
      if (--waiting[to]! === 0) queue.push(to);
    }
  }
  return { ids, index, rank, parent, maxRank };
}

/**
 * Ranks top to bottom (each as tall as its tallest card, `ranksep` apart, cards centred on the
 * rank's middle line); across, a tidy tree: every subtree gets its own band, as wide as its cards
 * or its children's bands side by side, with the node centred above — so no two cards of a rank
 * overlap. Roots, and the children of a node, go left to right in code order.
 */
function layoutLayered(graph: Graph, { ids, rank, parent, maxRank }: Ranking): void {
  const settings = graph.graph() as { nodesep?: number; ranksep?: number };
  const nodesep = settings.nodesep ?? 50;
  const ranksep = settings.ranksep ?? 50;
  const n = ids.length;
  const boxes = ids.map((id) => graph.node(id) as Box);

  const children: number[][] = Array.from({ length: n }, () => []);
  const roots: number[] = [];
  // Indices grow in code order, so pushing in index order keeps every list sorted.
  for (let i = 0; i < n; i++) (parent[i]! < 0 ? roots : children[parent[i]!]!).push(i);

  // Band widths, children before parents (a reversed pre-order, with an explicit stack).
  const preorder: number[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const v = stack.pop()!;
    preorder.push(v);
    const list = children[v]!;
    for (let i = list.length - 1; i >= 0; i--) stack.push(list[i]!);
  }
  const band = new Float64Array(n);
  const childrenWidth = new Float64Array(n);
  for (let k = preorder.length - 1; k >= 0; k--) {
    const v = preorder[k]!;
    const list = children[v]!;
    let sum = 0;
    for (const c of list) sum += band[c]!;
    sum += Math.max(0, list.length - 1) * nodesep;
    childrenWidth[v] = sum;
    band[v] = Math.max(boxes[v]!.width, sum);
  }

  // Left edges of the bands, parents before children.
  const left = new Float64Array(n);
  let x = 0;
  for (const r of roots) {
    left[r] = x;
    x += band[r]! + nodesep;
  }
  for (const v of preorder) {
    let start = left[v]! + (band[v]! - childrenWidth[v]!) / 2;
    for (const c of children[v]!) {
      left[c] = start;
      start += band[c]! + nodesep;
    }
  }

  const rankHeight = new Float64Array(maxRank + 1);
  for (let i = 0; i < n; i++) rankHeight[rank[i]!] = Math.max(rankHeight[rank[i]!]!, boxes[i]!.height);
  const rankTop = new Float64Array(maxRank + 1);
  for (let r = 1; r <= maxRank; r++) rankTop[r] = rankTop[r - 1]! + rankHeight[r - 1]! + ranksep;

  for (let i = 0; i < n; i++) {
    const box = boxes[i]!;
    box.x = left[i]! + band[i]! / 2;
    box.y = rankTop[rank[i]!]! + rankHeight[rank[i]!]! / 2;
  }
}
