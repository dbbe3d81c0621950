import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import kk from './locales/kk.json';
import rulesEn from './locales/rules.en.json';
import rulesKk from './locales/rules.kk.json';
import rulesRu from './locales/rules.ru.json';
import rulesUz from './locales/rules.uz.json';
import ru from './locales/ru.json';
import uz from './locales/uz.json';
import { getPreferences, type Language } from './preferences';

/**
 * Every string the interface shows comes from a catalogue in ./locales: one file per language
 * (and one for the methodology rules' messages). Another language: see "Adding an interface
 * language" in this app's README. Plural forms follow each language's Intl.PluralRules
 * categories (`_one`, `_few`, `_many`, `_other`); test/locales.test.ts holds every catalogue to
 * the English one.
 */
export const resources = {
  en: { translation: en, rules: rulesEn },
  ru: { translation: ru, rules: rulesRu },
  'uz-Latn': { translation: uz, rules: rulesUz },
  kk: { translation: kk, rules: rulesKk },
} as const satisfies Record<Language, unknown>;

// Screen readers, hyphenation and spell-checking read the page's language from <html lang>.
i18next.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});

void i18next.use(initReactI18next).init({
  resources,
  lng: getPreferences().language,
  fallbackLng: 'en',
  ns: ['translation', 'rules'],
  defaultNS: 'translation',
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
});

export default i18next;
