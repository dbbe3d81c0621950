import { TREE_LAYOUT, branchTops, graphOf, hiddenByCollapse, holdsMembers, isEdgeKind, isNodeKind, kindSpec, knownKinds, type EdgeKind, type Lens, type MapEdge, type MapNode, type NodeKind, type Position } from '@qms/model';
import type { Edge, Node } from '@xyflow/react';
import { unitBlockSize } from './geometry';

// Who is looking (the model's lenses); here too for the canvas's callers.
export type { Lens } from '@qms/model';

/** Check results shown on a node. */
export interface NodeBadge {
  errors: number;
  warnings: number;
}

/** React Flow's node type: the node's kind (node-types.tsx draws each), or 'other' for a kind this version does not know. */
export type MapNodeType = NodeKind | 'other';

/** Other people who have this node selected, in their colours. */
export interface RemoteSelection {
  colors: readonly string[];
  names: readonly string[];
}

/** A unit's state in the review (from review/badges.ts). */
export interface ReviewBadge {
  state: 'agreed' | 'changes-requested' | 'pending' | 'stale';
  roundTitle: string;
}

/** Open comment threads on a node, and comments this person has not read. */
export interface CommentBadge {
  open: number;
  unread: number;
}

/** A node with something under it in the functional tree: whether this person folded it, and what that hides. */
export interface BranchState {
  collapsed: boolean;
  /** How many nodes the fold hides (0 while open). */
  hidden: number;
  /** Check results of the hidden nodes, so that a folded branch does not hide its problems. */
  errors: number;
  warnings: number;
}

/** Branches this person has folded: every node a fold hides, with the folded node that hides it, and the nodes that can fold. */
export interface Fold {
  hidden: ReadonlyMap<string, string>;
  tops: ReadonlySet<string>;
}

/**
 * Whether two lists hold the same nodes of the same kinds in the same order: what folding
 * depends on (with the links), so that moving a node does not fold the map anew.
 */
export function sameNodeKinds(a: readonly MapNode[], b: readonly MapNode[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.id !== b[i]!.id || a[i]!.kind !== b[i]!.kind) return false;
  return true;
}

/** What folding these branches hides (flow-state's view of the model's branches.ts). */
export function foldOf(nodes: readonly MapNode[], edges: readonly MapEdge[], collapsed: ReadonlySet<string>): Fold {
  const graph = graphOf({ nodes, edges });
  return { hidden: collapsed.size > 0 ? hiddenByCollapse(graph, collapsed) : new Map(), tops: branchTops(graph) };
}

export interface MapNodeData extends Record<string, unknown> {
  node: MapNode;
  lens: Lens;
  badge: NodeBadge | null;
  /** Work actions: whether some outcome covers it ("is this taught?"). */
  taught: boolean | null;
  remote: RemoteSelection | null;
  review: ReviewBadge | null;
  comments: CommentBadge | null;
  /** Where branches fold (the live map only): null for a node with nothing under it. */
  branch: BranchState | null;
  /** Shown in a target language: some text is the source's (no translation yet), or a translation is older than its source. */
  language: LanguageMark | null;
}

export type LanguageMark = 'fallback' | 'outdated';

/**
 * React Flow's view of the map. Position and data come from the shared document; `selected`,
 * `dragging` and `measured` are this browser's own and are carried over from the previous
 * render, never written to the document.
 */
export type MapFlowNode = Node<MapNodeData, MapNodeType>;
export type MapFlowEdge = Edge<{ edge: MapEdge }>;

export interface FlowInput {
  nodes: readonly MapNode[];
  edges: readonly MapEdge[];
  lens: Lens;
  badges: ReadonlyMap<string, NodeBadge>;
  /** Nodes other people have selected. */
  remoteSelections?: ReadonlyMap<string, RemoteSelection>;
  /** Nodes other people are dragging right now, where their pointer has them (awareness). */
  remoteDrags?: ReadonlyMap<string, Position>;
  reviewBadges?: ReadonlyMap<string, ReviewBadge>;
  commentBadges?: ReadonlyMap<string, CommentBadge>;
  /** Folded branches (the live map only; versions and pictures show everything). */
  fold?: Fold;
  /** Nodes shown in a target language with the source's text or an outdated translation. */
  languageMarks?: ReadonlyMap<string, LanguageMark>;
}

export function nodeTypeOf(kind: string): MapNodeType {
  return isNodeKind(kind) ? kind : 'other';
}

/** Whether a lens shows nodes of a kind (the kind table's `lenses`); kinds this version does not know are shown. */
export function kindShownIn(kind: string, lens: Lens): boolean {
  return kindSpec(kind)?.lenses.includes(lens) ?? true;
}

/**
 * The lenses that draw each kind of link. Membership of a unit is shown by the block itself; an
 * employer sees the functional map only.
 */
export const EDGE_LENSES: Readonly<Record<EdgeKind, readonly Lens[]>> = {
  childOf: ['employer', 'teacher'],
  covers: ['teacher'],
  partOf: [],
  matches: ['teacher'],
  requires: ['teacher'],
  // CASE associations kept from an import (precedes, exemplar, ext:…): light lines, for everyone.
  association: ['employer', 'teacher'],
};

/**
 * How an association is drawn: light and dashed, below the map's own links in weight, so that an
 * imported framework's cross-references are there without crowding the tree. Written on the line
 * itself (not only in the style sheet) so that pictures of the canvas carry it too.
 */
export const ASSOCIATION_EDGE_STYLE = { stroke: '#9ca3af', strokeWidth: 1, strokeDasharray: '3 4', strokeOpacity: 0.6 } as const;

/** Whether a lens draws links of a kind; kinds this version does not know, for teachers only. */
export function edgeShownIn(kind: string, lens: Lens): boolean {
  return (isEdgeKind(kind) ? EDGE_LENSES[kind] : ['teacher']).includes(lens);
}

/** The kinds that other nodes may cover ("is this taught?"): the targets of `covers` links in the kind table. */
let coverableCache: ReadonlySet<string> | null = null;
function coverableKinds(): ReadonlySet<string> {
  coverableCache ??= new Set(knownKinds().flatMap((kind) => kindSpec(kind)?.links.covers ?? []));
  return coverableCache;
}

/** The unit each outcome is drawn in: the model's graph index (its first `partOf` link, by edge id, to an existing unit). */
export { unitMembership } from '@qms/model';

const sameBadge = (a: NodeBadge | null, b: NodeBadge | null) => a === b || (a !== null && b !== null && a.errors === b.errors && a.warnings === b.warnings);
const sameRemote = (a: RemoteSelection | null, b: RemoteSelection | null) =>
  a === b || (a !== null && b !== null && a.colors.join() === b.colors.join() && a.names.join() === b.names.join());
const samePosition = (a: Position, b: Position) => a.x === b.x && a.y === b.y;
const sameReview = (a: ReviewBadge | null, b: ReviewBadge | null) => a === b || (a !== null && b !== null && a.state === b.state && a.roundTitle === b.roundTitle);
const sameBranch = (a: BranchState | null, b: BranchState | null) =>
  a === b || (a !== null && b !== null && a.collapsed === b.collapsed && a.hidden === b.hidden && a.errors === b.errors && a.warnings === b.warnings);
const sameComments = (a: CommentBadge | null, b: CommentBadge | null) => a === b || (a !== null && b !== null && a.open === b.open && a.unread === b.unread);

/**
 * React Flow lifts a line that ends on a card inside a unit (z 1) above cards outside units
 * (z 0), where it would cover their text and take their clicks; a card outside a unit sits above
 * every line.
 */
const CARD_ABOVE_LINES = 2;

/**
 * What the last merge of one canvas took and gave (use-map-flow keeps one per canvas): when only
 * others' live drags changed since, only the dragged nodes are redone, not the whole map — a
 * drag's every frame reaches each browser in the room.
 */
export interface MergeMemo {
  input?: FlowInput;
  output?: MapFlowNode[];
  /** Where each node is in `output`. */
  index?: Map<string, number>;
}

const onlyDragsDiffer = (a: FlowInput, b: FlowInput) =>
  a.remoteDrags !== b.remoteDrags &&
  a.nodes === b.nodes &&
  a.edges === b.edges &&
  a.lens === b.lens &&
  a.badges === b.badges &&
  a.remoteSelections === b.remoteSelections &&
  a.reviewBadges === b.reviewBadges &&
  a.commentBadges === b.commentBadges &&
  a.fold === b.fold &&
  a.languageMarks === b.languageMarks;

export function mergeNodes(previous: readonly MapFlowNode[], input: FlowInput, memo?: MergeMemo): MapFlowNode[] {
  if (memo?.output === previous && memo.input && memo.index && onlyDragsDiffer(memo.input, input)) {
    const output = redrawDragged(previous, memo.index, memo.input.remoteDrags, input.remoteDrags);
    Object.assign(memo, { input, output });
    return output;
  }
  const output = mergeAll(previous, input);
  if (memo) Object.assign(memo, { input, output, index: new Map(output.map((node, i) => [node.id, i])) });
  return output;
}

/** Moves the nodes someone started, went on or stopped dragging; the rest stay the same objects. */
function redrawDragged(
  previous: readonly MapFlowNode[],
  index: ReadonlyMap<string, number>,
  before: ReadonlyMap<string, Position> | undefined,
  now: ReadonlyMap<string, Position> | undefined,
): MapFlowNode[] {
  let output: MapFlowNode[] | null = null;
  for (const id of new Set([...(before?.keys() ?? []), ...(now?.keys() ?? [])])) {
    const at = index.get(id);
    const prev = at === undefined ? undefined : previous[at];
    if (at === undefined || !prev || prev.dragging) continue;
    const drawn = now?.get(id) ?? prev.data.node.position;
    if (samePosition(prev.position, drawn)) continue;
    output ??= previous.slice();
    output[at] = { ...prev, position: drawn };
  }
  return output ?? (previous as MapFlowNode[]);
}

/** Which unit each outcome is drawn in, and which nodes something covers: from the links and which nodes exist. */
interface LinkIndex {
  nodes: readonly MapNode[];
  membership: ReadonlyMap<string, string>;
  covered: ReadonlySet<string>;
}

// By edge list (the document view keeps the same list while only nodes move or change text).
const linkIndexes = new WeakMap<readonly MapEdge[], LinkIndex>();

function linksOf(nodes: readonly MapNode[], edges: readonly MapEdge[]): LinkIndex {
  const known = linkIndexes.get(edges);
  if (known && sameNodeKinds(known.nodes, nodes)) return known;
  const index: LinkIndex = {
    nodes,
    membership: graphOf({ nodes, edges }).unitMembership(),
    covered: new Set(edges.filter((e) => e.kind === 'covers').map((e) => e.target)),
  };
  linkIndexes.set(edges, index);
  return index;
}

function mergeAll(previous: readonly MapFlowNode[], input: FlowInput): MapFlowNode[] {
  const byId = new Map(previous.map((node) => [node.id, node]));
  const { membership, covered } = linksOf(input.nodes, input.edges);
  const coverable = coverableKinds();
  const members = new Map<string, Position[]>();
  const folded = input.fold?.hidden;
  // What each fold hides, and the check results it would otherwise hide.
  const folds = new Map<string, BranchState>();
  for (const [id, top] of folded ?? []) {
    const state = folds.get(top) ?? { collapsed: true, hidden: 0, errors: 0, warnings: 0 };
    const badge = input.badges.get(id);
    folds.set(top, { ...state, hidden: state.hidden + 1, errors: state.errors + (badge?.errors ?? 0), warnings: state.warnings + (badge?.warnings ?? 0) });
  }
  const OPEN: BranchState = { collapsed: false, hidden: 0, errors: 0, warnings: 0 };
  for (const node of input.nodes) {
    const unit = membership.get(node.id);
    if (!unit) continue;
    const list = members.get(unit);
    if (list) list.push(node.position);
    else members.set(unit, [node.position]);
  }
  const build = (node: MapNode): MapFlowNode => {
    const prev = byId.get(node.id);
    const parentId = membership.get(node.id);
    const hidden = !kindShownIn(node.kind, input.lens) || Boolean(folded?.has(node.id));
    const branch = input.fold?.tops.has(node.id) ? (folds.get(node.id) ?? OPEN) : null;
    const language = input.languageMarks?.get(node.id) ?? null;
    const badge = input.badges.get(node.id) ?? null;
    const taught = coverable.has(node.kind) ? covered.has(node.id) : null;
    const size = node.kind === 'unit' ? unitBlockSize(members.get(node.id) ?? []) : undefined;
    const remote = input.remoteSelections?.get(node.id) ?? null;
    const reviewBadge = input.reviewBadges?.get(node.id) ?? null;
    const review = reviewBadge && { state: reviewBadge.state, roundTitle: reviewBadge.roundTitle };
    const comments = input.commentBadges?.get(node.id) ?? null;
    // Where it is drawn: under this browser's pointer while dragged here, under someone else's
    // while they drag it (awareness), else where the document has it.
    const drawn = prev?.dragging ? prev.position : (input.remoteDrags?.get(node.id) ?? node.position);
    if (
      prev &&
      prev.data.node === node &&
      samePosition(prev.position, drawn) &&
      sameRemote(prev.data.remote, remote) &&
      sameReview(prev.data.review, review) &&
      sameComments(prev.data.comments, comments) &&
      sameBranch(prev.data.branch, branch) &&
      prev.data.language === language &&
      prev.data.lens === input.lens &&
      prev.data.taught === taught &&
      sameBadge(prev.data.badge, badge) &&
      prev.parentId === parentId &&
      Boolean(prev.hidden) === hidden &&
      prev.width === size?.width &&
      prev.height === size?.height
    ) {
      return prev;
    }
    const next: MapFlowNode = {
      ...prev,
      id: node.id,
      type: nodeTypeOf(node.kind),
      position: drawn,
      data: { node, lens: input.lens, badge, taught, remote, review, comments, branch, language },
      hidden,
      parentId,
      width: size?.width,
      height: size?.height,
      zIndex: !parentId && node.kind !== 'unit' ? CARD_ABOVE_LINES : undefined,
    };
    // Nothing folded away stays selected: Delete must never reach what this person cannot see.
    if (hidden && next.selected) next.selected = false;
    if (!parentId) delete next.parentId;
    if (next.zIndex === undefined) delete next.zIndex;
    if (!size) {
      delete next.width;
      delete next.height;
    }
    return next;
  };
  // React Flow needs a parent before its children.
  const units = input.nodes.filter((n) => n.kind === 'unit');
  const rest = input.nodes.filter((n) => n.kind !== 'unit');
  return [...units.map(build), ...rest.map(build)];
}

/** The handles on a card's left side, for the outline's brackets (NodeShell draws them). */
export const SIDE_OUT = 'side-out';
export const SIDE_IN = 'side-in';

/**
 * Whether a child sits under its parent set in, as the tidy-up outline stacks a branch (layout.ts):
 * below it, its left edge a step or two to the right. A qualification heads columns, not an
 * outline: its links always run top to bottom.
 */
export function isOutlined(parent: MapNode | undefined, child: MapNode | undefined): boolean {
  if (!parent || !child || kindSpec(parent.kind)?.treeLevel === 0) return false;
  const dx = child.position.x - parent.position.x;
  return child.position.y > parent.position.y && dx > 0 && dx <= 2 * TREE_LAYOUT.indent;
}

/** A node some link is `partOf` that is drawn as a card of its own (a unit group), not as a block. */
function isCardTarget(node: MapNode | undefined): boolean {
  return node !== undefined && !holdsMembers(node.kind) && kindSpec(node.kind) !== undefined;
}

interface EdgeInput {
  edges: readonly MapEdge[];
  lens: Lens;
  fold?: Fold;
  nodes?: readonly MapNode[];
}

/**
 * What the last merge of a canvas's lines took and gave (use-map-flow keeps one per canvas): when
 * only nodes moved or changed text since, only the lines at those nodes are looked at again (a
 * line's bracket depends on where its ends are), not all of the map's.
 */
export interface EdgeMergeMemo {
  input?: EdgeInput;
  label?: (kind: string) => string;
  output?: MapFlowEdge[];
  /** Where each node is in `input.nodes`, and the places in `output` of the lines at it. */
  nodeAt?: Map<string, number>;
  linesAt?: Map<string, number[]>;
}

const kindAsLabel = (kind: string) => kind;

export function mergeEdges(
  previous: readonly MapFlowEdge[],
  input: EdgeInput,
  label: (kind: string) => string = kindAsLabel,
  memo?: EdgeMergeMemo,
): MapFlowEdge[] {
  const last = memo?.input;
  const nodes = input.nodes ?? [];
  if (
    memo?.output === previous &&
    last &&
    memo.nodeAt &&
    memo.linesAt &&
    memo.label === label &&
    last.edges === input.edges &&
    last.lens === input.lens &&
    last.fold === input.fold &&
    sameNodeKinds(last.nodes ?? [], nodes)
  ) {
    const before = last.nodes ?? [];
    let output: MapFlowEdge[] | null = null;
    for (let i = 0; i < nodes.length; i++) {
      if (nodes[i] === before[i]) continue;
      for (const at of memo.linesAt.get(nodes[i]!.id) ?? []) {
        const current = (output ?? previous)[at]!;
        const next = mergeEdge(input.edges[at]!, current, input, (id) => nodes[memo.nodeAt!.get(id) ?? -1], label);
        if (next === current) continue;
        output ??= previous.slice();
        output[at] = next;
      }
    }
    memo.input = input;
    if (output) memo.output = output;
    return output ?? (previous as MapFlowEdge[]);
  }
  const byId = new Map(previous.map((edge) => [edge.id, edge]));
  const nodeAt = new Map(nodes.map((node, i) => [node.id, i]));
  const merged = input.edges.map((edge) => mergeEdge(edge, byId.get(edge.id), input, (id) => nodes[nodeAt.get(id) ?? -1], label));
  // Edges are merged again whenever a node changes (a bracket depends on where its ends are):
  // when no line changed, the very same array, so that React Flow has nothing to redo.
  const output = merged.length === previous.length && merged.every((edge, i) => edge === previous[i]) ? (previous as MapFlowEdge[]) : merged;
  if (memo) {
    const linesAt = new Map<string, number[]>();
    input.edges.forEach((edge, i) => {
      for (const end of [edge.source, edge.target]) {
        const list = linesAt.get(end);
        if (list) list.push(i);
        else linesAt.set(end, [i]);
      }
    });
    Object.assign(memo, { input, label, output, nodeAt, linesAt });
  }
  return output;
}

function mergeEdge(edge: MapEdge, prev: MapFlowEdge | undefined, input: EdgeInput, nodeOf: (id: string) => MapNode | undefined, label: (kind: string) => string): MapFlowEdge {
  const folded = input.fold?.hidden;
  // A unit's line to its group is drawn (a group is a card, not a block holding it), for teachers.
  const groupLine = edge.kind === 'partOf' && input.lens === 'teacher' && isCardTarget(nodeOf(edge.target));
  // A line into a folded branch goes with it.
  const hidden = (!groupLine && !edgeShownIn(edge.kind, input.lens)) || Boolean(folded && (folded.has(edge.source) || folded.has(edge.target)));
  const outline = edge.kind === 'childOf' && isOutlined(nodeOf(edge.target), nodeOf(edge.source));
  if (prev && prev.data?.edge === edge && Boolean(prev.hidden) === hidden && (prev.sourceHandle === SIDE_OUT) === outline) return prev;
  return {
    ...prev,
    id: edge.id,
    // Drawn from the document's target to its source: the parent above its child, a work
    // action above the outcome that covers it, so that lines run top-down like the map.
    source: edge.target,
    target: edge.source,
    className: `map-edge map-edge--${edge.kind}`,
    // A child stacked under its parent (the tidy-up outline) hangs from a bracket on the left.
    sourceHandle: outline ? SIDE_OUT : null,
    targetHandle: outline ? SIDE_IN : null,
    // The line's style says what it is (solid: part of; dashed: taught by); a match and a prerequisite are named.
    ...(edge.kind === 'matches' || edge.kind === 'requires' ? { label: label(edge.kind) } : {}),
    // An association names its CASE type to assistive technology and on hover, not on the line.
    ...(edge.kind === 'association' ? { style: ASSOCIATION_EDGE_STYLE, ariaLabel: `${label(edge.kind)}: ${edge.associationType ?? ''}`, selectable: false } : {}),
    hidden,
    data: { edge },
  };
}
