import { UNIT_SLOT, nextSlotInUnit, type Position } from '@qms/model';

/**
 * The canvas's geometry, in flow coordinates: where new nodes go, which unit block an outcome is
 * dropped on, what part of the map is in view. Pure functions of plain boxes (React Flow's nodes
 * fit `FlowBox` as they are), tested without a browser; components only read React Flow's state
 * and call them.
 */

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Position, Size {}

/** What the view shows: React Flow's viewport (pan and zoom) and the pane's size on screen. */
export interface View {
  x: number;
  y: number;
  zoom: number;
  width: number;
  height: number;
}

/** The parts of a node on the canvas that its geometry depends on. */
export interface FlowBox {
  id: string;
  /** Relative to its unit's block when it has one (`parentId`), else absolute. */
  position: Position;
  parentId?: string;
  /** The size the canvas gave it (unit blocks). */
  width?: number;
  height?: number;
  /** The size it was drawn at, once measured. */
  measured?: { width?: number; height?: number };
}

/** Size assumed for a node not yet measured (a card is 220 px wide). */
export const DEFAULT_NODE_SIZE: Size = { width: 220, height: 90 };

/** How far below its parent a new child goes, and how far apart children are. */
const CHILD_GAP = { below: 130, across: 240 };
/** The room between a node and a sibling added beside it. */
const SIBLING_GAP = 20;

/** How big a node is drawn: as measured, else as the canvas sized it, else a card's size. */
export function sizeOf(box: FlowBox): Size {
  return {
    width: box.measured?.width ?? box.width ?? DEFAULT_NODE_SIZE.width,
    height: box.measured?.height ?? box.height ?? DEFAULT_NODE_SIZE.height,
  };
}

/** Where a node is on the canvas: its own position plus its block's, if it is in one. */
export function absolutePosition(box: FlowBox, parentOf: (id: string) => FlowBox | undefined): Position {
  if (!box.parentId) return box.position;
  const parent = parentOf(box.parentId);
  return { x: (parent?.position.x ?? 0) + box.position.x, y: (parent?.position.y ?? 0) + box.position.y };
}

/** Every node's box on the canvas, absolute: what a new node must not cover. */
export function occupiedRects(boxes: readonly FlowBox[]): Rect[] {
  const byId = new Map(boxes.map((box) => [box.id, box]));
  return boxes.map((box) => ({ ...absolutePosition(box, (id) => byId.get(id)), ...sizeOf(box) }));
}

export function centreOf(rect: Rect): Position {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

/** The top-left corner that puts a box of this size centred on `point`. */
export function centredAt(point: Position, size: Size = DEFAULT_NODE_SIZE): Position {
  return { x: point.x - size.width / 2, y: point.y - size.height / 2 };
}

/** Positions land on whole pixels, as written to the document, so every browser agrees. */
export function roundPosition(position: Position): Position {
  return { x: Math.round(position.x), y: Math.round(position.y) };
}

function overlaps(a: Rect, b: Rect, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/**
 * The free spot nearest to `desired` (top-left corner) where a new node does not cover another,
 * searched on rings of growing radius, so that nodes added in a hurry (a workshop, two people
 * clicking "add" at once) never hide behind each other.
 */
export function freeSpot(desired: Position, occupied: readonly Rect[], size: Size = DEFAULT_NODE_SIZE, gap = 16): Position {
  const fits = (x: number, y: number) => !occupied.some((rect) => overlaps({ x, y, ...size }, rect, gap));
  if (fits(desired.x, desired.y)) return desired;
  const step = 40;
  for (let ring = 1; ring <= 60; ring++) {
    const r = ring * step;
    // Walk the ring's perimeter, right side first (reading order).
    for (let i = -ring; i <= ring; i++) {
      const candidates = [
        { x: desired.x + r, y: desired.y + i * step },
        { x: desired.x + i * step, y: desired.y + r },
        { x: desired.x - r, y: desired.y + i * step },
        { x: desired.x + i * step, y: desired.y - r },
      ];
      for (const c of candidates) if (fits(c.x, c.y)) return c;
    }
  }
  return desired;
}

/** A unit block's size: room for its outcomes (relative positions) and its header. */
export function unitBlockSize(members: readonly Position[]): Size {
  const minWidth = DEFAULT_NODE_SIZE.width + 2 * UNIT_SLOT.paddingX;
  let width = minWidth;
  let height = UNIT_SLOT.headerHeight + UNIT_SLOT.rowHeight;
  for (const p of members) {
    width = Math.max(width, p.x + DEFAULT_NODE_SIZE.width + UNIT_SLOT.paddingX);
    height = Math.max(height, p.y + UNIT_SLOT.rowHeight);
  }
  return { width, height };
}

/** Where the next outcome goes in a unit's block (relative to it), below those drawn in it. */
export function nextSlotIn(unitId: string, boxes: readonly FlowBox[]): Position {
  return nextSlotInUnit(boxes.filter((box) => box.parentId === unitId).map((box) => box.position));
}

/** Where a new child of a node would like to go: below it, to the right of the children it has. */
export function childSpot(parent: Rect, childCount: number): Position {
  return { x: parent.x + childCount * CHILD_GAP.across, y: parent.y + parent.height + CHILD_GAP.below };
}

/** Where a new sibling of a node would like to go: just right of it. */
export function siblingSpot(node: Rect): Position {
  return { x: node.x + node.width + SIBLING_GAP, y: node.y };
}

/** The first of these unit blocks (absolute, not nested) whose box holds the point. */
export function unitBlockAt<B extends FlowBox>(point: Position, blocks: readonly B[]): B | undefined {
  return blocks.find((block) => {
    const width = block.width ?? block.measured?.width ?? 0;
    const height = block.height ?? block.measured?.height ?? 0;
    return point.x >= block.position.x && point.x <= block.position.x + width && point.y >= block.position.y && point.y <= block.position.y + height;
  });
}

/**
 * What dropping an outcome does: put it in the unit block under the pointer (at a position
 * relative to the block, inside it: the card may hang over its edge when the pointer is near it),
 * take it out of its block when dropped outside every block (at its absolute position), or nothing
 * (`null`) when it stays where it belongs. Without a pointer (a keyboard move), its centre decides.
 */
export function dropTarget(
  dragged: { rect: Rect; parentId?: string },
  blocks: readonly FlowBox[],
  pointer: Position = centreOf(dragged.rect),
): { unitId: string | null; position: Position } | null {
  const block = unitBlockAt(pointer, blocks);
  if (block && block.id !== dragged.parentId) {
    const width = block.width ?? block.measured?.width ?? 0;
    const inside = {
      x: Math.max(0, Math.min(dragged.rect.x - block.position.x, width - dragged.rect.width)),
      y: Math.max(UNIT_SLOT.headerHeight, dragged.rect.y - block.position.y),
    };
    return { unitId: block.id, position: roundPosition(inside) };
  }
  if (!block && dragged.parentId) return { unitId: null, position: roundPosition(dragged.rect) };
  return null;
}

/** The point of the map at the centre of the pane. */
export function viewCentre(view: View): Position {
  return { x: (view.width / 2 - view.x) / view.zoom, y: (view.height / 2 - view.y) / view.zoom };
}

/** The part of the map the pane shows. */
export function visibleRect(view: View): Rect {
  return { x: -view.x / view.zoom, y: -view.y / view.zoom, width: view.width / view.zoom, height: view.height / view.zoom };
}

/** Whether `inner` lies wholly inside `outer`. */
export function containsRect(outer: Rect, inner: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}
