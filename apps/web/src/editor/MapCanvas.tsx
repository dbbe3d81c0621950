import { NODE_KINDS, addNode, connect, relationBetween, removeElements, type NodeKind } from '@qms/model';
import {
  Background,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type FinalConnectionState,
  type IsValidConnection,
  type OnDelete,
} from '@xyflow/react';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../sync/map-connection';
import type { MapFlowEdge, MapFlowNode } from './flow-state';
import { MapDocContext } from './map-context';
import { MapNodeCard } from './MapNodeCard';
import { DEFAULT_NODE_SIZE, freeSpot } from './placement';
import { useMapFlow } from './use-map-flow';

// Outside the component: React Flow re-mounts every node if this object changes.
const nodeTypes = { mapNode: MapNodeCard };
const DELETE_KEYS = ['Backspace', 'Delete'];
// Fitting never zooms in past 100 %: a map with one node should not fill the screen.
const FIT_VIEW = { padding: 0.15, maxZoom: 1 };

interface Notice {
  text: string;
  x: number;
  y: number;
}

export function MapCanvas({ doc }: { doc: Y.Doc }) {
  const { t } = useTranslation();
  const flow = useReactFlow<MapFlowNode, MapFlowEdge>();
  const edgeLabel = useCallback((kind: string) => t(`edge.${kind}`, { defaultValue: kind }), [t]);
  const { nodes, edges, onNodesChange, onEdgesChange } = useMapFlow(doc, edgeLabel);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastPointer = useRef({ x: 0, y: 0 });

  const showNotice = useCallback((text: string, x: number, y: number) => {
    setNotice({ text, x, y });
    if (noticeTimer.current) clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => setNotice(null), 3500);
  }, []);

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
      const result = connect(doc, { kind: relation.kind, source: relation.source, target: relation.target }, LOCAL_ORIGIN);
      if (!result.ok) showNotice(t('editor.cannotLink', { message: result.message }), lastPointer.current.x, lastPointer.current.y);
    },
    [doc, kindOf, showNotice, t],
  );

  // Say why, right where the pointer let go, when a link was refused.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!state.toNode || state.isValid || !state.fromNode) return;
      const relation = relationBetween(
        { id: state.fromNode.id, kind: kindOf(state.fromNode.id) },
        { id: state.toNode.id, kind: kindOf(state.toNode.id) },
      );
      if (relation.ok) return;
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
      const from = t(`kind.${kindOf(state.fromNode.id)}`);
      const to = t(`kind.${kindOf(state.toNode.id)}`);
      showNotice(t('editor.cannotLink', { message: `${from} → ${to}` }), point.clientX, point.clientY);
    },
    [kindOf, showNotice, t],
  );

  const onDelete: OnDelete<MapFlowNode, MapFlowEdge> = useCallback(
    ({ nodes: goneNodes, edges: goneEdges }) => {
      removeElements(doc, { nodeIds: goneNodes.map((n) => n.id), edgeIds: goneEdges.map((e) => e.id) }, LOCAL_ORIGIN);
    },
    [doc],
  );

  const addAt = useCallback(
    (kind: NodeKind, desired: { x: number; y: number }) => {
      const occupied = flow.getNodes().map((n) => ({
        ...n.position,
        width: n.measured?.width ?? DEFAULT_NODE_SIZE.width,
        height: n.measured?.height ?? DEFAULT_NODE_SIZE.height,
      }));
      const position = freeSpot({ x: Math.round(desired.x), y: Math.round(desired.y) }, occupied);
      const id = addNode(doc, { kind, title: '', position }, LOCAL_ORIGIN);
      // Select the new node alone, so that typing a title or pressing Delete acts on it.
      flow.setNodes((current) => current.map((n) => (n.selected ? { ...n, selected: false } : n)));
      requestAnimationFrame(() => flow.updateNode(id, { selected: true }));
      return id;
    },
    [doc, flow],
  );

  const addInView = useCallback(
    (kind: NodeKind) => {
      const bounds = document.querySelector('.map-canvas')?.getBoundingClientRect();
      const centre = flow.screenToFlowPosition({
        x: (bounds?.left ?? 0) + (bounds?.width ?? window.innerWidth) / 2,
        y: (bounds?.top ?? 0) + (bounds?.height ?? window.innerHeight) / 2,
      });
      addAt(kind, { x: centre.x - DEFAULT_NODE_SIZE.width / 2, y: centre.y - DEFAULT_NODE_SIZE.height / 2 });
    },
    [addAt, flow],
  );

  return (
    <MapDocContext.Provider value={doc}>
      <div className="map-toolbar" role="toolbar" aria-label={t('editor.add')}>
        <span className="map-toolbar__label">{t('editor.add')}</span>
        {NODE_KINDS.map((kind) => (
          <button key={kind} type="button" className={`kind-button kind-button--${kind}`} onClick={() => addInView(kind)} data-testid={`add-${kind}`}>
            + {t(`kind.${kind}`)}
          </button>
        ))}
        <span className="map-toolbar__hint">{t('editor.addHint')}</span>
      </div>
      <div
        className="map-canvas"
        onPointerMove={(event) => {
          lastPointer.current = { x: event.clientX, y: event.clientY };
        }}
      >
        <ReactFlow<MapFlowNode, MapFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onDelete={onDelete}
          connectionMode={ConnectionMode.Loose}
          deleteKeyCode={DELETE_KEYS}
          zoomOnDoubleClick={false}
          onDoubleClick={(event) => {
            // Double-click on empty canvas: a new work action right there.
            if (!(event.target as HTMLElement).classList.contains('react-flow__pane')) return;
            addAt('workAction', flow.screenToFlowPosition({ x: event.clientX - 110, y: event.clientY - 30 }));
          }}
          fitView
          fitViewOptions={FIT_VIEW}
          minZoom={0.1}
          maxZoom={2.5}
          defaultEdgeOptions={{ type: 'smoothstep' }}
          proOptions={{ hideAttribution: false }}
        >
          <Background gap={24} />
          <Controls fitViewOptions={FIT_VIEW} />
          <MiniMap pannable zoomable nodeClassName={(node) => `minimap-node minimap-node--${(node as MapFlowNode).data.node.kind}`} />
        </ReactFlow>
        {notice && (
          <div className="pointer-notice" role="alert" style={{ left: notice.x + 12, top: notice.y + 12 }}>
            {notice.text}
          </div>
        )}
      </div>
    </MapDocContext.Provider>
  );
}
