import { ReactFlow, ReactFlowProvider, useNodesInitialized, useNodesState, useReactFlow, type Rect } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import type { MapFlowEdge, MapFlowNode } from './flow-state';
import { DEFAULT_EDGE_OPTIONS } from './MapCanvas';
import { nodeTypes } from './nodes/node-types';

/** What a picture is drawn from: the print canvas's viewport element and the map's bounds on it. */
export interface PrintReady {
  viewport: HTMLElement;
  bounds: Rect;
}

interface Props {
  nodes: MapFlowNode[];
  edges: MapFlowEdge[];
  onReady: (ready: PrintReady | null) => void;
}

// No hit areas: a picture has one path per line.
const PRINT_EDGE_OPTIONS = { ...DEFAULT_EDGE_OPTIONS, interactionWidth: 0 };
const NO_KEYS = null;

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** Says when every card is measured and every line drawn (lines follow the cards' measurement). */
function WhenDrawn({ host, onReady }: { host: React.RefObject<HTMLDivElement | null>; onReady: Props['onReady'] }) {
  const measured = useNodesInitialized();
  const flow = useReactFlow<MapFlowNode, MapFlowEdge>();
  useEffect(() => {
    if (!measured) return;
    let cancelled = false;
    void (async () => {
      await document.fonts.ready;
      await nextFrame();
      await nextFrame();
      const viewport = host.current?.querySelector<HTMLElement>('.react-flow__viewport');
      if (cancelled || !viewport) return;
      onReady({ viewport, bounds: flow.getNodesBounds(flow.getNodes().filter((n) => !n.hidden)) });
    })();
    return () => {
      cancelled = true;
      onReady(null);
    };
  }, [measured, flow, host, onReady]);
  return null;
}

/**
 * The map as printed, drawn off-screen for pictures: every card in full (no level of detail, no
 * culling of what is out of view, no clamped text) at 100 %, with every line, and nothing of the
 * people editing it. Its own React Flow, so the editor's view is left as it is.
 */
export function PrintCanvas({ nodes: given, edges, onReady }: Props) {
  const host = useRef<HTMLDivElement>(null);
  // Its own copy of the nodes, which takes their measured sizes (so that it knows when all are measured).
  const [nodes, , onNodesChange] = useNodesState(given);
  return createPortal(
    <div ref={host} className="print-canvas" aria-hidden="true" inert data-testid="print-canvas">
      <ReactFlowProvider>
        <ReactFlow<MapFlowNode, MapFlowEdge>
          nodes={nodes}
          edges={edges}
          onNodesChange={onNodesChange}
          nodeTypes={nodeTypes}
          defaultEdgeOptions={PRINT_EDGE_OPTIONS}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          deleteKeyCode={NO_KEYS}
          selectionKeyCode={NO_KEYS}
          multiSelectionKeyCode={NO_KEYS}
          zoomOnScroll={false}
          panOnDrag={false}
          // Cards are drawn in full only at a readable zoom (lod.ts): the picture is scaled, not the canvas.
          defaultViewport={{ x: 0, y: 0, zoom: 1 }}
          minZoom={1}
          maxZoom={1}
        />
        <WhenDrawn host={host} onReady={onReady} />
      </ReactFlowProvider>
    </div>,
    document.body,
  );
}
