import type { MapEditor, Position } from '@qms/model';
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { requestTitleEdit } from './edit-request';
import type { MapFlowEdge, MapFlowNode } from './flow-state';
import { useFocusNode } from './focus';
import { DEFAULT_NODE_SIZE, centredAt, freeSpot, occupiedRects, roundPosition, unitBlockSize, viewCentre } from './geometry';
import { useCurrentView } from './use-view';

/**
 * Adding a node of some kind: at a spot of the map (a double-click), or in the middle of the view
 * (the toolbar), moved to the nearest free spot so it covers nobody; then it is brought into view
 * and its title opened for typing.
 */
export function useAddNode(editor: MapEditor) {
  const flow = useReactFlow<MapFlowNode, MapFlowEdge>();
  const focus = useFocusNode();
  const currentView = useCurrentView();

  const addAt = useCallback(
    (kind: string, desired: Position) => {
      const size = kind === 'unit' ? unitBlockSize([]) : DEFAULT_NODE_SIZE;
      const position = freeSpot(roundPosition(desired), occupiedRects(flow.getNodes()), size);
      const id = editor.addNode({ kind, title: '', position });
      requestAnimationFrame(() => {
        focus(id, { zoom: false });
        requestTitleEdit(id);
      });
      return id;
    },
    [editor, flow, focus],
  );

  const addInView = useCallback((kind: string) => addAt(kind, centredAt(viewCentre(currentView()))), [addAt, currentView]);

  return { addAt, addInView };
}
