import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../sync/save-tracker';

const icon: Record<SyncStatus, string> = {
  connecting: '◌',
  saved: '✓',
  saving: '↻',
  offline: '⚠',
  failing: '✕',
};

export function SyncIndicator({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const hint = status === 'saved' ? t('sync.savedTitle') : status === 'saving' ? t('sync.savingTitle') : undefined;
  return (
    <div className={`sync-indicator sync-indicator--${status}`} role="status" aria-live="polite" title={hint} data-testid="sync-status" data-status={status}>
      <span aria-hidden="true">{icon[status]}</span> {t(`sync.${status}`)}
    </div>
  );
}
