import { describe, expect, it } from 'vitest';
import { defaultContentLanguage, KNOWN_CONTENT_LANGUAGES, languageName } from '../src/languages/content-languages';

describe('content languages', () => {
  it('offers every language with a verb list, and starts a new map in the interface language', () => {
    expect(KNOWN_CONTENT_LANGUAGES).toEqual(expect.arrayContaining(['en', 'ru', 'uz-Latn', 'uz-Cyrl', 'kk', 'lt', 'lv', 'it', 'nl', 'fi']));
    expect(defaultContentLanguage('ru')).toBe('ru');
    expect(defaultContentLanguage('uz-Latn')).toBe('uz-Latn');
    expect(defaultContentLanguage('de-CH')).toBe('en');
  });

  it('names a language in the reader’s language, in English where that has no name for it, else by its tag', () => {
    expect(languageName('ru', 'en')).toBe('Russian');
    expect(languageName('en', 'ru').toLowerCase()).toBe('английский');
    expect(languageName('en', 'xx-unknown')).toBe('English');
    expect(languageName('not a tag', 'en')).toBe('not a tag');
  });
});
