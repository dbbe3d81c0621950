import { getViewportForBounds, type Rect, type Viewport } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';
import type { MapFlowEdge, MapFlowNode } from './flow-state';

/** The largest side of a whole-map picture, in CSS pixels (before the resolution). */
const MAX_SIDE = 4000;
/** Browsers refuse canvases much larger than this on a side. */
const MAX_CANVAS_SIDE = 16_000;
const PADDING = 40;

export type PictureKind = 'png' | 'svg';

export interface PictureOptions {
  /** The whole map, or what the canvas shows now. */
  area: 'map' | 'view';
  /** Pixels per CSS pixel of a PNG (1×, 2×, 3× for slides); an SVG has no resolution. */
  resolution: number;
  /** Check badges (errors and warnings) on the cards: off by default, a picture is for reading. */
  checks: boolean;
}

export const DEFAULT_PICTURE: PictureOptions = { area: 'map', resolution: 2, checks: false };

/** Where the picture's camera is: its size in CSS pixels and the transform of the map inside it. */
export interface Frame {
  width: number;
  height: number;
  viewport: Viewport;
}

/**
 * The map as printed: no one's selection, presence, review or comment marks, check badges only
 * when asked for. Sizes are measured again by the print canvas (full text makes cards taller).
 */
export function printedNodes(nodes: readonly MapFlowNode[], checks: boolean): MapFlowNode[] {
  return nodes.map(({ measured: _measured, ...node }) => ({
    ...node,
    selected: false,
    dragging: false,
    data: { ...node.data, remote: null, review: null, comments: null, badge: checks ? node.data.badge : null },
  }));
}

export function printedEdges(edges: readonly MapFlowEdge[]): MapFlowEdge[] {
  return edges.map((edge) => ({ ...edge, selected: false, animated: false }));
}

/** The whole map, scaled down only when it would be larger than MAX_SIDE. */
export function mapFrame(bounds: Rect): Frame {
  const scale = Math.min(1, MAX_SIDE / Math.max(bounds.width, bounds.height, 1));
  const width = Math.ceil(bounds.width * scale) + 2 * PADDING;
  const height = Math.ceil(bounds.height * scale) + 2 * PADDING;
  return { width, height, viewport: getViewportForBounds(bounds, width, height, scale, scale, PADDING) };
}

/** The resolution a PNG of this frame can have in a browser (3× of a huge map would fail). */
export function pixelRatioFor(frame: Pick<Frame, 'width' | 'height'>, resolution: number): number {
  return Math.max(0.1, Math.min(resolution, MAX_CANVAS_SIDE / Math.max(frame.width, frame.height)));
}

const PAINT = ['stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'fill', 'fill-opacity', 'opacity'] as const;

/**
 * html-to-image copies the computed styles of HTML elements but not of the shapes inside an SVG,
 * and a picture carries no style sheet: lines styled by class (`.react-flow__edge-path`) would be
 * drawn without a stroke, that is not at all. Their paint is written on them instead.
 */
export function inlineSvgPaint(root: Element): void {
  for (const shape of root.querySelectorAll<SVGGraphicsElement>('svg path, svg circle, svg rect, svg polyline, svg line, svg text')) {
    const computed = getComputedStyle(shape);
    for (const property of PAINT) shape.style.setProperty(property, computed.getPropertyValue(property));
  }
}

/**
 * Draws the print canvas's viewport element (see PrintCanvas) through the frame: html-to-image
 * copies it with its computed styles, so the picture looks like the screen.
 */
export async function drawPicture(viewport: HTMLElement, frame: Frame, kind: PictureKind, resolution: number): Promise<string> {
  const { width, height, viewport: at } = frame;
  inlineSvgPaint(viewport);
  const options = {
    backgroundColor: '#ffffff',
    width,
    height,
    pixelRatio: kind === 'png' ? pixelRatioFor(frame, resolution) : 1,
    style: { width: `${width}px`, height: `${height}px`, transform: `translate(${at.x}px, ${at.y}px) scale(${at.zoom})` },
    // Link handles are for editing, not for a report.
    filter: (element: HTMLElement) => !element.classList?.contains('react-flow__handle'),
  };
  return kind === 'png' ? toPng(viewport, options) : toSvg(viewport, options);
}

/** Saves a blob or data URL under a file name, as a browser download. */
export function saveAs(data: Blob | string, fileName: string): void {
  const url = typeof data === 'string' ? data : URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
