import { RULE_LENSES, type CheckIssue, type Lens } from '@qms/model';
import { useMemo, useReducer } from 'react';
import type { VersionInfo } from '../api';

/**
 * What the open map's interface is doing, apart from the map itself: which nodes are selected,
 * which side-panel tab and which dialog are open, whose view this person follows, and whether the
 * canvas shows the live map or a saved version. A reducer, so that its rules are tested without a
 * browser (test/editor-state.test.ts); the lens is a preference (preferences.ts), not kept here.
 */

export const TABS = ['details', 'checks', 'comments', 'review', 'mobility', 'history'] as const;
export type Tab = (typeof TABS)[number];

/** The dialogs opened from the toolbar or the keyboard; one at a time (they are modal). */
export type Dialog = 'search' | 'help' | 'export' | 'share' | 'translate';

/** What the canvas shows instead of the live map: a saved version, or two states compared (`after: null`: the live map). */
export type HistoryView = null | { mode: 'view'; version: VersionInfo } | { mode: 'compare'; before: VersionInfo; after: VersionInfo | null };

export interface EditorState {
  selectedIds: readonly string[];
  tab: Tab;
  dialog: Dialog | null;
  history: HistoryView;
  /** The person (awareness client id) whose view this one follows. */
  following: number | null;
  /** A node just picked in the checks list: selecting it keeps the list open, for the next check. */
  checksPick: string | null;
}

export type EditorAction =
  /** Nodes selected on the canvas; `showDetails`: leave the checks list for the node's details. */
  | { type: 'select'; ids: readonly string[]; showDetails: boolean }
  | { type: 'tab'; tab: Tab }
  | { type: 'pickCheck'; nodeId: string }
  | { type: 'open'; dialog: Dialog }
  | { type: 'close'; dialog: Dialog }
  | { type: 'history'; view: HistoryView }
  | { type: 'follow'; clientId: number | null };

const NOTHING: readonly string[] = [];

export const INITIAL_EDITOR_STATE: EditorState = { selectedIds: NOTHING, tab: 'details', dialog: null, history: null, following: null, checksPick: null };

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((id, i) => id === b[i]);

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'select': {
      // The same selection again keeps its identity: panels reading it do not re-render.
      const selectedIds = sameIds(state.selectedIds, action.ids) ? state.selectedIds : action.ids;
      // From the checks list to the node's details, unless the node was picked in that list (the
      // next check is still to be read); the comments and review tabs stay (people select the
      // node they want to comment on).
      const picked = action.ids.length === 1 && action.ids[0] === state.checksPick;
      const tab = action.showDetails && action.ids.length > 0 && state.tab === 'checks' && !picked ? 'details' : state.tab;
      if (selectedIds === state.selectedIds && tab === state.tab && state.checksPick === null) return state;
      return { ...state, selectedIds, tab, checksPick: null };
    }
    case 'pickCheck':
      return { ...state, checksPick: action.nodeId };
    case 'tab':
      return state.tab === action.tab ? state : { ...state, tab: action.tab };
    case 'open':
      return state.dialog === action.dialog ? state : { ...state, dialog: action.dialog };
    case 'close':
      return state.dialog === action.dialog ? { ...state, dialog: null } : state;
    case 'history':
      // Another canvas: what was selected on the previous one is not on it.
      return { ...state, history: action.view, selectedIds: NOTHING };
    case 'follow':
      return state.following === action.clientId ? state : { ...state, following: action.clientId };
  }
}

/** The editor's state and its changes, as stable callbacks for the components. */
export function useEditorState() {
  const [state, dispatch] = useReducer(editorReducer, INITIAL_EDITOR_STATE);
  const actions = useMemo(
    () => ({
      select: (ids: readonly string[], showDetails = true) => dispatch({ type: 'select', ids, showDetails }),
      showTab: (tab: Tab) => dispatch({ type: 'tab', tab }),
      pickCheck: (nodeId: string) => dispatch({ type: 'pickCheck', nodeId }),
      open: (dialog: Dialog) => dispatch({ type: 'open', dialog }),
      close: (dialog: Dialog) => dispatch({ type: 'close', dialog }),
      showHistory: (view: HistoryView) => dispatch({ type: 'history', view }),
      follow: (clientId: number | null) => dispatch({ type: 'follow', clientId }),
    }),
    [],
  );
  return [state, actions] as const;
}

export type EditorActions = ReturnType<typeof useEditorState>[1];

/** The checks a lens lists (RULE_LENSES): employers see what concerns the work itself. */
export function issuesInLens(issues: readonly CheckIssue[], lens: Lens): readonly CheckIssue[] {
  const shown = issues.filter((issue) => RULE_LENSES[issue.rule].includes(lens));
  return shown.length === issues.length ? issues : shown;
}
