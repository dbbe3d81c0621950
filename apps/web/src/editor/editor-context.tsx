import { MapEditor } from '@qms/model';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type * as Y from 'yjs';

/**
 * The open map's editor (`MapEditor` from `@qms/model`): its operations bound to this browser's
 * origin, made once per open map where the connection is made (`pages/use-open-map.ts`).
 * Components write through it — `useEditor().connect(...)` — and never pass an origin around.
 */
export const EditorContext = createContext<MapEditor | null>(null);

export function useEditor(): MapEditor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('useEditor outside an open map (EditorContext)');
  return editor;
}

/**
 * The editor of a document: the open map's own, or, for a document drawn beside it (a saved
 * version, a comparison: private copies, shown read-only), one with the same origin.
 */
export function useEditorOf(doc: Y.Doc): MapEditor {
  const open = useEditor();
  return useMemo(() => (open.doc === doc ? open : new MapEditor(doc, open.origin)), [open, doc]);
}

/** Gives the components inside the editor of `doc` (see useEditorOf). */
export function EditorScope({ doc, children }: { doc: Y.Doc; children: ReactNode }) {
  return <EditorContext.Provider value={useEditorOf(doc)}>{children}</EditorContext.Provider>;
}
