import { NODE_KINDS, layoutMap, moveNodes, readMeta, setMapTitle, snapshotOf, type NodeKind } from '@qms/model';
import { can, type Role } from '@qms/protocol';
import { ReactFlowProvider, useReactFlow, useStore } from '@xyflow/react';
import { createPortal } from 'react-dom';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import type * as Y from 'yjs';
import { knownMap, remember, tokenFor } from '../access';
import { ApiError, api, type VersionInfo } from '../api';
import { CompareList } from '../history/CompareList';
import { diffClasses, diffEdgeClasses } from '../history/compare';
import { HistoryPanel } from '../history/HistoryPanel';
import { useComparison, useVersionDoc, useVersionName } from '../history/use-version-doc';
import { VersionCanvas } from '../history/VersionCanvas';
import { PreferenceSwitches } from '../components/PreferenceSwitches';
import { ShareDialog } from '../components/ShareDialog';
import { SyncIndicator } from '../components/SyncIndicator';
import { ChecksPanel } from '../editor/ChecksPanel';
import { threadCountByNode, unitReviewBadges } from '../review/badges';
import { CommentsPanel } from '../review/CommentsPanel';
import { ReviewPanel } from '../review/ReviewPanel';
import { useReview } from '../review/use-review';
import { ExportDialog } from '../editor/ExportDialog';
import { useFocusNodeWith } from '../editor/focus';
import { SelectionContext } from '../editor/selection';
import { Inspector } from '../editor/Inspector';
import { FIT_VIEW, MapCanvas } from '../editor/MapCanvas';
import { PointsBar } from '../editor/PointsBar';
import { SearchPalette } from '../editor/SearchPalette';
import { ShortcutsHelp } from '../editor/ShortcutsHelp';
import { useChecks } from '../editor/use-checks';
import { ReadOnlyContext } from '../editor/read-only';
import { useUndo } from '../editor/use-undo';
import { CursorsLayer } from '../presence/CursorsLayer';
import { NamePrompt } from '../presence/NamePrompt';
import { PeopleBar } from '../presence/PeopleBar';
import { remoteState } from '../presence/remote-state';
import { usePeople } from '../presence/use-people';
import type { Person } from '../sync/presence';
import { useMapFlow, useMapSnapshot } from '../editor/use-map-flow';

import { usePreferences } from '../preferences';
import { LOCAL_ORIGIN, openMapConnection, type MapConnection, type MapUnavailable } from '../sync/map-connection';

export function EditorPage() {
  const { mapId = '' } = useParams();
  const { t } = useTranslation();
  const [connection, setConnection] = useState<MapConnection | null>(null);
  const [unavailable, setUnavailable] = useState<MapUnavailable | null>(null);
  const [synced, setSynced] = useState(false);
  const [role, setRole] = useState<Role | null>(null);
  // Where the editor puts the people in the map (in the header, which it does not render).
  const [peopleSlot, setPeopleSlot] = useState<HTMLElement | null>(null);

  useEffect(() => {
    // A share link's token is taken from the address bar (and stored) before anything connects.
    const token = tokenFor(mapId);
    const opened = openMapConnection(mapId, token);
    setConnection(opened);
    setUnavailable(null);
    setRole(null);
    setSynced(opened.provider.synced);
    const offUnavailable = opened.onUnavailable(setUnavailable);
    const onSync = (state: boolean) => state && setSynced(true);
    opened.provider.on('sync', onSync);
    let cancelled = false;
    // Offline, or before the server answers: show this browser's own copy if it has one.
    void opened.localReady.then(() => {
      if (cancelled || !readMeta(opened.doc).title) return;
      opened.tracker.markLocalCopy();
      setSynced(true);
    });
    api.getMap(mapId).then(
      (map) => {
        if (cancelled) return;
        setRole(map.role ?? 'viewer');
        remember(mapId, { title: map.title, role: map.role, lastOpened: Date.now() });
      },
      (error: unknown) => {
        if (cancelled || !(error instanceof ApiError)) return;
        if (error.status === 401) setUnavailable('unauthorized');
        else if (error.status === 404) setUnavailable('not-found');
        // No network: the role this browser had last time (the server still checks every message).
        else if (error.error === 'network') setRole(knownMap(mapId)?.role ?? null);
      },
    );
    return () => {
      cancelled = true;
      offUnavailable();
      opened.provider.off('sync', onSync);
      opened.destroy();
    };
  }, [mapId]);

  const status = useSyncExternalStore(
    (onChange) => connection?.tracker.subscribe(onChange) ?? (() => {}),
    () => connection?.tracker.status ?? 'connecting',
  );

  if (unavailable) {
    const message = unavailable === 'deleted' ? t('editor.deleted') : unavailable === 'unauthorized' ? t('editor.unauthorized') : t('editor.notFound');
    return (
      <div className="page page--message" data-testid="unavailable" data-reason={unavailable}>
        <p>{message}</p>
        <Link to="/">{t('editor.backToList')}</Link>
      </div>
    );
  }

  return (
    <div className="editor">
      <header className="editor-header">
        <Link to="/" className="editor-header__back">
          ← {t('editor.backToList')}
        </Link>
        {connection && synced && role ? <MapTitle doc={connection.doc} readOnly={!can(role, 'edit')} /> : <span className="editor-header__title" />}
        <span ref={setPeopleSlot} className="editor-header__people" />
        <PreferenceSwitches showLens />
        <SyncIndicator status={status} />
      </header>
      {connection && synced && role ? (
        <ReactFlowProvider>
          <Editor key={mapId} connection={connection} role={role} peopleSlot={peopleSlot} />
        </ReactFlowProvider>
      ) : (
        <div className="page page--message" aria-busy="true">
          {t('editor.loading')}
        </div>
      )}
    </div>
  );
}

const EMPLOYER_RULES = new Set<string>(['coverage', 'titles', 'empty-function']);

/** What the canvas shows instead of the live map: a saved version, or two states compared. */
type HistoryView = null | { mode: 'view'; version: VersionInfo } | { mode: 'compare'; before: VersionInfo; after: VersionInfo | null };

interface Notice {
  text: string;
  x: number;
  y: number;
}

/** The open map: toolbar, points bar, canvas and side panel. */
function Editor({ connection, role, peopleSlot }: { connection: MapConnection; role: Role; peopleSlot: HTMLElement | null }) {
  const { doc, presence } = connection;
  const readOnly = !can(role, 'edit');
  const { t, i18n } = useTranslation();
  const preferences = usePreferences();
  const { lens } = preferences;
  const snapshot = useMapSnapshot(doc);
  const checks = useChecks(snapshot);
  const edgeLabel = useCallback((kind: string) => t(`edge.${kind}`, { defaultValue: kind }), [t]);
  const people = usePeople(presence);
  const [askName, setAskName] = useState(() => !preferences.name);
  const { mapId = '' } = useParams();
  const [history, setHistory] = useState<HistoryView>(null);
  const undo = useUndo(doc, history === null);
  const viewed = useVersionDoc(mapId, history?.mode === 'view' ? history.version.id : null);
  const comparePair = useMemo(() => (history?.mode === 'compare' ? { before: history.before, after: history.after } : null), [history]);
  const comparison = useComparison(mapId, comparePair, doc);
  const versionName = useVersionName();
  const versionFocus = useRef<((nodeId: string) => void) | null>(null);

  // Who this person is, for everyone else in the map.
  useEffect(() => {
    presence.set({
      user: { name: preferences.name || t('presence.guest'), color: preferences.color, ...(preferences.institution ? { institution: preferences.institution } : {}) },
      lens,
    });
  }, [presence, preferences.name, preferences.color, preferences.institution, lens, t]);

  // Others' selections and drags: new maps only when they change, not on every pointer move.
  const remoteKey = JSON.stringify(people.filter((p) => !p.me).map((p) => [p.user.color, p.user.name, p.selection ?? [], p.dragging ?? null]));
  const { remoteSelections, remoteDrags } = useMemo(() => remoteState(people), [remoteKey]); // eslint-disable-line react-hooks/exhaustive-deps
  // The map's review (comments, sign-off rounds): its own document, written by commenters too.
  const me = useMemo(
    () => ({ name: preferences.name || t('presence.guest'), ...(preferences.institution ? { institution: preferences.institution } : {}) }),
    [preferences.name, preferences.institution, t],
  );
  const namesKey = people.map((p) => p.user.name).join('\u0000');
  const names = useMemo(() => (namesKey ? namesKey.split('\u0000') : []), [namesKey]);
  const review = useReview(mapId, knownMap(mapId)?.token, me, snapshot, { people: names });
  const reviewBadges = useMemo(() => unitReviewBadges(review.status), [review.status]);
  const commentBadges = useMemo(() => threadCountByNode(review.threads, review.lastSeen), [review.threads, review.lastSeen]);
  const flowState = useMapFlow(doc, snapshot, {
    lens,
    badges: checks.badges,
    edgeLabel,
    remoteSelections,
    remoteDrags,
    reviewBadges,
    commentBadges,
    onDragging: (positions) => presence.setThrottled({ dragging: positions }),
    onGestureEnd: () => undo.manager.stopCapturing(),
  });
  const selection = useMemo(() => ({ selectOnly: flowState.selectOnly }), [flowState.selectOnly]);
  const flow = useReactFlow();
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [tab, setTab] = useState<'details' | 'checks' | 'comments' | 'review' | 'history'>('details');
  const [searching, setSearching] = useState(false);
  const [helping, setHelping] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [sharing, setSharing] = useState(false);
  const location = useLocation();
  const importWarnings = (location.state as { importWarnings?: string[] } | null)?.importWarnings ?? [];
  const [showWarnings, setShowWarnings] = useState(importWarnings.length > 0);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const addRef = useRef<((kind: NodeKind) => void) | null>(null);

  const notify = useCallback((text: string, at?: { x: number; y: number }) => {
    setNotice({ text, x: at?.x ?? window.innerWidth / 2, y: at?.y ?? 120 });
    if (noticeTimer.current) clearTimeout(noticeTimer.current);
    noticeTimer.current = setTimeout(() => setNotice(null), 3500);
  }, []);
  const openSearch = useCallback(() => setSearching(true), []);
  const openHelp = useCallback(() => setHelping(true), []);
  const onSelectionChange = useCallback(
    (ids: string[]) => {
      setSelectedIds((current) => (current.length === ids.length && current.every((id, i) => id === ids[i]) ? current : ids));
      presence.set({ selection: ids });
      // From the checks list to the node's details; the comments and review tabs stay (people
      // select the node they want to comment on).
      if (ids.length > 0) setTab((current) => (current === 'checks' ? 'details' : current));
    },
    [presence],
  );

  // Follow mode: this person's view follows someone else's until they move it themselves.
  const [following, setFollowing] = useState<number | null>(null);
  const followed = following === null ? undefined : people.find((p) => p.clientId === following);
  const showView = useCallback(
    (person: Person, duration: number) => {
      const view = person.viewport;
      if (!view) return;
      // Centre on what they see, at their zoom: the panes may differ in size.
      void flow.setCenter((view.width / 2 - view.x) / view.zoom, (view.height / 2 - view.y) / view.zoom, { zoom: view.zoom, duration });
    },
    [flow],
  );
  const followedView = followed?.viewport ? JSON.stringify(followed.viewport) : null;
  useEffect(() => {
    if (followed) showView(followed, 200);
    else if (following !== null) setFollowing(null); // they left
  }, [followedView]); // eslint-disable-line react-hooks/exhaustive-deps
  // "Bring everyone here": a facilitator's newer summon makes everyone else follow them.
  const lastSummon = useRef<number>(Math.max(0, ...people.map((p) => p.summon ?? 0)));
  useEffect(() => {
    for (const person of people) {
      if (person.me || !person.summon || person.summon <= lastSummon.current) continue;
      lastSummon.current = person.summon;
      setFollowing(person.clientId);
      notify(t('presence.summoned', { name: person.user.name }));
    }
  }, [people, notify, t]);
  const onViewport = useCallback(
    (viewport: { x: number; y: number; zoom: number }, byUser: boolean) => {
      const pane = document.querySelector('.map-canvas')?.getBoundingClientRect();
      presence.setThrottled({ viewport: { ...viewport, width: pane?.width ?? 0, height: pane?.height ?? 0 } });
      if (byUser && following !== null) setFollowing(null); // moving the map breaks away
    },
    [presence, following],
  );
  const onPointer = useCallback((position: { x: number; y: number } | null) => presence.setThrottled({ pointer: position }), [presence]);
  const zoom = useStore((state) => state.transform[2]);

  const tidyUp = useCallback(() => {
    const sizes = new Map(
      flow.getNodes().flatMap((n) => (n.measured?.width && n.measured.height && n.type !== 'unit' ? [[n.id, { width: n.measured.width, height: n.measured.height }] as const] : [])),
    );
    const positions = layoutMap({ nodes: snapshot.nodes, edges: snapshot.edges, sizes });
    moveNodes(doc, [...positions].map(([id, position]) => ({ id, position })), LOCAL_ORIGIN);
    requestAnimationFrame(() => void flow.fitView({ ...FIT_VIEW, duration: 400 }));
  }, [doc, flow, snapshot]);

  // Focus once the search palette has closed, so the canvas gets the keyboard back.
  const focusNode = useFocusNodeWith(selection);
  const focusLater = useCallback((id: string) => requestAnimationFrame(() => focusNode(id)), [focusNode]);

  // Employers see what concerns the work itself; outcomes, units and points are the teachers'.
  const issues = useMemo(() => (lens === 'employer' ? checks.issues.filter((i) => EMPLOYER_RULES.has(i.rule)) : checks.issues), [checks.issues, lens]);

  // A saved version on the canvas: what it shows, for the side panel too.
  const historyDoc =
    history?.mode === 'view' ? (viewed.state === 'ready' ? viewed.value.doc : null) : history?.mode === 'compare' && comparison.state === 'ready' ? comparison.value.doc : null;
  const historySnapshot = useMemo(() => (historyDoc ? snapshotOf(historyDoc) : null), [historyDoc]);
  const highlight = useMemo(() => (comparison.state === 'ready' ? diffClasses(comparison.value.diff) : undefined), [comparison]);
  const edgeHighlight = useMemo(() => (comparison.state === 'ready' ? diffEdgeClasses(comparison.value.diff) : undefined), [comparison]);
  const historyFailed = history?.mode === 'view' ? viewed.state === 'failed' : history?.mode === 'compare' && comparison.state === 'failed';
  const showHistory = useCallback((next: HistoryView) => {
    setHistory(next);
    setSelectedIds([]);
  }, []);
  const editing = !readOnly && history === null;
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }), [i18n.language]);

  const kinds = lens === 'employer' ? NODE_KINDS.filter((k) => k !== 'learningOutcome' && k !== 'unit') : NODE_KINDS;
  const errors = issues.filter((i) => i.severity === 'error').length;
  const meta = snapshot.meta;

  return (
    <ReadOnlyContext.Provider value={readOnly}>
    <SelectionContext.Provider value={selection}>
      {meta.sample === 'illustrative' && (
        <p className="sample-banner" role="note">
          {t('editor.illustrative')}
        </p>
      )}
      {showWarnings && (
        <div className="import-warnings" role="status" data-testid="import-warnings">
          <p>
            <strong>{t('import.warningsTitle', { count: importWarnings.length })}</strong>{' '}
            <button type="button" className="link" onClick={() => setShowWarnings(false)}>
              {t('import.dismiss')}
            </button>
          </p>
          <ul>
            {importWarnings.slice(0, 20).map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </div>
      )}
      {readOnly && (
        <p className="role-banner" role="note" data-testid="role-banner">
          {t(`roles.banner.${role}`)}
        </p>
      )}
      {history && (
        <p className="history-banner" role="status" data-testid="history-banner">
          {history.mode === 'view'
            ? t('history.viewing', { name: versionName(history.version), date: dateFormat.format(history.version.createdAt) })
            : t('history.comparing', { before: versionName(history.before), after: history.after ? versionName(history.after) : t('history.current') })}{' '}
          <button type="button" onClick={() => showHistory(null)} data-testid="history-leave">
            {t('history.backToCurrent')}
          </button>
        </p>
      )}
      <div className="map-toolbar" role="toolbar" aria-label={t('editor.toolbar')}>
        {editing && <span className="map-toolbar__label">{t('editor.add')}</span>}
        {editing && kinds.map((kind) => (
          <button key={kind} type="button" className={`kind-button kind-button--${kind}`} onClick={() => addRef.current?.(kind)} data-testid={`add-${kind}`}>
            + {t(lens === 'employer' ? `kindEmployer.${kind}` : `kind.${kind}`)}
          </button>
        ))}
        <span className="map-toolbar__spacer" />
        {editing && (
          <>
            <button type="button" onClick={() => undo.manager.undo()} disabled={!undo.canUndo} title={t('undo.undoHint')} aria-label={t('undo.undo')} data-testid="undo">
              ↶
            </button>
            <button type="button" onClick={() => undo.manager.redo()} disabled={!undo.canRedo} title={t('undo.redoHint')} aria-label={t('undo.redo')} data-testid="redo">
              ↷
            </button>
          </>
        )}
        {editing && (
          <button type="button" onClick={tidyUp} title={t('editor.tidyUpHint')} data-testid="tidy-up">
            {t('editor.tidyUp')}
          </button>
        )}
        {can(role, 'manage') && (
          <button type="button" onClick={() => setSharing(true)} data-testid="open-share">
            {t('share.button')}
          </button>
        )}
        <button type="button" onClick={() => setExporting(true)} data-testid="open-export">
          {t('export.button')}
        </button>
        <button type="button" onClick={openSearch} title={t('shortcuts.search')}>
          {t('search.button')}
        </button>
        <button type="button" onClick={openHelp} aria-label={t('shortcuts.title')}>
          ?
        </button>
      </div>
      {lens === 'teacher' && <PointsBar stats={checks.stats} />}
      <div className="editor-body">
        {history === null ? (
          <MapCanvas
            doc={doc}
            snapshot={snapshot}
            flowState={flowState}
            onSelectionChange={onSelectionChange}
            openSearch={openSearch}
            openHelp={openHelp}
            notify={notify}
            addRef={addRef}
            readOnly={readOnly}
            onPointer={onPointer}
            onViewport={onViewport}
          >
            <CursorsLayer people={people} zoom={zoom} />
          </MapCanvas>
        ) : historyDoc ? (
          <VersionCanvas
            key={history.mode === 'view' ? history.version.id : `${history.before.id}:${history.after?.id ?? 'live'}`}
            doc={historyDoc}
            lens={lens}
            highlight={history.mode === 'compare' ? highlight : undefined}
            edgeHighlight={history.mode === 'compare' ? edgeHighlight : undefined}
            onSelectionChange={setSelectedIds}
            focusRef={versionFocus}
          />
        ) : (
          <div className="map-canvas map-canvas--message" aria-busy={!historyFailed} data-testid="history-loading">
            {historyFailed ? (
              <p className="form-error">
                {t('history.errors.notFound')}{' '}
                <button type="button" onClick={() => showHistory(null)}>
                  {t('history.backToCurrent')}
                </button>
              </p>
            ) : (
              <p className="muted">{t('history.loadingVersion')}</p>
            )}
          </div>
        )}
        <aside className="side-panel" aria-label={t('inspector.panel')}>
          <div className="side-panel__tabs" role="tablist">
            <button type="button" role="tab" aria-selected={tab === 'details'} className={tab === 'details' ? 'is-on' : ''} onClick={() => setTab('details')}>
              {t('inspector.details')}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'checks'} className={tab === 'checks' ? 'is-on' : ''} onClick={() => setTab('checks')} data-testid="checks-tab">
              {t('checks.tab')}{' '}
              <span className={`count ${errors > 0 ? 'count--error' : issues.length > 0 ? 'count--warning' : 'count--ok'}`} data-testid="checks-count">
                {issues.length}
              </span>
            </button>
            <button type="button" role="tab" aria-selected={tab === 'comments'} className={tab === 'comments' ? 'is-on' : ''} onClick={() => setTab('comments')} data-testid="comments-tab">
              {t('comments.tab')}
              {review.unread > 0 && <span className="count count--unread"> {review.unread}</span>}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'review'} className={tab === 'review' ? 'is-on' : ''} onClick={() => setTab('review')} data-testid="review-tab">
              {t('review.tab')}
            </button>
            <button type="button" role="tab" aria-selected={tab === 'history'} className={tab === 'history' ? 'is-on' : ''} onClick={() => setTab('history')} data-testid="history-tab">
              {t('history.tab')}
            </button>
          </div>
          <div className="side-panel__body">
            {tab === 'details' &&
              (history === null ? (
                <Inspector doc={doc} snapshot={snapshot} selectedIds={selectedIds} issues={issues} readOnly={readOnly} />
              ) : historyDoc && historySnapshot ? (
                <Inspector doc={historyDoc} snapshot={historySnapshot} selectedIds={selectedIds} issues={[]} readOnly />
              ) : null)}
            {tab === 'checks' && <ChecksPanel issues={issues} nodes={snapshot.nodes} />}
            {tab === 'comments' && (
              <CommentsPanel
                review={review}
                snapshot={snapshot}
                role={role}
                me={me}
                people={names}
                selectedNodeId={selectedIds.length === 1 ? selectedIds[0]! : null}
                onFocusNode={(id) => focusNode(id)}
                canvasPoint={() => {
                  const pane = document.querySelector('.map-canvas')?.getBoundingClientRect();
                  return flow.screenToFlowPosition({ x: (pane?.left ?? 0) + (pane?.width ?? 0) / 2, y: (pane?.top ?? 0) + (pane?.height ?? 0) / 2 });
                }}
                onFocusPoint={(point) => void flow.setCenter(point.x, point.y, { zoom: 1, duration: 300 })}
              />
            )}
            {tab === 'review' && <ReviewPanel review={review} snapshot={snapshot} role={role} me={me} />}
            {tab === 'history' && (
              <>
                {history?.mode === 'compare' && comparison.state === 'ready' && (
                  <CompareList
                    diff={comparison.value.diff}
                    nodes={comparison.value.nodes}
                    beforeLabel={versionName(history.before)}
                    afterLabel={history.after ? versionName(history.after) : t('history.current')}
                    onFocus={(id) => versionFocus.current?.(id)}
                    onClose={() => showHistory(null)}
                    onRefresh={history.after ? undefined : comparison.refresh}
                  />
                )}
                <HistoryPanel
                  mapId={mapId}
                  role={role}
                  liveSnapshot={snapshot}
                  viewingId={history?.mode === 'view' ? history.version.id : null}
                  onView={(version) => showHistory(version ? { mode: 'view', version } : null)}
                  onCompare={(before, after) => showHistory({ mode: 'compare', before, after })}
                />
              </>
            )}
          </div>
        </aside>
      </div>
      {searching && <SearchPalette nodes={snapshot.nodes} onPick={(id) => focusLater(id)} onClose={() => setSearching(false)} />}
      {helping && <ShortcutsHelp onClose={() => setHelping(false)} />}
      {askName && <NamePrompt onDone={() => setAskName(false)} />}
      {peopleSlot &&
        createPortal(
          <PeopleBar
            people={people}
            following={following}
            onJump={(person) => showView(person, 400)}
            onFollow={(person) => {
              setFollowing(person?.clientId ?? null);
              if (person) showView(person, 300);
            }}
            onSummon={readOnly ? undefined : () => presence.set({ summon: Date.now() })}
          />,
          peopleSlot,
        )}
      {following !== null && followed && (
        <p className="following-banner" role="status" data-testid="following">
          {t('presence.followingBanner', { name: followed.user.name })}{' '}
          <button type="button" className="link" onClick={() => setFollowing(null)}>
            {t('presence.stopFollowing')}
          </button>
        </p>
      )}
      {sharing && <ShareDialog mapId={mapId} onClose={() => setSharing(false)} />}
      {exporting && <ExportDialog mapId={mapId} mapTitle={meta.title} onClose={() => setExporting(false)} />}
      {notice && (
        <div className="pointer-notice" role="alert" style={{ left: Math.min(notice.x + 12, window.innerWidth - 360), top: notice.y + 12 }}>
          {notice.text}
        </div>
      )}
    </SelectionContext.Provider>
    </ReadOnlyContext.Provider>
  );
}

/** The map's title, renamed in place; the server updates the map list from the document. */
function MapTitle({ doc, readOnly }: { doc: Y.Doc; readOnly: boolean }) {
  const { t } = useTranslation();
  const meta = doc.getMap('meta');
  const title = useSyncExternalStore(
    (onChange) => {
      meta.observe(onChange);
      return () => meta.unobserve(onChange);
    },
    () => readMeta(doc).title,
  );
  const [draft, setDraft] = useState<string | null>(null);
  const cancelled = useRef(false);
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  const commit = () => {
    const next = draft?.trim();
    if (!cancelled.current && next && next !== title) setMapTitle(doc, next, LOCAL_ORIGIN);
    cancelled.current = false;
    setDraft(null);
  };
  return (
    <input
      className="editor-header__title"
      aria-label={t('editor.mapTitleLabel')}
      value={draft ?? title}
      readOnly={readOnly}
      maxLength={200}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') {
          cancelled.current = true;
          event.currentTarget.blur();
        }
      }}
    />
  );
}
