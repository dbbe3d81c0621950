import { MapView, type MapSnapshot, type Position } from '@qms/model';
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { useEditorOf } from './editor-context';
import { roundPosition } from './geometry';
import {
  foldOf,
  mergeEdges,
  mergeNodes,
  sameNodeKinds,
  type CommentBadge,
  type EdgeMergeMemo,
  type LanguageMark,
  type Lens,
  type MapFlowEdge,
  type MapFlowNode,
  type MergeMemo,
  type NodeBadge,
  type RemoteSelection,
  type ReviewBadge,
} from './flow-state';

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
  remoteSelections?: ReadonlyMap<string, RemoteSelection>;
  remoteDrags?: ReadonlyMap<string, Position>;
  reviewBadges?: ReadonlyMap<string, ReviewBadge>;
  commentBadges?: ReadonlyMap<string, CommentBadge>;
  /** The branches this person has folded (collapse.ts); folding is offered only when given. */
  collapsed?: ReadonlySet<string>;
  /** Shown in a target language: which nodes show the source's text or an outdated translation. */
  languageMarks?: ReadonlyMap<string, LanguageMark>;
  /** The nodes this person is dragging and where (null when the drag ends): shown to others live. */
  onDragging?: (positions: Record<string, Position> | null) => void;
  /** A gesture ended (a drop): the next change is a new undo step. */
  onGestureEnd?: () => void;
}

/**
 * Binds React Flow to a map document: renders from the document (and others' live drags), keeps
 * selection and drag state local, and writes only on intents (the drop of a drag, not every
 * mouse move).
 */
export function useMapFlow(doc: Y.Doc, snapshot: MapSnapshot, options: Options) {
  const editor = useEditorOf(doc);
  const { lens, badges, edgeLabel, remoteSelections, remoteDrags, reviewBadges, commentBadges, collapsed, languageMarks } = options;
  // The nodes as folding sees them: the same list while only positions and texts change.
  const structure = useRef(snapshot.nodes);
  if (!sameNodeKinds(structure.current, snapshot.nodes)) structure.current = snapshot.nodes;
  const nodesForFold = structure.current;
  const fold = useMemo(() => (collapsed ? foldOf(nodesForFold, snapshot.edges, collapsed) : undefined), [nodesForFold, snapshot.edges, collapsed]);
  const input = { nodes: snapshot.nodes, edges: snapshot.edges, lens, badges, remoteSelections, remoteDrags, reviewBadges, commentBadges, fold, languageMarks };
  const memo = useRef<MergeMemo>({});
  const [nodes, setNodes] = useState<MapFlowNode[]>(() => mergeNodes([], input, memo.current));
  const edgeMemo = useRef<EdgeMergeMemo>({});
  const [edges, setEdges] = useState<MapFlowEdge[]>(() => mergeEdges([], { edges: snapshot.edges, nodes: snapshot.nodes, lens, fold }, edgeLabel, edgeMemo.current));
  useLayoutEffect(
    () => setNodes((previous) => mergeNodes(previous, input, memo.current)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [snapshot.nodes, snapshot.edges, lens, badges, remoteSelections, remoteDrags, reviewBadges, commentBadges, fold, languageMarks],
  );
  useLayoutEffect(
    () => setEdges((previous) => mergeEdges(previous, { edges: snapshot.edges, nodes: snapshot.nodes, lens, fold }, edgeLabel, edgeMemo.current)),
    [snapshot.edges, snapshot.nodes, lens, edgeLabel, fold],
  );

  // A drag is shown to others through awareness while it lasts; the document gets the drop only.
  const dragging = useRef(new Map<string, Position>());
  const callbacks = useRef(options);
  callbacks.current = options;

  const onNodesChange = useCallback(
    (changes: NodeChange<MapFlowNode>[]) => {
      // Removals go through onDelete → the document; the document then removes them here.
      const local = changes
        .filter((change) => change.type !== 'remove' && change.type !== 'add' && change.type !== 'replace')
        .map((change) =>
          // Positions land on whole pixels, as written to the document, so every browser agrees.
          change.type === 'position' && change.position ? { ...change, position: roundPosition(change.position) } : change,
        );
      const drops: Array<{ id: string; position: Position }> = [];
      let moved = false;
      for (const change of local) {
        if (change.type !== 'position' || !change.position) continue;
        if (change.dragging) {
          dragging.current.set(change.id, change.position);
          moved = true;
        } else {
          drops.push({ id: change.id, position: change.position });
          dragging.current.delete(change.id);
        }
      }
      if (moved) callbacks.current.onDragging?.(Object.fromEntries(dragging.current));
      if (drops.length > 0) {
        editor.moveNodes(drops);
        callbacks.current.onGestureEnd?.();
        if (dragging.current.size === 0) callbacks.current.onDragging?.(null);
      }
      if (local.length > 0) setNodes((current) => applyNodeChanges(local, current));
    },
    [editor],
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

  return { nodes, edges, onNodesChange, onEdgesChange, selectOnly };
}
