import { isEmptyDiff, type MapEdge, type MapNode, type SnapshotDiff } from '@qms/model';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import './history.css';

interface Props {
  diff: SnapshotDiff;
  /** Every node of both states (Comparison.nodes): names the ends of changed links. */
  nodes?: readonly MapNode[];
  /** Headings: what is compared with what ("After workshop 1" → "Current map"). */
  beforeLabel: string;
  afterLabel: string;
  /** A difference was clicked: bring that node into view on the canvas. */
  onFocus: (nodeId: string) => void;
  /** Leaves the comparison. */
  onClose?: () => void;
  /** Takes the live map again (comparisons with the current map are frozen when made). */
  onRefresh?: () => void;
}

/** The differences between two versions, as lists; each entry takes you to its node. */
export function CompareList({ diff, nodes = [], beforeLabel, afterLabel, onFocus, onClose, onRefresh }: Props) {
  const { t } = useTranslation();
  const nodesById = useMemo(() => {
    const map = new Map<string, MapNode>(nodes.map((node) => [node.id, node]));
    for (const node of [...diff.removed, ...diff.changed.map((c) => c.before)]) map.set(node.id, node);
    for (const node of [...diff.added, ...diff.changed.map((c) => c.after), ...diff.moved.map((m) => m.after)]) map.set(node.id, node);
    return map;
  }, [diff, nodes]);

  const nodeName = (node: MapNode) => (
    <>
      <span className="history-compare__kind">{t(`kind.${node.kind}`, { defaultValue: node.kind })}</span>
      {node.code && <span className="history-compare__code">{node.code}</span>} {node.title || t('editor.untitled')}
    </>
  );
  const fieldName = (field: string) => (field === 'kind' ? t('history.fieldKind') : t(`fields.${field}`, { defaultValue: field }));
  const edgeName = (edge: MapEdge) => {
    const source = nodesById.get(edge.source);
    const target = nodesById.get(edge.target);
    return t('history.link', {
      source: source?.code || source?.title || '…',
      relation: t(`edge.${edge.kind}`, { defaultValue: edge.kind }),
      target: target?.code || target?.title || '…',
    });
  };
  const item = (key: string, nodeId: string | null, kind: string, children: React.ReactNode) => (
    <li key={key} className={`history-compare__item history-compare__item--${kind}`} data-testid="compare-item" data-kind={kind}>
      <button type="button" className="history-compare__button" disabled={!nodeId} onClick={() => nodeId && onFocus(nodeId)}>
        {children}
      </button>
    </li>
  );
  const edgeNode = (edge: MapEdge) => (nodesById.has(edge.source) ? edge.source : nodesById.has(edge.target) ? edge.target : null);

  const sections: Array<{ kind: string; title: string; items: React.ReactNode[] }> = [
    { kind: 'added', title: t('history.added', { count: diff.added.length }), items: diff.added.map((n) => item(n.id, n.id, 'added', nodeName(n))) },
    { kind: 'removed', title: t('history.removed', { count: diff.removed.length }), items: diff.removed.map((n) => item(n.id, n.id, 'removed', nodeName(n))) },
    {
      kind: 'changed',
      title: t('history.changed', { count: diff.changed.length }),
      items: diff.changed.map((c) =>
        item(c.after.id, c.after.id, 'changed', (
          <>
            {nodeName(c.after)}
            <span className="history-compare__fields">{c.fields.map(fieldName).join(', ')}</span>
            {c.fields.includes('title') && (
              <span className="history-compare__was">{t('history.was', { text: c.before.title || t('editor.untitled') })}</span>
            )}
          </>
        )),
      ),
    },
    { kind: 'moved', title: t('history.moved', { count: diff.moved.length }), items: diff.moved.map((m) => item(m.after.id, m.after.id, 'moved', nodeName(m.after))) },
    {
      kind: 'links',
      title: t('history.links', { count: diff.edgesAdded.length + diff.edgesRemoved.length }),
      items: [
        ...diff.edgesAdded.map((e) => item(`+${e.id}`, edgeNode(e), 'added', <>+ {edgeName(e)}</>)),
        ...diff.edgesRemoved.map((e) => item(`-${e.id}`, edgeNode(e), 'removed', <>− {edgeName(e)}</>)),
      ],
    },
  ];

  return (
    <div className="history-compare" data-testid="compare-list">
      <div className="history-compare__head">
        <p>
          <strong>{beforeLabel}</strong> → <strong>{afterLabel}</strong>
        </p>
        {onRefresh && (
          <button type="button" onClick={onRefresh}>
            {t('history.refresh')}
          </button>
        )}
        {onClose && (
          <button type="button" onClick={onClose} data-testid="compare-close">
            {t('history.closeCompare')}
          </button>
        )}
      </div>
      {isEmptyDiff(diff) ? (
        <p className="muted" data-testid="compare-same">
          {t('history.same')}
        </p>
      ) : (
        <>
          {diff.title && <p className="history-compare__title">{t('history.titleChanged', { before: diff.title.before, after: diff.title.after })}</p>}
          {sections
            .filter((section) => section.items.length > 0)
            .map((section) => (
              <section key={section.kind} className="history-compare__section">
                <h3>{section.title}</h3>
                <ul>{section.items}</ul>
              </section>
            ))}
        </>
      )}
    </div>
  );
}
