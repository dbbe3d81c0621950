import { Handle, Position } from '@xyflow/react';
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { titleText } from '@qms/model';
import { takeFresh, titleEditEnded, useTitleEditRequest } from '../edit-request';
import { useShowsTranslation } from '../../languages/shown-language';
import { useCollapseToggle } from '../collapse';
import { useEditor } from '../editor-context';
import { SIDE_IN, SIDE_OUT, type BranchState, type MapNodeData } from '../flow-state';
import { kindColorStyle, kindLabelKey } from '../kind-look';
import { useReadOnly } from '../read-only';
import { TitleEditor } from '../TitleEditor';
import { useWorkshopLook } from '../../workshop/canvas';

interface Props {
  id: string;
  data: MapNodeData;
  selected: boolean;
  className?: string;
  /** Shown above the title, after the kind. */
  chips?: ReactNode;
  /** Shown below the title. */
  children?: ReactNode;
}

/** Rings around a node in the colours of the people who have it selected (up to three). */
export function selectionRings(colors: readonly string[]): string {
  return colors
    .slice(0, 3)
    .map((color, i) => `0 0 0 ${3 + i * 3}px ${color}`)
    .join(', ');
}

/** The frame every node kind shares: kind and code, badge, editable title, link handles. */
export function NodeShell({ id, data, selected, className = '', chips, children }: Props) {
  const { t } = useTranslation();
  const readOnly = useReadOnly();
  const editor = useEditor();
  // false, or where the caret goes: 'end' after typing on the node, else the title selected.
  const [editing, setEditing] = useState<false | 'select' | 'end'>(false);
  // In a target language the card shows a translation: it is written in the translation view.
  const translating = useShowsTranslation();
  const startEditing = useCallback((caretAtEnd?: boolean) => !readOnly && !translating && setEditing(caretAtEnd ? 'end' : 'select'), [readOnly, translating]);
  useTitleEditRequest(id, startEditing);
  const doneEditing = useCallback(
    (cancelled?: boolean) => {
      setEditing(false);
      titleEditEnded(id);
      // Esc on a node just added and still unnamed: it was not wanted after all.
      const unwanted = takeFresh(id) && cancelled === true && !titleText(editor.doc, id, 'title')?.toString();
      if (unwanted) editor.remove({ nodeIds: [id] });
    },
    [editor, id],
  );
  const { node, lens, badge, remote, review, comments } = data;
  const kindLabel = t(kindLabelKey(node.kind, lens), { defaultValue: node.kind });
  const workshop = useWorkshopLook(id);
  const look = remote ? { ...kindColorStyle(node.kind), boxShadow: selectionRings(remote.colors) } : kindColorStyle(node.kind);
  return (
    <div
      className={`map-node map-node--${node.kind}${selected ? ' is-selected' : ''} ${className}`}
      data-testid="map-node"
      data-kind={node.kind}
      data-code={node.code}
      // Its kind's colour; others' selections, in their colours (a ring per person, up to three).
      style={workshop.style ? { ...look, ...workshop.style } : look}
      data-heat={workshop.heat}
      onDoubleClick={(event) => {
        event.stopPropagation();
        startEditing(false);
      }}
    >
      <Handle type="target" position={Position.Top} />
      <div className="map-node__head">
        <span className="map-node__kind">{kindLabel}</span>
        {node.code && <span className="map-node__code">{node.code}</span>}
        {chips}
        {data.language && (
          <span className={`language-mark language-mark--${data.language}`} title={t(`languages.mark_${data.language}`)} data-testid="language-mark" data-mark={data.language}>
            {t(`languages.markShort_${data.language}`)}
          </span>
        )}
        {workshop.summary && (
          <span className="workshop-badge" title={t('workshop.badgeTitle', { amount: workshop.summary.count, mean: workshop.summary.mean.criticality, spread: workshop.summary.spread.criticality })} data-testid="rating-badge">
            {workshop.summary.mean.criticality.toFixed(1)} ±{workshop.summary.spread.criticality.toFixed(1)}
          </span>
        )}
        {review && (
          <span className={`node-review node-review--${review.state}`} title={t(`review.badge.${review.state}`, { round: review.roundTitle })} data-testid="review-state" data-state={review.state}>
            {t(`review.state.${review.state}`)}
          </span>
        )}
        {comments && (
          <span className={`comment-badge${comments.unread > 0 ? ' has-unread' : ''}`} title={t('comments.badgeTitle', { count: comments.open, unread: comments.unread })} data-testid="comment-badge">
            💬 {comments.open || ''}
          </span>
        )}
        {badge && (badge.errors > 0 || badge.warnings > 0) && (
          <span
            className={`check-badge ${badge.errors > 0 ? 'check-badge--error' : 'check-badge--warning'}`}
            title={t('checks.badgeTitle', { errors: badge.errors, warnings: badge.warnings })}
            data-testid="check-badge"
          >
            {badge.errors + badge.warnings}
          </span>
        )}
      </div>
      {remote && (
        <span className="remote-selection" style={{ background: remote.colors[0] }} data-testid="remote-selection">
          {remote.names.join(', ')}
        </span>
      )}
      {editing ? (
        <TitleEditor nodeId={id} label={t('editor.renameHint')} caretAtEnd={editing === 'end'} onDone={doneEditing} />
      ) : (
        <div className={`map-node__title${node.title ? '' : ' is-empty'}`} title={readOnly ? undefined : t('editor.renameHint')}>
          {node.title || t('editor.untitled')}
        </div>
      )}
      {children}
      {data.branch && <BranchToggle id={id} branch={data.branch} />}
      <Handle type="source" position={Position.Bottom} />
      {/* Where the outline's brackets meet the card (flow-state.ts isOutlined); not for drawing links by hand. */}
      <Handle type="source" id={SIDE_OUT} position={Position.Left} isConnectable={false} className="side-handle side-handle--out" />
      <Handle type="target" id={SIDE_IN} position={Position.Left} isConnectable={false} className="side-handle side-handle--in" />
    </div>
  );
}

/** Folds or unfolds what hangs under a node; folded, it says how much is hidden and what the checks found there. */
function BranchToggle({ id, branch }: { id: string; branch: BranchState }) {
  const { t } = useTranslation();
  const toggle = useCollapseToggle();
  if (!toggle) return null;
  const problems = branch.errors + branch.warnings;
  const label = branch.collapsed ? t('branch.expand', { count: branch.hidden }) : t('branch.collapse');
  return (
    <button
      type="button"
      className={`branch-toggle nodrag${branch.collapsed ? ' is-collapsed' : ''}`}
      data-testid="branch-toggle"
      aria-expanded={!branch.collapsed}
      aria-label={label}
      title={label}
      onClick={(event) => {
        event.stopPropagation();
        toggle([id]);
      }}
      onDoubleClick={(event) => event.stopPropagation()}
    >
      {branch.collapsed ? (
        <>
          <span aria-hidden="true">▸</span> <span data-testid="branch-count">+{branch.hidden}</span>
          {problems > 0 && (
            <span
              className={`check-badge ${branch.errors > 0 ? 'check-badge--error' : 'check-badge--warning'}`}
              title={t('checks.badgeTitle', { errors: branch.errors, warnings: branch.warnings })}
              data-testid="branch-checks"
            >
              {problems}
            </span>
          )}
        </>
      ) : (
        <span aria-hidden="true">▾</span>
      )}
    </button>
  );
}
