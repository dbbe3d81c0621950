import type { Position } from './schema.js';

/** Vertical room for one outcome inside a unit block, and the block's header. */
export const UNIT_SLOT = { paddingX: 16, headerHeight: 64, rowHeight: 110 };

/**
 * Where the next outcome goes in a unit's block, relative to the block: one row below its lowest
 * member, or the first row under the header of an empty block. The model uses it when an outcome
 * is linked to a unit without a position; the editor when it adds an outcome to a unit.
 */
export function nextSlotInUnit(members: Iterable<Position>): Position {
  let lowest = UNIT_SLOT.headerHeight - UNIT_SLOT.rowHeight;
  for (const member of members) lowest = Math.max(lowest, member.y);
  return { x: UNIT_SLOT.paddingX, y: lowest + UNIT_SLOT.rowHeight };
}
