import { canonicalLanguage, DEFAULT_VERBS } from '@qms/model';

/**
 * The languages a map's content may be written or translated in that the product knows well: those
 * with a verb list for the checks (packages/model/data/verbs). Any other BCP 47 tag can be typed.
 */
export const KNOWN_CONTENT_LANGUAGES: readonly string[] = [...DEFAULT_VERBS.languages.keys()].map((key) => {
  // The catalogue keys its lists in lower case; people and maps write tags as BCP 47 does (uz-Latn).
  const tag = canonicalLanguage(key);
  return tag.ok ? tag.value : key;
});

/** A language's name in the reader's interface language ("Russian", «русский»), or its tag. */
export function languageName(tag: string, uiLanguage: string): string {
  // A browser may lack names in the interface language (Kazakh, Uzbek): English then, else the tag.
  for (const locale of [uiLanguage, 'en']) {
    try {
      const name = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' }).of(tag);
      if (name && name !== tag) return name;
    } catch {
      // not a tag this browser can name
    }
  }
  return tag;
}

/** The content language a new map starts with: the interface's, when the product knows it. */
export function defaultContentLanguage(uiLanguage: string): string {
  return KNOWN_CONTENT_LANGUAGES.includes(uiLanguage) ? uiLanguage : 'en';
}
