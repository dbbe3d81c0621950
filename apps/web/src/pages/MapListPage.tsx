import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { forget, knownMaps, remember } from '../access';
import { ApiError, api, type MapSummary } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ImportDialog } from '../components/ImportDialog';
import { PreferenceSwitches } from '../components/PreferenceSwitches';
import { defaultContentLanguage, KNOWN_CONTENT_LANGUAGES, languageName } from '../languages/content-languages';

/** `mine`: the server lists every map only on the machine that runs it; elsewhere, the maps this browser opened. */
type Load = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; maps: MapSummary[]; mine: boolean };

function useRelativeTime() {
  const { i18n } = useTranslation();
  return useCallback(
    (time: number) => {
      const format = new Intl.RelativeTimeFormat(i18n.language, { numeric: 'auto' });
      const seconds = Math.round((time - Date.now()) / 1000);
      const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
        ['year', 31_536_000],
        ['month', 2_592_000],
        ['day', 86_400],
        ['hour', 3_600],
        ['minute', 60],
      ];
      for (const [unit, size] of steps) if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
      return format.format(0, 'second');
    },
    [i18n.language],
  );
}

export function MapListPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const relative = useRelativeTime();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [newTitle, setNewTitle] = useState('');
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; title: string } | null>(null);
  const [deleting, setDeleting] = useState<MapSummary | null>(null);
  const [templates, setTemplates] = useState<Array<{ id: string; title: string }>>([]);
  const [template, setTemplate] = useState('');
  // The language the new map is written in (a template brings its own).
  const [language, setLanguage] = useState(() => defaultContentLanguage(i18n.language));
  const [importing, setImporting] = useState(false);

  const explain = useCallback(
    (e: unknown) => (e instanceof ApiError && e.error === 'network' ? t('errors.network') : t('errors.unknown', { message: (e as Error).message })),
    [t],
  );

  const refresh = useCallback(() => {
    api.listMaps().then(
      (maps) => setLoad({ state: 'ready', maps, mine: false }),
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 401) {
          const maps = knownMaps().map((m) => ({ id: m.id, title: m.title || m.id, createdAt: m.lastOpened, updatedAt: m.lastOpened, url: `/maps/${m.id}`, role: m.role }));
          setLoad({ state: 'ready', maps, mine: true });
        } else setLoad({ state: 'failed', message: explain(e) });
      },
    );
  }, [explain]);

  useEffect(() => {
    document.title = t('app.name');
    refresh();
  }, [refresh, t]);
  useEffect(() => {
    api.listTemplates().then(setTemplates, () => setTemplates([]));
  }, []);

  const create = async () => {
    const title = newTitle.trim();
    if (!title && !template) {
      setError(t('list.titleRequired'));
      return;
    }
    setCreating(true);
    setError(null);
    try {
      const map = await api.createMap(title, template || undefined, template ? undefined : language);
      // The only moment the links' tokens are known: keep them for the share dialog.
      if (map.tokens) remember(map.id, { title: map.title, token: map.tokens.owner, role: 'owner', links: map.tokens, lastOpened: Date.now() });
      void navigate(`/maps/${map.id}`);
    } catch (e) {
      setError(explain(e));
      setCreating(false);
    }
  };

  const rename = async () => {
    if (!renaming) return;
    const title = renaming.title.trim();
    if (!title) return setError(t('list.titleRequired'));
    try {
      await api.renameMap(renaming.id, title);
      setRenaming(null);
      refresh();
    } catch (e) {
      setError(explain(e));
    }
  };

  const remove = async (map: MapSummary) => {
    setDeleting(null);
    try {
      await api.deleteMap(map.id);
      forget(map.id);
      refresh();
    } catch (e) {
      setError(explain(e));
    }
  };

  return (
    <div className="page map-list">
      <header className="map-list__header">
        <div>
          <h1>{t('app.name')}</h1>
          <p>{t('app.tagline')}</p>
        </div>
        <PreferenceSwitches />
      </header>

      <form
        className="map-list__create"
        onSubmit={(event) => {
          event.preventDefault();
          void create();
        }}
      >
        <input
          value={newTitle}
          onChange={(event) => setNewTitle(event.target.value)}
          placeholder={t('list.newTitlePlaceholder')}
          aria-label={t('list.newTitlePlaceholder')}
          maxLength={200}
          data-testid="new-map-title"
        />
        <select value={template} onChange={(event) => setTemplate(event.target.value)} aria-label={t('list.template')} data-testid="template">
          <option value="">{t('list.blank')}</option>
          {templates.map((tpl) => (
            <option key={tpl.id} value={tpl.id}>
              {t('list.fromTemplate', { title: tpl.title })}
            </option>
          ))}
        </select>
        {!template && (
          <select value={language} onChange={(event) => setLanguage(event.target.value)} aria-label={t('languages.contentOfNew')} title={t('languages.contentOfNew')} data-testid="new-map-language">
            {KNOWN_CONTENT_LANGUAGES.map((tag) => (
              <option key={tag} value={tag}>
                {languageName(tag, i18n.language)}
              </option>
            ))}
          </select>
        )}
        <button type="submit" className="primary" disabled={creating} data-testid="create-map">
          {creating ? t('list.creating') : t('list.create')}
        </button>
      </form>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <p>
        <button type="button" onClick={() => setImporting(true)} data-testid="open-import">
          {t('import.button')}
        </button>
      </p>
      {importing && (
        <ImportDialog
          onClose={() => setImporting(false)}
          onImported={(result) => {
            if (result.tokens) remember(result.id, { title: result.title, token: result.tokens.owner, role: 'owner', links: result.tokens, lastOpened: Date.now() });
            void navigate(`/maps/${result.id}`, { state: { importWarnings: result.warnings } });
          }}
        />
      )}

      <h2>{load.state === 'ready' && load.mine ? t('list.mine') : t('list.heading')}</h2>
      {load.state === 'loading' && <p aria-busy="true">{t('list.loading')}</p>}
      {load.state === 'failed' && (
        <p role="alert">
          {t('list.loadFailed', { message: load.message })}{' '}
          <button type="button" onClick={refresh}>
            {t('list.retry')}
          </button>
        </p>
      )}
      {load.state === 'ready' && load.maps.length === 0 && <p>{load.mine ? t('list.mineEmpty') : t('list.empty')}</p>}
      {load.state === 'ready' && load.maps.length > 0 && (
        <ul className="map-list__items">
          {load.maps.map((map) => (
            <li key={map.id} className="map-card" data-testid="map-card">
              {renaming?.id === map.id ? (
                <form
                  className="map-card__rename"
                  onSubmit={(event) => {
                    event.preventDefault();
                    void rename();
                  }}
                >
                  <input
                    autoFocus
                    value={renaming.title}
                    maxLength={200}
                    aria-label={t('list.rename')}
                    onChange={(event) => setRenaming({ id: map.id, title: event.target.value })}
                    onKeyDown={(event) => event.key === 'Escape' && setRenaming(null)}
                  />
                  <button type="submit" className="primary">
                    {t('list.save')}
                  </button>
                  <button type="button" onClick={() => setRenaming(null)}>
                    {t('list.cancel')}
                  </button>
                </form>
              ) : (
                <>
                  <Link to={`/maps/${map.id}`} className="map-card__title">
                    {map.title}
                  </Link>
                  <span className="map-card__meta">{t('list.updated', { when: relative(map.updatedAt) })}</span>
                  <span className="map-card__actions">
                    <button type="button" onClick={() => setRenaming({ id: map.id, title: map.title })}>
                      {t('list.rename')}
                    </button>
                    <button type="button" className="danger" onClick={() => setDeleting(map)}>
                      {t('list.delete')}
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      {deleting && (
        <ConfirmDialog
          title={t('list.confirmDeleteTitle', { title: deleting.title })}
          body={t('list.confirmDeleteBody')}
          confirmLabel={t('list.confirmDelete')}
          cancelLabel={t('list.cancel')}
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </div>
  );
}
