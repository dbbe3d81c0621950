import { Panel, useReactFlow, useStore, useStoreApi, type InternalNode, type ReactFlowState } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEvent, type WheelEvent } from 'react';
import type { MapNodeData } from './flow-state';
import { kindColor } from './kind-look';

/** The minimap's size on screen (as React Flow's own). */
export const MINIMAP_WIDTH = 200;
export const MINIMAP_HEIGHT = 150;
/** Least time between two drawings of the nodes while they keep changing (a drag, someone's moves). */
const REDRAW_MS = 250;
const UNKNOWN_KIND_COLOR = '#9ca3af';
/** A node not measured yet (never mounted on a large map): about a card's size. */
const DEFAULT_SIZE = { width: 200, height: 64 };

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where flow coordinates land in the minimap: the bounds fitted and centred in it. */
export interface MinimapFit {
  bounds: Bounds;
  scale: number;
  offsetX: number;
  offsetY: number;
}

export function fitBounds(bounds: Bounds, width = MINIMAP_WIDTH, height = MINIMAP_HEIGHT): MinimapFit {
  const scale = Math.min(width / Math.max(bounds.width, 1), height / Math.max(bounds.height, 1));
  return { bounds, scale, offsetX: (width - bounds.width * scale) / 2, offsetY: (height - bounds.height * scale) / 2 };
}

/** The flow point under a point of the minimap (pixels from its top left corner). */
export function flowPointAt(fit: MinimapFit, x: number, y: number): { x: number; y: number } {
  return { x: fit.bounds.x + (x - fit.offsetX) / fit.scale, y: fit.bounds.y + (y - fit.offsetY) / fit.scale };
}

/** The rectangles to draw: every node shown on the canvas, where React Flow has it, in its kind's colour. */
export function minimapBoxes(lookup: ReadonlyMap<string, InternalNode>): Array<Bounds & { color: string; block: boolean }> {
  const boxes: Array<Bounds & { color: string; block: boolean }> = [];
  for (const node of lookup.values()) {
    if (node.hidden) continue;
    const { x, y } = node.internals.positionAbsolute;
    const width = node.measured.width ?? node.width ?? DEFAULT_SIZE.width;
    const height = node.measured.height ?? node.height ?? DEFAULT_SIZE.height;
    const kind = (node.data as Partial<MapNodeData>).node?.kind ?? '';
    boxes.push({ x, y, width, height, color: kindColor(kind) ?? UNKNOWN_KIND_COLOR, block: node.type === 'unit' });
  }
  return boxes;
}

export function boundsOf(boxes: readonly Bounds[]): Bounds {
  if (boxes.length === 0) return { x: 0, y: 0, width: 1, height: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const box of boxes) {
    minX = Math.min(minX, box.x);
    minY = Math.min(minY, box.y);
    maxX = Math.max(maxX, box.x + box.width);
    maxY = Math.max(maxY, box.y + box.height);
  }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

const nodesOfState = (state: ReactFlowState) => state.nodes;
const transformOfState = (state: ReactFlowState) => state.transform;
const widthOfState = (state: ReactFlowState) => state.width;
const heightOfState = (state: ReactFlowState) => state.height;

/**
 * The minimap of a large map, drawn on a canvas: React Flow's own keeps a subscription per node,
 * and at thousands of nodes running them on every frame of a zoom, a drag or someone's move
 * cost a third of the main thread. The nodes are drawn at most every REDRAW_MS; the view's
 * frame on every move. Drag or click to go there, the wheel zooms.
 */
export function CanvasMiniMap({ label }: { label: string }) {
  const nodes = useStore(nodesOfState);
  const transform = useStore(transformOfState);
  const paneWidth = useStore(widthOfState);
  const paneHeight = useStore(heightOfState);
  const store = useStoreApi();
  const flow = useReactFlow();
  const canvas = useRef<HTMLCanvasElement>(null);
  const layer = useRef<{ image: HTMLCanvasElement; fit: MinimapFit } | null>(null);
  const [drawn, setDrawn] = useState(0);
  const lastDraw = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const ratio = typeof window === 'undefined' ? 1 : Math.min(window.devicePixelRatio || 1, 2);

  const drawNodes = useCallback(() => {
    pending.current = null;
    lastDraw.current = performance.now();
    const boxes = minimapBoxes(store.getState().nodeLookup);
    const fit = fitBounds(boundsOf(boxes));
    const image = layer.current?.image ?? document.createElement('canvas');
    image.width = MINIMAP_WIDTH * ratio;
    image.height = MINIMAP_HEIGHT * ratio;
    const context = image.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, MINIMAP_WIDTH, MINIMAP_HEIGHT);
    for (const box of boxes) {
      context.globalAlpha = box.block ? 0.25 : 1;
      context.fillStyle = box.color;
      context.fillRect(fit.offsetX + (box.x - fit.bounds.x) * fit.scale, fit.offsetY + (box.y - fit.bounds.y) * fit.scale, Math.max(1, box.width * fit.scale), Math.max(1, box.height * fit.scale));
    }
    layer.current = { image, fit };
    setDrawn((n) => n + 1);
  }, [store, ratio]);

  // The nodes changed: draw them now, or once REDRAW_MS have passed since the last drawing.
  useEffect(() => {
    if (pending.current) return;
    const wait = Math.max(0, lastDraw.current + REDRAW_MS - performance.now());
    pending.current = setTimeout(drawNodes, wait);
  }, [nodes, drawNodes]);
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );

  // The view's frame, over the nodes, on every move.
  useLayoutEffect(() => {
    const target = canvas.current;
    const context = target?.getContext('2d');
    const nodesLayer = layer.current;
    if (!target || !context || !nodesLayer) return;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, target.width, target.height);
    context.drawImage(nodesLayer.image, 0, 0);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    const { fit } = nodesLayer;
    const [tx, ty, zoom] = transform;
    const x = fit.offsetX + (-tx / zoom - fit.bounds.x) * fit.scale;
    const y = fit.offsetY + (-ty / zoom - fit.bounds.y) * fit.scale;
    const width = (paneWidth / zoom) * fit.scale;
    const height = (paneHeight / zoom) * fit.scale;
    // Outside the view dimmed, as React Flow's minimap does.
    context.fillStyle = 'rgba(240, 240, 240, 0.6)';
    context.beginPath();
    context.rect(0, 0, MINIMAP_WIDTH, MINIMAP_HEIGHT);
    context.rect(x, y, width, height);
    context.fill('evenodd');
    context.strokeStyle = '#64748b';
    context.lineWidth = 1;
    context.strokeRect(x, y, width, height);
  }, [transform, paneWidth, paneHeight, drawn, ratio]);

  const goTo = useCallback(
    (event: PointerEvent<HTMLCanvasElement>) => {
      const fit = layer.current?.fit;
      if (!fit) return;
      const rect = event.currentTarget.getBoundingClientRect();
      const point = flowPointAt(fit, event.clientX - rect.left, event.clientY - rect.top);
      void flow.setCenter(point.x, point.y, { zoom: store.getState().transform[2] });
    },
    [flow, store],
  );
  const onPointerDown = useCallback(
    (event: PointerEvent<HTMLCanvasElement>) => {
      event.currentTarget.setPointerCapture(event.pointerId);
      goTo(event);
    },
    [goTo],
  );
  const onPointerMove = useCallback(
    (event: PointerEvent<HTMLCanvasElement>) => {
      if (event.buttons & 1) goTo(event);
    },
    [goTo],
  );
  const onWheel = useCallback(
    (event: WheelEvent<HTMLCanvasElement>) => {
      void (event.deltaY < 0 ? flow.zoomIn() : flow.zoomOut());
    },
    [flow],
  );

  return (
    <Panel position="bottom-right" className="react-flow__minimap canvas-minimap" data-testid="canvas-minimap">
      <canvas
        ref={canvas}
        width={MINIMAP_WIDTH * ratio}
        height={MINIMAP_HEIGHT * ratio}
        style={{ width: MINIMAP_WIDTH, height: MINIMAP_HEIGHT, display: 'block', cursor: 'pointer' }}
        role="img"
        aria-label={label}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onWheel={onWheel}
      />
    </Panel>
  );
}
