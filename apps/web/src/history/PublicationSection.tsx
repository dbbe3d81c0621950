import { can, type InstanceResponse, type PublicationResponse, type PublicationStatus, type Role } from '@qms/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, ClientErrorCode, api } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { linkOrigins } from '../share-address';

interface Props {
  mapId: string;
  role: Role;
  /** The checks' errors now: adopting a map with errors asks twice. */
  errorCount: number;
  /** Adopting saves a named version: the list above shows it. */
  onVersionsChanged: () => void;
}

/** The path of the CASE provider's package for an adoption (what OpenSALT's mirror pulls). */
export function casePackagePath(documentIdentifier: string): string {
  return `/ims/case/v1p0/CFPackages/${encodeURIComponent(documentIdentifier)}`;
}

/**
 * Whether the map is published to CASE consumers (draft, adopted, deprecated), with the address
 * partners pull it from; the owner changes it. Adopting freezes the map as a named version.
 */
export function PublicationSection({ mapId, role, errorCount, onVersionsChanged }: Props) {
  const { t, i18n } = useTranslation();
  const [publication, setPublication] = useState<PublicationResponse | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<PublicationStatus | null>(null);
  const [copied, setCopied] = useState(false);
  const [instance, setInstance] = useState<InstanceResponse | null>(null);
  const canManage = can(role, 'manage');

  const explain = useCallback(
    (failure: unknown) => {
      if (!(failure instanceof ApiError)) return t('publication.errors.unknown');
      if (failure.error === ClientErrorCode.Network) return t('history.errors.network');
      if (failure.status === 403) return t('publication.errors.forbidden');
      return t('history.errors.other', { message: failure.message });
    },
    [t],
  );

  useEffect(() => {
    api.instance().then(setInstance, () => undefined);
  }, []);

  useEffect(() => {
    let live = true;
    api.publication(mapId).then(
      (loaded) => live && setPublication(loaded),
      (failure: unknown) => live && setError(explain(failure)),
    );
    return () => {
      live = false;
    };
  }, [mapId, explain]);

  const change = async (status: PublicationStatus) => {
    setConfirm(null);
    setBusy(true);
    setError(null);
    try {
      setPublication(await api.setPublication(mapId, status));
      if (status === 'adopted') onVersionsChanged();
    } catch (failure) {
      setError(explain(failure));
    } finally {
      setBusy(false);
    }
  };

  const dateFormat = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }), [i18n.language]);
  const status = publication?.status ?? 'draft';
  // PUBLIC_URL or a LAN address when this page was opened on the loopback: a partner's server must reach it.
  const origin = linkOrigins(globalThis.location?.origin ?? '', instance).preferred;
  const served = publication?.documentIdentifier && status !== 'draft' ? `${origin}${casePackagePath(publication.documentIdentifier)}` : null;

  const copy = async () => {
    if (!served) return;
    try {
      await navigator.clipboard.writeText(served);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (an insecure page): the address stays selectable in the field.
    }
  };

  const confirmBody =
    confirm === 'adopted'
      ? [t('publication.confirmAdoptBody'), errorCount > 0 ? t('publication.adoptWithErrors', { count: errorCount }) : null].filter(Boolean).join(' ')
      : confirm === 'deprecated'
        ? t('publication.confirmDeprecateBody')
        : t('publication.confirmDraftBody');

  return (
    <section className="publication" data-testid="publication" aria-busy={busy}>
      <h3>{t('publication.title')}</h3>
      <p>
        <span className={`chip publication__status publication__status--${status}`} data-testid="publication-status" data-status={status}>
          {t(`publication.status.${status}`)}
        </span>{' '}
        <span className="muted">{t(`publication.explain.${status}`)}</span>
      </p>
      {served && (
        <div className="publication__address">
          <label htmlFor="publication-url">{t('publication.address')}</label>
          <div className="history-panel__save-row">
            <input id="publication-url" readOnly value={served} onFocus={(event) => event.target.select()} data-testid="publication-url" />
            <button type="button" onClick={() => void copy()}>
              {copied ? t('publication.copied') : t('publication.copy')}
            </button>
          </div>
        </div>
      )}
      {publication && publication.adoptions.length > 0 && (
        <ol className="publication__adoptions muted">
          {publication.adoptions.map((adoption, index) => (
            <li key={adoption.versionId}>
              {t('publication.adoption', { number: index + 1, date: dateFormat.format(adoption.adoptedAt) })}
              {index < publication.adoptions.length - 1 ? ` — ${t('publication.replaced')}` : ''}
            </li>
          ))}
        </ol>
      )}
      {error && (
        <p className="form-error" role="alert" data-testid="publication-error">
          {error}
        </p>
      )}
      {canManage && publication && (
        <div className="history-version__actions">
          <button type="button" className="primary" disabled={busy} onClick={() => setConfirm('adopted')} data-testid="publication-adopt">
            {busy ? t('publication.working') : status === 'draft' && publication.adoptions.length === 0 ? t('publication.adopt') : t('publication.adoptAgain')}
          </button>
          {status === 'adopted' && (
            <button type="button" disabled={busy} onClick={() => setConfirm('deprecated')} data-testid="publication-deprecate">
              {t('publication.deprecate')}
            </button>
          )}
          {status !== 'draft' && (
            <button type="button" className="link" disabled={busy} onClick={() => setConfirm('draft')} data-testid="publication-withdraw">
              {t('publication.withdraw')}
            </button>
          )}
        </div>
      )}
      {confirm && (
        <ConfirmDialog
          title={t(`publication.confirmTitle.${confirm}`)}
          body={confirmBody}
          confirmLabel={t(`publication.confirm.${confirm}`)}
          cancelLabel={t('history.cancel')}
          onConfirm={() => void change(confirm)}
          onCancel={() => setConfirm(null)}
        />
      )}
    </section>
  );
}
