import { graphOf, type GraphInput, type MapGraph } from './graph.js';
import type { CreditSystem } from './fields.js';
import { groupMinimum } from './rules/points.js';
import type { MapNode } from './schema.js';

/**
 * Credit and workload (docs/domain.md, "unit groups and workload"): what a qualification's points
 * count, the learning hours of its units, and a proposal that shares the total among the units by
 * their hours (or by weights a workshop rated), so that a teacher starts from arithmetic rather than
 * a guess. The proposal is a diff to accept; nothing here writes the map.
 */

/** ECVET's convention: 60 points for a year of full-time learning. */
export const ECVET_POINTS_PER_YEAR = 60;

/** What the qualification's points count; unset reads as ECVET points (the product's first framework). */
export function creditSystemOf(qualification: MapNode): CreditSystem {
  const system = qualification.creditSystem;
  return system === 'ects' || system === 'national' ? system : 'ecvet';
}

/** A unit's learning hours (contact + self-study + work-based); undefined when none is recorded. */
export function unitHours(unit: MapNode): number | undefined {
  const parts = [unit.contactHours, unit.selfStudyHours, unit.workBasedHours].filter((h): h is number => typeof h === 'number' && Number.isFinite(h));
  return parts.length === 0 ? undefined : parts.reduce((a, b) => a + b, 0);
}

/** The reference programme's learning hours: years × hours per year; undefined when either is missing. */
export function programmeHours(qualification: MapNode): number | undefined {
  const { programmeYears: years, hoursPerYear } = qualification;
  return typeof years === 'number' && years > 0 && typeof hoursPerYear === 'number' && hoursPerYear > 0 ? years * hoursPerYear : undefined;
}

/** The units counted for a qualification: those that belong to it (with one qualification, every unit). */
export function unitsOfQualification(graph: MapGraph, qualificationId: string): MapNode[] {
  const units = graph.ofKind('unit');
  const qualifications = graph.ofKind('qualification');
  if (qualifications.length <= 1) return [...units];
  return units.filter((unit) => graph.qualificationsOf(unit.id).some((q) => q.id === qualificationId));
}

/**
 * Shares `total` in proportion to `weights` in multiples of `step`, by the largest-remainder
 * method (Hamilton): each gets the whole steps of its quota, and the steps left go to the largest
 * remainders, so the shares add up to `total` exactly. Ties go to the earlier entry.
 */
export function largestRemainder(total: number, weights: readonly number[], step = 1): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0 || sum <= 0) return weights.map(() => 0);
  const steps = Math.round(total / step);
  const quotas = weights.map((w) => (w / sum) * steps);
  const shares = quotas.map(Math.floor);
  let left = steps - shares.reduce((a, b) => a + b, 0);
  const order = quotas.map((q, i) => ({ i, remainder: q - Math.floor(q) })).sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i]! += 1;
    left -= 1;
  }
  return shares.map((s) => Math.round(s * step * 100) / 100);
}

export interface PointsProposalRow {
  readonly unitId: string;
  readonly code: string;
  readonly title: string;
  /** What the share is based on: the unit's hours, or its weight (absent for an elective without: it keeps its points). */
  readonly basis: number | undefined;
  readonly current: number | undefined;
  readonly proposed: number;
  /** In an optional group: keeps its points (the proposal shares the rest among mandatory units). */
  readonly elective?: boolean;
}

export type PointsProposal =
  | { ok: true; qualificationId: string; total: number; by: 'hours' | 'weights'; rows: PointsProposalRow[]; changed: number }
  | { ok: false; reason: 'no-qualification' | 'no-total' | 'no-units' | 'no-basis' | 'no-elective-points' | 'no-room'; message: string };

/**
 * "Propose points": the qualification's total shared among its units by their hours, or by
 * `weights` (unit id → weight, e.g. a workshop's mean criticality) when given. Units without a
 * basis (no hours, no weight) are refused by name rather than given 0: a unit with 0 points is an
 * error of its own (unit-content).
 */
export function proposePoints(input: GraphInput, qualificationId: string, options: { weights?: ReadonlyMap<string, number>; step?: 1 | 0.5 } = {}): PointsProposal {
  const graph = graphOf(input);
  const qualification = graph.node(qualificationId);
  if (!qualification || qualification.kind !== 'qualification') return { ok: false, reason: 'no-qualification', message: 'Choose a qualification first.' };
  const total = qualification.points;
  if (typeof total !== 'number' || !(total > 0)) {
    return { ok: false, reason: 'no-total', message: 'Enter the qualification’s total points first: the proposal shares it among the units.' };
  }
  const all = unitsOfQualification(graph, qualificationId);
  if (all.length === 0) return { ok: false, reason: 'no-units', message: 'The qualification has no units yet.' };
  // Elective units keep their points: the total is what the mandatory units and the least a
  // learner takes from each optional group add up to (points-sum), so the mandatory units share
  // what the groups' minima leave.
  const electives = optionalGroupsOf(input, all);
  const elective = new Set([...electives.values()].flatMap((members) => members.map((unit) => unit.id)));
  const withoutPoints = all.filter((unit) => elective.has(unit.id) && !(typeof unit.points === 'number' && unit.points > 0));
  if (withoutPoints.length > 0) {
    const names = withoutPoints.map((u) => u.code || u.title).slice(0, 5).join(', ');
    return { ok: false, reason: 'no-elective-points', message: `Give the elective units their points first (${names}): the mandatory units share what the optional groups leave.` };
  }
  const optionalMinimum = [...electives].reduce((sum, [group, members]) => sum + groupMinimum(group, members), 0);
  const units = all.filter((unit) => !elective.has(unit.id));
  const share = total - optionalMinimum;
  if (units.length === 0 || share <= 0) {
    return { ok: false, reason: 'no-room', message: `The optional groups’ minimum (${optionalMinimum}) leaves nothing of the total (${total}) for mandatory units.` };
  }
  const by = options.weights ? 'weights' : 'hours';
  const basisOf = (unit: MapNode) => (options.weights ? options.weights.get(unit.id) : unitHours(unit));
  const missing = units.filter((unit) => !((basisOf(unit) ?? 0) > 0));
  if (missing.length > 0) {
    const names = missing.map((u) => u.code || u.title).slice(0, 5).join(', ');
    return {
      ok: false,
      reason: 'no-basis',
      message: by === 'hours' ? `Enter the learning hours of ${names} first: points are shared by hours.` : `${names} ${missing.length === 1 ? 'has' : 'have'} no weight.`,
    };
  }
  const shares = largestRemainder(share, units.map((unit) => basisOf(unit)!), options.step ?? 1);
  const proposed = new Map(units.map((unit, i) => [unit.id, shares[i]!]));
  const rows = all.map((unit) => ({
    unitId: unit.id,
    code: unit.code,
    title: unit.title,
    basis: basisOf(unit),
    current: unit.points,
    proposed: proposed.get(unit.id) ?? unit.points!,
    ...(elective.has(unit.id) ? { elective: true } : {}),
  }));
  return { ok: true, qualificationId, total, by, rows, changed: rows.filter((r) => r.current !== r.proposed).length };
}

/** The optional unit groups among these units' groups, each with its units here (a unit's group: its first `partOf` link to a group, in node order). */
function optionalGroupsOf(input: GraphInput, units: readonly MapNode[]): Map<MapNode, MapNode[]> {
  const order = new Map(input.nodes.map((node, i) => [node.id, i]));
  const byId = new Map(input.nodes.map((node) => [node.id, node]));
  const unitIds = new Set(units.map((unit) => unit.id));
  const groupOf = new Map<string, MapNode>();
  for (const edge of input.edges) {
    if (edge.kind !== 'partOf' || !unitIds.has(edge.source)) continue;
    const group = byId.get(edge.target);
    if (group?.kind !== 'unitGroup') continue;
    const known = groupOf.get(edge.source);
    if (!known || order.get(group.id)! < order.get(known.id)!) groupOf.set(edge.source, group);
  }
  const groups = new Map<MapNode, MapNode[]>();
  for (const unit of units) {
    const group = groupOf.get(unit.id);
    if (!group || group.optional !== true) continue;
    const members = groups.get(group);
    if (members) members.push(unit);
    else groups.set(group, [unit]);
  }
  return groups;
}
