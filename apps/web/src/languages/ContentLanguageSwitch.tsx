import { useTranslation } from 'react-i18next';
import { languageName } from './content-languages';

/**
 * Which language the canvas shows the map in: its source language or one of its target
 * languages (each person for themself), and the way into the translation view.
 */
export function ContentLanguageSwitch({ source, targets, progress, current, onChange, onTranslate }: {
  source: string;
  targets: readonly string[];
  /** Per target language, how far its translation is (translated fields of all). */
  progress: ReadonlyMap<string, { done: number; total: number }>;
  current: string;
  onChange: (language: string) => void;
  onTranslate: () => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <span className="content-language">
      {/* A map in one language has nothing to switch between: the header keeps room for its title. */}
      {targets.length > 0 && (
        <select value={current} onChange={(event) => onChange(event.target.value)} aria-label={t('languages.shownIn')} title={t('languages.shownIn')} data-testid="content-language">
          {[source, ...targets.filter((tag) => tag !== source)].map((tag) => (
            <option key={tag} value={tag}>
              {tag === source
                ? t('languages.sourceOption', { language: languageName(tag, i18n.language) })
                : t('languages.targetOption', { language: languageName(tag, i18n.language), done: progress.get(tag)?.done ?? 0, total: progress.get(tag)?.total ?? 0 })}
            </option>
          ))}
        </select>
      )}
      <button type="button" onClick={onTranslate} title={t('languages.translateHint')} data-testid="open-translate">
        {t('languages.translate')}
      </button>
    </span>
  );
}
