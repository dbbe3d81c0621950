import type { CheckIssue, MapSnapshot } from '@qms/model';
import { can, type Role } from '@qms/protocol';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CompareList } from '../../history/CompareList';
import { HistoryPanel } from '../../history/HistoryPanel';
import { useVersionName } from '../../history/use-version-doc';
import { MobilityPanel } from '../../mobility/MobilityPanel';
import { CommentsPanel } from '../../review/CommentsPanel';
import { ReviewPanel } from '../../review/ReviewPanel';
import type { Review } from '../../review/use-review';
import { ChecksPanel } from '../ChecksPanel';
import { EditorScope } from '../editor-context';
import { TABS, type EditorActions, type EditorState, type Tab } from '../editor-state';
import { Inspector } from '../Inspector';
import type { HistoryData } from '../use-history-view';

/** Each tab's name and the test id the browser tests find it by. */
const TAB_LABELS: Record<Tab, { label: string; testId?: string }> = {
  details: { label: 'inspector.details' },
  checks: { label: 'checks.tab', testId: 'checks-tab' },
  comments: { label: 'comments.tab', testId: 'comments-tab' },
  review: { label: 'review.tab', testId: 'review-tab' },
  mobility: { label: 'mobility.tab', testId: 'mobility-tab' },
  history: { label: 'history.tab', testId: 'history-tab' },
};

interface Props {
  state: EditorState;
  actions: EditorActions;
  mapId: string;
  role: Role;
  readOnly: boolean;
  /** The live map. */
  snapshot: MapSnapshot;
  /** The checks this lens lists. */
  issues: readonly CheckIssue[];
  review: Review;
  me: { name: string; institution?: string };
  /** Everyone's names, for mentions. */
  people: readonly string[];
  /** The saved version or comparison on the canvas, if any. */
  history: HistoryData;
  onFocusNode: (nodeId: string) => void;
  /** Brings a node of the version on the canvas into view. */
  onFocusVersionNode: (nodeId: string) => void;
  /** The point of the map in the middle of the view (where a comment on the canvas is anchored). */
  canvasPoint: () => { x: number; y: number };
  onFocusPoint: (point: { x: number; y: number }) => void;
}

/** Beside the canvas: the selection's details, the checks, comments, the review and the versions, a tab each. */
export function SidePanel({ state, actions, mapId, role, readOnly, snapshot, issues, review, me, people, history, onFocusNode, onFocusVersionNode, canvasPoint, onFocusPoint }: Props) {
  const { t } = useTranslation();
  const versionName = useVersionName();
  const { tab, selectedIds } = state;
  const view = state.history;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const counts: Partial<Record<Tab, ReactNode>> = {
    checks: (
      <>
        {' '}
        <span className={`count ${errors > 0 ? 'count--error' : issues.length > 0 ? 'count--warning' : 'count--ok'}`} data-testid="checks-count">
          {issues.length}
        </span>
      </>
    ),
    comments: review.unread > 0 && <span className="count count--unread"> {review.unread}</span>,
  };

  return (
    <aside className="side-panel" aria-label={t('inspector.panel')}>
      <div className="side-panel__tabs" role="tablist">
        {/* The mobility workspace holds learners' personal data: owners and editors only. */}
        {TABS.filter((id) => id !== 'mobility' || can(role, 'edit')).map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'is-on' : ''} title={t(TAB_LABELS[id].label)} onClick={() => actions.showTab(id)} data-testid={TAB_LABELS[id].testId}>
            {t(TAB_LABELS[id].label)}
            {counts[id]}
          </button>
        ))}
      </div>
      <div className="side-panel__body">
        {tab === 'details' &&
          (view === null ? (
            <Inspector snapshot={snapshot} selectedIds={selectedIds} issues={issues} readOnly={readOnly} />
          ) : history.doc && history.snapshot ? (
            <EditorScope doc={history.doc}>
              <Inspector snapshot={history.snapshot} selectedIds={selectedIds} issues={[]} readOnly />
            </EditorScope>
          ) : null)}
        {tab === 'checks' && <ChecksPanel issues={issues} nodes={snapshot.nodes} onPick={actions.pickCheck} readOnly={readOnly} />}
        {tab === 'comments' && (
          <CommentsPanel
            review={review}
            snapshot={snapshot}
            role={role}
            me={me}
            people={people}
            selectedNodeId={selectedIds.length === 1 ? selectedIds[0]! : null}
            onFocusNode={onFocusNode}
            canvasPoint={canvasPoint}
            onFocusPoint={onFocusPoint}
          />
        )}
        {tab === 'review' && <ReviewPanel review={review} snapshot={snapshot} role={role} me={me} />}
        {tab === 'mobility' && can(role, 'edit') && <MobilityPanel mapId={mapId} snapshot={snapshot} role={role} />}
        {tab === 'history' && (
          <>
            {view?.mode === 'compare' && history.comparison.state === 'ready' && (
              <CompareList
                diff={history.comparison.value.diff}
                nodes={history.comparison.value.nodes}
                beforeLabel={versionName(view.before)}
                afterLabel={view.after ? versionName(view.after) : t('history.current')}
                onFocus={onFocusVersionNode}
                onClose={() => actions.showHistory(null)}
                onRefresh={view.after ? undefined : history.comparison.refresh}
              />
            )}
            <HistoryPanel
              mapId={mapId}
              role={role}
              liveSnapshot={snapshot}
              viewingId={view?.mode === 'view' ? view.version.id : null}
              errorCount={errors}
              onView={(version) => actions.showHistory(version ? { mode: 'view', version } : null)}
              onCompare={(before, after) => actions.showHistory({ mode: 'compare', before, after })}
            />
          </>
        )}
      </div>
    </aside>
  );
}
