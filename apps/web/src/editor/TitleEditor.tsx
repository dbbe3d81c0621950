import { setNodeTitle, titleText } from '@qms/model';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { LOCAL_ORIGIN } from '../sync/map-connection';

interface Props {
  doc: Y.Doc;
  nodeId: string;
  onDone: () => void;
  label: string;
}

/**
 * Edits a node's title live: every keystroke goes into the shared Y.Text, and what others type
 * into the same title appears here without moving this person's caret.
 */
export function TitleEditor({ doc, nodeId, onDone, label }: Props) {
  const text = titleText(doc, nodeId);
  const [value, setValue] = useState(() => text?.toString() ?? '');
  const ref = useRef<HTMLTextAreaElement>(null);
  // The caret as positions in the shared text, so that it stays put when others insert before it.
  const caret = useRef<{ start: Y.RelativePosition; end: Y.RelativePosition } | null>(null);
  const restore = useRef<{ start: number; end: number } | null>(null);

  const rememberCaret = () => {
    const el = ref.current;
    if (!el || !text) return;
    caret.current = {
      start: Y.createRelativePositionFromTypeIndex(text, el.selectionStart),
      end: Y.createRelativePositionFromTypeIndex(text, el.selectionEnd),
    };
  };

  useEffect(() => {
    if (!text) return;
    const onChange = (_event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === LOCAL_ORIGIN) return;
      const saved = caret.current;
      if (saved) {
        const start = Y.createAbsolutePositionFromRelativePosition(saved.start, doc)?.index;
        const end = Y.createAbsolutePositionFromRelativePosition(saved.end, doc)?.index;
        if (start !== undefined && end !== undefined) restore.current = { start, end };
      }
      setValue(text.toString());
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [doc, text]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (restore.current) {
      el.setSelectionRange(restore.current.start, restore.current.end);
      restore.current = null;
    }
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight}px`;
  }, [value]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.focus();
    el.select();
    rememberCaret();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <textarea
      ref={ref}
      className="title-editor nodrag nowheel nopan"
      aria-label={label}
      value={value}
      rows={1}
      onChange={(event) => {
        const next = event.target.value;
        setValue(next);
        setNodeTitle(doc, nodeId, next, LOCAL_ORIGIN, event.target.selectionStart);
        rememberCaret();
      }}
      onSelect={rememberCaret}
      onKeyDown={(event) => {
        event.stopPropagation(); // Backspace here edits text; it must not delete the node
        if (event.key === 'Escape' || (event.key === 'Enter' && !event.shiftKey)) {
          event.preventDefault();
          onDone();
        }
      }}
      onBlur={onDone}
    />
  );
}
