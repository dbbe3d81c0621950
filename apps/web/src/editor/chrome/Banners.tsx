import { IncompatibilityReason, isMalformed, type SkippedItem } from '@qms/model';
import type { Role } from '@qms/protocol';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVersionName } from '../../history/use-version-doc';
import type { HistoryView } from '../editor-state';

/** The notes above the canvas: what kind of map this is, what this person may do, what the canvas shows. */

/** A sample map made up for learning, not a real qualification. */
export function SampleBanner() {
  const { t } = useTranslation();
  return (
    <p className="sample-banner" role="note">
      {t('editor.illustrative')}
    </p>
  );
}

/** What an import could not take over as it was (the first 20), until dismissed. */
export function ImportWarnings({ warnings }: { warnings: readonly string[] }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(warnings.length > 0);
  if (!shown) return null;
  return (
    <div className="import-warnings" role="status" data-testid="import-warnings">
      <p>
        <strong>{t('import.warningsTitle', { count: warnings.length })}</strong>{' '}
        <button type="button" className="link" onClick={() => setShown(false)}>
          {t('import.dismiss')}
        </button>
      </p>
      <ul>
        {warnings.slice(0, 20).map((warning, index) => (
          <li key={index}>{warning}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The map's schema version is one this version cannot open (a newer app's, or damaged): it is
 * shown as it is, without the tools that would change it, until an owner restores a version.
 */
export function SchemaBanner({ problem, canRestore }: { problem: IncompatibilityReason; canRestore: boolean }) {
  const { t } = useTranslation();
  return (
    <p className="schema-banner" role="alert" data-testid="schema-banner" data-reason={problem}>
      {t(problem === IncompatibilityReason.NewerSchema ? 'editor.schemaNewer' : 'editor.schemaUnreadable')}{' '}
      {t(canRestore ? 'editor.schemaRestore' : 'editor.schemaAskOwner')}
    </p>
  );
}

/** How many nodes and edges the reading skipped or read only in part because they are malformed. */
export function unreadableCount(skipped: readonly SkippedItem[]): number {
  return new Set(skipped.filter(isMalformed).map((item) => `${item.item}:${item.id}`)).size;
}

/**
 * Part of the map could not be read (malformed entries another client stored): the rest is shown,
 * and this says so until dismissed. New damage shows it again.
 */
export function UnreadableBanner({ skipped }: { skipped: readonly SkippedItem[] }) {
  const { t } = useTranslation();
  const count = unreadableCount(skipped);
  const [dismissed, setDismissed] = useState<number | null>(null);
  if (count === 0 || dismissed === count) return null;
  return (
    <p className="unreadable-banner" role="status" data-testid="unreadable-banner" data-count={count}>
      {t('editor.unreadable', { count })}{' '}
      <button type="button" className="link" onClick={() => setDismissed(count)}>
        {t('editor.unreadableDismiss')}
      </button>
    </p>
  );
}

/** A viewer or commenter: what their link lets them do. */
export function RoleBanner({ role }: { role: Role }) {
  const { t } = useTranslation();
  return (
    <p className="role-banner" role="note" data-testid="role-banner">
      {t(`roles.banner.${role}`)}
    </p>
  );
}

/** The canvas shows a saved version or a comparison, with the way back to the live map. */
export function HistoryBanner({ history, onLeave }: { history: NonNullable<HistoryView>; onLeave: () => void }) {
  const { t, i18n } = useTranslation();
  const versionName = useVersionName();
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }), [i18n.language]);
  return (
    <p className="history-banner" role="status" data-testid="history-banner">
      {history.mode === 'view'
        ? t('history.viewing', { name: versionName(history.version), date: dateFormat.format(history.version.createdAt) })
        : t('history.comparing', { before: versionName(history.before), after: history.after ? versionName(history.after) : t('history.current') })}{' '}
      <button type="button" onClick={onLeave} data-testid="history-leave">
        {t('history.backToCurrent')}
      </button>
    </p>
  );
}

/** This person's view follows someone else's. */
export function FollowingBanner({ name, onStop }: { name: string; onStop: () => void }) {
  const { t } = useTranslation();
  return (
    <p className="following-banner" role="status" data-testid="following">
      {t('presence.followingBanner', { name })}{' '}
      <button type="button" className="link" onClick={onStop}>
        {t('presence.stopFollowing')}
      </button>
    </p>
  );
}
