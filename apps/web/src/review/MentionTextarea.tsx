import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { insertMention, mentionQuery, suggestPeople } from './mention-input';

interface Props {
  value: string;
  onChange(value: string): void;
  /** Ctrl/⌘+Enter. */
  onSubmit(): void;
  people: readonly string[];
  placeholder: string;
  label: string;
  autoFocus?: boolean;
  testId?: string;
}

/** A comment box that suggests people after "@" (↑/↓ to choose, Enter or Tab to insert, Esc to close). */
export function MentionTextarea({ value, onChange, onSubmit, people, placeholder, label, autoFocus, testId }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const query = mentionQuery(value, caret);
  const typed = query?.query;
  const suggestions = useMemo(() => (typed ? suggestPeople(people, typed) : []), [people, typed]);
  const [focused, setFocused] = useState(false);
  // A name typed out in full needs no list, and the list must not cover the buttons below it.
  const complete = suggestions.length === 1 && suggestions[0]!.toLowerCase() === query?.query.trim().toLowerCase();
  const open = focused && query !== null && suggestions.length > 0 && !complete && dismissedAt !== query.start;

  const choose = (name: string) => {
    if (!query) return;
    const next = insertMention(value, query, caret, name);
    onChange(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + suggestions.length) % suggestions.length);
        return;
      }
      if ((event.key === 'Enter' && !event.ctrlKey && !event.metaKey) || event.key === 'Tab') {
        event.preventDefault();
        choose(suggestions[Math.min(active, suggestions.length - 1)]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        setDismissedAt(query!.start);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      onSubmit();
    }
    // Keys typed here are text, not canvas shortcuts (Delete, Tab, arrows).
    event.stopPropagation();
  };

  return (
    <div className="mention-box">
      <textarea
        ref={ref}
        className="field-textarea mention-box__input"
        value={value}
        placeholder={placeholder}
        aria-label={label}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        autoFocus={autoFocus}
        rows={3}
        maxLength={5000}
        data-testid={testId}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart);
          setActive(0);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={onKeyDown}
      />
      {open && (
        <ul className="mention-box__list" role="listbox" id={listId} aria-label={t('comments.mentionList')}>
          {suggestions.map((name, index) => (
            <li key={name} role="option" aria-selected={index === active}>
              <button
                type="button"
                className={index === active ? 'is-on' : ''}
                // Keep the focus (and the caret) in the textarea.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(name)}
              >
                {name}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
