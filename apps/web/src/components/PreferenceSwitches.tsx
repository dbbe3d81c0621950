import { LENSES } from '@qms/model';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setPreference, usePreferences, type Language } from '../preferences';

/** This person's lens and interface language; remembered in the browser, not in the map. */
export function PreferenceSwitches({ showLens = false }: { showLens?: boolean }) {
  const { t, i18n } = useTranslation();
  const { lens, language } = usePreferences();
  return (
    <span className="preference-switches">
      {showLens && (
        <span className="segmented" role="radiogroup" aria-label={t('lens.label')} data-testid="lens-switch">
          {LENSES.map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={lens === value}
              className={lens === value ? 'is-on' : ''}
              onClick={() => setPreference('lens', value)}
              title={t(`lens.${value}Hint`)}
              data-lens={value}
            >
              {t(`lens.${value}`)}
            </button>
          ))}
        </span>
      )}
      <select
        aria-label={t('language.label')}
        value={language}
        data-testid="language-switch"
        onChange={(event) => {
          const next = event.target.value as Language;
          setPreference('language', next);
          // i18n.ts sets <html lang> when the language changes.
          void i18n.changeLanguage(next);
        }}
      >
        {/* Each language in its own name (and marked as such), so everyone finds theirs. */}
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
