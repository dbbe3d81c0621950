import { useStore, type InternalNode, type ReactFlowState } from '@xyflow/react';
import { useCallback } from 'react';
import type { MapFlowEdge } from './flow-state';

/** A rectangle on the canvas, in flow coordinates. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a node is on the canvas (absolute, its unit's offset included) and how big it is drawn. */
export interface PlacedBox extends Rect {
  hidden?: boolean;
}

/** The size assumed for a node not yet measured (never drawn: off-screen on a large map). */
export const FALLBACK_SIZE = { width: 220, height: 80 };

/** A node of React Flow's lookup as a box on the canvas. */
export function placedBox(node: InternalNode): PlacedBox {
  const size = node.measured.width && node.measured.height ? node.measured : node.width && node.height ? node : FALLBACK_SIZE;
  const { x, y } = node.internals.positionAbsolute;
  return { x, y, width: size.width ?? FALLBACK_SIZE.width, height: size.height ?? FALLBACK_SIZE.height, hidden: Boolean(node.hidden) };
}

/**
 * The part of the canvas on screen, in flow coordinates, grown on each side by `margin` times its
 * size (so that a line whose end is about to scroll into view is already there).
 */
export function viewRect(transform: readonly [number, number, number], width: number, height: number, margin = 0): Rect {
  const [tx, ty, zoom] = transform;
  const w = width / zoom;
  const h = height / zoom;
  return { x: (0 - tx) / zoom - w * margin, y: (0 - ty) / zoom - h * margin, width: w * (1 + 2 * margin), height: h * (1 + 2 * margin) };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The lines worth drawing: those with at least one end in `view`, and selected ones (so that Delete
 * still finds them). A line whose ends are both off-screen is culled even when it crosses the
 * screen: on a large map hundreds of long lines cross every view, and in software each costs a
 * repaint of the whole screen while panning. A line to a node that is not on the canvas is culled.
 */
export function cullEdges<E extends Pick<MapFlowEdge, 'source' | 'target' | 'selected'>>(
  edges: readonly E[],
  boxOf: (id: string) => PlacedBox | undefined,
  view: Rect,
): E[] {
  const inView = new Map<string, boolean>();
  const seen = (id: string) => {
    let known = inView.get(id);
    if (known === undefined) {
      const box = boxOf(id);
      known = box !== undefined && !box.hidden && overlaps(box, view);
      inView.set(id, known);
    }
    return known;
  };
  return edges.filter((edge) => edge.selected || seen(edge.source) || seen(edge.target));
}

/** The same elements in the same order (the elements are compared by identity). */
export function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  return a === b || (a.length === b.length && a.every((item, i) => item === b[i]));
}

/** How far beyond the screen an end may be and its line still be drawn, as a share of the view. */
export const CULL_MARGIN = 0.15;
const NONE: MapFlowEdge[] = [];

/**
 * `edges` without the lines whose ends are both off-screen (cullEdges), kept up to date as the view
 * and the nodes move; the same array as long as the same lines are drawn, so panning re-renders
 * the canvas only when a line comes into view or leaves it. Off (`enabled` false): no lines.
 */
export function useCulledEdges(edges: MapFlowEdge[], enabled: boolean): MapFlowEdge[] {
  const selector = useCallback(
    (state: ReactFlowState): MapFlowEdge[] => {
      if (!enabled || !state.width || !state.height) return NONE;
      const view = viewRect(state.transform, state.width, state.height, CULL_MARGIN);
      return cullEdges(
        edges,
        (id) => {
          const node = state.nodeLookup.get(id);
          return node && placedBox(node);
        },
        view,
      );
    },
    [edges, enabled],
  );
  return useStore(selector, sameElements);
}

type Point = { x: number; y: number };
type Segment = { kind: 'L'; from: Point; to: Point; length: number } | { kind: 'Q'; from: Point; control: Point; to: Point; length: number };

/** The length of a quadratic curve (Simpson's rule; the routes' corners are a few pixels). */
function quadLength(a: Point, c: Point, b: Point): number {
  const speed = (t: number) => Math.hypot(2 * (1 - t) * (c.x - a.x) + 2 * t * (b.x - c.x), 2 * (1 - t) * (c.y - a.y) + 2 * t * (b.y - c.y));
  const n = 8;
  let sum = speed(0) + speed(1);
  for (let i = 1; i < n; i++) sum += speed(i / n) * (i % 2 === 1 ? 4 : 2);
  return sum / (3 * n);
}

/** The segments of a route drawn by React Flow's getSmoothStepPath (M, L and Q commands), or null for anything else. */
export function routeSegments(path: string): Segment[] | null {
  const commands = [...path.matchAll(/([MLQ])\s*([-\d.e]+)[ ,]\s*([-\d.e]+)(?:\s*([-\d.e]+)[ ,]\s*([-\d.e]+))?/g)];
  if (commands.length < 2 || commands[0]![1] !== 'M') return null;
  const segments: Segment[] = [];
  let at: Point = { x: Number(commands[0]![2]), y: Number(commands[0]![3]) };
  for (const [, command, x1, y1, x2, y2] of commands.slice(1)) {
    const first = { x: Number(x1), y: Number(y1) };
    if (command === 'L') {
      segments.push({ kind: 'L', from: at, to: first, length: Math.hypot(first.x - at.x, first.y - at.y) });
      at = first;
    } else if (command === 'Q' && x2 !== undefined && y2 !== undefined) {
      const to = { x: Number(x2), y: Number(y2) };
      segments.push({ kind: 'Q', from: at, control: first, to, length: quadLength(at, first, to) });
      at = to;
    } else return null;
  }
  return segments.some((s) => [s.from.x, s.from.y, s.to.x, s.to.y].some((n) => !Number.isFinite(n))) ? null : segments;
}

/** Where a straight segment is inside `rect`: the share of its length at which it enters and leaves (Liang–Barsky), or null. */
function clipSegment(from: Point, to: Point, rect: Rect): [number, number] | null {
  let t0 = 0;
  let t1 = 1;
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const edges: Array<[number, number]> = [
    [-dx, from.x - rect.x],
    [dx, rect.x + rect.width - from.x],
    [-dy, from.y - rect.y],
    [dy, rect.y + rect.height - from.y],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const r = q / p;
      if (p < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
    }
  }
  return t0 <= t1 ? [t0, t1] : null;
}

const round = (n: number) => Math.round(n * 100) / 100;
const along = (s: { from: Point; to: Point }, t: number) => `${round(s.from.x + (s.to.x - s.from.x) * t)} ${round(s.from.y + (s.to.y - s.from.y) * t)}`;

/**
 * The part of a route inside `rect`, as a path. Dashing a line costs its whole length even off
 * screen, and a line to a node 20,000 px away, dashed, was most of the cost of panning a large map
 * in software; its part on the screen costs what is seen. Each piece starts a whole number of
 * `period`s (the dash pattern's length) along the route, so the dashes do not crawl as the part
 * drawn changes. Whole corners only; a route that is not React Flow's step route is returned as is.
 */
export function clipRoute(path: string, rect: Rect, period: number): string {
  const segments = routeSegments(path);
  if (!segments) return path;
  let out = '';
  let travelled = 0;
  let pen: Point | null = null;
  for (const segment of segments) {
    if (segment.kind === 'Q') {
      // A corner is drawn when the line reaching it is.
      if (pen === segment.from) {
        out += `Q${segment.control.x} ${segment.control.y} ${segment.to.x} ${segment.to.y}`;
        pen = segment.to;
      } else pen = null;
    } else {
      const inside = segment.length > 0 ? clipSegment(segment.from, segment.to, rect) : null;
      if (inside) {
        const [t0, t1] = inside;
        if (pen !== segment.from || t0 > 0) {
          const start = Math.max(travelled, Math.floor((travelled + t0 * segment.length) / period) * period);
          out += `M${along(segment, (start - travelled) / segment.length)}`;
        }
        out += `L${along(segment, t1)}`;
        pen = t1 === 1 ? segment.to : null;
      } else pen = null;
    }
    travelled += segment.length;
  }
  return out;
}

/** A whole number of every dash pattern's length in styles.css (6 4 and 2 4). */
export const DASH_PERIOD = 30;

/**
 * The part of the canvas lines are clipped to: the screen and a screen's size around it, on a grid
 * of powers of two, so that it changes (and lines are redrawn) only when the view has moved far.
 */
export function clipRect(transform: readonly [number, number, number], width: number, height: number): Rect {
  const view = viewRect(transform, width, height);
  const cell = 2 ** Math.ceil(Math.log2(Math.max(view.width, view.height, 1)));
  const x = (Math.floor(view.x / cell) - 1) * cell;
  const y = (Math.floor(view.y / cell) - 1) * cell;
  const right = (Math.ceil((view.x + view.width) / cell) + 1) * cell;
  const bottom = (Math.ceil((view.y + view.height) / cell) + 1) * cell;
  return { x, y, width: right - x, height: bottom - y };
}

export const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
export const clipSelector = (state: ReactFlowState): Rect => clipRect(state.transform, state.width || 1, state.height || 1);
