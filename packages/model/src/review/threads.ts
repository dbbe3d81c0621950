import * as Y from 'yjs';
import { newId } from '../ids.js';
import { editText } from '../operations.js';
import { mentionsIn } from './people.js';
import { ReviewRefusal, threadsOf, type ReviewComment, type ReviewPerson, type ReviewResult, type ReviewThread, type ReviewWriteOptions, type ThreadAnchor } from './schema.js';
import { UNKNOWN, checkAnchor, checkText, guardVersion, num, person, readPerson, refuse, stampVersion } from './shared.js';

/** Comment threads pinned to a node or a point of the canvas: writing them, and reading them back. */

/** Adds a comment map to an array: integrated first, then filled (as operations.ts writes nodes). */
function pushComment(comments: Y.Array<Y.Map<unknown>>, id: string, author: ReviewPerson, text: string, createdAt: number, mentions: string[]): void {
  const comment = new Y.Map<unknown>();
  comments.push([comment]);
  comment.set('id', id);
  comment.set('author', author);
  comment.set('text', new Y.Text(text));
  comment.set('createdAt', createdAt);
  comment.set('mentions', mentions);
}

/** Starts a thread on a node or a canvas point with its first comment. Returns the thread's id. */
export function createThread(
  doc: Y.Doc,
  anchor: ThreadAnchor,
  author: ReviewPerson,
  text: string,
  origin?: unknown,
  options: ReviewWriteOptions = {},
): ReviewResult<string> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const who = person(author);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are before commenting.');
  const where = checkAnchor(anchor);
  if (!where) return refuse(ReviewRefusal.InvalidAnchor, 'A thread is pinned to a node or a point on the canvas.');
  const checked = checkText(text);
  if (!checked.ok) return checked;
  const id = options.id ?? newId();
  const now = options.now ?? Date.now();
  const mentions = mentionsIn(doc, text, options);
  doc.transact(() => {
    stampVersion(doc);
    const thread = new Y.Map<unknown>();
    threadsOf(doc).set(id, thread);
    thread.set('anchor', where);
    thread.set('createdAt', now);
    thread.set('author', who);
    thread.set('resolved', false);
    const comments = new Y.Array<Y.Map<unknown>>();
    thread.set('comments', comments);
    pushComment(comments, newId(), who, text, now, mentions);
  }, origin);
  return { ok: true, value: id };
}

function threadMap(doc: Y.Doc, threadId: string): ReviewResult<{ thread: Y.Map<unknown>; comments: Y.Array<Y.Map<unknown>> }> {
  const thread = threadsOf(doc).get(threadId);
  const comments = thread instanceof Y.Map ? thread.get('comments') : undefined;
  if (!(thread instanceof Y.Map) || !(comments instanceof Y.Array)) return refuse(ReviewRefusal.ThreadNotFound, 'This thread no longer exists.');
  return { ok: true, value: { thread, comments: comments as Y.Array<Y.Map<unknown>> } };
}

/** Answers in a thread. A reply to a resolved thread reopens it. Returns the comment's id. */
export function reply(
  doc: Y.Doc,
  threadId: string,
  author: ReviewPerson,
  text: string,
  origin?: unknown,
  options: ReviewWriteOptions = {},
): ReviewResult<string> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const who = person(author);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are before commenting.');
  const checked = checkText(text);
  if (!checked.ok) return checked;
  const found = threadMap(doc, threadId);
  if (!found.ok) return found;
  const id = options.id ?? newId();
  const mentions = mentionsIn(doc, text, options);
  doc.transact(() => {
    stampVersion(doc);
    pushComment(found.value.comments, id, who, text, options.now ?? Date.now(), mentions);
    // Said explicitly for readers that do not derive it; a concurrent resolve is handled by
    // `resolvedThrough` either way.
    if (found.value.thread.get('resolved') === true) clearResolution(found.value.thread);
  }, origin);
  return { ok: true, value: id };
}

/** Changes a comment's text (its author's correction); mentions are found again. */
export function editComment(
  doc: Y.Doc,
  threadId: string,
  commentId: string,
  text: string,
  origin?: unknown,
  options: ReviewWriteOptions = {},
): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const checked = checkText(text);
  if (!checked.ok) return checked;
  const found = threadMap(doc, threadId);
  if (!found.ok) return found;
  const comment = found.value.comments.toArray().find((c) => c instanceof Y.Map && c.get('id') === commentId);
  if (!comment) return refuse(ReviewRefusal.CommentNotFound, 'This comment no longer exists.');
  const mentions = mentionsIn(doc, text, options);
  doc.transact(() => {
    let stored = comment.get('text');
    if (!(stored instanceof Y.Text)) {
      stored = new Y.Text();
      comment.set('text', stored);
    }
    if ((stored as Y.Text).toString() === text) return;
    // Only the span that differs: the same person fixing a typo in two tabs keeps both fixes.
    editText(stored as Y.Text, text);
    comment.set('editedAt', options.now ?? Date.now());
    comment.set('mentions', mentions);
  }, origin);
  return { ok: true, value: undefined };
}

function clearResolution(thread: Y.Map<unknown>): void {
  thread.set('resolved', false);
  for (const key of ['resolvedBy', 'resolvedAt', 'resolvedThrough']) if (thread.has(key)) thread.delete(key);
}

/** Marks a thread as settled; it stays readable under "resolved". */
export function resolveThread(doc: Y.Doc, threadId: string, by: ReviewPerson, origin?: unknown, options: ReviewWriteOptions = {}): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const who = person(by);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are first.');
  const found = threadMap(doc, threadId);
  if (!found.ok) return found;
  const last = found.value.comments.length > 0 ? found.value.comments.get(found.value.comments.length - 1) : undefined;
  doc.transact(() => {
    stampVersion(doc);
    const thread = found.value.thread;
    thread.set('resolved', true);
    thread.set('resolvedBy', who);
    thread.set('resolvedAt', options.now ?? Date.now());
    const through = last instanceof Y.Map ? last.get('id') : undefined;
    if (typeof through === 'string') thread.set('resolvedThrough', through);
  }, origin);
  return { ok: true, value: undefined };
}

export function reopenThread(doc: Y.Doc, threadId: string, origin?: unknown): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const found = threadMap(doc, threadId);
  if (!found.ok) return found;
  doc.transact(() => {
    stampVersion(doc);
    clearResolution(found.value.thread);
  }, origin);
  return { ok: true, value: undefined };
}

function readAnchor(value: unknown): ThreadAnchor | null {
  if (value instanceof Y.Map) value = value.toJSON();
  if (typeof value !== 'object' || value === null) return null;
  return checkAnchor(value as ThreadAnchor);
}

function readComment(value: unknown): ReviewComment | null {
  if (!(value instanceof Y.Map)) return null;
  const id = value.get('id');
  const text = value.get('text');
  const mentions = value.get('mentions');
  const editedAt = num(value.get('editedAt'));
  return {
    id: typeof id === 'string' ? id : '',
    author: readPerson(value.get('author')) ?? UNKNOWN,
    text: text instanceof Y.Text ? text.toString() : typeof text === 'string' ? text : '',
    createdAt: num(value.get('createdAt')) ?? 0,
    ...(editedAt !== undefined ? { editedAt } : {}),
    mentions: Array.isArray(mentions) ? mentions.filter((m): m is string => typeof m === 'string') : [],
  };
}

/** One thread as a plain object, or null if it is not of a shape this version understands. */
export function readThread(id: string, value: unknown): ReviewThread | null {
  if (!(value instanceof Y.Map)) return null;
  const anchor = readAnchor(value.get('anchor'));
  const stored = value.get('comments');
  if (!anchor || !(stored instanceof Y.Array)) return null;
  const comments = stored.toArray().map(readComment).filter((c): c is ReviewComment => c !== null);
  const through = value.get('resolvedThrough');
  const last = comments[comments.length - 1];
  // Resolved only if nobody wrote after what the resolver saw (see the merge rules at the top).
  const resolved =
    value.get('resolved') === true &&
    (typeof through !== 'string' || !comments.some((c) => c.id === through) || last?.id === through);
  const createdAt = num(value.get('createdAt')) ?? comments[0]?.createdAt ?? 0;
  const resolvedBy = resolved ? readPerson(value.get('resolvedBy')) : undefined;
  const resolvedAt = resolved ? num(value.get('resolvedAt')) : undefined;
  return {
    id,
    anchor,
    createdAt,
    author: readPerson(value.get('author')) ?? comments[0]?.author ?? UNKNOWN,
    resolved,
    ...(resolvedBy ? { resolvedBy } : {}),
    ...(resolvedAt !== undefined ? { resolvedAt } : {}),
    comments,
    lastActivityAt: Math.max(createdAt, ...comments.map((c) => c.createdAt)),
  };
}

/** Every thread: open ones first, most recently active first; resolved ones by resolution, newest first. */
export function readThreads(doc: Y.Doc): ReviewThread[] {
  const out: ReviewThread[] = [];
  for (const [id, value] of threadsOf(doc)) {
    const thread = readThread(id, value);
    if (thread) out.push(thread);
  }
  return out.sort(
    (a, b) =>
      Number(a.resolved) - Number(b.resolved) ||
      (a.resolved ? (b.resolvedAt ?? 0) - (a.resolvedAt ?? 0) : b.lastActivityAt - a.lastActivityAt) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
