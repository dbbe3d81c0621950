import { MapView, moveNodes } from '@qms/model';
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../sync/map-connection';
import { ThrottledMoves, mergeEdges, mergeNodes, type MapFlowEdge, type MapFlowNode } from './flow-state';

/**
 * Binds React Flow to a map document: renders from the document, keeps selection and drag state
 * local, and writes only on intents (a drag, throttled; the drop, always).
 */
export function useMapFlow(doc: Y.Doc, edgeLabel: (kind: string) => string) {
  const view = useMemo(() => new MapView(doc), [doc]);
  useEffect(() => () => view.destroy(), [view]);
  const subscribe = useCallback((onChange: () => void) => view.subscribe(onChange), [view]);
  const snapshot = useSyncExternalStore(subscribe, () => view.snapshot);

  const [nodes, setNodes] = useState<MapFlowNode[]>(() => mergeNodes([], snapshot.nodes));
  const [edges, setEdges] = useState<MapFlowEdge[]>(() => mergeEdges([], snapshot.edges, edgeLabel));
  useLayoutEffect(() => setNodes((previous) => mergeNodes(previous, snapshot.nodes)), [snapshot.nodes]);
  useLayoutEffect(() => setEdges((previous) => mergeEdges(previous, snapshot.edges, edgeLabel)), [snapshot.edges, edgeLabel]);

  const moves = useMemo(() => new ThrottledMoves((batch) => moveNodes(doc, batch, LOCAL_ORIGIN)), [doc]);
  useEffect(() => () => moves.dispose(), [moves]);

  const onNodesChange = useCallback(
    (changes: NodeChange<MapFlowNode>[]) => {
      // Removals go through onDelete → the document; the document then removes them here.
      const local = changes.filter((change) => change.type !== 'remove' && change.type !== 'add' && change.type !== 'replace');
      let dropped = false;
      for (const change of local) {
        if (change.type !== 'position' || !change.position) continue;
        moves.queue(change.id, change.position);
        if (change.dragging === false) dropped = true;
      }
      if (dropped) moves.flush();
      if (local.length > 0) setNodes((current) => applyNodeChanges(local, current));
    },
    [moves],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<MapFlowEdge>[]) => {
    const local = changes.filter((change) => change.type === 'select');
    if (local.length > 0) setEdges((current) => applyEdgeChanges(local, current));
  }, []);

  return { snapshot, nodes, edges, onNodesChange, onEdgesChange, flushMoves: () => moves.flush() };
}
