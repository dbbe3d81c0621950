import { graphOf } from './graph.js';
import { holdsMembers, kindSpec } from './kinds.js';
import { UNIT_SLOT } from './operations.js';
import type { MapEdge, MapNode, Position } from './schema.js';

export interface LayoutSize {
  width: number;
  height: number;
}

/** Card size when neither the real one nor the kind's (kinds.ts) is known. */
const DEFAULT_SIZE: LayoutSize = { width: 220, height: 90 };

export interface LayoutInput {
  nodes: readonly MapNode[];
  edges: readonly MapEdge[];
  /** Measured sizes by node id, where the canvas knows them. */
  sizes?: ReadonlyMap<string, LayoutSize>;
}

/** Room between cards the layout stacks, and how far a child is set in from its parent. */
export const TREE_LAYOUT = { indent: 24, maxIndents: 4, leavesPerColumn: 4, rowGap: 16, columnGap: 48, bandGap: 90 } as const;

interface Placed {
  node: MapNode;
  /** Set in from the column's left edge (a child under its parent). */
  offset: number;
  size: LayoutSize;
}

interface Column {
  tree: Placed[];
  /** What teaches this column's work actions: outcomes outside units, then units. */
  teaching: Placed[];
  width: number;
}

/**
 * "Tidy up": a compact layout that reads like an outline. Each qualification heads a row of
 * columns, one per key function (or whatever hangs directly under it), siblings in code order
 * left to right; under each column's head its branch is stacked, every level set in a little
 * (the canvas draws those links as an outline's brackets). Below the functional tree, in the
 * column of the work actions it teaches most, each outcome outside a unit and each unit's block
 * with its outcomes stacked inside; a unit group's card heads its units, set in under it, in the
 * column of its first unit. What belongs to no column goes in one at the right.
 *
 * The map stays as wide as its key functions, not as its work actions: a 34-work-action sample
 * that was 8,000 px wide in a top-down tree fits seven columns, readable on a laptop.
 * Returns a position for every node: absolute, or relative to its block for an outcome in a unit.
 * Runs only when someone asks (or after an import): it never moves nodes behind people's backs.
 */
export function layoutMap({ nodes, edges, sizes }: LayoutInput): Map<string, Position> {
  const sizeOf = (node: MapNode): LayoutSize => sizes?.get(node.id) ?? estimatedSize(node);
  const byCode = compareSiblings;
  const graph = graphOf({ nodes, edges });

  // Unit membership, as the canvas draws it (graph.ts); outcomes inside a block stacked in code order.
  const unitOf = graph.unitMembership();
  const members = new Map<string, MapNode[]>();
  for (const node of nodes) {
    const unit = unitOf.get(node.id);
    if (!unit) continue;
    const list = members.get(unit);
    if (list) list.push(node);
    else members.set(unit, [node]);
  }
  const positions = new Map<string, Position>();
  const blockSize = new Map<string, LayoutSize>();
  for (const [unit, list] of members) {
    const ordered = [...list].sort((a, b) => byCode(a, b) || a.position.y - b.position.y);
    let y = UNIT_SLOT.headerHeight;
    let width = DEFAULT_SIZE.width;
    for (const member of ordered) {
      positions.set(member.id, { x: UNIT_SLOT.paddingX, y });
      // A block's rows are the canvas's slots (UNIT_SLOT) unless a measured card needs more.
      const size = sizes?.get(member.id) ?? kindSpec(member.kind)?.size ?? DEFAULT_SIZE;
      y += Math.max(UNIT_SLOT.rowHeight, size.height + 20);
      width = Math.max(width, size.width);
    }
    blockSize.set(unit, { width: width + 2 * UNIT_SLOT.paddingX, height: y });
  }
  const boxOf = (node: MapNode): LayoutSize =>
    holdsMembers(node.kind)
      ? (blockSize.get(node.id) ?? { width: DEFAULT_SIZE.width + 2 * UNIT_SLOT.paddingX, height: UNIT_SLOT.headerHeight + UNIT_SLOT.rowHeight })
      : sizeOf(node);

  // The functional tree: a column per branch under each qualification, its nodes stacked.
  const placed = new Set<string>();
  const columnOf = new Map<string, Column>();
  // Depth first without recursion: a chain thousands of levels deep is a valid (odd) map.
  const stack = (column: Column, top: MapNode, topDepth: number) => {
    const pending: Array<[MapNode, number]> = [[top, topDepth]];
    while (pending.length > 0) {
      const [node, depth] = pending.pop()!;
      if (placed.has(node.id)) continue; // a cycle left by concurrent edits is walked once
      placed.add(node.id);
      columnOf.set(node.id, column);
      column.tree.push({ node, offset: Math.min(depth, TREE_LAYOUT.maxIndents) * TREE_LAYOUT.indent, size: boxOf(node) });
      const children = [...graph.childrenOf(node.id)].filter((child) => !unitOf.has(child.id)).sort(byCode);
      for (let i = children.length - 1; i >= 0; i--) pending.push([children[i]!, depth + 1]);
    }
  };
  const newColumn = (): Column => ({ tree: [], teaching: [], width: 0 });
  const roots = graph.roots().sort(byCode);
  const heads = roots.filter((root) => kindSpec(root.kind)?.treeLevel === 0);
  const groups = heads.map((head) => {
    placed.add(head.id);
    const columns: Column[] = [];
    // Leaves right under the qualification (work actions without functions) share columns of a
    // few each, rather than a column apiece.
    let leaves: Column | undefined;
    for (const child of [...graph.childrenOf(head.id)].sort(byCode)) {
      if (unitOf.has(child.id) || placed.has(child.id)) continue;
      const leaf = graph.childrenOf(child.id).every((grandchild) => unitOf.has(grandchild.id));
      if (leaf && leaves && leaves.tree.length < TREE_LAYOUT.leavesPerColumn) {
        stack(leaves, child, 0);
        continue;
      }
      const column = newColumn();
      stack(column, child, 0);
      columns.push(column);
      leaves = leaf ? column : undefined;
    }
    return { head, columns };
  });
  // Functions and work actions left hanging: a column each, after the qualifications'.
  const hanging: Column[] = [];
  for (const root of roots) {
    if (placed.has(root.id)) continue;
    const column = newColumn();
    stack(column, root, 0);
    hanging.push(column);
  }

  // What teaches: in the column whose work actions it covers most (the leftmost on a tie).
  const rest = newColumn();
  const order = [...groups.flatMap((g) => g.columns), ...hanging];
  const rank = new Map(order.map((column, i) => [column, i]));
  const columnTaught = (outcomes: readonly MapNode[]): Column | undefined => {
    const votes = new Map<Column, number>();
    for (const outcome of outcomes) {
      for (const target of graph.covers(outcome.id)) {
        const column = columnOf.get(target.id);
        if (column) votes.set(column, (votes.get(column) ?? 0) + 1);
      }
    }
    let best: Column | undefined;
    for (const [column, count] of votes) {
      const bestCount = best ? votes.get(best)! : -1;
      if (count > bestCount || (count === bestCount && rank.get(column)! < rank.get(best!)!)) best = column;
    }
    return best;
  };
  const others = nodes.filter((node) => !placed.has(node.id) && !unitOf.has(node.id));
  // A card that blocks are `partOf` (a unit group) heads its blocks, wherever the first of them goes.
  const blocksIn = (node: MapNode): MapNode[] => graph.sources('partOf', node.id).filter((member) => holdsMembers(member.kind) && !placed.has(member.id));
  const groupHeads = others.filter((node) => !holdsMembers(node.kind) && blocksIn(node).length > 0).sort(byCode);
  const headed = new Map<string, MapNode>();
  for (const head of groupHeads) for (const block of blocksIn(head)) if (!headed.has(block.id)) headed.set(block.id, head);
  const looseOutcomes = others.filter((node) => !holdsMembers(node.kind) && !groupHeads.includes(node)).sort(byCode);
  const blocks = others.filter((node) => holdsMembers(node.kind)).sort(byCode);
  for (const node of looseOutcomes) (columnTaught([node]) ?? rest).teaching.push({ node, offset: 0, size: boxOf(node) });
  const headsDone = new Set<string>();
  for (const node of blocks) {
    const head = headed.get(node.id);
    if (head && headsDone.has(head.id)) continue; // laid with its group's first block
    const column = columnTaught(members.get(node.id) ?? []) ?? rest;
    if (!head) {
      column.teaching.push({ node, offset: 0, size: boxOf(node) });
      continue;
    }
    headsDone.add(head.id);
    column.teaching.push({ node: head, offset: 0, size: boxOf(head) });
    for (const block of blocks) if (headed.get(block.id) === head) column.teaching.push({ node: block, offset: TREE_LAYOUT.indent, size: boxOf(block) });
  }
  if (rest.teaching.length > 0) order.push(rest);

  for (const column of order) column.width = Math.max(0, ...[...column.tree, ...column.teaching].map((p) => p.offset + p.size.width));

  // Across: each qualification over its columns; then the hanging branches and the rest.
  const headHeight = Math.max(0, ...heads.map((head) => boxOf(head).height));
  const treeTop = heads.length > 0 ? headHeight + TREE_LAYOUT.bandGap : 0;
  const columnX = new Map<Column, number>();
  let x = 0;
  const lay = (columns: readonly Column[]) => {
    for (const column of columns) {
      columnX.set(column, x);
      x += column.width + TREE_LAYOUT.columnGap;
    }
  };
  for (const { head, columns } of groups) {
    const start = x;
    const width = Math.max(boxOf(head).width, columns.reduce((sum, c) => sum + c.width, 0) + TREE_LAYOUT.columnGap * Math.max(0, columns.length - 1));
    const columnsWidth = columns.reduce((sum, c) => sum + c.width, 0) + TREE_LAYOUT.columnGap * Math.max(0, columns.length - 1);
    x = start + Math.round((width - columnsWidth) / 2);
    lay(columns);
    positions.set(head.id, { x: Math.round(start + (width - boxOf(head).width) / 2), y: 0 });
    x = Math.max(x, start + width + TREE_LAYOUT.columnGap);
  }
  lay(hanging);
  if (rest.teaching.length > 0) lay([rest]);

  // Down: each column's branch, then, below the deepest branch, what teaches it.
  let treeBottom = treeTop;
  for (const column of order) {
    let y = treeTop;
    for (const item of column.tree) {
      positions.set(item.node.id, { x: columnX.get(column)! + item.offset, y });
      y += item.size.height + TREE_LAYOUT.rowGap;
    }
    treeBottom = Math.max(treeBottom, y - TREE_LAYOUT.rowGap);
  }
  const teachingTop = treeBottom + TREE_LAYOUT.bandGap;
  for (const column of order) {
    let y = teachingTop;
    for (const item of column.teaching) {
      positions.set(item.node.id, { x: columnX.get(column)! + item.offset, y });
      y += item.size.height + TREE_LAYOUT.rowGap;
    }
  }
  return positions;
}

/** How the canvas sets a card's text (styles.css `.map-node`): enough to estimate its height. */
const CARD_TEXT = { charWidth: 6.6, lineHeight: 17, chrome: 42, purposeCharWidth: 5.9, purposeLineHeight: 15 } as const;

const linesOf = (text: string | undefined, width: number, charWidth: number) =>
  text ? text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil((line.length * charWidth) / width)), 0) : 0;

/**
 * A card's size where the canvas has not measured it (a sample built on the server, an import):
 * its kind's width, and a height for its text as the canvas wraps it, so that stacked cards with
 * long statements do not overlap. Outcomes are clamped to three lines on the canvas.
 */
export function estimatedSize(node: MapNode): LayoutSize {
  const base = kindSpec(node.kind)?.size ?? DEFAULT_SIZE;
  const textWidth = base.width - 20;
  const clamp = node.kind === 'learningOutcome' ? 3 : Infinity;
  let height = CARD_TEXT.chrome + Math.min(clamp, Math.max(1, linesOf(node.title, textWidth, CARD_TEXT.charWidth))) * CARD_TEXT.lineHeight;
  if (node.keyPurpose) height += 8 + linesOf(node.keyPurpose, textWidth, CARD_TEXT.purposeCharWidth) * CARD_TEXT.purposeLineHeight;
  if (node.kind === 'qualification') height += CARD_TEXT.lineHeight; // its points and length
  if (node.kind === 'learningOutcome') height += CARD_TEXT.lineHeight; // its domain and level chips
  return { width: base.width, height: Math.max(base.height, Math.round(height)) };
}

/**
 * The order of a node's children as the layout reads it (renumbering reads the canvas instead,
 * codes being what it changes): the place a person gave it among its siblings (`sequence`: set by
 * moving it with the keyboard, or the CASE sequenceNumber it came with), then its code, then
 * where it is drawn.
 */
export function compareSiblings(a: MapNode, b: MapNode): number {
  const bySequence = (a.sequence ?? Infinity) - (b.sequence ?? Infinity);
  return (Number.isNaN(bySequence) ? 0 : bySequence) || compareCodes(a.code, b.code) || a.position.y - b.position.y || a.position.x - b.position.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** "WA 2" before "WA 10"; codes without numbers by text; empty codes last. */
export function compareCodes(a: string, b: string): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  return CODE_ORDER.compare(a, b);
}

/** What `a.localeCompare(b, undefined, options)` uses, made once: that call builds a collator each time. */
const CODE_ORDER = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
