import { describe, expect, it } from 'vitest';
import i18n, { resources } from '../src/i18n';
import { flowLabels } from '../src/editor/flow-labels';
import { LANGUAGES, languageFor } from '../src/preferences';

/**
 * Every interface catalogue says everything the English one says: the same keys (a plural key in
 * exactly the forms the language's Intl.PluralRules has), the same {{placeholders}}, no empty
 * string, no HTML. A key added to en.json fails here until every language has it.
 */

type Catalogue = { [key: string]: string | Catalogue };
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object') for (const [inner, text] of flatten(value, path)) out.set(inner, text);
    else out.set(path, `<not a string: ${JSON.stringify(value)}>`);
  }
  return out;
}

/** en's keys as a language must have them: a plural key (en has `x_other`) in that language's forms. */
function expectedKeys(english: Map<string, string>, language: string): Map<string, string> {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const expected = new Map<string, string>();
  for (const [key, text] of english) {
    const base = key.replace(PLURAL_SUFFIX, '');
    if (base !== key && english.has(`${base}_other`)) {
      // Each form is checked against en's `_other`: the form for "many" in every language.
      for (const category of categories) expected.set(`${base}_${category}`, english.get(`${base}_other`)!);
    } else expected.set(key, text);
  }
  return expected;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([^}\s,]+)[^}]*\}\}/g)].map((match) => match[1]).sort();

/** What is wrong with one catalogue, as readable lines (empty: nothing). */
function problems(english: Catalogue, translated: Catalogue, language: string): string[] {
  const expected = expectedKeys(flatten(english), language);
  const actual = flatten(translated);
  const found: string[] = [];
  for (const [key, source] of expected) {
    const text = actual.get(key);
    if (text === undefined) {
      found.push(`missing ${key}`);
      continue;
    }
    if (text.trim() === '' && source.trim() !== '') found.push(`empty ${key}`);
    if (placeholders(text).join() !== placeholders(source).join()) found.push(`${key}: placeholders ${placeholders(text).join() || 'none'}, en has ${placeholders(source).join() || 'none'}`);
    if (/<\/?[a-z][^>]*>/i.test(text)) found.push(`${key}: HTML`);
  }
  for (const key of actual.keys()) if (!expected.has(key)) found.push(`unexpected ${key} (not in en.json, or a plural form ${language} does not use)`);
  return found;
}

const languages = Object.keys(resources) as (keyof typeof resources)[];

describe('the interface catalogues', () => {
  it('are registered for every interface language, and every catalogue file is registered', () => {
    expect([...languages].sort()).toEqual([...LANGUAGES].sort());
    // A catalogue file on disk that i18n.ts does not load would be a language nobody can pick.
    const files = Object.keys(import.meta.glob('../src/locales/*.json')).map((path) => path.split('/').pop()!.replace(/^rules\./, '').replace(/\.json$/, ''));
    const loaded = new Set<string>(Object.values(resources).flatMap(({ translation, rules }) => [translation, rules].map((catalogue) => JSON.stringify(catalogue))));
    expect(loaded.size, 'every language has catalogues of its own').toBe(languages.length * 2);
    expect(files.sort()).toEqual(['en', 'en', 'kk', 'kk', 'ru', 'ru', 'uz', 'uz']);
  });

  for (const language of languages.filter((code) => code !== 'en')) {
    for (const namespace of ['translation', 'rules'] as const) {
      it(`${language} ${namespace} has every key of en, with en's placeholders and its plural forms`, () => {
        const english = resources.en[namespace] as unknown as Catalogue;
        expect(problems(english, resources[language][namespace] as unknown as Catalogue, language)).toEqual([]);
      });
    }
  }

  it('the English catalogues have no empty string where a text is shown, and no HTML', () => {
    for (const namespace of ['translation', 'rules'] as const) {
      for (const [key, text] of flatten(resources.en[namespace] as unknown as Catalogue)) {
        // roles.banner.owner/editor are empty on purpose: those roles get no banner.
        if (!key.startsWith('roles.banner.')) expect(text.trim(), key).not.toBe('');
        expect(/<\/?[a-z][^>]*>/i.test(text), key).toBe(false);
      }
    }
  });

  it('the check catches a missing key, a lost placeholder, a missing plural form and an empty string', () => {
    const english: Catalogue = { a: { b: 'Hello {{name}}', c_one: '{{count}} item', c_other: '{{count}} items', d: 'x' } };
    const broken: Catalogue = { a: { b: 'Привет', c_one: '{{count}} элемент', c_other: '{{count}} элемента', d: ' ' } };
    expect(problems(english, broken, 'ru')).toEqual(['a.b: placeholders none, en has name', 'missing a.c_few', 'missing a.c_many', 'empty a.d']);
    expect(problems(english, { a: { b: '{{name}}', c_one: '{{count}}', c_few: '{{count}}', c_other: '{{count}}', d: 'y' } }, 'kk')).toEqual(['unexpected a.c_few (not in en.json, or a plural form kk does not use)']);
  });

  it('name each language in itself, the same in every catalogue', () => {
    const names = { en: 'English', ru: 'Русский', 'uz-Latn': 'Oʻzbekcha', kk: 'Қазақша' };
    for (const language of languages) expect(resources[language].translation.language, language).toMatchObject(names);
  });

  it('write each word in one script, and Uzbek with its own apostrophes (ʻ in oʻ, gʻ; ʼ for the tutuq belgisi)', () => {
    for (const language of languages) {
      for (const namespace of ['translation', 'rules'] as const) {
        for (const [key, text] of flatten(resources[language][namespace] as unknown as Catalogue)) {
          const mixed = text.split(/[^\p{L}]+/u).filter((word) => /\p{Script=Latin}/u.test(word) && /\p{Script=Cyrillic}/u.test(word));
          expect(mixed, `${language} ${key}`).toEqual([]);
          if (language === 'uz-Latn') expect(text, `${key}: o' or g' with a plain or typographic apostrophe`).not.toMatch(/[oOgG]['‘’`]/);
        }
      }
    }
  });

  it('i18next picks each language’s plural form', () => {
    expect(i18n.t('points.years', { lng: 'ru', count: 1 })).toBe('1 год');
    expect(i18n.t('points.years', { lng: 'ru', count: 3 })).toBe('3 года');
    expect(i18n.t('points.years', { lng: 'ru', count: 5 })).toBe('5 лет');
    expect(i18n.t('points.years', { lng: 'ru', count: 1.5 })).toBe('1.5 года');
    expect(i18n.t('points.years', { lng: 'uz-Latn', count: 3 })).toBe('3 yil');
    expect(i18n.t('points.years', { lng: 'kk', count: 1 })).toBe('1 жыл');
    expect(i18n.t('unreadable.name', { lng: 'kk', ns: 'rules' })).toBe('Оқылмайтын элементтер');
  });
});

describe('the interface language for a browser', () => {
  it('takes the first preferred language it has, by its primary subtag', () => {
    for (const tag of ['uz', 'uz-Latn', 'uz-UZ', 'uz-Latn-UZ', 'uz_UZ', 'UZ']) expect(languageFor([tag]), tag).toBe('uz-Latn');
    expect(languageFor(['kk-KZ'])).toBe('kk');
    expect(languageFor(['ru-RU', 'en'])).toBe('ru');
    expect(languageFor(['de-DE', 'kk', 'ru'])).toBe('kk');
    expect(languageFor(['en-GB'])).toBe('en');
    expect(languageFor(['lt', 'fi'])).toBe('en');
    expect(languageFor([])).toBe('en');
  });
});

describe("React Flow's labels", () => {
  it('are in each interface language, the moved-node message for every arrow key with its position', () => {
    const english = flowLabels(i18n.getFixedT('en'));
    for (const language of languages) {
      const labels = flowLabels(i18n.getFixedT(language));
      for (const [key, value] of Object.entries(labels)) {
        if (typeof value !== 'string') continue;
        // A missing key would come back as the key itself.
        expect(value, `${language} ${key}`).not.toMatch(/^canvas\./);
        if (language !== 'en') expect(value, `${language} ${key}`).not.toBe(english[key as keyof typeof english]);
      }
      for (const direction of ['up', 'down', 'left', 'right']) {
        const message = labels['node.a11yDescription.ariaLiveMessage']({ direction, x: 120.4, y: -35.6 });
        expect(message, `${language} ${direction}`).toContain('120');
        expect(message, `${language} ${direction}`).toContain('-36');
        expect(message, `${language} ${direction}`).not.toMatch(/canvas\./);
      }
    }
  });
});

describe('verb findings where the verb ends the sentence', () => {
  it('read “end with” in every language when the finding carries the context “final”', () => {
    const params = { ns: 'rules', label: 'LO 1', word: 'chiroyli', context: 'final' };
    const start = { ns: 'rules', label: 'LO 1', word: 'nicely' };
    expect(i18n.t('verb.unknown', { ...params, lng: 'en' })).toMatch(/end with an action verb/);
    expect(i18n.t('verb.unknown', { ...start, lng: 'en' })).toMatch(/start with an action verb/);
    expect(i18n.t('verb.unknown', { ...params, lng: 'uz-Latn' })).toMatch(/tugamasligi/);
    expect(i18n.t('verb.unknown', { ...params, lng: 'kk' })).toMatch(/аяқталмауы/);
    expect(i18n.t('verb.unknown', { ...params, lng: 'ru' })).toMatch(/заканчивается/);
  });
});
