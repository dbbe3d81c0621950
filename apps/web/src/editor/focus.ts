import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import type { MapFlowEdge, MapFlowNode } from './flow-state';
import { DEFAULT_NODE_SIZE, containsRect, visibleRect } from './geometry';
import { useSelection, type Selection } from './selection';
import { useCurrentView } from './use-view';

/**
 * Selects one node alone and brings it into view: zoomed to it (checks panel, search), or just
 * panned to if it is out of sight (a node just created).
 */
export function useFocusNode() {
  return useFocusNodeWith(useSelection());
}

/** The same, for the component that provides the selection itself. */
export function useFocusNodeWith(selection: Selection) {
  const flow = useReactFlow<MapFlowNode, MapFlowEdge>();
  const currentView = useCurrentView();
  return useCallback(
    (nodeId: string, options: { zoom?: boolean } = {}) => {
      selection.selectOnly([nodeId]);
      // After the selection renders, so that a node just created has been measured.
      requestAnimationFrame(() => {
        if (options.zoom !== false) {
          void flow.fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1.1, padding: 0.6 });
          return;
        }
        // Without zooming: pan only if the node is (partly) out of view, e.g. a child added below.
        const node = flow.getInternalNode(nodeId);
        if (!node) return;
        const { x, y } = node.internals.positionAbsolute;
        const width = node.measured.width ?? DEFAULT_NODE_SIZE.width;
        const height = node.measured.height ?? DEFAULT_NODE_SIZE.height;
        if (!containsRect(visibleRect(currentView()), { x, y, width, height })) {
          void flow.setCenter(x + width / 2, y + height / 2, { zoom: flow.getZoom(), duration: 250 });
        }
      });
    },
    [flow, selection, currentView],
  );
}
