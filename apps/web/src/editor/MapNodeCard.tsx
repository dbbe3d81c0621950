import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapFlowNode } from './flow-state';
import { useMapDoc } from './map-context';
import { TitleEditor } from './TitleEditor';

/** One node on the canvas: its kind, its title (double-click to edit), and handles to link it. */
export const MapNodeCard = memo(function MapNodeCard({ id, data, selected }: NodeProps<MapFlowNode>) {
  const { t } = useTranslation();
  const doc = useMapDoc();
  const [editing, setEditing] = useState(false);
  const { kind, title } = data.node;
  return (
    <div
      className={`map-node map-node--${kind}${selected ? ' is-selected' : ''}`}
      data-testid="map-node"
      data-kind={kind}
      onDoubleClick={(event) => {
        event.stopPropagation();
        setEditing(true);
      }}
      title={editing ? undefined : t('editor.renameHint')}
    >
      <Handle type="target" position={Position.Top} />
      <div className="map-node__kind">{t(`kind.${kind}`, { defaultValue: kind })}</div>
      {editing ? (
        <TitleEditor doc={doc} nodeId={id} label={t('editor.renameHint')} onDone={() => setEditing(false)} />
      ) : (
        <div className={`map-node__title${title ? '' : ' is-empty'}`}>{title || t('editor.untitled')}</div>
      )}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
});
