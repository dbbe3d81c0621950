import {
  closeRound,
  createThread,
  editComment,
  knownPeople,
  openRound,
  readRounds,
  readThreads,
  reopenRound,
  reopenThread,
  reply,
  resolveThread,
  reviewWritable,
  roundStatus,
  signOff,
  attachSignOffs,
  unreadCount,
  type Decision,
  type MapSnapshot,
  type NewRound,
  type ReviewPerson,
  type ReviewResult,
  type ReviewRound,
  type ReviewThread,
  type RoundStatus,
  type ThreadAnchor,
} from '@qms/model';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { markSeen, useLastSeen, type LastSeen } from './local-state';
import { REVIEW_ORIGIN, openReviewConnection, type ReviewConnection } from './review-connection';

/** Writes to the review document, bound to it and to this tab's origin. Each is one transaction. */
export interface ReviewActions {
  createThread(anchor: ThreadAnchor, text: string, by: ReviewPerson): ReviewResult<string>;
  reply(threadId: string, text: string, by: ReviewPerson): ReviewResult<string>;
  editComment(threadId: string, commentId: string, text: string): ReviewResult<void>;
  resolve(threadId: string, by: ReviewPerson): ReviewResult<void>;
  reopen(threadId: string): ReviewResult<void>;
  openRound(round: NewRound, by: ReviewPerson): ReviewResult<string>;
  closeRound(roundId: string, by: ReviewPerson): ReviewResult<void>;
  reopenRound(roundId: string): ReviewResult<void>;
  /** `language`: the language version decided on, when it is not the map's source language. */
  signOff(
    roundId: string,
    unitId: string,
    decision: Decision,
    comment: string,
    by: ReviewPerson,
    fingerprint: string,
    options?: { language?: string; institutionId?: string },
  ): ReviewResult<void>;
  /** Owners: the decisions signed with this name typed by hand count for the partner institution from now on. */
  attachSignOffs(institution: string, institutionId: string): ReviewResult<number>;
  /** Notes that this person has read a thread as it is now. */
  markSeen(thread: ReviewThread): void;
}

export interface Review {
  readonly mapId: string;
  /** Moves on every change of the review document (for memoising readings of it). */
  readonly version: number;
  /** Null until the connection is opened (the first render). */
  readonly doc: Y.Doc | null;
  /** The first sync with the server is done: what is shown is the real review. */
  readonly synced: boolean;
  /** False if a newer version of the app wrote the review: show it, do not write. */
  readonly writable: boolean;
  /** Open threads first (see `readThreads`). */
  readonly threads: readonly ReviewThread[];
  readonly rounds: readonly ReviewRound[];
  /** Per round and unit, against the map snapshot passed in (empty without one). */
  readonly status: readonly RoundStatus[];
  /** Everyone known by name: in the review, online in it, or passed in. For @mentions. */
  readonly people: readonly string[];
  readonly lastSeen: LastSeen;
  /** Unread comments in all threads. */
  readonly unread: number;
  readonly actions: ReviewActions;
}

const EMPTY: never[] = [];

/**
 * Opens the map's review document for as long as the component lives and reads it live: threads,
 * rounds, the status of every unit against `snapshot`, who can be mentioned, what is unread.
 * `me` is announced to others in the review (awareness), so they can mention this person.
 */
export function useReview(
  mapId: string,
  token: string | undefined,
  me: { name: string; institution?: string },
  snapshot?: MapSnapshot,
  options: { people?: readonly string[] } = {},
): Review {
  const [connection, setConnection] = useState<ReviewConnection | null>(null);
  const [synced, setSynced] = useState(false);

  useEffect(() => {
    const opened = openReviewConnection(mapId, token);
    setConnection(opened);
    setSynced(opened.provider.synced);
    const onSync = (state: boolean) => state && setSynced(true);
    opened.provider.on('sync', onSync);
    return () => {
      opened.provider.off('sync', onSync);
      opened.destroy();
      setConnection(null);
      setSynced(false);
    };
  }, [mapId, token]);

  // A counter that moves on every change of the document: the readings below are memoised on it.
  const version = useDocVersion(connection?.doc ?? null);
  const online = useAwarenessNames(connection);

  useEffect(() => {
    if (!connection || !me.name) return;
    connection.provider.awareness.setLocalStateField('user', { name: me.name, ...(me.institution ? { institution: me.institution } : {}) });
  }, [connection, me.name, me.institution]);

  const doc = connection?.doc ?? null;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` counts the review document's changes: read again after each
  const threads = useMemo(() => (doc ? readThreads(doc) : EMPTY), [doc, version]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` counts the review document's changes: read again after each
  const rounds = useMemo(() => (doc ? readRounds(doc) : EMPTY), [doc, version]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` counts the review document's changes: read again after each
  const status = useMemo(() => (doc && snapshot ? roundStatus(doc, snapshot) : EMPTY), [doc, version, snapshot]);
  const extra = options.people;
  const people = useMemo(() => {
    const names = new Map<string, string>();
    for (const name of [...(doc ? knownPeople(doc) : []), ...online, ...(extra ?? [])]) {
      const tidy = name.trim();
      if (tidy && !names.has(tidy.toLowerCase())) names.set(tidy.toLowerCase(), tidy);
    }
    return [...names.values()].sort((a, b) => a.localeCompare(b));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` counts the review document's changes: read again after each
  }, [doc, version, online, extra]);
  const lastSeen = useLastSeen(mapId);
  const unread = useMemo(() => unreadCount(threads, lastSeen), [threads, lastSeen]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` counts the review document's changes: read again after each
  const writable = useMemo(() => (doc ? reviewWritable(doc) : false), [doc, version]);

  const seen = useCallback((thread: ReviewThread) => markSeen(mapId, thread.id, thread.comments.length), [mapId]);
  const actions = useMemo((): ReviewActions => {
    const missing = { ok: false, reason: 'thread-not-found', message: 'The review is not connected yet.' } as const;
    const opts = { people };
    return {
      createThread: (anchor, text, by) => {
        if (!doc) return missing;
        const result = createThread(doc, anchor, by, text, REVIEW_ORIGIN, opts);
        // One's own comment is never unread.
        if (result.ok) markSeen(mapId, result.value, 1);
        return result;
      },
      reply: (threadId, text, by) => {
        if (!doc) return missing;
        const result = reply(doc, threadId, by, text, REVIEW_ORIGIN, opts);
        const thread = result.ok ? readThreads(doc).find((t) => t.id === threadId) : undefined;
        if (thread) markSeen(mapId, threadId, thread.comments.length);
        return result;
      },
      editComment: (threadId, commentId, text) => (doc ? editComment(doc, threadId, commentId, text, REVIEW_ORIGIN, opts) : missing),
      resolve: (threadId, by) => (doc ? resolveThread(doc, threadId, by, REVIEW_ORIGIN) : missing),
      reopen: (threadId) => (doc ? reopenThread(doc, threadId, REVIEW_ORIGIN) : missing),
      openRound: (round, by) => (doc ? openRound(doc, round, by, REVIEW_ORIGIN) : missing),
      closeRound: (roundId, by) => (doc ? closeRound(doc, roundId, by, REVIEW_ORIGIN) : missing),
      reopenRound: (roundId) => (doc ? reopenRound(doc, roundId, REVIEW_ORIGIN) : missing),
      signOff: (roundId, unitId, decision, comment, by, fingerprint, options = {}) =>
        doc
          ? signOff(doc, roundId, unitId, decision, comment, by, fingerprint, REVIEW_ORIGIN, {
              ...(options.language ? { language: options.language } : {}),
              ...(options.institutionId ? { institutionId: options.institutionId } : {}),
            })
          : missing,
      attachSignOffs: (institution, institutionId) => (doc ? attachSignOffs(doc, institution, institutionId, REVIEW_ORIGIN) : missing),
      markSeen: seen,
    };
  }, [doc, mapId, people, seen]);

  return { mapId, version, doc, synced, writable, threads, rounds, status, people, lastSeen, unread, actions };
}

function useDocVersion(doc: Y.Doc | null): number {
  const [store] = useState(() => ({ version: 0 }));
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!doc) return () => {};
      const bump = () => {
        store.version++;
        onChange();
      };
      doc.on('update', bump);
      return () => doc.off('update', bump);
    },
    [doc, store],
  );
  const read = () => store.version;
  return useSyncExternalStore(subscribe, read, read);
}

/** Names of the people connected to the review right now (they may not have written yet). */
function useAwarenessNames(connection: ReviewConnection | null): readonly string[] {
  const [names, setNames] = useState<readonly string[]>(EMPTY);
  useEffect(() => {
    if (!connection) return;
    const awareness = connection.provider.awareness;
    const read = () => {
      const next: string[] = [];
      for (const state of awareness.getStates().values()) {
        const name = (state as { user?: { name?: unknown } }).user?.name;
        if (typeof name === 'string' && name.trim()) next.push(name.trim());
      }
      next.sort();
      setNames((current) => (current.length === next.length && current.every((n, i) => n === next[i]) ? current : next));
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [connection]);
  return names;
}
