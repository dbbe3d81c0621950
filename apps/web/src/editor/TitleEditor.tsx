import { SharedTextArea } from './SharedTextArea';

/** Inline title editing on the canvas (double-click a node). */
export function TitleEditor({ nodeId, onDone, label }: { nodeId: string; onDone: () => void; label: string }) {
  return <SharedTextArea nodeId={nodeId} field="title" label={label} className="title-editor" autoFocus onDone={onDone} />;
}
