import { readMeta, setMapTitle } from '@qms/model';
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type * as Y from 'yjs';
import { SyncIndicator } from '../components/SyncIndicator';
import { MapCanvas } from '../editor/MapCanvas';
import { LOCAL_ORIGIN, openMapConnection, type MapConnection, type MapUnavailable } from '../sync/map-connection';

export function EditorPage() {
  const { mapId = '' } = useParams();
  const { t } = useTranslation();
  const [connection, setConnection] = useState<MapConnection | null>(null);
  const [unavailable, setUnavailable] = useState<MapUnavailable | null>(null);
  const [synced, setSynced] = useState(false);

  useEffect(() => {
    const opened = openMapConnection(mapId);
    setConnection(opened);
    setUnavailable(null);
    setSynced(opened.provider.synced);
    const offUnavailable = opened.onUnavailable(setUnavailable);
    const onSync = (state: boolean) => state && setSynced(true);
    opened.provider.on('sync', onSync);
    return () => {
      offUnavailable();
      opened.provider.off('sync', onSync);
      opened.destroy();
    };
  }, [mapId]);

  const status = useSyncExternalStore(
    (onChange) => connection?.tracker.subscribe(onChange) ?? (() => {}),
    () => connection?.tracker.status ?? 'connecting',
  );

  if (unavailable) {
    return (
      <div className="page page--message">
        <p>{unavailable === 'deleted' ? t('editor.deleted') : t('editor.notFound')}</p>
        <Link to="/">{t('editor.backToList')}</Link>
      </div>
    );
  }

  return (
    <div className="editor">
      <header className="editor-header">
        <Link to="/" className="editor-header__back">
          ← {t('editor.backToList')}
        </Link>
        {connection && synced ? <MapTitle doc={connection.doc} /> : <span className="editor-header__title" />}
        <SyncIndicator status={status} />
      </header>
      {connection && synced ? (
        <ReactFlowProvider>
          <MapCanvas key={mapId} doc={connection.doc} />
        </ReactFlowProvider>
      ) : (
        <div className="page page--message" aria-busy="true">
          {t('editor.loading')}
        </div>
      )}
    </div>
  );
}

/** The map's title, renamed in place; the server updates the map list from the document. */
function MapTitle({ doc }: { doc: Y.Doc }) {
  const { t } = useTranslation();
  const meta = doc.getMap('meta');
  const title = useSyncExternalStore(
    (onChange) => {
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
    if (!cancelled.current && next && next !== title) setMapTitle(doc, next, LOCAL_ORIGIN);
    cancelled.current = false;
    setDraft(null);
  };
  return (
    <input
      className="editor-header__title"
      aria-label={t('editor.mapTitleLabel')}
      value={draft ?? title}
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
