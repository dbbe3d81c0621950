import { kindSpec, relationBetween, type MapSnapshot, type NodeKind } from '@qms/model';
import {
  Background,
  ConnectionMode,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type FinalConnectionState,
  type IsValidConnection,
  type OnDelete,
  type OnNodeDrag,
  type OnSelectionChangeFunc,
} from '@xyflow/react';
import { useCallback, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { CanvasMiniMap } from './canvas-minimap';
import { ChildKindMenu } from './ChildKindMenu';
import { useCollapseToggle } from './collapse';
import { useEditorCommands } from './commands';
import { EditorContext, useEditorOf } from './editor-context';
import { flowLabels } from './flow-labels';
import type { MapFlowEdge, MapFlowNode } from './flow-state';
import { DEFAULT_NODE_SIZE, dropTarget, unitBlockAt } from './geometry';
import { kindColor } from './kind-look';
import { nodeTypes } from './nodes/node-types';
import { edgeTypes } from './clipped-edge';
import { useCulledEdges } from './edge-culling';
import { isLargeMap, useShowsDetail, useShowsOverview } from './lod';
import { DetailBlend } from './lod-blend';
import { OverviewEdges } from './overview-edges';
import { openingFit, viewportFor, type OpeningFit } from './opening-view';
import { usePreferences } from '../preferences';
import { useAddNode } from './use-add-node';
import type { useMapFlow } from './use-map-flow';

const DELETE_KEYS = ['Backspace', 'Delete'];
const NO_EDGES: MapFlowEdge[] = [];
// A narrow hit area: lines cross unit blocks, whose headers must stay clickable.
export const DEFAULT_EDGE_OPTIONS = { type: 'smoothstep', interactionWidth: 8 };
// A large map's lines are drawn only near the screen (clipped-edge.tsx).
const LARGE_MAP_EDGE_OPTIONS = { ...DEFAULT_EDGE_OPTIONS, type: 'clipped' };
// The minimap draws each node in its kind's colour (kind-look.ts); unit blocks see-through.
const minimapNodeClass = (node: MapFlowNode) => `minimap-node minimap-node--${node.data.node.kind}${node.type === 'unit' ? ' minimap-node--block' : ''}`;
const minimapNodeColor = (node: MapFlowNode) => kindColor(node.data.node.kind) ?? '';

/** The dotted grid, only where its dots are far enough apart to help (see lod.ts). */
function CanvasBackground() {
  return useShowsDetail() ? <Background gap={24} /> : null;
}

/**
 * What the editor draws inside the canvas (others' cursors) changes with every pointer move; it is
 * handed over through this slot so that those changes re-render the slot, not the whole canvas.
 */
function useSlot(content: ReactNode) {
  const [slot] = useState(() => {
    let current = content;
    const listeners = new Set<() => void>();
    return {
      get: () => current,
      set(next: ReactNode) {
        if (next === current) return;
        current = next;
        for (const listener of listeners) listener();
      },
      subscribe(listener: () => void) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    };
  });
  useLayoutEffect(() => slot.set(content));
  return slot;
}

function Slot({ slot }: { slot: ReturnType<typeof useSlot> }) {
  return <>{useSyncExternalStore(slot.subscribe, slot.get)}</>;
}
// Fitting never zooms in past 100 %: a map with one node should not fill the screen.
export const FIT_VIEW = { padding: 0.15, maxZoom: 1 };

interface Props {
  /** The document drawn: the open map, or a saved version (then with `readOnly`). */
  doc: Y.Doc;
  snapshot: MapSnapshot;
  /** The canvas state from useMapFlow (owned by the editor, so panels can select nodes too). */
  flowState: ReturnType<typeof useMapFlow>;
  onSelectionChange: (nodeIds: string[]) => void;
  openSearch: () => void;
  openHelp: () => void;
  notify: (message: string, at?: { x: number; y: number }) => void;
  /** Set by the canvas: adds a node of a kind in the middle of the view (the toolbar uses useAddNode instead). */
  addRef?: React.RefObject<((kind: NodeKind) => void) | null>;
  /** A viewer or commenter: look, select, search, but change nothing. */
  readOnly: boolean;
  /** Where this person's pointer is on the map (flow coordinates), or null when it left. */
  onPointer?: (position: { x: number; y: number } | null) => void;
  /** The view moved: by this person's hand (`byUser`) or by the app (follow mode, fit). */
  onViewport?: (viewport: { x: number; y: number; zoom: number }, byUser: boolean) => void;
  /** Folds the map to its first level (true) or unfolds every branch (false); absent where nothing folds. */
  onFoldAll?: (fold: boolean) => void;
  /** Drawn inside the canvas, in its coordinates (other people's cursors). */
  children?: React.ReactNode;
}

/** The pane's size before it is laid out: the window less the side panel and the bars above. */
function paneEstimate() {
  return { width: Math.max(320, window.innerWidth - 380), height: Math.max(240, window.innerHeight - 180) };
}

export function MapCanvas({ doc, snapshot, flowState, onSelectionChange, openSearch, openHelp, notify, addRef, readOnly, onPointer, onViewport, onFoldAll, children }: Props) {
  const { t } = useTranslation();
  const { lens } = usePreferences();
  // Chosen once, on the first render (the map is in sync by then): later changes never move the view.
  const [opening] = useState<OpeningFit>(() => openingFit(snapshot, lens, paneEstimate()));
  const pane = useRef<HTMLDivElement>(null);
  // A large map opens on its qualification and first level, near the top: estimated from the
  // window for the first frame, then from the pane's real size as soon as the canvas is ready.
  const [openingView] = useState(() => (opening.frame ? viewportFor(opening.frame, paneEstimate()) : undefined));
  const onInit = useCallback(
    (instance: { setViewport: (viewport: { x: number; y: number; zoom: number }) => unknown }) => {
      const box = pane.current?.getBoundingClientRect();
      if (opening.frame && box && box.width > 0) void instance.setViewport(viewportFor(opening.frame, { width: box.width, height: box.height }));
    },
    [opening],
  );
  const editor = useEditorOf(doc);
  const flow = useReactFlow<MapFlowNode, MapFlowEdge>();
  const { nodes, edges, onNodesChange, onEdgesChange } = flowState;
  const lastPointer = useRef({ x: 0, y: 0 });
  const tr = useCallback((key: string, params?: Record<string, unknown>) => t(key, params), [t]);
  const notifyHere = useCallback((message: string) => notify(message, lastPointer.current), [notify]);

  const { childMenu, pickChild, closeChildMenu } = useEditorCommands({ editor, snapshot, readOnly, openSearch, openHelp, notify: notifyHere, t: tr, fold: useCollapseToggle() });
  const { addAt, addInView } = useAddNode(editor);
  if (addRef) addRef.current = addInView;

  const kindOf = useCallback((id: string) => flow.getNode(id)?.data.node.kind ?? '', [flow]);

  const isValidConnection: IsValidConnection<MapFlowEdge> = useCallback(
    (connection) => relationBetween({ id: connection.source, kind: kindOf(connection.source) }, { id: connection.target, kind: kindOf(connection.target) }).ok,
    [kindOf],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const relation = relationBetween(
        { id: connection.source, kind: kindOf(connection.source) },
        { id: connection.target, kind: kindOf(connection.target) },
      );
      if (!relation.ok) return;
      const result = editor.connect({ kind: relation.kind, source: relation.source, target: relation.target });
      if (!result.ok) notify(t(`refusal.${result.reason}`, { defaultValue: result.message }), lastPointer.current);
    },
    [editor, kindOf, notify, t],
  );

  // Say why, right where the pointer let go, when a link was refused.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.toNode || state.isValid || !state.fromNode) return;
      const from = kindOf(state.fromNode.id);
      const to = kindOf(state.toNode.id);
      if (relationBetween({ id: state.fromNode.id, kind: from }, { id: state.toNode.id, kind: to }).ok) return;
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
      notify(t('refusal.kinds-mismatch', { source: t(`kind.${from}`), target: t(`kind.${to}`) }), { x: point.clientX, y: point.clientY });
    },
    [kindOf, notify, t],
  );

  const onDelete: OnDelete<MapFlowNode, MapFlowEdge> = useCallback(
    ({ nodes: goneNodes, edges: goneEdges }) => editor.remove({ nodeIds: goneNodes.map((n) => n.id), edgeIds: goneEdges.map((e) => e.id) }),
    [editor],
  );

  // Dropping an outcome on a unit's block puts it in that unit; dropping it outside takes it out.
  // The pointer decides, so a card held by its corner goes where the hand is.
  const dropFor = useCallback(
    (event: MouseEvent | TouchEvent, dragged: MapFlowNode) => {
      if (!kindSpec(dragged.data.node.kind)?.links.partOf) return undefined;
      const internal = flow.getInternalNode(dragged.id);
      if (!internal) return undefined;
      const rect = {
        ...internal.internals.positionAbsolute,
        width: internal.measured.width ?? DEFAULT_NODE_SIZE.width,
        height: internal.measured.height ?? DEFAULT_NODE_SIZE.height,
      };
      const blocks = flow.getNodes().filter((n) => n.type === 'unit' && !n.hidden);
      const at = 'changedTouches' in event ? event.changedTouches[0] : event;
      const pointer = at ? flow.screenToFlowPosition({ x: at.clientX, y: at.clientY }) : undefined;
      return { target: dropTarget({ rect, parentId: dragged.parentId }, blocks, pointer), over: pointer && unitBlockAt(pointer, blocks)?.id };
    },
    [flow],
  );
  // The block that would take the drop is lit while dragging: a class on its element, not React
  // state, so that a drag does not re-render the canvas at every pointer move.
  const lit = useRef<string | undefined>(undefined);
  const light = useCallback((unitId: string | undefined) => {
    if (lit.current === unitId) return;
    const element = (id: string | undefined) => (id ? document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`) : null);
    element(lit.current)?.classList.remove('is-drop-target');
    element(unitId)?.classList.add('is-drop-target');
    lit.current = unitId;
  }, []);
  const onNodeDrag: OnNodeDrag<MapFlowNode> = useCallback(
    (event, dragged) => {
      const drop = dropFor(event, dragged);
      light(drop && drop.over !== dragged.parentId ? drop.over : undefined);
    },
    [dropFor, light],
  );
  const onNodeDragStop: OnNodeDrag<MapFlowNode> = useCallback(
    (event, dragged) => {
      light(undefined);
      const target = dropFor(event, dragged)?.target;
      if (target) editor.placeInUnit(dragged.id, target.unitId, target.position);
    },
    [editor, dropFor, light],
  );

  // React Flow reports the selection again whenever a selected node changes (every frame of a
  // drag); others are told, and the panels re-rendered, only when the ids change.
  const lastSelection = useRef('');
  const onSelection: OnSelectionChangeFunc<MapFlowNode, MapFlowEdge> = useCallback(
    ({ nodes: chosen }) => {
      const ids = chosen.map((n) => n.id);
      const key = ids.join('\u0000');
      if (key === lastSelection.current) return;
      lastSelection.current = key;
      onSelectionChange(ids);
    },
    [onSelectionChange],
  );

  const onPointerMove = useCallback(
    (event: React.PointerEvent) => {
      lastPointer.current = { x: event.clientX, y: event.clientY };
      onPointer?.(flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
    },
    [flow, onPointer],
  );
  const onPointerLeave = useCallback(() => onPointer?.(null), [onPointer]);
  const onDoubleClick = useCallback(
    (event: React.MouseEvent) => {
      // Double-click on empty canvas: a new work action right there.
      if (readOnly || !(event.target as HTMLElement).classList.contains('react-flow__pane')) return;
      addAt('workAction', flow.screenToFlowPosition({ x: event.clientX - DEFAULT_NODE_SIZE.width / 2, y: event.clientY - 30 }));
    },
    [readOnly, addAt, flow],
  );
  const onMove = useCallback(
    (event: MouseEvent | TouchEvent | null, viewport: { x: number; y: number; zoom: number }) => onViewport?.(viewport, event !== null),
    [onViewport],
  );
  const onMoveStart = useCallback(
    (event: MouseEvent | TouchEvent | null, viewport: { x: number; y: number; zoom: number }) => event && onViewport?.(viewport, true),
    [onViewport],
  );
  const slot = useSlot(children);
  // React Flow's labels in the interface language (`t` is a new function when it changes).
  const ariaLabelConfig = useMemo(() => flowLabels(t), [t]);
  // Zoomed out on a large map, lines are one drawing (overview-edges.tsx), not an edge component
  // each; in detail, only lines with an end on the screen are in the page (edge-culling.ts).
  const detail = useShowsDetail();
  const overview = useShowsOverview();
  const large = isLargeMap(nodes.length);
  const culled = useCulledEdges(edges, detail && large);
  const flowEdges = !detail ? NO_EDGES : large ? culled : edges;

  // The canvas is re-rendered only when what it shows or how it reacts changes, not whenever the
  // editor around it re-renders (presence, panels).
  const canvas = useMemo(
    () => (
      <ReactFlow<MapFlowNode, MapFlowEdge>
        nodes={nodes}
        edges={flowEdges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onDelete={onDelete}
        onNodeDrag={onNodeDrag}
        onNodeDragStop={onNodeDragStop}
        onSelectionChange={onSelection}
        connectionMode={ConnectionMode.Loose}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        zoomOnDoubleClick={false}
        onDoubleClick={onDoubleClick}
        fitView={!openingView}
        fitViewOptions={FIT_VIEW}
        defaultViewport={openingView}
        onInit={onInit}
        minZoom={0.05}
        maxZoom={2.5}
        // Only what is in view is in the page: a large map would otherwise be painted whole.
        onlyRenderVisibleElements={large}
        defaultEdgeOptions={large ? LARGE_MAP_EDGE_OPTIONS : DEFAULT_EDGE_OPTIONS}
        onMove={onMove}
        onMoveStart={onMoveStart}
        ariaLabelConfig={ariaLabelConfig}
      >
        <CanvasBackground />
        <DetailBlend />
        {overview && <OverviewEdges edges={edges} />}
        <Controls fitViewOptions={FIT_VIEW}>
          {onFoldAll && (
            <>
              <ControlButton onClick={() => onFoldAll(true)} title={t('branch.collapseAll')} aria-label={t('branch.collapseAll')} data-testid="fold-all">
                ⊟
              </ControlButton>
              <ControlButton onClick={() => onFoldAll(false)} title={t('branch.expandAll')} aria-label={t('branch.expandAll')} data-testid="unfold-all">
                ⊞
              </ControlButton>
            </>
          )}
        </Controls>
        {large ? <CanvasMiniMap label={t('canvas.minimap')} /> : <MiniMap pannable zoomable nodeClassName={minimapNodeClass} nodeColor={minimapNodeColor} />}
        <Slot slot={slot} />
      </ReactFlow>
    ),
    [nodes, edges, flowEdges, overview, large, openingView, onInit, onFoldAll, t, onNodesChange, onEdgesChange, onConnect, onConnectEnd, isValidConnection, onDelete, onNodeDrag, onNodeDragStop, onSelection, readOnly, onDoubleClick, onMove, onMoveStart, slot, ariaLabelConfig],
  );

  return (
    <EditorContext.Provider value={editor}>
      <div className="map-canvas" ref={pane} onPointerMove={onPointerMove} onPointerLeave={onPointerLeave}>
        {canvas}
        {childMenu && <ChildKindMenu menu={childMenu} onPick={pickChild} onClose={closeChildMenu} />}
      </div>
    </EditorContext.Provider>
  );
}
