import { DEFAULT_STAGES, WORKSHOP_LIMITS, WorkshopRoot, linkForNew, ratingKey, snapshotOf, voteKey, type IdeaCard, type LogEntry, type MapEditor, type Rating, type Stage, type Timer, type WorkshopDecision, type DecisionRule } from '@qms/model';
import * as Y from 'yjs';
import { REVIEW_ORIGIN } from '../review/review-connection';

/** Writes to the workshop in the review document; each is one transaction, facilitator actions logged. */

type Flag = 'structureLocked' | 'hideRatings' | 'privateIdeas';
const DEFAULT_MINUTES = 20;

const ws = (doc: Y.Doc) => doc.getMap<unknown>(WorkshopRoot.workshop);

function log(doc: Y.Doc, type: string, by: string, detail?: LogEntry['detail']) {
  const entries = doc.getArray<LogEntry>(WorkshopRoot.log);
  if (entries.length >= WORKSHOP_LIMITS.log) return;
  entries.push([{ at: Date.now(), type, by, ...(detail ? { detail } : {}) }]);
}

export function startWorkshop(doc: Y.Doc, by: string): void {
  doc.transact(() => {
    const map = ws(doc);
    map.set('stages', DEFAULT_STAGES.map((kind): Stage => ({ kind, minutes: DEFAULT_MINUTES })));
    map.set('stage', 0);
    map.set('timer', { status: 'idle', durationMs: 0, remainingMs: 0 } satisfies Timer);
    map.set('structureLocked', false);
    map.set('hideRatings', false);
    map.set('privateIdeas', false);
    map.set('dotsPerPerson', 3);
    map.set('rules', []);
    map.set('startedAt', Date.now());
    map.delete('endedAt');
    map.set('facilitator', { name: by });
    log(doc, 'start', by);
  }, REVIEW_ORIGIN);
}

export function endWorkshop(doc: Y.Doc, by: string): void {
  doc.transact(() => {
    ws(doc).set('endedAt', Date.now());
    log(doc, 'end', by);
  }, REVIEW_ORIGIN);
}

/** Moves to a stage; its timer starts over, idle. */
export function setStage(doc: Y.Doc, index: number, count: number, by: string): void {
  if (index < 0 || index >= count) return;
  doc.transact(() => {
    ws(doc).set('stage', index);
    ws(doc).set('timer', { status: 'idle', durationMs: 0, remainingMs: 0 } satisfies Timer);
    log(doc, 'stage', by, { stage: index });
  }, REVIEW_ORIGIN);
}

export function setStages(doc: Y.Doc, stages: readonly Stage[], by: string): void {
  doc.transact(() => {
    ws(doc).set('stages', stages.slice(0, WORKSHOP_LIMITS.stages).map((s) => ({ ...s, ...(s.title ? { title: s.title.slice(0, WORKSHOP_LIMITS.name) } : {}) })));
    log(doc, 'stages', by);
  }, REVIEW_ORIGIN);
}

export function setFlag(doc: Y.Doc, flag: Flag, value: boolean, by: string): void {
  doc.transact(() => {
    ws(doc).set(flag, value);
    log(doc, flag, by, { value });
  }, REVIEW_ORIGIN);
}

export function setTimer(doc: Y.Doc, timer: Timer, action: string, by: string): void {
  doc.transact(() => {
    ws(doc).set('timer', timer);
    log(doc, `timer-${action}`, by, { remainingMs: timer.remainingMs });
  }, REVIEW_ORIGIN);
}

export function setName(doc: Y.Doc, me: string, name: string): void {
  const tidy = name.trim().slice(0, WORKSHOP_LIMITS.name);
  if (!tidy) return;
  doc.transact(() => doc.getMap(WorkshopRoot.participants).set(me, { name: tidy, joinedAt: Date.now() }), REVIEW_ORIGIN);
}

export function addIdea(doc: Y.Doc, me: string, authorName: string, text: string, kindHint?: IdeaCard['kindHint']): string | undefined {
  const tidy = text.trim().slice(0, WORKSHOP_LIMITS.idea);
  if (!tidy) return undefined;
  const id = `idea-${crypto.randomUUID()}`;
  const card: Omit<IdeaCard, 'id'> = { text: tidy, author: me, ...(authorName ? { authorName } : {}), createdAt: Date.now(), ...(kindHint ? { kindHint } : {}), status: 'open' };
  doc.transact(() => doc.getMap(WorkshopRoot.ideas).set(id, card), REVIEW_ORIGIN);
  return id;
}

function updateIdea(doc: Y.Doc, idea: IdeaCard, change: Partial<IdeaCard>) {
  const { id: _id, ...rest } = { ...idea, ...change };
  doc.getMap(WorkshopRoot.ideas).set(idea.id, rest);
}

export function mergeIdea(doc: Y.Doc, from: IdeaCard, into: IdeaCard, by: string): void {
  if (from.id === into.id) return;
  doc.transact(() => {
    updateIdea(doc, from, { status: 'merged', mergedInto: into.id });
    log(doc, 'merge', by, { from: from.id, into: into.id });
  }, REVIEW_ORIGIN);
}

/**
 * Makes a card a node of the map under `parentId`: the node and its link in one map transaction
 * (one undo step), then the card marked promoted and the promotion logged.
 */
export function promoteIdea(reviewDoc: Y.Doc, editor: MapEditor, idea: IdeaCard, kind: 'keyFunction' | 'mainFunction' | 'workAction', parentId: string, by: string): string | undefined {
  const snapshot = snapshotOf(editor.doc);
  const parent = snapshot.nodes.find((n) => n.id === parentId);
  const link = linkForNew(snapshot, kind, parentId);
  if (!parent || !link || link.target !== parentId) return undefined;
  const siblings = snapshot.edges.filter((e) => e.target === parentId && e.kind === 'childOf').length;
  const position = { x: Math.round(parent.position.x + siblings * 260), y: Math.round(parent.position.y + 160) };
  const nodeId = editor.addLinked({ kind, position, title: idea.text }, link);
  reviewDoc.transact(() => {
    updateIdea(reviewDoc, idea, { status: 'promoted', promotedTo: nodeId });
    log(reviewDoc, 'promote', by, { idea: idea.id, node: nodeId, kind });
  }, REVIEW_ORIGIN);
  return nodeId;
}

export function setRating(doc: Y.Doc, workActionId: string, me: string, rating: Rating): void {
  doc.transact(() => doc.getMap(WorkshopRoot.ratings).set(ratingKey(workActionId, me), { ...rating }), REVIEW_ORIGIN);
}

export function setVote(doc: Y.Doc, targetId: string, me: string, dots: number): void {
  doc.transact(() => {
    const votes = doc.getMap(WorkshopRoot.votes);
    if (dots <= 0) votes.delete(voteKey(targetId, me));
    else votes.set(voteKey(targetId, me), dots);
  }, REVIEW_ORIGIN);
}

export function decide(doc: Y.Doc, workActionId: string, decision: WorkshopDecision['decision'], reason: string, by: string): void {
  doc.transact(() => {
    doc.getMap(WorkshopRoot.decisions).set(workActionId, { decision, reason: reason.trim().slice(0, WORKSHOP_LIMITS.reason), by, at: Date.now() } satisfies WorkshopDecision);
    log(doc, 'decision', by, { workAction: workActionId, decision });
  }, REVIEW_ORIGIN);
}

/** Replaces the agreed decision rules (the rules editor's rules: rules-editor.ts). */
export function setRules(doc: Y.Doc, rules: readonly DecisionRule[], by: string): void {
  doc.transact(() => {
    ws(doc).set('rules', rules.slice(0, WORKSHOP_LIMITS.rules).map((rule) => ({ ...rule, ...(rule.needs ? { needs: [...rule.needs] } : {}) })));
    log(doc, 'rules', by, { count: Math.min(rules.length, WORKSHOP_LIMITS.rules) });
  }, REVIEW_ORIGIN);
}
