import { NODE_KINDS, analyseVerb, readMeta, type Domain, type NodeKind } from '@qms/model';
import type { NodeProps } from '@xyflow/react';
import { memo, useMemo, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../editor-context';
import type { MapFlowNode, MapNodeType } from '../flow-state';
import { NodeShell } from './NodeShell';
import { withDetail } from './SimpleNode';

/**
 * How each kind is drawn. Every kind is a card (NodeShell: kind, code, title, badges, handles, in
 * the kind's colour); the kinds below add what is theirs. One memoised component per kind,
 * defined once (React Flow re-mounts nodes if this changes).
 */
type NodeComponent = ComponentType<NodeProps<MapFlowNode>>;

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

/** A kind without a look of its own: the plain card. */
const CardNode = memo(function CardNode({ id, data, selected }: NodeProps<MapFlowNode>) {
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

const DOMAIN_LETTER: Readonly<Record<Domain, string>> = { knowledge: 'K', skills: 'S', autonomy: 'A' };

const LearningOutcomeNode = memo(function LearningOutcomeNode({ id, data, selected }: NodeProps<MapFlowNode>) {
  const { t } = useTranslation();
  const { doc } = useEditor();
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
              {DOMAIN_LETTER[node.domain as Domain] ?? node.domain}
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

/** A unit group: a frame-like card saying whether it is optional and what a learner takes from it. */
const UnitGroupNode = memo(function UnitGroupNode({ id, data, selected }: NodeProps<MapFlowNode>) {
  const { t } = useTranslation();
  const { node } = data;
  return (
    <NodeShell
      id={id}
      data={data}
      selected={selected}
      className="unit-group"
      chips={
        node.optional === true ? (
          <>
            <span className="chip chip--optional" data-testid="group-optional">
              {t('fields.optionalShort')}
            </span>
            {node.minPoints !== undefined && <span className="chip chip--points">≥ {t('points.short', { points: node.minPoints })}</span>}
            {node.minUnits !== undefined && <span className="chip">≥ {node.minUnits} {t('fields.minUnitsShort')}</span>}
          </>
        ) : null
      }
    />
  );
});

/** The kinds with a look of their own; a kind not listed here is drawn as the plain card. */
const LOOKS: { readonly [K in NodeKind]?: NodeComponent } = {
  qualification: QualificationNode,
  workAction: WorkActionNode,
  learningOutcome: LearningOutcomeNode,
  unit: UnitNode,
  unitGroup: UnitGroupNode,
};

// Zoomed out, every kind is drawn as a plain box (see lod.ts). 'other': a kind this version does not know.
export const nodeTypes: Record<MapNodeType, NodeComponent> = {
  ...(Object.fromEntries(NODE_KINDS.map((kind): [NodeKind, NodeComponent] => [kind, withDetail(LOOKS[kind] ?? CardNode)])) as Record<NodeKind, NodeComponent>),
  other: withDetail(CardNode),
};
