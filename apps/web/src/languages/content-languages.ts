import { DEFAULT_VERBS } from '@qms/model';

/**
 * The languages a map's content may be written or translated in that the product knows well: those
 * with a verb list for the checks (packages/model/data/verbs). Any other BCP 47 tag can be typed.
 */
export const KNOWN_CONTENT_LANGUAGES: readonly string[] = [...DEFAULT_VERBS.languages.keys()];

/** A language's name in the reader's interface language ("Russian", «русский»), or its tag. */
export function languageName(tag: string, uiLanguage: string): string {
  try {
    const name = new Intl.DisplayNames([uiLanguage, 'en'], { type: 'language' }).of(tag);
    return name && name !== tag ? name : tag;
  } catch {
    return tag;
  }
}

/** The content language a new map starts with: the interface's, when the product knows it. */
export function defaultContentLanguage(uiLanguage: string): string {
  return KNOWN_CONTENT_LANGUAGES.includes(uiLanguage) ? uiLanguage : 'en';
}
