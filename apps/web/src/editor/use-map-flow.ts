import { MapView, moveNodes, type MapSnapshot } from '@qms/model';
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../sync/map-connection';
import { ThrottledMoves, mergeEdges, mergeNodes, type Lens, type MapFlowEdge, type MapFlowNode, type NodeBadge } from './flow-state';

/** The live snapshot of a map document, re-read only where it changed. */
export function useMapSnapshot(doc: Y.Doc): MapSnapshot {
  const view = useMemo(() => new MapView(doc), [doc]);
  useEffect(() => () => view.destroy(), [view]);
  const subscribe = useCallback((onChange: () => void) => view.subscribe(onChange), [view]);
  return useSyncExternalStore(subscribe, () => view.snapshot);
}

interface Options {
  lens: Lens;
  badges: ReadonlyMap<string, NodeBadge>;
  edgeLabel: (kind: string) => string;
}

/**
 * Binds React Flow to a map document: renders from the document, keeps selection and drag state
 * local, and writes only on intents (a drag, throttled; the drop, always).
 */
export function useMapFlow(doc: Y.Doc, snapshot: MapSnapshot, { lens, badges, edgeLabel }: Options) {
  const [nodes, setNodes] = useState<MapFlowNode[]>(() => mergeNodes([], { nodes: snapshot.nodes, edges: snapshot.edges, lens, badges }));
  const [edges, setEdges] = useState<MapFlowEdge[]>(() => mergeEdges([], { edges: snapshot.edges, lens }, edgeLabel));
  useLayoutEffect(
    () => setNodes((previous) => mergeNodes(previous, { nodes: snapshot.nodes, edges: snapshot.edges, lens, badges })),
    [snapshot.nodes, snapshot.edges, lens, badges],
  );
  useLayoutEffect(() => setEdges((previous) => mergeEdges(previous, { edges: snapshot.edges, lens }, edgeLabel)), [snapshot.edges, lens, edgeLabel]);

  const moves = useMemo(() => new ThrottledMoves((batch) => moveNodes(doc, batch, LOCAL_ORIGIN)), [doc]);
  useEffect(() => () => moves.dispose(), [moves]);

  const onNodesChange = useCallback(
    (changes: NodeChange<MapFlowNode>[]) => {
      // Removals go through onDelete → the document; the document then removes them here.
      const local = changes
        .filter((change) => change.type !== 'remove' && change.type !== 'add' && change.type !== 'replace')
        .map((change) =>
          // The drop lands on whole pixels, as written to the document, so every browser agrees.
          change.type === 'position' && change.position && change.dragging === false
            ? { ...change, position: { x: Math.round(change.position.x), y: Math.round(change.position.y) } }
            : change,
        );
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

  const selectOnly = useCallback((ids: readonly string[]) => {
    const chosen = new Set(ids);
    setNodes((current) => current.map((n) => (Boolean(n.selected) === chosen.has(n.id) ? n : { ...n, selected: chosen.has(n.id) })));
    setEdges((current) => current.map((e) => (e.selected ? { ...e, selected: false } : e)));
  }, []);

  return { nodes, edges, onNodesChange, onEdgesChange, selectOnly, flushMoves: () => moves.flush() };
}
