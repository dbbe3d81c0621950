import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, downloadExport, type FormatInfo } from '../api';
import { languageName } from '../languages/content-languages';
import type { MapFlowEdge, MapFlowNode } from './flow-state';
import { DEFAULT_PICTURE, drawPicture, mapFrame, printedEdges, printedNodes, saveAs, type Frame, type PictureKind, type PictureOptions } from './image-export';
import { PictureOptionsField } from './PictureOptionsField';
import { PrintCanvas, type PrintReady } from './PrintCanvas';

interface Props {
  mapId: string;
  mapTitle: string;
  /** The canvas's nodes and lines (all of them, also when the view draws fewer). */
  nodes: MapFlowNode[];
  edges: MapFlowEdge[];
  /** The map's source language and the languages partners translate into. */
  languages: { source: string; targets: readonly string[] };
  /** The language the canvas shows: exports start in it. */
  shownLanguage: string;
  onClose: () => void;
}

const isPicture = (id: string): id is PictureKind => id === 'png' || id === 'svg';

/** Pictures are drawn in the browser; everything else comes from the server. */
const PICTURES: FormatInfo[] = [
  { id: 'png', label: 'Picture (PNG)', extension: 'png', mediaType: 'image/png', text: false },
  { id: 'svg', label: 'Picture (SVG)', extension: 'svg', mediaType: 'image/svg+xml', text: false },
];

type State =
  | { phase: 'working'; progress: number | null }
  | { phase: 'ready'; blob: Blob | string; fileName: string; preview: string | null; previewUrl: string | null }
  | { phase: 'failed'; message: string };

/** Choose a format, see a preview, download. Long exports show progress; a failure says why. */
export function ExportDialog({ mapId, mapTitle, nodes, edges, languages, shownLanguage, onClose }: Props) {
  const { t, i18n } = useTranslation();
  const flow = useReactFlow();
  const store = useStoreApi();
  const dialog = useRef<HTMLDialogElement>(null);
  const [formats, setFormats] = useState<FormatInfo[]>(PICTURES);
  const [listFailed, setListFailed] = useState<string | null>(null);
  const [chosen, setChosen] = useState('units-json');
  const [language, setLanguage] = useState(shownLanguage);
  const chosenFormat = formats.find((f) => f.id === chosen);
  const bilingual = chosenFormat?.bilingual === true;
  // A bilingual document prints the source beside a translation: its language is a target's.
  const offered = bilingual ? languages.targets : [languages.source, ...languages.targets];
  const exportLanguage = offered.includes(language) ? language : offered[0];
  // Preparing from the start: the chosen format's preview waits for the list of formats.
  const [state, setState] = useState<State>({ phase: 'working', progress: null });
  const [picture, setPicture] = useState<PictureOptions>(DEFAULT_PICTURE);
  const [print, setPrint] = useState<PrintReady | null>(null);
  const onPrintReady = useCallback((ready: PrintReady | null) => setPrint(ready), []);
  // The map as it is when the dialog opens; with check badges only when asked for.
  const [opened] = useState(() => ({ nodes, edges: printedEdges(edges) }));
  const printNodes = useMemo(() => printedNodes(opened.nodes, picture.checks), [opened, picture.checks]);
  const visibleCount = useMemo(() => opened.nodes.filter((n) => !n.hidden).length, [opened]);
  // Only a picture waits for the print canvas and follows the picture options (a server export is not made again when they change).
  const printUsed = isPicture(chosen) ? print : null;
  const pictureUsed = isPicture(chosen) ? picture : DEFAULT_PICTURE;

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
    api.formats().then(
      (list) => setFormats([...list.exports, ...PICTURES]),
      (error) => setListFailed(messageOf(error, t)),
    );
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // A new format: prepare it at once, so that the preview shows what will be downloaded.
  useEffect(() => {
    let cancelled = false;
    let previewUrl: string | null = null;
    const format = formats.find((f) => f.id === chosen);
    // Not listed (yet): still preparing while the list loads, a failure if it could not be loaded.
    if (!format) return void setState(listFailed ? { phase: 'failed', message: listFailed } : { phase: 'working', progress: null });
    setState({ phase: 'working', progress: null });
    (async () => {
      try {
        if (isPicture(format.id)) {
          if (visibleCount === 0) throw new Error(t('export.picture.empty'));
          // Waits for the print canvas (below) to have drawn the map; this effect runs again then.
          if (!printUsed) return;
          const frame: Frame = pictureUsed.area === 'map' ? mapFrame(printUsed.bounds) : viewFrame();
          const dataUrl = await drawPicture(printUsed.viewport, frame, format.id, pictureUsed.resolution);
          if (!cancelled) setState({ phase: 'ready', blob: dataUrl, fileName: `${baseName(mapTitle)}.${format.extension}`, preview: null, previewUrl: dataUrl });
          return;
        }
        const { blob, fileName } = await downloadExport(
          mapId,
          format.id,
          (progress) => !cancelled && setState({ phase: 'working', progress }),
          exportLanguage === languages.source ? undefined : exportLanguage,
        );
        const preview = format.text ? (await blob.text()).split('\n').slice(0, 400).join('\n') : null;
        if (format.id === 'pdf') previewUrl = URL.createObjectURL(blob);
        if (!cancelled) setState({ phase: 'ready', blob, fileName, preview, previewUrl });
      } catch (error) {
        if (!cancelled) setState({ phase: 'failed', message: messageOf(error, t) });
      }
    })();
    return () => {
      cancelled = true;
      if (previewUrl) URL.revokeObjectURL(previewUrl);
    };
  }, [chosen, formats, listFailed, mapId, mapTitle, t, printUsed, pictureUsed, visibleCount, exportLanguage]); // eslint-disable-line react-hooks/exhaustive-deps -- viewFrame reads the view when called

  /** What the canvas shows now, at its size on screen. */
  function viewFrame(): Frame {
    const { width, height } = store.getState();
    return { width: Math.round(width), height: Math.round(height), viewport: flow.getViewport() };
  }

  return (
    <dialog ref={dialog} className="export-dialog" onCancel={onClose} onClose={onClose} aria-labelledby="export-title" data-testid="export-dialog">
      <h2 id="export-title">{t('export.title')}</h2>
      <div className="export-dialog__body">
        <div>
          <ul className="format-list" role="radiogroup" aria-label={t('export.format')}>
            {formats.map((format) => {
              // Without a target language there is nothing to print beside the source.
              const unavailable = format.bilingual === true && languages.targets.length === 0;
              return (
                <li key={format.id}>
                  <label className={unavailable ? 'muted' : undefined}>
                    <input type="radio" name="format" value={format.id} checked={chosen === format.id} disabled={unavailable} onChange={() => setChosen(format.id)} />
                    <span>
                      <strong>{t(`export.formats.${format.id}.name`, { defaultValue: format.label })}</strong>
                      <span className="muted"> {unavailable ? t('export.needsTarget') : t(`export.formats.${format.id}.hint`, { defaultValue: '' })}</span>
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
          {!isPicture(chosen) && (offered.length > 1 || bilingual) && exportLanguage !== undefined && (
            <label className="export-language">
              {bilingual ? t('export.translationLanguage') : t('export.language')}{' '}
              <select value={exportLanguage} onChange={(event) => setLanguage(event.target.value)} data-testid="export-language">
                {offered.map((tag) => (
                  <option key={tag} value={tag}>
                    {languageName(tag, i18n.language)}
                    {tag === languages.source ? ` (${t('export.source')})` : ''}
                  </option>
                ))}
              </select>
            </label>
          )}
          {isPicture(chosen) && <PictureOptionsField kind={chosen} value={picture} onChange={setPicture} />}
        </div>
        <div className="export-preview" aria-live="polite" data-testid="export-preview" data-phase={state.phase}>
          {state.phase === 'working' && (
            <p>
              {state.progress === null ? t('export.preparing') : t('export.downloading', { percent: Math.round(state.progress * 100) })}
              <progress value={state.progress ?? undefined} max={1} />
            </p>
          )}
          {state.phase === 'failed' && (
            <p className="form-error" role="alert">
              {t('export.failed', { message: state.message })}
            </p>
          )}
          {state.phase === 'ready' && state.preview !== null && <pre className="export-preview__text">{state.preview}</pre>}
          {state.phase === 'ready' && state.previewUrl && chosen === 'pdf' && <iframe title={t('export.preview')} src={state.previewUrl} />}
          {state.phase === 'ready' && state.previewUrl && chosen !== 'pdf' && <img alt={t('export.preview')} src={state.previewUrl} />}
          {state.phase === 'ready' && state.preview === null && !state.previewUrl && (
            <p>{t('export.readyNoPreview', { name: state.fileName, size: sizeOf(state.blob) })}</p>
          )}
        </div>
      </div>
      {isPicture(chosen) && visibleCount > 0 && <PrintCanvas key={String(picture.checks)} nodes={printNodes} edges={opened.edges} onReady={onPrintReady} />}
      <div className="confirm-dialog__actions">
        <button type="button" onClick={onClose}>
          {t('export.close')}
        </button>
        <button
          type="button"
          className="primary"
          disabled={state.phase !== 'ready'}
          data-testid="export-download"
          onClick={() => state.phase === 'ready' && saveAs(state.blob, state.fileName)}
        >
          {state.phase === 'ready' ? t('export.download', { name: state.fileName }) : t('export.preparing')}
        </button>
      </div>
    </dialog>
  );
}

function messageOf(error: unknown, t: (key: string) => string): string {
  return error instanceof ApiError && error.error === 'network' ? t('errors.network') : (error as Error).message;
}

function baseName(title: string): string {
  return title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'map';
}

function sizeOf(data: Blob | string): string {
  const bytes = typeof data === 'string' ? Math.round((data.length * 3) / 4) : data.size;
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
