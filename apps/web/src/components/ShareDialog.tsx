import { ROLES, type Role } from '@qms/protocol';
import qrcode from 'qrcode-generator';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { knownMap, remember, shareLink } from '../access';
import type { InstanceResponse } from '@qms/protocol';
import { api, ApiError } from '../api';
import { isLoopbackOrigin, linkOrigins } from '../share-address';

interface Props {
  mapId: string;
  onClose: () => void;
}

/** A QR code of a link, as an SVG string (for the projector in a workshop room). */
function qrSvg(text: string): string {
  const code = qrcode(0, 'M');
  code.addData(text);
  code.make();
  return code.createSvgTag({ cellSize: 4, margin: 2, scalable: true });
}

/**
 * The owner's share dialog: a link per role (owner, editor, commenter, viewer) with a copy button
 * and a QR code; a new link replaces the old one at once, and a link can be turned off.
 * Tokens are stored hashed on the server, so only links this browser was given can be shown.
 */
export function ShareDialog({ mapId, onClose }: Props) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [active, setActive] = useState<Record<Role, boolean> | null>(null);
  const [links, setLinks] = useState<Partial<Record<Role, string>>>(() => {
    const known = knownMap(mapId);
    // The link this browser came in with counts too.
    return { ...(known?.role && known.token ? { [known.role]: known.token } : {}), ...known?.links };
  });
  const [shown, setShown] = useState<Role | null>(null);
  const [copied, setCopied] = useState<Role | null>(null);
  // Kept as it came and said in the reader's language when shown: what the server said is the detail.
  const [error, setError] = useState<unknown>(null);
  // Where others reach the app (GET /api/instance); until it answers, links use this page's address.
  const [instance, setInstance] = useState<InstanceResponse | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const { choices, preferred } = linkOrigins(window.location.origin, instance);
  const origin = picked && choices.includes(picked) ? picked : preferred;

  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
    api.accessOf(mapId).then(
      (access) => setActive(access.roles),
      (e: unknown) => setError(e),
    );
    // Without an answer, the page's own address it is (and a loopback one is still warned about).
    api.instance().then(setInstance, () => undefined);
  }, [mapId]);

  const renew = async (role: Role) => {
    setError(null);
    try {
      const { token } = await api.newLink(mapId, role);
      remember(mapId, { links: { [role]: token }, ...(role === 'owner' ? { token } : {}) });
      setLinks((current) => ({ ...current, [role]: token }));
      setActive((current) => (current ? { ...current, [role]: true } : current));
      setShown(role);
    } catch (e) {
      setError(e);
    }
  };

  const turnOff = async (role: Role) => {
    setError(null);
    try {
      await api.revokeLink(mapId, role);
      setLinks((current) => ({ ...current, [role]: undefined }));
      remember(mapId, { links: { [role]: undefined } });
      setActive((current) => (current ? { ...current, [role]: false } : current));
    } catch (e) {
      setError(e);
    }
  };

  const copy = async (role: Role, link: string) => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(role);
      setTimeout(() => setCopied(null), 2000);
    } catch {
      setShown(role); // no clipboard access: show it to copy by hand
    }
  };

  return (
    <dialog ref={dialog} className="share-dialog" onCancel={onClose} onClose={onClose} aria-labelledby="share-title" data-testid="share-dialog">
      <h2 id="share-title">{t('share.title')}</h2>
      <p className="muted">{t('share.intro')}</p>
      {choices.length > 1 && (
        <label className="share-address">
          {t('share.address')}{' '}
          <select value={origin} onChange={(e) => setPicked(e.target.value)} data-testid="share-address">
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {isLoopbackOrigin(choice) ? t('share.thisComputerOnly', { address: choice }) : choice}
              </option>
            ))}
          </select>
        </label>
      )}
      {isLoopbackOrigin(origin) && (
        <p className="share-warning" role="alert" data-testid="share-local-warning">
          {t('share.localOnly', { host: new URL(origin).host })} {t(choices.length > 1 ? 'share.localOnlyPick' : 'share.localOnlyStart')}
        </p>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {error instanceof ApiError && error.error === 'network' ? t('errors.network') : t('errors.unknown', { message: (error as Error).message })}
        </p>
      )}
      <table className="share-table">
        <tbody>
          {ROLES.map((role) => {
            const token = links[role];
            const link = token ? shareLink(mapId, token, origin) : null;
            return (
              <tr key={role} data-role={role}>
                <th scope="row">
                  {t(`roles.${role}`)}
                  <div className="muted share-table__hint">{t(`share.can.${role}`)}</div>
                </th>
                <td>
                  {active && !active[role] ? (
                    <span className="muted">{t('share.off')}</span>
                  ) : link ? (
                    <span className="share-link">
                      <input readOnly value={link} aria-label={t('share.linkFor', { role: t(`roles.${role}`) })} onFocus={(e) => e.currentTarget.select()} data-testid={`link-${role}`} />
                      <button type="button" onClick={() => void copy(role, link)}>
                        {copied === role ? t('share.copied') : t('share.copy')}
                      </button>
                      <button type="button" onClick={() => setShown(shown === role ? null : role)} aria-expanded={shown === role}>
                        {t('share.qr')}
                      </button>
                    </span>
                  ) : (
                    <span className="muted">{t('share.unknown')}</span>
                  )}
                  {link && shown === role && (
                    // qrcode-generator builds the SVG from the link alone: no user HTML goes in.
                    <div className="share-qr" dangerouslySetInnerHTML={{ __html: qrSvg(link) }} data-testid={`qr-${role}`} />
                  )}
                </td>
                <td className="share-table__actions">
                  <button type="button" onClick={() => void renew(role)} data-testid={`renew-${role}`}>
                    {link || (active && active[role]) ? t('share.renew') : t('share.create')}
                  </button>
                  {active?.[role] && role !== 'owner' && (
                    <button type="button" className="danger" onClick={() => void turnOff(role)}>
                      {t('share.turnOff')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted">{t('share.renewHint')}</p>
      <div className="confirm-dialog__actions">
        <button type="button" onClick={onClose} autoFocus>
          {t('export.close')}
        </button>
      </div>
    </dialog>
  );
}
