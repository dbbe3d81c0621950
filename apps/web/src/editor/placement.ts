export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Size assumed for a node not yet measured (a card is 220 px wide). */
export const DEFAULT_NODE_SIZE = { width: 220, height: 90 };

function overlaps(a: Rect, b: Rect, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

/**
 * The free spot nearest to `desired` (top-left corner) where a new node does not cover another,
 * searched on rings of growing radius, so that nodes added in a hurry (a workshop, two people
 * clicking "add" at once) never hide behind each other.
 */
export function freeSpot(desired: { x: number; y: number }, occupied: readonly Rect[], size = DEFAULT_NODE_SIZE, gap = 16) {
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
