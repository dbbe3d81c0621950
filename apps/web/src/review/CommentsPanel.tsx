import { unreadIn, type MapNode, type MapSnapshot, type ReviewComment, type ReviewThread } from '@qms/model';
import { can, type Role } from '@qms/protocol';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { anchorTarget, formatWhen, nodeLabel, sameName } from './format';
import { rememberIdentity, useReviewIdentity, type Identity } from './local-state';
import { splitMentions } from './mention-input';
import { MentionTextarea } from './MentionTextarea';
import { useRefusal } from './use-refusal';
import type { Review } from './use-review';
import './review.css';

export interface CommentsPanelProps {
  review: Review;
  snapshot: MapSnapshot;
  role: Role;
  /** Who is using the app (the name they gave); the panel asks for a name if it is empty. */
  me: { name: string; institution?: string };
  /** Select a node and bring it into view. */
  onFocusNode(nodeId: string): void;
  /** New threads go on this node. */
  selectedNodeId?: string | null;
  /** More names to suggest after "@" (e.g. who is online in the map). */
  people?: readonly string[];
  /** Where a thread "on the canvas" is pinned: e.g. the centre of the view, in flow coordinates. */
  canvasPoint?: () => { x: number; y: number } | null;
  /** Bring a canvas point into view. */
  onFocusPoint?(point: { x: number; y: number }): void;
}

/**
 * The map's comment threads: open ones first (resolved ones folded away), each pinned to a node or
 * a point on the canvas; reply with @mentions, resolve, reopen. Unread threads are bold with a
 * count, and read once opened. Commenters, editors and owners write; viewers read.
 */
export function CommentsPanel({ review, snapshot, role, me, onFocusNode, selectedNodeId, people, canvasPoint, onFocusPoint }: CommentsPanelProps) {
  const { t } = useTranslation();
  const identity = useReviewIdentity(me);
  const canWrite = can(role, 'review') && review.writable;
  const [onlySelected, setOnlySelected] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const nodes = useMemo(() => new Map(snapshot.nodes.map((n) => [n.id, n])), [snapshot.nodes]);
  const suggestions = useMemo(() => [...new Set([...review.people, ...(people ?? [])])].filter((name) => !sameName(name, identity.name)), [review.people, people, identity.name]);
  const filtered = onlySelected && selectedNodeId ? review.threads.filter((t) => 'nodeId' in t.anchor && t.anchor.nodeId === selectedNodeId) : review.threads;
  const open = filtered.filter((thread) => !thread.resolved);
  const resolved = filtered.filter((thread) => thread.resolved);

  const threadProps = { review, nodes, identity, canWrite, suggestions, onFocusNode, onFocusPoint };

  return (
    <div className="comments-panel" data-testid="comments-panel">
      {!review.synced && (
        <p className="muted" aria-busy="true">
          {t('comments.loading')}
        </p>
      )}
      {!review.writable && review.doc && <p className="form-error">{t('comments.newerVersion')}</p>}
      {can(role, 'review') ? (
        identity.name ? (
          <NewThread review={review} identity={identity} nodes={nodes} selectedNodeId={selectedNodeId ?? null} canvasPoint={canvasPoint} suggestions={suggestions} disabled={!canWrite} />
        ) : (
          <NameForm />
        )
      ) : (
        <p className="muted" data-testid="comments-read-only">
          {t('comments.readOnly')}
        </p>
      )}
      <div className="comments-panel__head">
        <h3>
          {t('comments.openThreads')} <span className="count">{open.length}</span>
        </h3>
        {selectedNodeId && (
          <span className="segmented">
            <button type="button" className={onlySelected ? '' : 'is-on'} onClick={() => setOnlySelected(false)}>
              {t('comments.filterAll')}
            </button>
            <button type="button" className={onlySelected ? 'is-on' : ''} onClick={() => setOnlySelected(true)} data-testid="comments-filter-node">
              {t('comments.filterNode')}
            </button>
          </span>
        )}
      </div>
      {open.length === 0 && <p className="muted">{t('comments.noOpen')}</p>}
      <ul className="thread-list">
        {open.map((thread) => (
          <ThreadItem key={thread.id} thread={thread} expanded={openId === thread.id} onToggle={() => setOpenId(openId === thread.id ? null : thread.id)} {...threadProps} />
        ))}
      </ul>
      {resolved.length > 0 && (
        <section className="comments-panel__resolved">
          <button type="button" className="link" aria-expanded={showResolved} onClick={() => setShowResolved(!showResolved)} data-testid="toggle-resolved">
            {showResolved ? '▾' : '▸'} {t('comments.resolvedThreads', { count: resolved.length })}
          </button>
          {showResolved && (
            <ul className="thread-list thread-list--resolved">
              {resolved.map((thread) => (
                <ThreadItem key={thread.id} thread={thread} expanded={openId === thread.id} onToggle={() => setOpenId(openId === thread.id ? null : thread.id)} {...threadProps} />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

/** Asks the person's name once (comments are signed with it); remembered in this browser. */
export function NameForm({ askInstitution = false, initial }: { askInstitution?: boolean; initial?: Partial<Identity> }) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial?.name ?? '');
  const [institution, setInstitution] = useState(initial?.institution ?? '');
  const ready = name.trim() !== '' && (!askInstitution || institution.trim() !== '');
  return (
    <form
      className="review-identity"
      data-testid="review-identity"
      onSubmit={(event) => {
        event.preventDefault();
        if (ready) rememberIdentity({ name: name.trim(), ...(askInstitution ? { institution: institution.trim() } : {}) });
      }}
    >
      <p>{askInstitution ? t('review.identityIntro') : t('comments.nameIntro')}</p>
      {!initial?.name && (
        <label className="field">
          <span className="field__label">{t('comments.yourName')}</span>
          <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder={t('comments.yourNamePlaceholder')} data-testid="review-name" />
        </label>
      )}
      {askInstitution && (
        <label className="field">
          <span className="field__label">{t('review.yourInstitution')}</span>
          <input value={institution} maxLength={100} onChange={(e) => setInstitution(e.target.value)} placeholder={t('review.institutionPlaceholder')} data-testid="review-institution" />
        </label>
      )}
      <button type="submit" disabled={!ready}>
        {t('comments.saveName')}
      </button>
    </form>
  );
}


function NewThread({
  review,
  identity,
  nodes,
  selectedNodeId,
  canvasPoint,
  suggestions,
  disabled,
}: {
  review: Review;
  identity: Identity;
  nodes: ReadonlyMap<string, MapNode>;
  selectedNodeId: string | null;
  canvasPoint?: () => { x: number; y: number } | null;
  suggestions: readonly string[];
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const { error, check } = useRefusal();
  const node = selectedNodeId ? nodes.get(selectedNodeId) : undefined;
  const post = (anchor: { nodeId: string } | { x: number; y: number } | null | undefined) => {
    if (!anchor || !text.trim()) return;
    if (check(review.actions.createThread(anchor, text, identity))) setText('');
  };
  return (
    <div className="new-thread" data-testid="new-thread">
      <p className="new-thread__where">{node ? t('comments.newOnNode', { node: nodeLabel(node) }) : t('comments.selectNode')}</p>
      {(node || canvasPoint) && (
        <>
          <MentionTextarea
            value={text}
            onChange={setText}
            onSubmit={() => post(node ? { nodeId: node.id } : canvasPoint?.())}
            people={suggestions}
            placeholder={t('comments.placeholder')}
            label={t('comments.newLabel')}
            testId="new-thread-text"
          />
          {error && <p className="form-error">{error}</p>}
          <div className="new-thread__actions">
            {node && (
              <button type="button" disabled={disabled || !text.trim()} onClick={() => post({ nodeId: node.id })} data-testid="post-thread">
                {t('comments.post')}
              </button>
            )}
            {canvasPoint && (
              <button type="button" disabled={disabled || !text.trim()} onClick={() => post(canvasPoint())} data-testid="post-thread-canvas">
                {t('comments.postOnCanvas')}
              </button>
            )}
            <span className="muted">{t('comments.mentionHint')}</span>
          </div>
        </>
      )}
    </div>
  );
}

interface ThreadItemProps {
  thread: ReviewThread;
  expanded: boolean;
  onToggle(): void;
  review: Review;
  nodes: ReadonlyMap<string, MapNode>;
  identity: Identity;
  canWrite: boolean;
  suggestions: readonly string[];
  onFocusNode(nodeId: string): void;
  onFocusPoint?(point: { x: number; y: number }): void;
}

function ThreadItem({ thread, expanded, onToggle, review, nodes, identity, canWrite, suggestions, onFocusNode, onFocusPoint }: ThreadItemProps) {
  const { t, i18n } = useTranslation();
  const [draft, setDraft] = useState('');
  const { error, check } = useRefusal();
  const unread = unreadIn(thread, review.lastSeen);
  const target = anchorTarget(thread.anchor, nodes);
  const first = thread.comments[0];
  const { markSeen } = review.actions;

  // Opened means read — including comments that arrive while it is open.
  useEffect(() => {
    if (expanded) markSeen(thread);
  }, [expanded, thread, markSeen]);

  const where =
    target.kind === 'node' ? nodeLabel(target.node, 40) : target.kind === 'removed' ? t('comments.nodeRemoved') : t('comments.canvasPoint');
  const send = () => {
    if (!draft.trim()) return;
    if (check(review.actions.reply(thread.id, draft, identity))) setDraft('');
  };

  return (
    <li className={`thread${unread > 0 ? ' thread--unread' : ''}${thread.resolved ? ' thread--resolved' : ''}`} data-testid="thread" data-thread-id={thread.id}>
      <button type="button" className="thread__summary" aria-expanded={expanded} onClick={onToggle}>
        <span className="thread__where">{where}</span>
        {unread > 0 && (
          <span className="count count--unread" title={t('comments.unread', { count: unread })} data-testid="thread-unread">
            {unread}
          </span>
        )}
        <span className="thread__excerpt">
          <strong>{thread.author.name}</strong>: {first ? excerpt(first.text) : ''}
        </span>
        <span className="muted thread__meta">
          {t('comments.replies', { count: Math.max(0, thread.comments.length - 1) })} · {formatWhen(thread.lastActivityAt, i18n.language)}
        </span>
      </button>
      {expanded && (
        <div className="thread__body">
          <div className="thread__tools">
            {target.kind === 'node' && (
              <button type="button" className="link" onClick={() => onFocusNode(target.node.id)}>
                {t('comments.showOnMap')}
              </button>
            )}
            {target.kind === 'point' && onFocusPoint && (
              <button type="button" className="link" onClick={() => onFocusPoint({ x: target.x, y: target.y })}>
                {t('comments.showOnMap')}
              </button>
            )}
            {canWrite && identity.name && !thread.resolved && (
              <button type="button" onClick={() => check(review.actions.resolve(thread.id, identity))} data-testid="resolve-thread">
                ✓ {t('comments.resolve')}
              </button>
            )}
            {canWrite && thread.resolved && (
              <button type="button" onClick={() => check(review.actions.reopen(thread.id))} data-testid="reopen-thread">
                {t('comments.reopen')}
              </button>
            )}
          </div>
          {thread.resolved && thread.resolvedBy && (
            <p className="muted">{t('comments.resolvedBy', { name: thread.resolvedBy.name, when: formatWhen(thread.resolvedAt ?? 0, i18n.language) })}</p>
          )}
          <ol className="comment-list">
            {thread.comments.map((comment) => (
              <CommentItem key={comment.id} comment={comment} threadId={thread.id} review={review} mine={canWrite && sameName(comment.author.name, identity.name)} />
            ))}
          </ol>
          {canWrite && identity.name && (
            <div className="thread__reply">
              <MentionTextarea
                value={draft}
                onChange={setDraft}
                onSubmit={send}
                people={suggestions}
                placeholder={thread.resolved ? t('comments.replyReopens') : t('comments.replyPlaceholder')}
                label={t('comments.replyLabel')}
                testId="reply-text"
              />
              {error && <p className="form-error">{error}</p>}
              <button type="button" disabled={!draft.trim()} onClick={send} data-testid="send-reply">
                {t('comments.reply')}
              </button>
            </div>
          )}
        </div>
      )}
    </li>
  );
}

function excerpt(text: string, max = 90): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function CommentItem({ comment, threadId, review, mine }: { comment: ReviewComment; threadId: string; review: Review; mine: boolean }) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const { error, check } = useRefusal();
  const save = () => {
    if (editing === null) return;
    if (check(review.actions.editComment(threadId, comment.id, editing))) setEditing(null);
  };
  return (
    <li className="comment" data-testid="comment">
      <div className="comment__head">
        <strong>{comment.author.name}</strong>
        {comment.author.institution && <span className="muted"> · {comment.author.institution}</span>}
        <span className="muted"> · {formatWhen(comment.createdAt, i18n.language)}</span>
        {comment.editedAt !== undefined && <span className="muted"> · {t('comments.edited')}</span>}
        {mine && editing === null && (
          <button type="button" className="link comment__edit" onClick={() => setEditing(comment.text)}>
            {t('comments.edit')}
          </button>
        )}
      </div>
      {editing === null ? (
        <p className="comment__text">
          {splitMentions(comment.text, comment.mentions).map((part, index) =>
            part.mention ? (
              <mark key={index} className="mention" title={part.mention}>
                {part.text}
              </mark>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
        </p>
      ) : (
        <div>
          <MentionTextarea value={editing} onChange={setEditing} onSubmit={save} people={review.people} placeholder="" label={t('comments.edit')} autoFocus />
          {error && <p className="form-error">{error}</p>}
          <button type="button" onClick={save} disabled={!editing.trim()}>
            {t('comments.save')}
          </button>{' '}
          <button type="button" className="link" onClick={() => setEditing(null)}>
            {t('comments.cancel')}
          </button>
        </div>
      )}
    </li>
  );
}
