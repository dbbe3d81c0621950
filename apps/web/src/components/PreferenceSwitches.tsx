import { LENSES } from '@qms/model';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setPreference, usePreferences } from '../preferences';

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
          const next = event.target.value as (typeof LANGUAGES)[number];
          setPreference('language', next);
          void i18n.changeLanguage(next);
          document.documentElement.lang = next;
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code}>
            {t(`language.${code}`)}
          </option>
        ))}
      </select>
    </span>
  );
}
