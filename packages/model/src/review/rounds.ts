import * as Y from 'yjs';
import { graphOf } from '../graph.js';
import { newId } from '../ids.js';
import type { MapSnapshot } from '../view.js';
import { localizedGraph } from '../translations.js';
import { REVIEWABLE_KINDS, fingerprintIn } from './fingerprint.js';
import {
  DECISIONS,
  REVIEW_LIMITS,
  ReviewRefusal,
  roundsOf,
  signoffsOf,
  type Decision,
  type DecisionStatus,
  type ReviewPerson,
  type ReviewResult,
  type ReviewRound,
  type ReviewWriteOptions,
  type RoundStatus,
  type SignOff,
  type UnitReviewState,
  type UnitStatus,
} from './schema.js';
import { displayName, type Institution } from '../institutions.js';
import { UNKNOWN, columnKey, decisionKey, guardVersion, num, partnerOfKey, person, readPerson, refuse, signoffKey, stampVersion, stringList, tidy } from './shared.js';

/** Sign-off rounds on units: opening and closing them, each institution's decision, and where each round stands. */

export interface NewRound {
  title: string;
  /** The units, key functions, main functions and work actions to decide on (REVIEWABLE_KINDS). */
  unitIds: readonly string[];
  /**
   * The institutions expected to decide (optional): a unit is agreed only when all of them agreed.
   * A partner institution of the map as `partnerKey(id)` ("#id"), any other by its name.
   */
  institutions?: readonly string[];
}

/** Opens a review round on a set of units (the owner, before a mobility). Returns the round's id. */
export function openRound(doc: Y.Doc, round: NewRound, by: ReviewPerson, origin?: unknown, options: ReviewWriteOptions = {}): ReviewResult<string> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const who = person(by);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are first.');
  const title = tidy(round.title);
  if (!title) return refuse(ReviewRefusal.EmptyText, 'Give the round a title, e.g. "Units for the spring mobility".');
  if (title.length > REVIEW_LIMITS.title) return refuse(ReviewRefusal.TooLong, `A title may be at most ${REVIEW_LIMITS.title} characters.`);
  const unitIds = [...new Set(round.unitIds.filter((id) => typeof id === 'string' && id))];
  if (unitIds.length === 0) return refuse(ReviewRefusal.NoUnits, 'Pick at least one unit or function to review.');
  if (unitIds.length > REVIEW_LIMITS.units) return refuse(ReviewRefusal.TooLong, `A round may hold at most ${REVIEW_LIMITS.units} units.`);
  const institutions: string[] = [];
  for (const name of round.institutions ?? []) {
    const tidied = tidy(name).slice(0, REVIEW_LIMITS.name);
    if (tidied && !institutions.some((i) => columnKey(i) === columnKey(tidied))) institutions.push(tidied);
  }
  if (institutions.length > REVIEW_LIMITS.institutions) {
    return refuse(ReviewRefusal.TooLong, `A round may name at most ${REVIEW_LIMITS.institutions} institutions.`);
  }
  const id = options.id ?? newId();
  doc.transact(() => {
    stampVersion(doc);
    const map = new Y.Map<unknown>();
    roundsOf(doc).set(id, map);
    map.set('title', title);
    map.set('unitIds', unitIds);
    if (institutions.length > 0) map.set('institutions', institutions);
    map.set('openedAt', options.now ?? Date.now());
    map.set('openedBy', who);
  }, origin);
  return { ok: true, value: id };
}

function roundMap(doc: Y.Doc, roundId: string): ReviewResult<Y.Map<unknown>> {
  const round = roundsOf(doc).get(roundId);
  return round instanceof Y.Map ? { ok: true, value: round } : refuse(ReviewRefusal.RoundNotFound, 'This review round no longer exists.');
}

/** Closes a round: its decisions stay as the record; nobody can decide in it any more. */
export function closeRound(doc: Y.Doc, roundId: string, by: ReviewPerson, origin?: unknown, options: ReviewWriteOptions = {}): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const who = person(by);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are first.');
  const found = roundMap(doc, roundId);
  if (!found.ok) return found;
  doc.transact(() => {
    found.value.set('closedAt', options.now ?? Date.now());
    found.value.set('closedBy', who);
  }, origin);
  return { ok: true, value: undefined };
}

/** Opens a closed round again (closed by mistake, or a late partner). */
export function reopenRound(doc: Y.Doc, roundId: string, origin?: unknown): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const found = roundMap(doc, roundId);
  if (!found.ok) return found;
  doc.transact(() => {
    if (found.value.has('closedAt')) found.value.delete('closedAt');
    if (found.value.has('closedBy')) found.value.delete('closedBy');
  }, origin);
  return { ok: true, value: undefined };
}

/**
 * An institution's decision on one unit of an open round, replacing its earlier one. `fingerprint`
 * is `unitFingerprint(snapshot, unitId, language)` of the unit as the person saw it when deciding,
 * in the language they read it in (`options.language`, recorded with the decision).
 */
export function signOff(
  doc: Y.Doc,
  roundId: string,
  unitId: string,
  decision: Decision,
  comment: string,
  by: ReviewPerson,
  fingerprint: string,
  origin?: unknown,
  options: ReviewWriteOptions = {},
): ReviewResult<void> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  if (!(DECISIONS as readonly string[]).includes(decision)) return refuse(ReviewRefusal.InvalidDecision, 'Choose "agreed" or "changes requested".');
  const who = person(by);
  if (!who) return refuse(ReviewRefusal.NoName, 'Say who you are first.');
  if (!who.institution) return refuse(ReviewRefusal.NoInstitution, 'Say which institution you sign for.');
  const text = comment.trim();
  if (decision === 'changes-requested' && !text) return refuse(ReviewRefusal.CommentRequired, 'Say which changes the unit needs.');
  if (text.length > REVIEW_LIMITS.comment) return refuse(ReviewRefusal.TooLong, `A comment may be at most ${REVIEW_LIMITS.comment} characters.`);
  const found = roundMap(doc, roundId);
  if (!found.ok) return found;
  const round = readRound(roundId, found.value);
  if (!round) return refuse(ReviewRefusal.RoundNotFound, 'This review round no longer exists.');
  if (!round.open) return refuse(ReviewRefusal.RoundClosed, 'This round is closed; ask the map’s owner to open a new one.');
  if (!round.unitIds.includes(unitId)) return refuse(ReviewRefusal.UnitNotInRound, 'This unit is not part of the round.');
  const value: SignOff = {
    roundId,
    unitId,
    institution: who.institution,
    status: decision,
    comment: text,
    by: who,
    at: options.now ?? Date.now(),
    fingerprint,
    ...(options.language ? { language: options.language } : {}),
    ...(options.institutionId ? { institutionId: options.institutionId } : {}),
  };
  doc.transact(() => {
    stampVersion(doc);
    signoffsOf(doc).set(signoffKey(roundId, unitId, who.institution!, options.institutionId), value);
  }, origin);
  return { ok: true, value: undefined };
}

export function readRound(id: string, value: unknown): ReviewRound | null {
  if (!(value instanceof Y.Map)) return null;
  const closedAt = num(value.get('closedAt'));
  const closedBy = readPerson(value.get('closedBy'));
  return {
    id,
    title: tidy(value.get('title')),
    unitIds: stringList(value.get('unitIds')),
    institutions: stringList(value.get('institutions')),
    openedAt: num(value.get('openedAt')) ?? 0,
    openedBy: readPerson(value.get('openedBy')) ?? UNKNOWN,
    ...(closedAt !== undefined ? { closedAt } : {}),
    ...(closedAt !== undefined && closedBy ? { closedBy } : {}),
    open: closedAt === undefined,
  };
}

/** Every round: open ones first, newest first. */
export function readRounds(doc: Y.Doc): ReviewRound[] {
  const out: ReviewRound[] = [];
  for (const [id, value] of roundsOf(doc)) {
    const round = readRound(id, value);
    if (round) out.push(round);
  }
  return out.sort((a, b) => Number(b.open) - Number(a.open) || b.openedAt - a.openedAt || (a.id < b.id ? -1 : 1));
}

function readSignOff(value: unknown): SignOff | null {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType) return null;
  const v = value as Record<string, unknown>;
  const by = readPerson(v.by);
  const status = v.status;
  if (typeof v.roundId !== 'string' || typeof v.unitId !== 'string' || !by) return null;
  if (typeof status !== 'string' || !(DECISIONS as readonly string[]).includes(status)) return null;
  return {
    roundId: v.roundId,
    unitId: v.unitId,
    institution: tidy(v.institution) || by.institution || '?',
    status: status as Decision,
    comment: typeof v.comment === 'string' ? v.comment : '',
    by,
    at: num(v.at) ?? 0,
    fingerprint: typeof v.fingerprint === 'string' ? v.fingerprint : '',
    ...(typeof v.language === 'string' && v.language ? { language: v.language } : {}),
    ...(typeof v.institutionId === 'string' && v.institutionId ? { institutionId: v.institutionId } : {}),
  };
}

/**
 * Attaches the decisions signed with a name typed by hand (`institution`, case and spaces aside)
 * to a partner institution of the map, in every round: each is stored again under the partner's
 * key with its id, and the free-text one removed. The owner does it once, e.g. after issuing review
 * links, so that a partner's earlier decisions count in its column. A decision the partner already
 * made in that round for that unit is kept, not overwritten. Resolves to how many were attached.
 */
export function attachSignOffs(doc: Y.Doc, institution: string, institutionId: string, origin?: unknown): ReviewResult<number> {
  const blocked = guardVersion(doc);
  if (blocked) return blocked;
  const name = tidy(institution);
  if (!name || !institutionId) return refuse(ReviewRefusal.NoInstitution, 'Say which institution’s decisions to attach, and to which partner.');
  const signoffs = signoffsOf(doc);
  const moves: Array<[string, string, SignOff]> = [];
  for (const [key, value] of signoffs.entries()) {
    const signoff = readSignOff(value);
    if (!signoff || signoff.institutionId || columnKey(signoff.institution) !== columnKey(name)) continue;
    const target = signoffKey(signoff.roundId, signoff.unitId, signoff.institution, institutionId);
    if (signoffs.has(target)) continue;
    moves.push([key, target, { ...signoff, institutionId }]);
  }
  if (moves.length === 0) return { ok: true, value: 0 };
  doc.transact(() => {
    for (const [from, to, value] of moves) {
      signoffs.set(to, value);
      signoffs.delete(from);
    }
  }, origin);
  return { ok: true, value: moves.length };
}

/** Every decision stored, as plain objects. */
export function readSignOffs(doc: Y.Doc): SignOff[] {
  const out: SignOff[] = [];
  for (const value of signoffsOf(doc).values()) {
    const signoff = readSignOff(value);
    if (signoff) out.push(signoff);
  }
  return out;
}

/**
 * Where every round stands against the map as it is now: per unit, each institution's decision
 * (stale if the unit changed since), and the unit's overall state.
 */
export function roundStatus(reviewDoc: Y.Doc, mapSnapshot: MapSnapshot, language = mapSnapshot.meta.language): RoundStatus[] {
  const rounds = readRounds(reviewDoc);
  const byRound = new Map<string, SignOff[]>();
  for (const signoff of readSignOffs(reviewDoc)) {
    const list = byRound.get(signoff.roundId) ?? [];
    list.push(signoff);
    byRound.set(signoff.roundId, list);
  }
  const graph = graphOf(mapSnapshot);
  const source = mapSnapshot.meta.language;
  // A decision made on a translation is stale when that translation changes (or its source does).
  const fingerprints = new Map<string, string | undefined>();
  const fingerprintOf = (unitId: string, language = source) => {
    const key = `${language}\u0000${unitId}`;
    if (!fingerprints.has(key)) fingerprints.set(key, fingerprintIn(language === source ? graph : localizedGraph(mapSnapshot, language), unitId));
    return fingerprints.get(key);
  };
  // Partner institutions are named as the map names them now, in the reader's language.
  const partners = new Map((mapSnapshot.meta.institutions ?? []).map((institution): [string, Institution] => [institution.id, institution]));
  const nameOf = (key: string, fallback: string) => {
    const id = partnerOfKey(key);
    const partner = id === undefined ? undefined : partners.get(id);
    return partner ? displayName(partner, language, source) : fallback;
  };
  return rounds.map((round) => {
    const signoffs = byRound.get(round.id) ?? [];
    const columnKeys = round.institutions.map(columnKey);
    const columns = round.institutions.map((entry) => nameOf(columnKey(entry), partnerOfKey(entry) !== undefined ? '?' : entry));
    const others = new Map<string, string>();
    for (const s of signoffs) {
      const key = decisionKey(s);
      if (!columnKeys.includes(key) && !others.has(key)) others.set(key, nameOf(key, s.institution));
    }
    for (const [key, name] of [...others].sort((a, b) => a[1].localeCompare(b[1]))) {
      columnKeys.push(key);
      columns.push(name);
    }
    const expected = new Set(round.institutions.map(columnKey));
    const units = round.unitIds.map((unitId): UnitStatus => {
      const node = graph.node(unitId);
      const exists = node !== undefined && REVIEWABLE_KINDS.includes(node.kind);
      const current = exists ? fingerprintOf(unitId) : undefined;
      const decisions = signoffs
        .filter((s) => s.unitId === unitId)
        .map(
          (s): DecisionStatus => ({
            ...s,
            institution: nameOf(decisionKey(s), s.institution),
            key: decisionKey(s),
            stale: current === undefined || s.fingerprint !== (s.language && s.language !== source ? fingerprintOf(unitId, s.language) : current),
          }),
        )
        .sort((a, b) => a.institution.localeCompare(b.institution));
      const decided = new Set(decisions.map((d) => d.key));
      const overall: UnitReviewState = decisions.some((d) => d.status === 'changes-requested')
        ? 'changes-requested'
        : decisions.length > 0 && [...expected].every((key) => decided.has(key))
          ? 'agreed'
          : 'pending';
      return {
        unitId,
        exists,
        kind: exists ? node!.kind : '',
        code: exists ? node!.code : '',
        title: exists ? node!.title : '',
        fingerprint: current,
        decisions,
        overall,
        stale: decisions.some((d) => d.status === 'agreed' && d.stale),
      };
    });
    return { ...round, columns, columnKeys, units };
  });
}
