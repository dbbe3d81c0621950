import { layoutMap, type MapEditor, type MapSnapshot } from '@qms/model';
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import type { MapFlowEdge, MapFlowNode } from './flow-state';
import { FIT_VIEW } from './MapCanvas';

/** "Tidy up": the model's layout, with the cards' sizes as drawn, as one change; then the whole map in view. */
export function useTidyUp(editor: MapEditor, snapshot: MapSnapshot) {
  const flow = useReactFlow<MapFlowNode, MapFlowEdge>();
  return useCallback(() => {
    // Unit blocks are sized by the layout itself, from their outcomes.
    const sizes = new Map(
      flow.getNodes().flatMap((n) => (n.measured?.width && n.measured.height && n.type !== 'unit' ? [[n.id, { width: n.measured.width, height: n.measured.height }] as const] : [])),
    );
    const positions = layoutMap({ nodes: snapshot.nodes, edges: snapshot.edges, sizes });
    editor.moveNodes([...positions].map(([id, position]) => ({ id, position })));
    requestAnimationFrame(() => void flow.fitView({ ...FIT_VIEW, duration: 400 }));
  }, [editor, flow, snapshot]);
}
