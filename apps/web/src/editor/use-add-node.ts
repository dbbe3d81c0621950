import { childRulesOf, holdsMembers, linkForNew, snapshotOf, type MapEditor, type NewNodeLink, type Position } from '@qms/model';
import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { requestTitleEdit } from './edit-request';
import type { MapFlowEdge, MapFlowNode } from './flow-state';
import { useFocusNode } from './focus';
import { DEFAULT_NODE_SIZE, absolutePosition, centredAt, childSpot, freeSpot, nextSlotIn, occupiedRects, roundPosition, sizeOf, unitBlockSize, viewCentre } from './geometry';
import { useCurrentView } from './use-view';

/**
 * Adding a node of some kind, linked the way the tree allows (model: `linkForNew`) so that nothing
 * added from the toolbar or keyboard is an orphan: near the node it links to, else at a spot of
 * the map (a double-click) or in the middle of the view (the toolbar), moved to the nearest free
 * spot so it covers nobody; then it is brought into view and its title opened for typing.
 */
export function useAddNode(editor: MapEditor) {
  const flow = useReactFlow<MapFlowNode, MapFlowEdge>();
  const focus = useFocusNode();
  const currentView = useCurrentView();

  /** Where a node linked so goes: in the unit's block, or below the node it links to. */
  const spotBeside = useCallback(
    (link: NewNodeLink): Position | undefined => {
      const nodes = flow.getNodes();
      const target = flow.getNode(link.target);
      // Inside a block (an outcome in a unit); below a card otherwise (a unit in its group).
      if (link.link === 'partOf' && (!target || holdsMembers(target.data.node.kind))) return nextSlotIn(link.target, nodes);
      if (!target) return undefined;
      const base = { ...absolutePosition(target, (id) => flow.getNode(id)), ...sizeOf(target) };
      const children = snapshotOf(editor.doc).edges.filter((e) => e.target === link.target && (e.kind === 'childOf' || e.kind === 'covers')).length;
      return freeSpot(childSpot(base, children), occupiedRects(nodes));
    },
    [editor, flow],
  );

  const create = useCallback(
    (kind: string, link: NewNodeLink | undefined, desired: Position) => {
      const size = kind === 'unit' ? unitBlockSize([]) : DEFAULT_NODE_SIZE;
      const position = (link && spotBeside(link)) ?? freeSpot(roundPosition(desired), occupiedRects(flow.getNodes()), size);
      // A new map's first qualification is named like the map (selected, to keep or type over).
      const snapshot = snapshotOf(editor.doc);
      const first = kind === 'qualification' && !snapshot.nodes.some((n) => n.kind === 'qualification');
      const title = first ? snapshot.meta.title : '';
      const id = editor.addLinked({ kind, position, title }, link);
      requestAnimationFrame(() => {
        focus(id, { zoom: false });
        requestTitleEdit(id, { fresh: true });
      });
      return id;
    },
    [editor, flow, focus, spotBeside],
  );

  /** The one selected node, the one new nodes link to. */
  const selectedId = useCallback(() => {
    const selected = flow.getNodes().filter((n) => n.selected && !n.hidden);
    return selected.length === 1 ? selected[0]!.id : undefined;
  }, [flow]);

  const addAt = useCallback(
    (kind: string, desired: Position) => create(kind, linkForNew(snapshotOf(editor.doc), kind, selectedId()), desired),
    [create, editor, selectedId],
  );

  const addInView = useCallback((kind: string) => addAt(kind, centredAt(viewCentre(currentView()))), [addAt, currentView]);

  /** A child of a node (Tab): its natural kind, or another the tree allows (the Tab menu). */
  const addChildOf = useCallback(
    (parent: MapFlowNode, kind?: string) => {
      const rules = childRulesOf(parent.data.node.kind);
      const rule = kind === undefined ? rules[0] : rules.find((r) => r.kind === kind);
      if (!rule) return undefined;
      return create(rule.kind, { link: rule.link, target: parent.id }, parent.position);
    },
    [create],
  );

  return { addAt, addInView, addChildOf };
}
