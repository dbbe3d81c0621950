import { branchTops, graphOf, localizedNodes, nodeTranslationStatus, schemaProblem, translationProgress } from '@qms/model';
import { can, type Role } from '@qms/protocol';
import { useReactFlow, useStore } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { knownMap } from '../access';
import { ShareDialog } from '../components/ShareDialog';
import { usePreferences } from '../preferences';
import { CursorsLayer } from '../presence/CursorsLayer';
import { NamePrompt } from '../presence/NamePrompt';
import { PeopleBar } from '../presence/PeopleBar';
import { useFollow } from '../presence/use-follow';
import { framePart, useAnnounce, usePeople, usePeopleNames, useRemoteState } from '../presence/use-people';
import { threadCountByNode, unitReviewBadges } from '../review/badges';
import { useReview } from '../review/use-review';
import type { MapConnection } from '../sync/map-connection';
import { FollowingBanner, HistoryBanner, ImportWarnings, RoleBanner, SampleBanner, SchemaBanner, UnreadableBanner } from './chrome/Banners';
import { HistoryCanvas } from './chrome/HistoryCanvas';
import { PointerNotice, useNotice } from './chrome/Notice';
import { SidePanel } from './chrome/SidePanel';
import { MapActions } from './chrome/MapActions';
import { Toolbar } from './chrome/Toolbar';
import { useEditor } from './editor-context';
import { issuesInLens, useEditorState } from './editor-state';
import { ExportDialog } from './ExportDialog';
import { useFocusNodeWith } from './focus';
import { viewCentre } from './geometry';
import { MapCanvas } from './MapCanvas';
import { PointsBar } from './PointsBar';
import { ReadOnlyContext } from './read-only';
import { SearchPalette } from './SearchPalette';
import { SelectionContext } from './selection';
import { ShortcutsHelp } from './ShortcutsHelp';
import { useChecks } from './use-checks';
import { PartnerMapsProvider, usePartnerMaps } from '../matches/partner-maps';
import { useHistoryView } from './use-history-view';
import { useMapFlow, useMapSnapshot } from './use-map-flow';
import { CollapseContext, useCollapse } from './collapse';
import { ContentLanguageSwitch } from '../languages/ContentLanguageSwitch';
import { ShownLanguageContext } from '../languages/shown-language';
import { TranslationDialog } from '../languages/TranslationDialog';
import type { LanguageMark } from './flow-state';
import { useTidyUp } from './use-tidy-up';
import { useUndo } from './use-undo';
import { useCurrentView } from './use-view';
import { WorkshopCanvasContext, type HeatScale } from '../workshop/canvas';
import { myParticipantId } from '../workshop/participant';
import { readWorkshop } from '../workshop/state';
import { WorkshopBanner } from '../workshop/WorkshopBanner';
import { WorkshopPanel } from '../workshop/WorkshopPanel';
import { usePrivateWorkshop } from '../workshop/use-private-workshop';

interface Props {
  connection: MapConnection;
  role: Role;
  /** Where the people in the map are shown (in the page's header). */
  peopleSlot: HTMLElement | null;
  /** Where the map's actions go (share, export, find, help): the header too. */
  actionsSlot: HTMLElement | null;
}

/**
 * The open map: toolbar, points bar, canvas and side panel, wired to the editor object in context
 * (`useEditor()`), the people in the map and the interface's own state (editor-state.ts). Must be
 * rendered inside a ReactFlowProvider.
 */
export function Editor({ connection, role, peopleSlot, actionsSlot }: Props) {
  const { presence, mapId } = connection;
  const editor = useEditor();
  const { t } = useTranslation();
  const preferences = usePreferences();
  const { lens } = preferences;
  const [state, actions] = useEditorState();
  const { history } = state;
  const flow = useReactFlow();
  const currentView = useCurrentView();
  const [notice, notify] = useNotice();

  // The live map and its checks.
  const snapshot = useMapSnapshot(editor.doc);
  // A map stamped with a schema this version cannot open is shown, not changed (read again on
  // every snapshot: a restore stamps it current, and editing comes back).
  const schema = schemaProblem(editor.doc);
  const readOnly = !can(role, 'edit') || schema !== null;
  // The partner maps this map's units are matched with, read with their links (matches/).
  const partners = usePartnerMaps(snapshot, mapId);
  const checks = useChecks(snapshot, partners.targets);
  const issues = useMemo(() => issuesInLens(checks.issues, lens), [checks.issues, lens]);
  const undo = useUndo(editor, history === null);
  const tidyUp = useTidyUp(editor, snapshot);

  // The people in the map, and this person for them and for the review.
  const people = usePeople(presence, framePart);
  const names = usePeopleNames(people);
  const guest = t('presence.guest');
  useAnnounce(presence, { name: preferences.name || guest, color: preferences.color, institution: preferences.institution }, lens);
  const me = useMemo(() => ({ name: preferences.name || guest, ...(preferences.institution ? { institution: preferences.institution } : {}) }), [preferences.name, preferences.institution, guest]);
  const [askName, setAskName] = useState(() => !preferences.name);
  const { remoteSelections, remoteDrags } = useRemoteState(people);
  const { followed, showView } = useFollow(people, state.following, actions.follow, notify);

  // The map's review (comments, sign-off rounds): its own document, written by commenters too.
  const review = useReview(mapId, knownMap(mapId)?.token, me, snapshot, { people: names });
  const reviewBadges = useMemo(() => unitReviewBadges(review.status), [review.status]);
  const commentBadges = useMemo(() => threadCountByNode(review.threads, review.lastSeen), [review.threads, review.lastSeen]);

  // The language this person reads the map in (the source, or a target language partners translate into).
  const source = snapshot.meta.language;
  const targets = snapshot.meta.languages;
  const [chosenLanguage, setShownLanguage] = useState<string | null>(null);
  const shownLanguage = chosenLanguage && (targets ?? []).includes(chosenLanguage) ? chosenLanguage : source;
  const [translationTarget, setTranslationTarget] = useState<string | null>(null);
  const shown = useMemo(() => {
    if (shownLanguage === source) return { snapshot, marks: undefined };
    const localized = localizedNodes(snapshot, shownLanguage);
    const marks = new Map<string, LanguageMark>();
    for (const node of snapshot.nodes) {
      if (localized.fallback.has(node.id)) marks.set(node.id, 'fallback');
      else if (Object.values(nodeTranslationStatus(node, shownLanguage)).includes('outdated')) marks.set(node.id, 'outdated');
    }
    return { snapshot: { ...snapshot, nodes: localized.nodes }, marks };
  }, [snapshot, shownLanguage, source]);
  const shownContext = useMemo(() => ({ language: shownLanguage, source }), [shownLanguage, source]);
  const progress = useMemo(
    () =>
      new Map(
        (targets ?? []).map((tag) => {
          const p = translationProgress(snapshot.nodes, tag);
          return [tag, { done: p.current + p.reviewed, total: p.total }];
        }),
      ),
    [snapshot.nodes, targets],
  );

  // Branches this person folded (their own, remembered per map in this browser).
  const collapse = useCollapse(mapId);
  const foldAll = useCallback(
    (fold: boolean) => {
      if (!fold) return collapse.only([]);
      // The first level under each qualification, where something hangs under it.
      const graph = graphOf(snapshot);
      const tops = branchTops(graph);
      const firstLevel = graph.roots().flatMap((root) => graph.childrenOf(root.id));
      collapse.only(firstLevel.filter((node) => tops.has(node.id)).map((node) => node.id));
    },
    [collapse, snapshot],
  );

  // The canvas's state, rendered from the document.
  const edgeLabel = useCallback((kind: string) => t(`edge.${kind}`, { defaultValue: kind }), [t]);
  const flowState = useMapFlow(editor.doc, shown.snapshot, {
    lens,
    badges: checks.badges,
    edgeLabel,
    remoteSelections,
    remoteDrags,
    reviewBadges,
    commentBadges,
    collapsed: collapse.collapsed,
    languageMarks: shown.marks,
    onDragging: (positions) => presence.setThrottled({ dragging: positions }),
    onGestureEnd: () => undo.manager.stopCapturing(),
  });
  const selection = useMemo(() => ({ selectOnly: flowState.selectOnly }), [flowState.selectOnly]);
  const focusNode = useFocusNodeWith(selection);
  // Focus once the search palette has closed, so the canvas gets the keyboard back.
  const focusLater = useCallback((id: string) => requestAnimationFrame(() => focusNode(id)), [focusNode]);
  const zoom = useStore((s) => s.transform[2]);

  const { select, open, close, follow, showHistory } = actions;
  const openSearch = useCallback(() => open('search'), [open]);
  const openHelp = useCallback(() => open('help'), [open]);
  const onSelectionChange = useCallback(
    (ids: string[]) => {
      select(ids);
      presence.set({ selection: ids });
    },
    [select, presence],
  );
  const onVersionSelection = useCallback((ids: string[]) => select(ids, false), [select]);
  const following = state.following;
  const onViewport = useCallback(
    (viewport: { x: number; y: number; zoom: number }, byUser: boolean) => {
      const { width, height } = currentView();
      presence.setThrottled({ viewport: { ...viewport, width, height } });
      if (byUser && following !== null) follow(null); // moving the map breaks away
    },
    [presence, following, follow, currentView],
  );
  const onPointer = useCallback((position: { x: number; y: number } | null) => presence.setThrottled({ pointer: position }), [presence]);

  // A saved version or a comparison on the canvas instead of the live map.
  const historyData = useHistoryView(mapId, history, editor.doc);
  const versionFocus = useRef<((nodeId: string) => void) | null>(null);
  const leaveHistory = useCallback(() => showHistory(null), [showHistory]);
  const editing = !readOnly && history === null;
  // The workshop (in the review document): its banner for everyone, its panel behind a toolbar button.
  const [workshopOpen, setWorkshopOpen] = useState(false);
  const [heat, setHeat] = useState(false);
  const [sound, setSound] = useState(false);
  const reviewDoc = review.doc;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `review.version` counts the review document's changes: read again after each
  const visibleWorkshop = useMemo(() => (reviewDoc ? readWorkshop(reviewDoc) : null), [reviewDoc, review.version]);
  const participantId = useMemo(() => myParticipantId(), []);
  // Hidden ratings and private cards: this browser's own, and a facilitator's everyone's (private documents).
  const privateWorkshop = usePrivateWorkshop(mapId, knownMap(mapId)?.token, reviewDoc, visibleWorkshop, participantId, can(role, 'edit'));
  const workshop = privateWorkshop.state;
  const [heatScale, setHeatScale] = useState<HeatScale>('criticality');
  const workshopCanvas = useMemo(() => ({ summaries: workshop?.summaries ?? new Map(), heat: heat ? heatScale : null }), [workshop?.summaries, heat, heatScale]);
  // A locked structure: only owners (who run the workshop) add, delete or connect nodes meanwhile.
  const structureLocked = Boolean(workshop?.started && workshop.structureLocked && role !== 'owner');
  const location = useLocation();
  const importWarnings = (location.state as { importWarnings?: string[] } | null)?.importWarnings ?? [];

  return (
    <ReadOnlyContext.Provider value={readOnly}>
      <ShownLanguageContext.Provider value={shownContext}>
        <SelectionContext.Provider value={selection}>
          {snapshot.meta.sample === 'illustrative' && <SampleBanner />}
          <ImportWarnings warnings={importWarnings} />
          {schema && <SchemaBanner problem={schema} canRestore={can(role, 'manage')} />}
          <UnreadableBanner skipped={snapshot.skipped} />
          {!can(role, 'edit') && <RoleBanner role={role} />}
          {history && <HistoryBanner history={history} onLeave={leaveHistory} />}
          {workshop?.started && <WorkshopBanner state={workshop} sound={sound} />}
          <Toolbar lens={lens} editing={editing && !structureLocked} undo={undo} onTidyUp={tidyUp} onWorkshop={() => setWorkshopOpen((open) => !open)} workshopOpen={workshopOpen} />
          {lens === 'teacher' && <PointsBar stats={checks.stats} />}
          <WorkshopCanvasContext.Provider value={workshopCanvas}>
          <div className="editor-body">
            {history === null ? (
              <CollapseContext.Provider value={collapse.set}>
                <MapCanvas
                  doc={editor.doc}
                  snapshot={snapshot}
                  flowState={flowState}
                  onSelectionChange={onSelectionChange}
                  openSearch={openSearch}
                  openHelp={openHelp}
                  notify={notify}
                  readOnly={readOnly || structureLocked}
                  onPointer={onPointer}
                  onViewport={onViewport}
                  onFoldAll={foldAll}
                >
                  <CursorsLayer presence={presence} zoom={zoom} />
                </MapCanvas>
              </CollapseContext.Provider>
            ) : (
              <HistoryCanvas view={history} data={historyData} lens={lens} onSelectionChange={onVersionSelection} focusRef={versionFocus} onLeave={leaveHistory} />
            )}
            {workshopOpen && reviewDoc && workshop && privateWorkshop.target && (
              <WorkshopPanel
                doc={reviewDoc}
                state={workshop}
                facilitator={can(role, 'edit')}
                me={participantId}
                myName={me.name}
                snapshot={snapshot}
                selectedId={state.selectedIds.length === 1 ? state.selectedIds[0]! : null}
                editor={editor}
                mapId={mapId}
                privateWorkshop={privateWorkshop}
                heat={heat}
                onHeat={setHeat}
                heatScale={heatScale}
                onHeatScale={setHeatScale}
                sound={sound}
                onSound={setSound}
                onClose={() => setWorkshopOpen(false)}
              />
            )}
            <PartnerMapsProvider value={partners}>
            <SidePanel
              state={state}
              actions={actions}
              mapId={mapId}
              role={role}
              readOnly={readOnly}
              snapshot={snapshot}
              issues={issues}
              review={review}
              me={me}
              people={names}
              history={historyData}
              onFocusNode={(id) => focusNode(id)}
              onFocusVersionNode={(id) => versionFocus.current?.(id)}
              canvasPoint={() => viewCentre(currentView())}
              onFocusPoint={(point) => void flow.setCenter(point.x, point.y, { zoom: 1, duration: 300 })}
            />
            </PartnerMapsProvider>
          </div>
          </WorkshopCanvasContext.Provider>
          {state.dialog === 'search' && <SearchPalette nodes={snapshot.nodes} onPick={focusLater} onClose={() => close('search')} />}
          {state.dialog === 'help' && <ShortcutsHelp onClose={() => close('help')} />}
          {state.dialog === 'translate' && (
            <TranslationDialog
              snapshot={snapshot}
              readOnly={readOnly}
              language={translationTarget && (targets ?? []).includes(translationTarget) ? translationTarget : (targets?.[0] ?? null)}
              onLanguage={setTranslationTarget}
              onClose={() => close('translate')}
            />
          )}
          {askName && <NamePrompt onDone={() => setAskName(false)} />}
          {actionsSlot &&
            createPortal(
              <>
                {history === null && (
                  <ContentLanguageSwitch
                    source={source}
                    targets={targets ?? []}
                    progress={progress}
                    current={shownLanguage}
                    onChange={(language) => setShownLanguage(language === source ? null : language)}
                    onTranslate={() => {
                      setTranslationTarget((current) => current ?? (shownLanguage !== source ? shownLanguage : (targets?.[0] ?? null)));
                      open('translate');
                    }}
                  />
                )}
                <MapActions canShare={can(role, 'manage')} onShare={() => open('share')} onExport={() => open('export')} onSearch={openSearch} onHelp={openHelp} />
              </>,
              actionsSlot,
            )}
          {peopleSlot &&
            createPortal(
              <PeopleBar
                people={people}
                following={following}
                onJump={(person) => showView(person, 400)}
                onFollow={(person) => {
                  follow(person?.clientId ?? null);
                  if (person) showView(person, 300);
                }}
                onSummon={can(role, 'edit') ? () => presence.set({ summon: Date.now() }) : undefined}
              />,
              peopleSlot,
            )}
          {following !== null && followed && <FollowingBanner name={followed.user.name} onStop={() => follow(null)} />}
          {state.dialog === 'share' && <ShareDialog mapId={mapId} onClose={() => close('share')} />}
          {state.dialog === 'export' && (
            <ExportDialog
              mapId={mapId}
              mapTitle={snapshot.meta.title}
              nodes={flowState.nodes}
              edges={flowState.edges}
              languages={{ source, targets: targets ?? [] }}
              shownLanguage={shownLanguage}
              onClose={() => close('export')}
            />
          )}
          <PointerNotice notice={notice} />
        </SelectionContext.Provider>
      </ShownLanguageContext.Provider>
    </ReadOnlyContext.Provider>
  );
}
