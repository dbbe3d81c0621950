import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl';

const SHORTCUTS: Array<[string, string]> = [
  ['Tab', 'addChild'],
  ['Enter', 'addSibling'],
  ['F2', 'rename'],
  ['A–Z, 0–9', 'typeTitle'],
  ['Esc', 'dropNew'],
  ['Alt+↑ / Alt+↓', 'reorder'],
  ['Delete / Backspace', 'delete'],
  [`${MOD}+D`, 'duplicate'],
  [`${MOD}+C / ${MOD}+V`, 'copyPaste'],
  [`${MOD}+K`, 'search'],
  ['Shift+1', 'fit'],
  ['Shift+2', 'fitSelection'],
  ['Shift+0', 'actualSize'],
  [`${MOD}+/`, 'fold'],
  ['Esc', 'deselect'],
  ['?', 'help'],
];

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="shortcuts-help" onCancel={onClose} onClose={onClose} aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={`${keys} ${action}`}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{t(`shortcuts.${action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose} autoFocus>
        {t('shortcuts.close')}
      </button>
    </dialog>
  );
}
