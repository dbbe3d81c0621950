import { entryAt, nodesOf, titleText, translationText } from '@qms/model';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import * as Y from 'yjs';
import { useEditor } from './editor-context';

interface Props {
  nodeId: string;
  field?: 'title' | 'keyPurpose';
  label: string;
  className?: string;
  autoFocus?: boolean;
  /** On focus, the caret after the text rather than the text selected. */
  caretAtEnd?: boolean;
  /** Enter (without Shift) and Escape finish editing; blur too. `cancelled`: it was Escape. */
  onDone?: (cancelled?: boolean) => void;
  placeholder?: string;
  id?: string;
  /** The field's translation into this language (translations.ts) instead of the field itself. */
  language?: string;
  /** Enter (without Shift): instead of a new line, this (the translation view's next field). */
  onEnter?: () => void;
  testId?: string;
}

/**
 * A textarea bound live to one shared text: every keystroke goes into the Y.Text, and what others
 * type into the same text appears here without moving this person's caret.
 */
export function SharedTextArea({ nodeId, field = 'title', label, className = '', autoFocus, caretAtEnd, onDone, placeholder, id, language, onEnter, testId }: Props) {
  const editor = useEditor();
  const { doc } = editor;
  const textOf = () => (language ? translationText(doc, nodeId, language, field) : titleText(doc, nodeId, field));
  const [value, setValue] = useState(() => textOf()?.toString() ?? '');
  const ref = useRef<HTMLTextAreaElement>(null);
  // The caret as positions in the shared text, so that it stays put when others insert before it.
  const caret = useRef<{ start: Y.RelativePosition; end: Y.RelativePosition } | null>(null);
  const restore = useRef<{ start: number; end: number } | null>(null);

  const rememberCaret = () => {
    const el = ref.current;
    const text = textOf();
    if (!el || !text) return;
    caret.current = {
      start: Y.createRelativePositionFromTypeIndex(text, el.selectionStart),
      end: Y.createRelativePositionFromTypeIndex(text, el.selectionEnd),
    };
  };

  useEffect(() => {
    // The text may be created by this or another person's first keystroke: watch the node too
    // (a translation's text lives deeper: in its language's map, watched with the node's).
    const node = entryAt(nodesOf(doc), nodeId); // a malformed entry has no text to bind to
    if (!node) return;
    let observed: Y.Text | undefined;
    const onText = (_event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (editor.isOwn(transaction) && document.activeElement === ref.current) return;
      const saved = caret.current;
      if (saved && document.activeElement === ref.current) {
        const start = Y.createAbsolutePositionFromRelativePosition(saved.start, doc)?.index;
        const end = Y.createAbsolutePositionFromRelativePosition(saved.end, doc)?.index;
        if (start !== undefined && end !== undefined) restore.current = { start, end };
      }
      setValue(observed?.toString() ?? '');
    };
    const attach = () => {
      const text = language ? translationText(doc, nodeId, language, field) : titleText(doc, nodeId, field);
      if (text === observed) return;
      observed?.unobserve(onText);
      observed = text;
      observed?.observe(onText);
      setValue(observed?.toString() ?? '');
    };
    attach();
    node.observeDeep(attach);
    return () => {
      node.unobserveDeep(attach);
      observed?.unobserve(onText);
    };
  }, [editor, doc, nodeId, field, language]);

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
    if (!autoFocus) return;
    const el = ref.current;
    el?.focus();
    if (caretAtEnd) el?.setSelectionRange(el.value.length, el.value.length);
    else el?.select();
    rememberCaret();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [autoFocus]);

  return (
    <textarea
      ref={ref}
      id={id}
      className={`shared-text nodrag nowheel nopan ${className}`}
      aria-label={label}
      placeholder={placeholder}
      value={value}
      lang={language}
      data-testid={testId}
      rows={1}
      onChange={(event) => {
        const next = event.target.value;
        setValue(next);
        if (language) editor.setTranslation(nodeId, language, field, next, event.target.selectionStart);
        else editor.setText(nodeId, field, next, event.target.selectionStart);
        rememberCaret();
      }}
      onSelect={rememberCaret}
      onKeyDown={(event) => {
        event.stopPropagation(); // Backspace and Enter here edit text; they must not reach the canvas
        if (onEnter && event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          onEnter();
          return;
        }
        if (onDone && (event.key === 'Escape' || (event.key === 'Enter' && !event.shiftKey))) {
          event.preventDefault();
          onDone(event.key === 'Escape');
        }
      }}
      onBlur={() => onDone?.()}
    />
  );
}
