import * as Y from 'yjs';
import { mapEntries, metaOf, nodesOf } from './document.js';
import { RefusalReason, type Result } from './operations.js';
import { prepareLanguageMeta, prepareTranslation, storedTargetLanguages } from './translation-fields.js';

/**
 * A map's languages: the source language (`meta.language`, the language of its fields) and the
 * target languages partners translate into (`meta.languages`). Tags are BCP 47, canonicalised
 * ("uz-latn" → "uz-Latn", "EN-gb" → "en-GB") so that one language has one key everywhere.
 */

/** BCP 47 asks implementations to support tags of at least 35 characters; longer ones are not languages people write in. */
export const MAX_LANGUAGE_TAG_LENGTH = 35;

/**
 * The canonical form of a BCP 47 language tag, or a refusal saying why it is not one. Uses the
 * platform's Intl (the same in browsers and Node): "uz-latn" → "uz-Latn", "xx-123456789" refused.
 */
export function canonicalLanguage(tag: unknown): Result<string> {
  if (typeof tag !== 'string' || tag.trim() === '') return refuse('A language must be a BCP 47 tag such as "en", "ru" or "uz-Latn".');
  const trimmed = tag.trim();
  if (trimmed.length > MAX_LANGUAGE_TAG_LENGTH) return refuse(`A language tag has at most ${MAX_LANGUAGE_TAG_LENGTH} characters.`);
  try {
    const [canonical] = Intl.getCanonicalLocales(trimmed);
    if (canonical) return { ok: true, value: canonical };
  } catch {
    // RangeError: not a well-formed tag.
  }
  return refuse(`"${trimmed.slice(0, MAX_LANGUAGE_TAG_LENGTH)}" is not a BCP 47 language tag (for example "en", "ru", "uz-Latn", "kk").`);
}

function refuse(message: string): { ok: false; reason: RefusalReason; message: string } {
  return { ok: false, reason: RefusalReason.InvalidValue, message };
}

/** The map's source language (`en` when unset). */
export function sourceLanguage(doc: Y.Doc): string {
  const language = metaOf(doc).get('language');
  return typeof language === 'string' && language ? language : 'en';
}

/** The target languages, in the order they were added. */
export function targetLanguages(doc: Y.Doc): string[] {
  return storedTargetLanguages(doc);
}

/**
 * Adds a target language: listed in `meta.languages`, and every node gets its empty translation
 * fields (so that two translators' first keystrokes merge) — one transaction. Returns the
 * canonical tag. Refused for a tag that is not BCP 47, the source language, or one already there.
 */
export function addTargetLanguage(doc: Y.Doc, tag: string, origin?: unknown): Result<string> {
  const checked = canonicalLanguage(tag);
  if (!checked.ok) return checked;
  const language = checked.value;
  if (language === sourceLanguage(doc)) return refuse(`${language} is the map's source language.`);
  if (targetLanguages(doc).includes(language)) return refuse(`${language} is already a language of this map.`);
  doc.transact(() => {
    prepareLanguageMeta(doc);
    (metaOf(doc).get('languages') as Y.Array<string>).push([language]);
    prepareLanguageMeta(doc);
    for (const [, node] of mapEntries(nodesOf(doc))) prepareTranslation(node, language);
  }, origin);
  return { ok: true, value: language };
}

/**
 * Takes a language off the target list. Its translations stay in the nodes (adding the language
 * again brings them back, and an undo is cheap); readers and checks only look at target languages.
 */
export function removeTargetLanguage(doc: Y.Doc, tag: string, origin?: unknown): Result<void> {
  const checked = canonicalLanguage(tag);
  if (!checked.ok) return checked;
  const list = metaOf(doc).get('languages');
  if (!(list instanceof Y.Array) || !targetLanguages(doc).includes(checked.value)) {
    return refuse(`${checked.value} is not a target language of this map.`);
  }
  doc.transact(() => {
    // Every copy: two peers adding the same language at once leave two.
    const items = list.toArray();
    for (let i = items.length - 1; i >= 0; i--) if (items[i] === checked.value) list.delete(i, 1);
  }, origin);
  return { ok: true, value: undefined };
}

/**
 * Says which language the map's fields are written in (a map created `en` whose texts are
 * Russian). The texts are not changed; translations keep their status (their source did not
 * change). Refused for a target language: remove it as a target first.
 */
export function setSourceLanguage(doc: Y.Doc, tag: string, origin?: unknown): Result<string> {
  const checked = canonicalLanguage(tag);
  if (!checked.ok) return checked;
  const language = checked.value;
  if (targetLanguages(doc).includes(language)) return refuse(`${language} is a target language of this map: remove it as a target first.`);
  doc.transact(() => {
    if (metaOf(doc).get('language') !== language) metaOf(doc).set('language', language);
    prepareLanguageMeta(doc);
  }, origin);
  return { ok: true, value: language };
}
