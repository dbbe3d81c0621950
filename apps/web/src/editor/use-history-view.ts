import { snapshotOf } from '@qms/model';
import { useMemo } from 'react';
import type * as Y from 'yjs';
import { diffClasses, diffEdgeClasses } from '../history/compare';
import { useComparison, useVersionDoc } from '../history/use-version-doc';
import type { HistoryView } from './editor-state';

/**
 * What the canvas and the side panel show for a history view (editor-state.ts): the saved
 * version's document or the comparison's, once loaded, with the comparison's highlights.
 */
export function useHistoryView(mapId: string, history: HistoryView, liveDoc: Y.Doc) {
  const viewed = useVersionDoc(mapId, history?.mode === 'view' ? history.version.id : null);
  const pair = useMemo(() => (history?.mode === 'compare' ? { before: history.before, after: history.after } : null), [history]);
  const comparison = useComparison(mapId, pair, liveDoc);
  const doc =
    history?.mode === 'view' ? (viewed.state === 'ready' ? viewed.value.doc : null) : history?.mode === 'compare' && comparison.state === 'ready' ? comparison.value.doc : null;
  const snapshot = useMemo(() => (doc ? snapshotOf(doc) : null), [doc]);
  const highlight = useMemo(() => (comparison.state === 'ready' ? diffClasses(comparison.value.diff) : undefined), [comparison]);
  const edgeHighlight = useMemo(() => (comparison.state === 'ready' ? diffEdgeClasses(comparison.value.diff) : undefined), [comparison]);
  const failed = history?.mode === 'view' ? viewed.state === 'failed' : history?.mode === 'compare' && comparison.state === 'failed';
  return { doc, snapshot, comparison, highlight, edgeHighlight, failed };
}

export type HistoryData = ReturnType<typeof useHistoryView>;
