import { metaOf, readMeta } from '@qms/model';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../editor-context';

/** The map's title in the header, renamed in place; the server updates the map list from the document. */
export function MapTitle({ readOnly }: { readOnly: boolean }) {
  const { t } = useTranslation();
  const editor = useEditor();
  const { doc } = editor;
  const title = useSyncExternalStore(
    (onChange) => {
      const meta = metaOf(doc);
      meta.observe(onChange);
      return () => meta.unobserve(onChange);
    },
    () => readMeta(doc).title,
  );
  const [draft, setDraft] = useState<string | null>(null);
  const cancelled = useRef(false);
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  const commit = () => {
    const next = draft?.trim();
    if (!cancelled.current && next && next !== title) editor.setMapTitle(next);
    cancelled.current = false;
    setDraft(null);
  };
  return (
    <input
      className="editor-header__title"
      aria-label={t('editor.mapTitleLabel')}
      value={draft ?? title}
      readOnly={readOnly}
      maxLength={200}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') {
          cancelled.current = true;
          event.currentTarget.blur();
        }
      }}
    />
  );
}
