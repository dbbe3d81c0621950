import * as Y from 'yjs';
import { edgesOf, entryAt, nodesOf, type YEdge } from './document.js';
import { DOMAINS, type Domain } from './fields.js';
import { graphOf, type MapGraph } from './graph.js';
import { newId } from './ids.js';
import { edgeAllowed } from './kinds.js';
import type { Result } from './operations.js';
import { fnv1a64 } from './review/fingerprint.js';
import type { MapEdge } from './schema.js';

/**
 * Matching units across institutions' maps: the basis of credit transfer (ECVET). A `matches`
 * edge reads "home unit matches partner unit". Inside one map its `target` is a unit of the map;
 * across maps it carries `targetMap` (a map id on this server) and `target` is a node id *there*.
 * Either may say how well they match (`matchType`) and what differs (`note`). A cross-map edge
 * keeps `targetSnapshot`: the partner unit as it was when the match was made (code, title,
 * points, EQF level, outcomes with their domain) and its `fingerprint`. Whoever can read the
 * target map compares that fingerprint with the unit's current one (`matchUnitFingerprint`) to
 * say "changed since".
 *
 *   doc.getMap('edges')  edgeId → Y.Map { kind: 'matches', source: unitId, target: nodeId,
 *                          targetMap?: mapId, matchType?: 'exact' | 'partial' | 'related',
 *                          note?: string, targetSnapshot?: MatchSnapshot (a plain JSON value) }
 */

export const MATCH_TYPES = ['exact', 'partial', 'related'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

export function isMatchType(value: unknown): value is MatchType {
  return typeof value === 'string' && (MATCH_TYPES as readonly string[]).includes(value);
}

/** The edge fields this module adds (besides kind, source and target). */
export const MatchKey = {
  targetMap: 'targetMap',
  matchType: 'matchType',
  note: 'note',
  targetSnapshot: 'targetSnapshot',
} as const;
export const MATCH_KEYS: readonly string[] = Object.values(MatchKey);

export const MATCH_LIMITS = {
  /** Longest note on a match. */
  note: 2000,
  /** Longest code or title kept in a snapshot. */
  text: 2000,
  /** Most outcomes kept in a snapshot. */
  outcomes: 500,
  /** Longest map or node id. */
  id: 64,
} as const;

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isMapId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

/** One outcome of a matched unit, as compared. */
export interface MatchedOutcome {
  readonly code: string;
  readonly title: string;
  readonly domain?: Domain;
}

/** A unit as matching reads it: what a partner asks about first. */
export interface MatchedUnit {
  /** Its node id in its own map. */
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly points?: number;
  readonly eqfLevel?: number;
  readonly outcomes: readonly MatchedOutcome[];
}

/** The partner unit kept on a cross-map edge: as it was when the match was made. */
export interface MatchSnapshot {
  readonly code: string;
  readonly title: string;
  readonly points?: number;
  readonly eqfLevel?: number;
  readonly outcomes: readonly MatchedOutcome[];
  /** matchUnitFingerprint of the above. */
  readonly fingerprint: string;
  /** When it was taken (ms since the epoch). */
  readonly takenAt: number;
}

/** A `matches` edge as read (in-map or cross-map), with what it says about the match. */
export interface UnitMatch {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Absent for a match inside the map. */
  readonly targetMap?: string;
  readonly matchType?: MatchType;
  readonly note?: string;
  readonly targetSnapshot?: MatchSnapshot;
}

const finiteOrUndefined = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const tidy = (value: string) => value.replace(/\s+/g, ' ').trim();

/** A unit of a map read for matching (its outcomes: those drawn in it), or undefined if there is no such unit. */
export function matchedUnitIn(graph: MapGraph, unitId: string): MatchedUnit | undefined {
  const unit = graph.node(unitId);
  if (!unit || unit.kind !== 'unit') return undefined;
  const outcomes = graph
    .membersOf(unitId)
    .filter((o) => edgeAllowed('partOf', o.kind, unit.kind))
    .map((o) => ({ code: o.code, title: o.title, ...((DOMAINS as readonly string[]).includes(o.domain ?? '') ? { domain: o.domain as Domain } : {}) }));
  const points = finiteOrUndefined(unit.points);
  const eqfLevel = finiteOrUndefined(unit.eqfLevel);
  return { id: unit.id, code: unit.code, title: unit.title, ...(points !== undefined ? { points } : {}), ...(eqfLevel !== undefined ? { eqfLevel } : {}), outcomes };
}

/** Every unit of a map, read for matching, in map order. */
export function matchedUnits(input: { nodes: readonly import('./schema.js').MapNode[]; edges: readonly MapEdge[] }): MatchedUnit[] {
  const graph = graphOf(input);
  return input.nodes.filter((n) => n.kind === 'unit').map((n) => matchedUnitIn(graph, n.id)!);
}

/**
 * A stable hash of what a match is made on: the unit's code, title, points, EQF level and its
 * outcomes' code, statement and domain (in any order; whitespace tidied). Moving a node changes nothing.
 */
export function matchUnitFingerprint(unit: Pick<MatchedUnit, 'code' | 'title' | 'points' | 'eqfLevel' | 'outcomes'>): string {
  const outcomes = unit.outcomes.map((o) => JSON.stringify([tidy(o.code), tidy(o.title), o.domain ?? null])).sort();
  return fnv1a64(JSON.stringify(['match/1', tidy(unit.code), tidy(unit.title), unit.points ?? null, unit.eqfLevel ?? null, outcomes]));
}

/** The snapshot a new cross-map edge keeps of its target. */
export function matchSnapshotOf(unit: MatchedUnit, takenAt = Date.now()): MatchSnapshot {
  const clip = (text: string) => text.slice(0, MATCH_LIMITS.text);
  const outcomes = unit.outcomes.slice(0, MATCH_LIMITS.outcomes).map((o) => ({ code: clip(o.code), title: clip(o.title), ...(o.domain ? { domain: o.domain } : {}) }));
  const kept = {
    code: clip(unit.code),
    title: clip(unit.title),
    ...(unit.points !== undefined ? { points: unit.points } : {}),
    ...(unit.eqfLevel !== undefined ? { eqfLevel: unit.eqfLevel } : {}),
    outcomes,
  };
  return { ...kept, fingerprint: matchUnitFingerprint(unit), takenAt };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is wrong with a stored snapshot, or null when it is one: the server refuses a client's
 * update that writes a malformed one; readers leave such a value out.
 */
export function matchSnapshotProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'the snapshot is not an object';
  const allowed = new Set(['code', 'title', 'points', 'eqfLevel', 'outcomes', 'fingerprint', 'takenAt']);
  for (const key of Object.keys(value)) if (!allowed.has(key)) return `the snapshot has an unknown field "${key.slice(0, 40)}"`;
  const text = (v: unknown) => typeof v === 'string' && v.length <= MATCH_LIMITS.text;
  if (!text(value.code)) return 'the snapshot’s code is not a text';
  if (!text(value.title)) return 'the snapshot’s title is not a text';
  for (const key of ['points', 'eqfLevel'] as const) {
    if (value[key] !== undefined && !(typeof value[key] === 'number' && Number.isFinite(value[key]) && value[key] >= 0)) return `the snapshot’s ${key} is not a number`;
  }
  if (value.eqfLevel !== undefined && !(Number.isInteger(value.eqfLevel) && (value.eqfLevel as number) >= 1 && (value.eqfLevel as number) <= 8)) return 'the snapshot’s EQF level is not 1–8';
  if (typeof value.fingerprint !== 'string' || !/^[0-9a-f]{16}$/.test(value.fingerprint)) return 'the snapshot has no fingerprint';
  if (!(typeof value.takenAt === 'number' && Number.isFinite(value.takenAt))) return 'the snapshot says not when it was taken';
  if (!Array.isArray(value.outcomes) || value.outcomes.length > MATCH_LIMITS.outcomes) return 'the snapshot’s outcomes are not a list';
  for (const outcome of value.outcomes as unknown[]) {
    if (!isRecord(outcome) || !text(outcome.code) || !text(outcome.title)) return 'an outcome of the snapshot is not { code, title, domain? }';
    if (outcome.domain !== undefined && !(DOMAINS as readonly unknown[]).includes(outcome.domain)) return 'an outcome of the snapshot has an unknown domain';
    if (Object.keys(outcome).some((key) => key !== 'code' && key !== 'title' && key !== 'domain')) return 'an outcome of the snapshot has an unknown field';
  }
  return null;
}

/** What is wrong with one stored match field, or null (the server's check of a client's update). */
export function matchFieldProblem(key: string, value: unknown): string | null {
  switch (key) {
    case MatchKey.targetMap:
      return isMapId(value) ? null : 'targetMap must be a map id (1–64 letters, digits, - or _)';
    case MatchKey.matchType:
      return isMatchType(value) ? null : `matchType must be one of ${MATCH_TYPES.join(', ')}`;
    case MatchKey.note:
      return typeof value === 'string' && value.length <= MATCH_LIMITS.note ? null : `note must be a text of at most ${MATCH_LIMITS.note} characters`;
    case MatchKey.targetSnapshot: {
      const problem = matchSnapshotProblem(value);
      return problem && `targetSnapshot: ${problem}`;
    }
    default:
      return null;
  }
}

/** The plain snapshot stored on an edge (a copy of the JSON value), or undefined if it is not one. */
function readSnapshot(raw: unknown): MatchSnapshot | undefined {
  if (matchSnapshotProblem(raw) !== null) return undefined;
  return raw as MatchSnapshot;
}

/** The match fields of a stored edge, those of the right shape (read.ts reads them into MapEdge). */
export function readMatchFields(edge: YEdge): Partial<Pick<MapEdge, 'targetMap' | 'matchType' | 'note' | 'targetSnapshot'>> {
  const targetMap = edge.get(MatchKey.targetMap);
  const matchType = edge.get(MatchKey.matchType);
  const note = edge.get(MatchKey.note);
  const snapshot = readSnapshot(edge.get(MatchKey.targetSnapshot));
  return {
    ...(isMapId(targetMap) ? { targetMap } : {}),
    ...(isMatchType(matchType) ? { matchType } : {}),
    ...(typeof note === 'string' ? { note } : {}),
    ...(snapshot ? { targetSnapshot: snapshot } : {}),
  };
}

/** Every `matches` edge of a map, in-map and cross-map (a snapshot's `edges` and `crossMatches`). */
export function unitMatches(snapshot: { edges: readonly MapEdge[]; crossMatches?: readonly MapEdge[] }): UnitMatch[] {
  const out: UnitMatch[] = [];
  const read = (edge: MapEdge) => {
    if (edge.kind !== 'matches') return;
    out.push({
      id: edge.id,
      source: edge.source,
      target: edge.target,
      ...(edge.targetMap !== undefined ? { targetMap: edge.targetMap } : {}),
      ...(edge.matchType !== undefined ? { matchType: edge.matchType } : {}),
      ...(edge.note !== undefined ? { note: edge.note } : {}),
      ...(edge.targetSnapshot !== undefined ? { targetSnapshot: edge.targetSnapshot } : {}),
    });
  };
  // Two loops, not one over a copy of both lists: the checks call this on every change.
  for (const edge of snapshot.edges) read(edge);
  for (const edge of snapshot.crossMatches ?? []) read(edge);
  return out;
}

export type MatchRefusal = { ok: false; reason: 'node-not-found' | 'kinds-mismatch' | 'invalid-value' | 'duplicate-edge'; message: string };
const refuse = (reason: MatchRefusal['reason'], message: string): MatchRefusal => ({ ok: false, reason, message });

export interface NewCrossMatch {
  /** The home unit (a unit of this map). */
  source: string;
  /** The partner's map id and the unit as read there (GET /api/maps/:id/units). */
  targetMap: string;
  target: MatchedUnit;
  matchType: MatchType;
  note?: string;
  id?: string;
  /** When the snapshot is taken (tests). */
  takenAt?: number;
}

/**
 * Matches a unit of this map with a unit of another map: a `matches` edge carrying `targetMap`,
 * the match type, a note and a snapshot of the partner unit. One edge per pair: matching again
 * the same pair is refused (change its type or note instead).
 */
export function matchAcrossMaps(doc: Y.Doc, spec: NewCrossMatch, origin?: unknown): Result<string> {
  const source = entryAt(nodesOf(doc), spec.source);
  if (!source) return refuse('node-not-found', `There is no node ${spec.source}.`);
  if (!edgeAllowed('matches', String(source.get('kind')), 'unit')) return refuse('kinds-mismatch', `A ${String(source.get('kind'))} cannot be matched with a unit.`);
  if (!isMapId(spec.targetMap)) return refuse('invalid-value', 'The partner map id is not a map id.');
  if (!isMapId(spec.target.id)) return refuse('invalid-value', 'The partner unit id is not a node id.');
  if (!isMatchType(spec.matchType)) return refuse('invalid-value', `The match type must be one of ${MATCH_TYPES.join(', ')}.`);
  const note = spec.note ?? '';
  if (note.length > MATCH_LIMITS.note) return refuse('invalid-value', `The note is longer than ${MATCH_LIMITS.note} characters.`);
  const edges = edgesOf(doc);
  for (const [, edge] of edges) {
    if (!(edge instanceof Y.Map)) continue;
    if (edge.get('kind') === 'matches' && edge.get('source') === spec.source && edge.get(MatchKey.targetMap) === spec.targetMap && edge.get('target') === spec.target.id) {
      return refuse('duplicate-edge', 'These two units are already matched.');
    }
  }
  const id = spec.id ?? newId();
  doc.transact(() => {
    const edge: YEdge = new Y.Map();
    edges.set(id, edge);
    edge.set('kind', 'matches');
    edge.set('source', spec.source);
    edge.set('target', spec.target.id);
    edge.set(MatchKey.targetMap, spec.targetMap);
    edge.set(MatchKey.matchType, spec.matchType);
    if (note) edge.set(MatchKey.note, note);
    edge.set(MatchKey.targetSnapshot, matchSnapshotOf(spec.target, spec.takenAt));
  }, origin);
  return { ok: true, value: id };
}

/** Sets a match's type and/or note (in-map or cross-map); an empty note removes it. */
export function setMatchDetails(doc: Y.Doc, edgeId: string, details: { matchType?: MatchType | null; note?: string }, origin?: unknown): Result<void> {
  const edge = entryAt(edgesOf(doc), edgeId);
  if (!edge || edge.get('kind') !== 'matches') return refuse('node-not-found', `There is no match ${edgeId}.`);
  if (details.matchType !== undefined && details.matchType !== null && !isMatchType(details.matchType)) return refuse('invalid-value', `The match type must be one of ${MATCH_TYPES.join(', ')}.`);
  if (details.note !== undefined && details.note.length > MATCH_LIMITS.note) return refuse('invalid-value', `The note is longer than ${MATCH_LIMITS.note} characters.`);
  doc.transact(() => {
    if (details.matchType === null) edge.delete(MatchKey.matchType);
    else if (details.matchType !== undefined && edge.get(MatchKey.matchType) !== details.matchType) edge.set(MatchKey.matchType, details.matchType);
    if (details.note !== undefined) {
      if (details.note === '') edge.delete(MatchKey.note);
      else if (edge.get(MatchKey.note) !== details.note) edge.set(MatchKey.note, details.note);
    }
  }, origin);
  return { ok: true, value: undefined };
}

/** Takes the snapshot of a cross-map match again from the partner unit as it is now ("still matches"). */
export function refreshMatchSnapshot(doc: Y.Doc, edgeId: string, target: MatchedUnit, origin?: unknown, takenAt = Date.now()): Result<void> {
  const edge = entryAt(edgesOf(doc), edgeId);
  if (!edge || edge.get('kind') !== 'matches' || !isMapId(edge.get(MatchKey.targetMap))) return refuse('node-not-found', `There is no match with another map ${edgeId}.`);
  if (edge.get('target') !== target.id) return refuse('invalid-value', 'That is not the unit this match points to.');
  doc.transact(() => edge.set(MatchKey.targetSnapshot, matchSnapshotOf(target, takenAt)), origin);
  return { ok: true, value: undefined };
}

// ---------------------------------------------------------------------------------------------
// Where a match stands, and comparing the two units

/**
 * The current state of other maps, as far as the reader knows it: map id → its units by node id,
 * or null when the map is known not to exist (deleted, never was). A map absent from it is one
 * the reader cannot read (no link): nothing is said about it.
 */
export type MatchTargets = ReadonlyMap<string, ReadonlyMap<string, TargetUnit> | null>;

/**
 * A unit of another map as a reader knows it. `fingerprint`, when given, is the unit's current
 * fingerprint, and the rest may be what the match's snapshot says (see `knownThroughSnapshots`);
 * without it, the fields are the unit as it is now.
 */
export interface TargetUnit extends MatchedUnit {
  readonly fingerprint?: string;
}

/**
 * What someone who may read this map, but not necessarily the partner maps, may learn of them:
 * for each matched partner unit, whether it still exists and whether it changed (its current
 * fingerprint), but not what it says now — its fields are the match's snapshot. The server
 * builds the report's and the exports' targets through this, so that a link to one map never
 * shows another map's current content.
 */
export function knownThroughSnapshots(snapshot: { crossMatches?: readonly MapEdge[] }, targets: MatchTargets): MatchTargets {
  const out = new Map<string, Map<string, TargetUnit> | null>();
  for (const edge of snapshot.crossMatches ?? []) {
    if (edge.kind !== 'matches' || edge.targetMap === undefined || !targets.has(edge.targetMap)) continue;
    const units = targets.get(edge.targetMap);
    if (units === null || units === undefined) {
      out.set(edge.targetMap, null);
      continue;
    }
    let known = out.get(edge.targetMap);
    if (!known) out.set(edge.targetMap, (known = new Map()));
    const current = units.get(edge.target);
    if (!current) continue;
    const kept = edge.targetSnapshot;
    const fingerprint = current.fingerprint ?? matchUnitFingerprint(current);
    // Two matches of one partner unit may hold different snapshots: the first one read is kept.
    if (known.has(edge.target)) continue;
    known.set(
      edge.target,
      kept
        ? { id: edge.target, code: kept.code, title: kept.title, ...(kept.points !== undefined ? { points: kept.points } : {}), ...(kept.eqfLevel !== undefined ? { eqfLevel: kept.eqfLevel } : {}), outcomes: kept.outcomes, fingerprint }
        : { id: edge.target, code: '', title: '', outcomes: [], fingerprint },
    );
  }
  return out;
}

/** Builds MatchTargets' entry for one map from its units. */
export function unitsById(units: readonly MatchedUnit[]): ReadonlyMap<string, MatchedUnit> {
  return new Map(units.map((unit) => [unit.id, unit]));
}

export type MatchState =
  /** The partner unit is as it was when matched (or the match is inside the map). */
  | 'current'
  /** The partner unit changed since the match was made (its fingerprint differs from the snapshot's). */
  | 'changed'
  /** The partner unit is no longer in its map. */
  | 'missing'
  /** The partner map no longer exists on this server. */
  | 'map-missing'
  /** The reader cannot read the partner map: only the snapshot is known. */
  | 'unknown';

/** Where a cross-map match stands against what the reader knows of the target map. */
export function matchState(match: UnitMatch, targets: MatchTargets | undefined): MatchState {
  if (match.targetMap === undefined) return 'current';
  if (!targets || !targets.has(match.targetMap)) return 'unknown';
  const units = targets.get(match.targetMap);
  if (units === null || units === undefined) return 'map-missing';
  const unit = units.get(match.target);
  if (!unit) return 'missing';
  if (!match.targetSnapshot) return 'changed';
  return (unit.fingerprint ?? matchUnitFingerprint(unit)) === match.targetSnapshot.fingerprint ? 'current' : 'changed';
}

/** The partner unit of a match as best known: its current state, else the snapshot kept on the edge. */
export function partnerUnit(match: UnitMatch, home: MapGraph, targets: MatchTargets | undefined): MatchedUnit | undefined {
  if (match.targetMap === undefined) return matchedUnitIn(home, match.target);
  const current = targets?.get(match.targetMap)?.get(match.target);
  if (current) return current;
  const kept = match.targetSnapshot;
  return kept && { id: match.target, code: kept.code, title: kept.title, ...(kept.points !== undefined ? { points: kept.points } : {}), ...(kept.eqfLevel !== undefined ? { eqfLevel: kept.eqfLevel } : {}), outcomes: kept.outcomes };
}

/** Points differing by more than this share of the larger value are a difference worth a warning. */
export const POINTS_TOLERANCE = 0.25;

/**
 * Whether two units' points differ by more than 25 %: measured against the larger of the two
 * (10 and 8 differ by 20 %, 10 and 7 by 30 %). Unknown when either is missing.
 */
export function pointsDiffer(a: number | undefined, b: number | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const larger = Math.max(Math.abs(a), Math.abs(b));
  if (larger === 0) return false;
  return Math.abs(a - b) / larger > POINTS_TOLERANCE;
}

/** One row of the outcomes aligned by domain: the home outcome beside the partner's (either may be absent). */
export interface AlignedOutcomes {
  readonly home?: MatchedOutcome;
  readonly partner?: MatchedOutcome;
}

export interface UnitComparison {
  readonly home: MatchedUnit;
  readonly partner: MatchedUnit;
  /** Outcomes side by side, per domain (knowledge, skills, autonomy), then those without one. */
  readonly domains: ReadonlyArray<{ readonly domain: Domain | null; readonly rows: readonly AlignedOutcomes[] }>;
  /** The EQF levels differ (both known). */
  readonly levelDiffers: boolean;
  /** The points differ by more than 25 % (both known). */
  readonly pointsDiffer: boolean;
  /** partner − home, when both are known. */
  readonly pointsDifference: number | null;
  /** Domains with outcomes on one side only. */
  readonly domainsOnOneSide: readonly Domain[];
}

/**
 * The home unit beside the partner's: outcomes aligned by domain (the n-th knowledge outcome of
 * one beside the n-th of the other, by code order as written), and what differs.
 */
export function compareUnits(home: MatchedUnit, partner: MatchedUnit): UnitComparison {
  const groups: Array<{ domain: Domain | null; rows: AlignedOutcomes[] }> = [];
  const domainsOnOneSide: Domain[] = [];
  for (const domain of [...DOMAINS, null] as const) {
    const mine = home.outcomes.filter((o) => (o.domain ?? null) === domain);
    const theirs = partner.outcomes.filter((o) => (o.domain ?? null) === domain);
    if (mine.length === 0 && theirs.length === 0) continue;
    if (domain !== null && (mine.length === 0 || theirs.length === 0)) domainsOnOneSide.push(domain);
    const rows: AlignedOutcomes[] = [];
    for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
      rows.push({ ...(mine[i] ? { home: mine[i] } : {}), ...(theirs[i] ? { partner: theirs[i] } : {}) });
    }
    groups.push({ domain, rows });
  }
  const levelDiffers = home.eqfLevel !== undefined && partner.eqfLevel !== undefined && home.eqfLevel !== partner.eqfLevel;
  return {
    home,
    partner,
    domains: groups,
    levelDiffers,
    pointsDiffer: pointsDiffer(home.points, partner.points),
    pointsDifference: home.points !== undefined && partner.points !== undefined ? Math.round((partner.points - home.points) * 1000) / 1000 : null,
    domainsOnOneSide,
  };
}

/** One row of the correspondence table: a home unit and a partner unit it matches. */
export interface CorrespondenceRow {
  readonly matchId: string;
  readonly home: MatchedUnit;
  /** The partner unit: its current state when known, else the snapshot (see `state`). */
  readonly partner: MatchedUnit | null;
  readonly targetMap: string | null;
  readonly matchType: MatchType | null;
  readonly note: string;
  readonly state: MatchState;
  readonly levelDiffers: boolean;
  readonly pointsDiffer: boolean;
}

/**
 * The correspondence table between a map and its partners: every matched home unit (in map
 * order) beside each unit it matches, optionally only those in one partner map (`targetMap`;
 * null: those inside the map).
 */
export function correspondenceTable(
  snapshot: { nodes: readonly import('./schema.js').MapNode[]; edges: readonly MapEdge[]; crossMatches?: readonly MapEdge[] },
  options: { targets?: MatchTargets; targetMap?: string | null } = {},
): CorrespondenceRow[] {
  const graph = graphOf(snapshot);
  const order = new Map(snapshot.nodes.map((node, index) => [node.id, index]));
  const rows: CorrespondenceRow[] = [];
  for (const match of unitMatches(snapshot)) {
    if (options.targetMap !== undefined && (match.targetMap ?? null) !== options.targetMap) continue;
    const home = matchedUnitIn(graph, match.source);
    if (!home) continue;
    const partner = partnerUnit(match, graph, options.targets) ?? null;
    const state = match.targetMap === undefined ? (partner ? 'current' : 'missing') : matchState(match, options.targets);
    const comparison = partner && compareUnits(home, partner);
    rows.push({
      matchId: match.id,
      home,
      partner,
      targetMap: match.targetMap ?? null,
      matchType: match.matchType ?? null,
      note: match.note ?? '',
      state,
      levelDiffers: comparison?.levelDiffers ?? false,
      pointsDiffer: comparison?.pointsDiffer ?? false,
    });
  }
  return rows.sort((a, b) => order.get(a.home.id)! - order.get(b.home.id)! || (a.partner?.code ?? '').localeCompare(b.partner?.code ?? '') || a.matchId.localeCompare(b.matchId));
}
