import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';

/** The largest side of an exported picture, in CSS pixels (before the pixel ratio). */
const MAX_SIDE = 4000;
const PADDING = 40;

/**
 * The whole map as a picture for slides and reports: the canvas is re-rendered off-screen at a
 * scale where every visible node fits, without the controls, minimap and background dots.
 */
export async function mapImage(nodes: readonly Node[], kind: 'png' | 'svg'): Promise<string> {
  const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!viewport) throw new Error('The canvas is not on screen.');
  const visible = nodes.filter((n) => !n.hidden);
  if (visible.length === 0) throw new Error('The map is empty: there is nothing to draw.');
  const bounds = getNodesBounds(visible);
  const scale = Math.min(1, MAX_SIDE / Math.max(bounds.width, bounds.height));
  const width = Math.ceil(bounds.width * scale) + 2 * PADDING;
  const height = Math.ceil(bounds.height * scale) + 2 * PADDING;
  const transform = getViewportForBounds(bounds, width, height, scale, scale, PADDING);
  const options = {
    backgroundColor: '#ffffff',
    width,
    height,
    pixelRatio: kind === 'png' ? 2 : 1,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${transform.x}px, ${transform.y}px) scale(${transform.zoom})`,
    },
    // Editing handles are for the screen, not for a report.
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
