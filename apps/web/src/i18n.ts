import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import ru from './locales/ru.json';
import rulesEn from './locales/rules.en.json';
import rulesRu from './locales/rules.ru.json';
import { getPreferences } from './preferences';

/**
 * Every string the interface shows comes from a catalogue in ./locales: one file per language
 * (and one for the methodology rules' messages). Another language is one more pair of files here.
 */
export const resources = {
  en: { translation: en, rules: rulesEn },
  ru: { translation: ru, rules: rulesRu },
} as const;

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
