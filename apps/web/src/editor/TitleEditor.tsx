import { SharedTextArea } from './SharedTextArea';

/** Inline title editing on the canvas (double-click a node, F2, or typing on it). */
export function TitleEditor({ nodeId, onDone, label, caretAtEnd }: { nodeId: string; onDone: (cancelled?: boolean) => void; label: string; caretAtEnd?: boolean }) {
  return <SharedTextArea nodeId={nodeId} field="title" label={label} className="title-editor" autoFocus caretAtEnd={caretAtEnd} onDone={onDone} />;
}
