/**
 * The @mention autocomplete of the comment box, as pure functions of the text and the caret.
 * The model's `findMentions` decides what was mentioned; these only help typing and showing it.
 */

const WORD = /[\p{L}\p{N}_]/u;
const OPEN_QUOTES = new Set(['"', '«', '“']);

export interface MentionQuery {
  /** Index of the "@". */
  start: number;
  /** What was typed after it (without an opening quote). */
  query: string;
}

/** The mention being typed at the caret, if any: "@", then up to 40 characters with no line break. */
export function mentionQuery(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at === -1) return null;
  if (at > 0 && WORD.test(before[at - 1]!)) return null; // an e-mail address
  let query = before.slice(at + 1);
  if (query.length > 40 || /[\n@]/.test(query)) return null;
  if (OPEN_QUOTES.has(query[0] ?? '')) query = query.slice(1);
  else if ((query.match(/ /g) ?? []).length > 2) return null; // long past a name: just text
  return { start: at, query };
}

const fold = (value: string) => value.normalize('NFC').toLowerCase();

/** People whose name starts with the query, then those with a later word starting with it. */
export function suggestPeople(people: readonly string[], query: string, limit = 6): string[] {
  const q = fold(query.trim());
  const unique = [...new Set(people.map((p) => p.trim()).filter(Boolean))];
  const starts = unique.filter((p) => fold(p).startsWith(q));
  const words = unique.filter((p) => !starts.includes(p) && fold(p).split(/\s+/).some((w) => w.startsWith(q)));
  const byName = (a: string, b: string) => a.localeCompare(b);
  return [...starts.sort(byName), ...words.sort(byName)].slice(0, limit);
}

/** How a name is written as a mention: quoted when it has a space, so it parses on its own. */
export function mentionToken(name: string): string {
  return /\s/.test(name.trim()) ? `@"${name.trim()}"` : `@${name.trim()}`;
}

/** Replaces the mention being typed (from its "@" to the caret) with the chosen name. */
export function insertMention(text: string, query: MentionQuery, caret: number, name: string): { text: string; caret: number } {
  const token = `${mentionToken(name)} `;
  const after = text.slice(caret).replace(/^[”"»]?/, '');
  return { text: text.slice(0, query.start) + token + after.replace(/^ /, ''), caret: query.start + token.length };
}

export interface TextPart {
  text: string;
  /** The person this part mentions. */
  mention?: string;
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Splits a comment into plain text and its mentions of these names, for highlighting. */
export function splitMentions(text: string, mentions: readonly string[]): TextPart[] {
  const names = [...mentions].filter(Boolean).sort((a, b) => b.length - a.length);
  if (names.length === 0) return [{ text }];
  const alternatives = names.map(escape).join('|');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])@(?:"(${alternatives})"|«(${alternatives})»|“(${alternatives})”|(${alternatives})(?![\\p{L}\\p{N}_]))`, 'giu');
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const found = (match[1] ?? match[2] ?? match[3] ?? match[4] ?? '').toLowerCase();
    const name = names.find((n) => n.toLowerCase() === found) ?? found;
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ text: match[0], mention: name });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
