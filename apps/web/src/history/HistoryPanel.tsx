import { diffSnapshots, snapshotOf, type MapSnapshot } from '@qms/model';
import { MAX_VERSION_NAME_LENGTH, can, type Role } from '@qms/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, ClientErrorCode, historyApi, type VersionInfo } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { groupByDay, inOrder } from './compare';
import { PublicationSection } from './PublicationSection';
import { loadVersionDoc, useVersionName } from './use-version-doc';
import './history.css';

interface Props {
  mapId: string;
  role: Role;
  /** The live map: the restore confirmation says how much it would change. */
  liveSnapshot: MapSnapshot;
  /** Show a version read-only on the canvas; null goes back to the live map. */
  onView: (version: VersionInfo | null) => void;
  /** Compare two states: `before` the older; `after` null means the live map. */
  onCompare: (before: VersionInfo, after: VersionInfo | null) => void;
  /** The version on the canvas now, if any (marked in the list). */
  viewingId?: string | null;
  /** The checks' errors on the live map (adopting with errors asks first). */
  errorCount?: number;
}

type Busy = null | 'loading' | 'saving' | { restoring: string } | { deleting: string };
type Notice = { kind: 'ok' | 'error'; text: string } | null;

/**
 * The map's versions as a timeline: save the current state under a name, look at any version,
 * compare it with the current map or with another, and (owner) restore or delete one.
 */
export function HistoryPanel({ mapId, role, liveSnapshot, onView, onCompare, viewingId = null, errorCount = 0 }: Props) {
  const { t, i18n } = useTranslation();
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [busy, setBusy] = useState<Busy>('loading');
  const [notice, setNotice] = useState<Notice>(null);
  const [name, setName] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const [confirm, setConfirm] = useState<{ action: 'restore' | 'delete'; version: VersionInfo; summary: string | null } | null>(null);
  const canEdit = can(role, 'edit');
  const canManage = can(role, 'manage');

  const label = useVersionName();
  const errorText = useCallback(
    (error: unknown) => {
      if (!(error instanceof ApiError)) return t('history.errors.unknown');
      if (error.error === ClientErrorCode.Network) return t('history.errors.network');
      if (error.status === 401) return t('history.errors.unauthorized');
      if (error.status === 403) return t('history.errors.forbidden');
      if (error.status === 404) return t('history.errors.notFound');
      return t('history.errors.other', { message: error.message });
    },
    [t],
  );

  const refresh = useCallback(async () => {
    setBusy((current) => current ?? 'loading');
    try {
      setVersions(await historyApi.list(mapId));
    } catch (error) {
      setNotice({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy((current) => (current === 'loading' ? null : current));
    }
  }, [mapId, errorText]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setNotice({ kind: 'error', text: t('history.nameRequired') });
      return;
    }
    setBusy('saving');
    setNotice(null);
    try {
      const version = await historyApi.create(mapId, trimmed);
      setName('');
      setVersions((current) => [version, ...(current ?? [])]);
      setNotice({ kind: 'ok', text: t('history.saved', { name: version.name }) });
    } catch (error) {
      setNotice({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  /** Opens the confirmation; for a restore, with how much the map would change. */
  const ask = async (action: 'restore' | 'delete', version: VersionInfo) => {
    if (action === 'delete') {
      setConfirm({ action, version, summary: null });
      return;
    }
    setBusy({ restoring: version.id });
    let summary: string | null = null;
    try {
      const diff = diffSnapshots(liveSnapshot, snapshotOf(await loadVersionDoc(mapId, version.id)));
      summary = t('history.restoreSummary', {
        added: diff.added.length,
        removed: diff.removed.length,
        changed: diff.changed.length,
        moved: diff.moved.length,
      });
    } catch {
      // The server restores even if this preview could not be made; the dialog just says less.
    } finally {
      setBusy(null);
    }
    setConfirm({ action, version, summary });
  };

  const run = async () => {
    if (!confirm) return;
    const { action, version } = confirm;
    setConfirm(null);
    setNotice(null);
    setBusy(action === 'restore' ? { restoring: version.id } : { deleting: version.id });
    try {
      if (action === 'restore') {
        await historyApi.restore(mapId, version.id);
        // The live map now reads as the version: nothing left to look at apart from it.
        onView(null);
        setNotice({ kind: 'ok', text: t('history.restored', { name: label(version) }) });
      } else {
        await historyApi.remove(mapId, version.id);
        if (viewingId === version.id) onView(null);
        setPicked((current) => current.filter((id) => id !== version.id));
        setNotice({ kind: 'ok', text: t('history.deleted', { name: label(version) }) });
      }
    } catch (error) {
      setNotice({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(null);
      await refresh();
    }
  };

  const togglePick = (id: string) =>
    setPicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current.slice(-1), id]));
  const comparePicked = () => {
    const [a, b] = picked.map((id) => versions?.find((v) => v.id === id));
    if (a && b) onCompare(...inOrder(a, b));
  };

  const dayFormat = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long' }), [i18n.language]);
  const timeFormat = useMemo(() => new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' }), [i18n.language]);
  const groups = useMemo(() => groupByDay(versions ?? []), [versions]);
  const working = busy !== null && busy !== 'loading';

  return (
    <div className="history-panel" data-testid="history-panel" aria-busy={busy !== null}>
      {canEdit && (
        <form className="history-panel__save" onSubmit={save}>
          <label htmlFor="history-name">{t('history.nameLabel')}</label>
          <div className="history-panel__save-row">
            <input
              id="history-name"
              value={name}
              maxLength={MAX_VERSION_NAME_LENGTH}
              placeholder={t('history.namePlaceholder')}
              onChange={(event) => setName(event.target.value)}
              disabled={working}
              data-testid="history-name"
            />
            <button type="submit" className="primary" disabled={working} data-testid="history-save">
              {busy === 'saving' ? t('history.saving') : t('history.save')}
            </button>
          </div>
          <p className="muted history-panel__hint">{t('history.saveHint')}</p>
        </form>
      )}

      {notice && (
        <p className={notice.kind === 'error' ? 'form-error' : 'text-ok'} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="history-notice">
          {notice.text}
        </p>
      )}

      <div className="history-panel__toolbar">
        {picked.length === 2 ? (
          <button type="button" onClick={comparePicked} data-testid="history-compare-picked">
            {t('history.comparePicked')}
          </button>
        ) : (
          <span className="muted">{versions && versions.length > 1 ? t('history.pickTwo') : ''}</span>
        )}
        <button type="button" className="link" onClick={() => void refresh()} disabled={busy === 'loading'}>
          {t('history.reload')}
        </button>
      </div>

      {versions === null ? (
        busy === 'loading' && <p className="muted">{t('history.loading')}</p>
      ) : versions.length === 0 ? (
        <p className="muted" data-testid="history-empty">
          {t('history.empty')}
        </p>
      ) : (
        <ol className="history-timeline">
          {groups.map((group) => (
            <li key={group.day} className="history-timeline__day">
              <h3>{dayFormat.format(group.versions[0]!.createdAt)}</h3>
              <ol>
                {group.versions.map((version) => {
                  const viewing = viewingId === version.id;
                  const restoring = typeof busy === 'object' && busy !== null && 'restoring' in busy && busy.restoring === version.id;
                  return (
                    <li
                      key={version.id}
                      className={`history-version${version.auto ? ' history-version--auto' : ''}${viewing ? ' is-viewing' : ''}`}
                      data-testid="history-version"
                      data-auto={version.auto}
                    >
                      <div className="history-version__head">
                        <input
                          type="checkbox"
                          checked={picked.includes(version.id)}
                          onChange={() => togglePick(version.id)}
                          aria-label={t('history.pick', { name: label(version) })}
                        />
                        <span className="history-version__name">{label(version)}</span>
                        {version.auto && <span className="chip history-version__badge">{t('history.auto')}</span>}
                        <time className="muted" dateTime={new Date(version.createdAt).toISOString()}>
                          {timeFormat.format(version.createdAt)}
                        </time>
                      </div>
                      {version.createdBy && (
                        <p className="muted history-version__by">{t('history.by', { role: t(`roles.${version.createdBy}`, { defaultValue: version.createdBy }) })}</p>
                      )}
                      <div className="history-version__actions">
                        {viewing ? (
                          <button type="button" onClick={() => onView(null)} data-testid="history-back">
                            {t('history.backToCurrent')}
                          </button>
                        ) : (
                          <button type="button" onClick={() => onView(version)} data-testid="history-view">
                            {t('history.view')}
                          </button>
                        )}
                        <button type="button" onClick={() => onCompare(version, null)} data-testid="history-compare">
                          {t('history.compareWithCurrent')}
                        </button>
                        {canManage && (
                          <button type="button" onClick={() => void ask('restore', version)} disabled={working} data-testid="history-restore">
                            {restoring ? t('history.restoring') : t('history.restore')}
                          </button>
                        )}
                        {canManage && (
                          <button type="button" className="link" onClick={() => void ask('delete', version)} disabled={working}>
                            {t('history.delete')}
                          </button>
                        )}
                      </div>
                    </li>
                  );
                })}
              </ol>
            </li>
          ))}
        </ol>
      )}

      <PublicationSection mapId={mapId} role={role} errorCount={errorCount} onVersionsChanged={() => void refresh()} />

      {confirm?.action === 'restore' && (
        <ConfirmDialog
          title={t('history.confirmRestoreTitle', { name: label(confirm.version) })}
          body={[t('history.confirmRestoreBody'), confirm.summary].filter(Boolean).join(' ')}
          confirmLabel={t('history.confirmRestore')}
          cancelLabel={t('history.cancel')}
          onConfirm={() => void run()}
          onCancel={() => setConfirm(null)}
        />
      )}
      {confirm?.action === 'delete' && (
        <ConfirmDialog
          title={t('history.confirmDeleteTitle', { name: label(confirm.version) })}
          body={t('history.confirmDeleteBody')}
          confirmLabel={t('history.confirmDelete')}
          cancelLabel={t('history.cancel')}
          onConfirm={() => void run()}
          onCancel={() => setConfirm(null)}
        />
      )}
    </div>
  );
}
