import { Handle, Position, useStore, type NodeProps } from '@xyflow/react';
import { memo, useState, type ComponentType } from 'react';
import { requestTitleEdit, useTitleEditPending } from '../edit-request';
import { SIDE_IN, SIDE_OUT, type MapFlowNode } from '../flow-state';
import { kindColorStyle } from '../kind-look';
import { fadingSelector, useShowsDetail } from '../lod';
import { useTakingTurns } from '../progressive';
import { selectionRings } from './NodeShell';

/**
 * A node zoomed out: its frame in its kind's colour and its code, at the size it had in full (so
 * lines and neighbours do not move when the zoom crosses the threshold). Same test ids and data
 * attributes as the full card.
 */
export const SimpleNode = memo(function SimpleNode({ id, data, selected }: Pick<NodeProps<MapFlowNode>, 'id' | 'data' | 'selected'>) {
  const { node, remote } = data;
  // The height it was measured at in full; a unit's block has its size from the document.
  const height = useStore((state) => (node.kind === 'unit' ? undefined : state.nodeLookup.get(id)?.measured.height));
  return (
    <div
      className={`map-node map-node--${node.kind} map-node--simple${node.kind === 'unit' ? ' unit-block' : ''}${selected ? ' is-selected' : ''}`}
      data-testid="map-node"
      data-kind={node.kind}
      data-code={node.code}
      style={{
        ...kindColorStyle(node.kind),
        height,
        // Others' selections, in their colours, as on the full card.
        boxShadow: remote ? selectionRings(remote.colors) : undefined,
      }}
      onDoubleClick={(event) => {
        event.stopPropagation();
        requestTitleEdit(id);
      }}
    >
      <Handle type="target" position={Position.Top} />
      {node.code && <span className="map-node__code">{node.code}</span>}
      <Handle type="source" position={Position.Bottom} />
      <Handle type="source" id={SIDE_OUT} position={Position.Left} isConnectable={false} className="side-handle side-handle--out" />
      <Handle type="target" id={SIDE_IN} position={Position.Left} isConnectable={false} className="side-handle side-handle--in" />
    </div>
  );
});

/**
 * A node kind drawn in full only when the zoom shows detail, or when its title is about to be
 * edited (then it stays in full, so the editor is not taken away). Crossing the threshold, cards
 * switch a few per frame (progressive.ts); while the detail fades in (lod.ts), a full card still
 * shows the plain box's big code over it, so the switch is not seen.
 */
export function withDetail(Full: ComponentType<NodeProps<MapFlowNode>>) {
  const Kind = memo(function DetailOrSimple(props: NodeProps<MapFlowNode>) {
    const detail = useShowsDetail();
    const fading = useStore(fadingSelector);
    const editPending = useTitleEditPending(props.id);
    const [keepFull, setKeepFull] = useState(false);
    if (editPending && !keepFull) setKeepFull(true);
    if (detail && keepFull) setKeepFull(false);
    const full = useTakingTurns(props.id, detail || keepFull, editPending);
    if (!full) return <SimpleNode id={props.id} data={props.data} selected={props.selected} />;
    const { node } = props.data;
    return (
      <>
        <Full {...props} />
        {fading && node.code && (
          <span className={`lod-code${node.kind === 'unit' ? ' lod-code--block' : ''}`} style={kindColorStyle(node.kind)} aria-hidden="true">
            {node.code}
          </span>
        )}
      </>
    );
  });
  Kind.displayName = `WithDetail(${Full.displayName ?? Full.name})`;
  return Kind;
}
