import type * as Y from 'yjs';
import { SharedTextArea } from './SharedTextArea';

/** Inline title editing on the canvas (double-click a node). */
export function TitleEditor({ doc, nodeId, onDone, label }: { doc: Y.Doc; nodeId: string; onDone: () => void; label: string }) {
  return <SharedTextArea doc={doc} nodeId={nodeId} field="title" label={label} className="title-editor" autoFocus onDone={onDone} />;
}
