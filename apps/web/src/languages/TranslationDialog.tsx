import {
  canonicalLanguage,
  compareCodes,
  kindSpec,
  translatableFieldsOf,
  translationProgress,
  translationStatus,
  type MapNode,
  type MapSnapshot,
  type TranslatableField,
  type TranslationStatus,
} from '@qms/model';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useEditor } from '../editor/editor-context';
import { SharedTextArea } from '../editor/SharedTextArea';
import { kindLabelKey } from '../editor/kind-look';
import { KNOWN_CONTENT_LANGUAGES, languageName } from './content-languages';

type Filter = 'all' | 'missing' | 'outdated';

interface Row {
  node: MapNode;
  field: TranslatableField;
  source: string | readonly string[];
  status: TranslationStatus;
  value: string;
}

const asText = (value: string | readonly string[] | undefined) => (value === undefined ? '' : typeof value === 'string' ? value : value.join('\n'));
const isList = (field: TranslatableField) => field === 'assessmentCriteria' || field === 'performanceCriteria';
/** Tree first, top down, then outcomes and units: the order a partner reads a map in. */
const readingRank = (node: MapNode) => kindSpec(node.kind)?.treeLevel ?? (node.kind === 'unit' ? 6 : 5);

/**
 * Source and translation side by side, field by field, for one target language: what a partner
 * translates the map in. Each text is a shared text (two translators typing in one field merge,
 * each keeps their caret); Enter goes to the next field. A field whose source changed since it was
 * translated is outdated until it is redone or confirmed.
 */
export function TranslationDialog({ snapshot, readOnly, language, onLanguage, onClose }: {
  snapshot: MapSnapshot;
  readOnly: boolean;
  /** The target language shown (one of the map's), or null when it has none yet. */
  language: string | null;
  onLanguage: (language: string) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const editor = useEditor();
  const dialog = useRef<HTMLDialogElement>(null);
  const [filter, setFilter] = useState<Filter>('all');
  const [adding, setAdding] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  const source = snapshot.meta.language;
  const targets = snapshot.meta.languages ?? [];
  const name = (tag: string) => languageName(tag, i18n.language);

  const rows = useMemo<Row[]>(() => {
    if (!language) return [];
    const ordered = [...snapshot.nodes].sort((a, b) => readingRank(a) - readingRank(b) || compareCodes(a.code, b.code));
    return ordered.flatMap((node) =>
      translatableFieldsOf(node.kind).flatMap((field) => {
        const status = translationStatus(node, language, field);
        if (!status) return []; // nothing to translate in this field
        const source = (node as unknown as Record<string, string | readonly string[] | undefined>)[field] ?? '';
        return [{ node, field, source, status, value: asText(node.translations?.[language]?.[field]?.value) }];
      }),
    );
  }, [snapshot.nodes, language]);
  // The filter is applied when it is chosen, not as people type: a row being translated stays in view.
  const [shownKeys, setShownKeys] = useState<Set<string> | null>(null);
  const keyOf = (row: Row) => `${row.node.id}\u0000${row.field}`;
  const shown = rows.filter((row) => (filter === 'all' ? true : shownKeys ? shownKeys.has(keyOf(row)) : row.status === filter));
  const choose = (next: Filter) => {
    setFilter(next);
    setShownKeys(next === 'all' ? null : new Set(rows.filter((row) => row.status === next).map(keyOf)));
  };

  const add = () => {
    const tag = canonicalLanguage(adding.trim());
    if (!tag.ok) return setProblem(t('languages.invalid', { tag: adding.trim() }));
    if (tag.value === source) return setProblem(t('languages.isSource', { language: name(tag.value) }));
    const result = editor.addLanguage(tag.value);
    if (!result.ok) return setProblem(result.message);
    setProblem(null);
    setAdding('');
    onLanguage(result.value);
  };

  const write = (row: Row, text: string) => {
    const value = isList(row.field) ? text.split('\n').map((line) => line.trim()).filter(Boolean) : text;
    const result = editor.setTranslation(row.node.id, language!, row.field, value);
    setProblem(result.ok ? null : result.message);
  };

  const progress = language ? translationProgress(snapshot.nodes, language) : null;

  return (
    <dialog ref={dialog} className="translation-dialog" onCancel={onClose} onClose={onClose} aria-labelledby="translation-title" data-testid="translation-dialog">
      <header className="translation-dialog__head">
        <h2 id="translation-title">{t('languages.translateTitle', { language: name(source) })}</h2>
        {targets.length > 0 && (
          <select value={language ?? ''} onChange={(event) => onLanguage(event.target.value)} aria-label={t('languages.target')} data-testid="translation-target">
            {targets.map((tag) => (
              <option key={tag} value={tag}>
                {name(tag)}
              </option>
            ))}
          </select>
        )}
        {progress && (
          <span className="translation-dialog__progress" data-testid="translation-progress">
            {t('languages.progress', { done: progress.current + progress.reviewed, total: progress.total, outdated: progress.outdated })}
          </span>
        )}
        <button type="button" onClick={onClose} data-testid="translation-close">
          {t('shortcuts.close')}
        </button>
      </header>
      {!readOnly && (
        <form
          className="translation-dialog__add"
          onSubmit={(event) => {
            event.preventDefault();
            add();
          }}
        >
          <label>
            {t('languages.writtenIn')}{' '}
            <select
              value={source}
              onChange={(event) => {
                // The texts stay as they are: this says which language they are in (a map created in the wrong one).
                const result = editor.setSourceLanguage(event.target.value);
                setProblem(result.ok ? null : result.message);
              }}
              data-testid="source-language"
            >
              {[...new Set([source, ...KNOWN_CONTENT_LANGUAGES])]
                .filter((tag) => tag === source || !targets.includes(tag))
                .map((tag) => (
                  <option key={tag} value={tag}>
                    {name(tag)}
                  </option>
                ))}
            </select>
          </label>{' '}
          <label>
            {t('languages.add')}{' '}
            <input list="known-languages" value={adding} onChange={(event) => setAdding(event.target.value)} placeholder="en, ru, uz-Latn…" maxLength={35} data-testid="add-language" />
          </label>
          <datalist id="known-languages">
            {KNOWN_CONTENT_LANGUAGES.filter((tag) => tag !== source && !targets.includes(tag)).map((tag) => (
              <option key={tag} value={tag}>
                {name(tag)}
              </option>
            ))}
          </datalist>
          <button type="submit" disabled={!adding.trim()} data-testid="add-language-button">
            {t('languages.addButton')}
          </button>
        </form>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {!language ? (
        <p className="muted">{t('languages.noTargets')}</p>
      ) : (
        <>
          <span className="segmented" role="radiogroup" aria-label={t('languages.filter')}>
            {(['all', 'missing', 'outdated'] as const).map((value) => (
              <button key={value} type="button" role="radio" aria-checked={filter === value} className={filter === value ? 'is-on' : ''} onClick={() => choose(value)} data-testid={`translation-filter-${value}`}>
                {t(`languages.filter_${value}`)}
              </button>
            ))}
          </span>
          <table className="translation-table">
            <thead>
              <tr>
                <th scope="col">{t('languages.node')}</th>
                <th scope="col">{name(source)}</th>
                <th scope="col">{name(language)}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row, i) => (
                <tr key={keyOf(row)} data-testid="translation-row" data-code={row.node.code} data-field={row.field} data-status={row.status}>
                  <th scope="row">
                    <span className="translation-table__code">{row.node.code || t(kindLabelKey(row.node.kind, 'teacher'))}</span>
                    <span className="translation-table__field">{t(`fields.${row.field}`, { defaultValue: row.field })}</span>
                    <span className={`translation-status translation-status--${row.status}`}>{t(`languages.status_${row.status}`)}</span>
                  </th>
                  <td className="translation-table__source" lang={source}>
                    {asText(row.source)}
                  </td>
                  <td>
                    {isList(row.field) ? (
                      <textarea
                        id={`translation-field-${i}`}
                        lang={language}
                        value={row.value}
                        readOnly={readOnly}
                        rows={3}
                        aria-label={t('languages.translationOf', { code: row.node.code, field: t(`fields.${row.field}`, { defaultValue: row.field }) })}
                        onChange={(event) => write(row, event.target.value)}
                        data-testid="translation-input"
                      />
                    ) : readOnly ? (
                      <p lang={language}>{row.value}</p>
                    ) : (
                      // A shared text: two translators typing in one field merge, carets kept.
                      <SharedTextArea
                        key={`${row.node.id} ${row.field} ${language}`}
                        id={`translation-field-${i}`}
                        nodeId={row.node.id}
                        field={row.field as 'title' | 'keyPurpose'}
                        language={language}
                        label={t('languages.translationOf', { code: row.node.code, field: t(`fields.${row.field}`, { defaultValue: row.field }) })}
                        onEnter={() => document.getElementById(`translation-field-${i + 1}`)?.focus()}
                        className="translation-table__input"
                        testId="translation-input"
                      />
                    )}
                    {!readOnly && row.status === 'outdated' && (
                      <button type="button" className="link-button" onClick={() => editor.confirmTranslation(row.node.id, language, row.field)} data-testid="translation-confirm">
                        {t('languages.stillRight')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {shown.length === 0 && <p className="muted">{t('languages.nothingLeft')}</p>}
        </>
      )}
    </dialog>
  );
}
