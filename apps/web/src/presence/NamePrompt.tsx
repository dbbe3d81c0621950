import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getPreferences, setPreference } from '../preferences';

/** Asked once, remembered in this browser: how others see this person in the map. */
export function NamePrompt({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState(getPreferences().name);
  const [institution, setInstitution] = useState(getPreferences().institution);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  const save = () => {
    if (!name.trim()) return;
    setPreference('name', name.trim().slice(0, 60));
    setPreference('institution', institution.trim().slice(0, 100));
    onDone();
  };
  return (
    <dialog ref={dialog} className="name-prompt" onCancel={(event) => event.preventDefault()} aria-labelledby="name-title" data-testid="name-prompt">
      <h2 id="name-title">{t('presence.whoAreYou')}</h2>
      <p className="muted">{t('presence.whoHint')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save();
        }}
      >
        <label className="field">
          <span className="field__label">{t('presence.name')}</span>
          <input autoFocus value={name} maxLength={60} onChange={(event) => setName(event.target.value)} data-testid="your-name" />
        </label>
        <label className="field">
          <span className="field__label">{t('presence.institution')}</span>
          <input value={institution} maxLength={100} onChange={(event) => setInstitution(event.target.value)} placeholder={t('presence.institutionHint')} />
        </label>
        <div className="confirm-dialog__actions">
          <button type="submit" className="primary" disabled={!name.trim()} data-testid="save-name">
            {t('presence.join')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
