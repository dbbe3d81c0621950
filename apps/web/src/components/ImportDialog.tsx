import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, uploadImport, type ImportResult } from '../api';

interface Props {
  onImported: (result: ImportResult) => void;
  onClose: () => void;
}

/** The format a file most likely is, from its name. */
export function guessFormat(fileName: string): 'case' | 'csv' | 'xlsx' | '' {
  const name = fileName.toLowerCase();
  if (name.endsWith('.json')) return 'case';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.xlsx')) return 'xlsx';
  return '';
}

/** A new map from a file: CASE JSON, or a spreadsheet (ours, or OpenSALT's layout). */
export function ImportDialog({ onImported, onClose }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<string>('');
  const [title, setTitle] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);

  const start = async () => {
    if (!file || !format) return;
    setError(null);
    setProgress(0);
    try {
      onImported(await uploadImport(file, format, title, setProgress));
    } catch (e) {
      setProgress(null);
      setError(e instanceof ApiError && e.error === 'network' ? t('errors.network') : (e as Error).message);
    }
  };

  return (
    <dialog ref={dialog} className="import-dialog" onCancel={onClose} onClose={onClose} aria-labelledby="import-title" data-testid="import-dialog">
      <h2 id="import-title">{t('import.title')}</h2>
      <p className="muted">{t('import.intro')}</p>
      <label className="field">
        <span className="field__label">{t('import.file')}</span>
        <input
          type="file"
          accept=".json,.csv,.xlsx,application/json,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          data-testid="import-file"
          onChange={(event) => {
            const chosen = event.target.files?.[0] ?? null;
            setFile(chosen);
            setFormat(chosen ? guessFormat(chosen.name) : '');
            setError(null);
          }}
        />
      </label>
      <label className="field">
        <span className="field__label">{t('import.format')}</span>
        <select value={format} onChange={(event) => setFormat(event.target.value)} data-testid="import-format">
          <option value="">{t('import.chooseFormat')}</option>
          <option value="case">{t('import.formats.case')}</option>
          <option value="csv">{t('import.formats.csv')}</option>
          <option value="xlsx">{t('import.formats.xlsx')}</option>
        </select>
      </label>
      <label className="field">
        <span className="field__label">{t('import.mapTitle')}</span>
        <input value={title} maxLength={200} placeholder={t('import.mapTitleHint')} onChange={(event) => setTitle(event.target.value)} />
      </label>
      {progress !== null && (
        <p>
          {progress < 1 ? t('import.uploading', { percent: Math.round(progress * 100) }) : t('import.reading')} <progress value={progress < 1 ? progress : undefined} max={1} />
        </p>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="import-error">
          {t('import.failed', { message: error })}
        </p>
      )}
      <div className="confirm-dialog__actions">
        <button type="button" onClick={onClose}>
          {t('list.cancel')}
        </button>
        <button type="button" className="primary" disabled={!file || !format || (progress !== null && !error)} onClick={() => void start()} data-testid="import-start">
          {t('import.start')}
        </button>
      </div>
    </dialog>
  );
}
