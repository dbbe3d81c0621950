import { useTranslation } from 'react-i18next';

interface Props {
  /** Whether this person may share the map (the owner). */
  canShare: boolean;
  onShare: () => void;
  onExport: () => void;
  onSearch: () => void;
  onHelp: () => void;
}

/**
 * What one does with the map as a whole — share, export, find, the shortcuts — in the page's
 * header, so that the toolbar above the canvas holds only what builds the map and stays on one
 * line in every UI language.
 */
export function MapActions({ canShare, onShare, onExport, onSearch, onHelp }: Props) {
  const { t } = useTranslation();
  return (
    <span className="map-actions">
      {canShare && (
        <button type="button" onClick={onShare} data-testid="open-share">
          {t('share.button')}
        </button>
      )}
      <button type="button" onClick={onExport} data-testid="open-export">
        {t('export.button')}
      </button>
      <button type="button" onClick={onSearch} title={t('shortcuts.search')}>
        {t('search.button')}
      </button>
      <button type="button" onClick={onHelp} aria-label={t('shortcuts.title')}>
        ?
      </button>
    </span>
  );
}
