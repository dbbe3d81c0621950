import * as Y from 'yjs';
import { roundsOf, signoffsOf, threadsOf, type ReviewPerson, type ReviewThread, type ReviewWriteOptions } from './schema.js';
import { tidy } from './shared.js';

/** Who the review knows by name, who a comment mentions, and what someone has not read yet. */

/** Everyone the document knows by name: authors, resolvers, round openers, signers. Sorted. */
export function knownPeople(doc: Y.Doc): string[] {
  const names = new Map<string, string>();
  const add = (value: unknown) => {
    const name = tidy((value as ReviewPerson | undefined)?.name);
    if (name && !names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  };
  for (const thread of threadsOf(doc).values()) {
    if (!(thread instanceof Y.Map)) continue;
    add(thread.get('author'));
    add(thread.get('resolvedBy'));
    const comments = thread.get('comments');
    if (comments instanceof Y.Array) for (const comment of comments) if (comment instanceof Y.Map) add(comment.get('author'));
  }
  for (const round of roundsOf(doc).values()) if (round instanceof Y.Map) add(round.get('openedBy'));
  for (const signoff of signoffsOf(doc).values()) add((signoff as { by?: unknown } | undefined)?.by);
  return [...names.values()].sort((a, b) => a.localeCompare(b));
}

export function mentionsIn(doc: Y.Doc, text: string, options: ReviewWriteOptions): string[] {
  return findMentions(text, [...knownPeople(doc), ...(options.people ?? [])]);
}

const WORD = /[\p{L}\p{N}_]/u;
const QUOTES: Record<string, string> = { '"': '"', '“': '”', '«': '»', '„': '“' };

function fold(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * The people a text mentions, from those known: `@Name` (the longest known name that follows the
 * @, ending at a word boundary, so "@Anna Petrova," finds "Anna Petrova" before "Anna") or
 * `@"Full Name"` (also «…» and “…”). Case-insensitive; an @ inside a word (an e-mail address) is
 * not a mention. Returns the names as known, each once, in order of first mention.
 */
export function findMentions(text: string, names: readonly string[]): string[] {
  const known = new Map<string, string>();
  for (const name of names) {
    const tidied = tidy(name);
    if (tidied && !known.has(fold(tidied))) known.set(fold(tidied), tidied);
  }
  const candidates = [...known.entries()].sort((a, b) => b[0].length - a[0].length);
  const found: string[] = [];
  const add = (name: string) => {
    if (!found.includes(name)) found.push(name);
  };
  for (let i = text.indexOf('@'); i !== -1; i = text.indexOf('@', i + 1)) {
    if (i > 0 && WORD.test(text[i - 1]!)) continue;
    const rest = text.slice(i + 1);
    const close = QUOTES[rest[0] ?? ''];
    if (close) {
      const end = rest.indexOf(close, 1);
      if (end > 1) {
        const name = known.get(fold(rest.slice(1, end)));
        if (name) add(name);
      }
      continue;
    }
    for (const [folded, name] of candidates) {
      const head = rest.slice(0, name.length);
      const after = rest[name.length];
      if (fold(head) === folded && (after === undefined || !WORD.test(after))) {
        add(name);
        break;
      }
    }
  }
  return found;
}

/**
 * How many comments of a thread this person has not seen. `lastSeen[threadId]` is the number of
 * the thread's comments they had seen — a count, not a time, because a partner's clock may be
 * minutes behind ours and their new comment would look old. Missing: nothing seen yet.
 */
export function unreadIn(thread: ReviewThread, lastSeen: Readonly<Record<string, number>>): number {
  return Math.max(0, thread.comments.length - (lastSeen[thread.id] ?? 0));
}

/** Unread comments across threads. */
export function unreadCount(threads: readonly ReviewThread[], lastSeen: Readonly<Record<string, number>>): number {
  return threads.reduce((sum, thread) => sum + unreadIn(thread, lastSeen), 0);
}
