import { analyseVerb, readMeta } from '@qms/model';
import type { NodeProps } from '@xyflow/react';
import { memo, useMemo, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { MapFlowNode } from '../flow-state';
import { useMapDoc } from '../map-context';
import { NodeShell } from './NodeShell';
import { withDetail } from './SimpleNode';

/** One memoised component per kind, defined once (React Flow re-mounts nodes if this changes). */

const QualificationNode = memo(function QualificationNode({ id, data, selected }: NodeProps<MapFlowNode>) {
  const { t } = useTranslation();
  const { node } = data;
  return (
    <NodeShell
      id={id}
      data={data}
      selected={selected}
      chips={node.eqfLevel ? <span className="chip">{t('fields.eqfShort', { level: node.eqfLevel })}</span> : null}
    >
      {node.keyPurpose && <p className="map-node__purpose">{node.keyPurpose}</p>}
      {(node.points !== undefined || node.programmeYears !== undefined) && (
        <p className="map-node__budget">
          {node.points !== undefined && t('points.budget', { points: node.points })}
          {node.programmeYears !== undefined && ` · ${t('points.years', { count: node.programmeYears })}`}
        </p>
      )}
    </NodeShell>
  );
});

const FunctionNode = memo(function FunctionNode({ id, data, selected }: NodeProps<MapFlowNode>) {
  return <NodeShell id={id} data={data} selected={selected} />;
});

const WorkActionNode = memo(function WorkActionNode({ id, data, selected }: NodeProps<MapFlowNode>) {
  const { t } = useTranslation();
  const taughtChip =
    data.taught === null ? null : (
      <span className={`chip ${data.taught ? 'chip--ok' : 'chip--missing'}`} data-testid="taught">
        {data.taught ? t('lens.taught') : t('lens.notTaught')}
      </span>
    );
  return <NodeShell id={id} data={data} selected={selected} chips={data.lens === 'employer' ? taughtChip : null} />;
});

const DOMAIN_LETTER: Record<string, string> = { knowledge: 'K', skills: 'S', autonomy: 'A' };

const LearningOutcomeNode = memo(function LearningOutcomeNode({ id, data, selected }: NodeProps<MapFlowNode>) {
  const { t } = useTranslation();
  const doc = useMapDoc();
  const { node } = data;
  // The Bloom level people chose, or else the one the statement's verb suggests (shown dimmed),
  // read in the language the map is written in.
  const detected = useMemo(() => (node.bloomLevel ? null : analyseVerb(node.title, readMeta(doc).language).bloomLevel), [node.bloomLevel, node.title, doc]);
  const bloom = node.bloomLevel ?? detected;
  return (
    <NodeShell
      id={id}
      data={data}
      selected={selected}
      className="map-node--compact"
      chips={
        <>
          {node.domain && (
            <span className={`chip chip--domain chip--${node.domain}`} title={t(`domain.${node.domain}`, { ns: 'rules' })}>
              {DOMAIN_LETTER[node.domain] ?? node.domain}
            </span>
          )}
          {bloom && (
            <span className={`chip${detected ? ' chip--suggested' : ''}`} title={detected ? t('fields.bloomDetected') : undefined}>
              {t(`bloom.${bloom}`, { ns: 'rules' })}
            </span>
          )}
        </>
      }
    />
  );
});

const UnitNode = memo(function UnitNode({ id, data, selected }: NodeProps<MapFlowNode>) {
  const { t } = useTranslation();
  const { node } = data;
  return (
    <NodeShell
      id={id}
      data={data}
      selected={selected}
      className="unit-block"
      chips={
        <>
          {node.points !== undefined && <span className="chip chip--points">{t('points.short', { points: node.points })}</span>}
          {node.eqfLevel && <span className="chip">{t('fields.eqfShort', { level: node.eqfLevel })}</span>}
        </>
      }
    />
  );
});

const OtherNode = memo(function OtherNode({ id, data, selected }: NodeProps<MapFlowNode>) {
  return <NodeShell id={id} data={data} selected={selected} />;
});

// Zoomed out, every kind is drawn as a plain box (see lod.ts).
export const nodeTypes: Record<string, ComponentType<NodeProps<MapFlowNode>>> = {
  qualification: withDetail(QualificationNode),
  function: withDetail(FunctionNode),
  workAction: withDetail(WorkActionNode),
  learningOutcome: withDetail(LearningOutcomeNode),
  unit: withDetail(UnitNode),
  other: withDetail(OtherNode),
};
