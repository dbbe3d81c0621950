import { describe, describeLower, formatNumber, nodeParams, plural } from './text.js';
import { finite, type CheckIndex, type Emit } from './context.js';
import type { MapNode } from '../schema.js';
import type { QualificationStats } from './types.js';

/**
 * Points (docs/domain.md): the mandatory units' ECVET points and the minimum of each optional unit
 * group add up to the qualification's total, 60 per year of the programme; taking every unit
 * reaches it.
 */

/** ECVET: 60 points for one year of full-time formal VET. */
export const POINTS_PER_YEAR = 60;
/** Points are compared to the hundredth (units of 7.5 + 2.5 points are fine). */
const POINTS_TOLERANCE = 0.005;

/**
 * Each qualification's total against its programme and against the points of its units (a unit
 * counts for the qualifications it belongs to: graph.ts), and every unit without points.
 */
export function checkPoints(index: CheckIndex, emit: Emit): QualificationStats[] {
  const { nodes } = index;
  const unitsOf = new Map<number, number[]>();
  for (const q of index.byKind.qualification) unitsOf.set(q, []);
  for (const unit of index.byKind.unit) {
    for (const q of index.graph.qualificationsAt(unit)) unitsOf.get(q)?.push(unit);
  }

  const groupOf = unitGroups(index);
  const stats: QualificationStats[] = [];
  for (const qn of index.byKind.qualification) {
    const q = nodes[qn]!;
    const points = finite(q.points);
    const years = finite(q.programmeYears);
    // 60 a year is ECVET's (and ECTS's) convention; national credit units follow their own.
    const expected = years !== null && years > 0 && q.creditSystem !== 'national' ? years * POINTS_PER_YEAR : null;
    const own = unitsOf.get(qn) ?? [];
    let unitPoints = 0;
    let mandatoryPoints = 0;
    let mandatoryUnits = 0;
    let withoutPoints = 0;
    let withoutOutcomes = 0;
    const members = index.graph.incoming('partOf');
    // The optional groups this qualification's units are in, each with those units.
    const optional = new Map<number, number[]>();
    for (const unit of own) {
      const value = finite(nodes[unit]!.points);
      if (value === null) withoutPoints++;
      else unitPoints += value;
      if (members.size(unit) === 0) withoutOutcomes++;
      const group = groupOf.get(unit);
      if (group !== undefined && nodes[group]!.optional === true) {
        const list = optional.get(group);
        if (list) list.push(unit);
        else optional.set(group, [unit]);
      } else {
        mandatoryUnits++;
        if (value !== null) mandatoryPoints += value;
      }
    }
    let optionalMinimum = 0;
    for (const [group, units] of optional) optionalMinimum += groupMinimum(nodes[group]!, units.map((unit) => nodes[unit]!));
    unitPoints = round(unitPoints);
    mandatoryPoints = round(mandatoryPoints);
    optionalMinimum = round(optionalMinimum);
    const requiredPoints = round(mandatoryPoints + optionalMinimum);
    stats.push({
      nodeId: q.id,
      code: q.code,
      points,
      programmeYears: years,
      expectedPoints: expected,
      eqfLevel: finite(q.eqfLevel),
      unitCount: own.length,
      unitPoints,
      mandatoryUnits,
      mandatoryPoints,
      optionalGroups: optional.size,
      optionalMinimum,
      requiredPoints,
      unitsWithoutPoints: withoutPoints,
      unitsWithoutOutcomes: withoutOutcomes,
    });

    const base = nodeParams(q);
    if (points !== null && expected !== null && years !== null && Math.abs(points - expected) > POINTS_TOLERANCE) {
      emit(
        'points-sum',
        'total-vs-years',
        [q.id],
        { ...base, points, years, expected },
        `${describe(q)} has ${formatNumber(points)} ECVET points, but a full-time programme of ${formatNumber(years)} ${plural(years, 'year', 'years')} gives ${POINTS_PER_YEAR} × ${formatNumber(years)} = ${formatNumber(expected)}. ` +
          `Change the total to ${formatNumber(expected)} points, or correct the length of the programme.`,
      );
    }
    if (points === null && (own.length > 0 || expected !== null)) {
      emit(
        'points-sum',
        'total-missing',
        [q.id],
        { ...base, expected: expected ?? '', years: years ?? '' },
        `${describe(q)} has no total of ECVET points, so the units' points cannot be checked. ` +
          (expected !== null && years !== null
            ? `Enter the total: ${POINTS_PER_YEAR} points per year of the full-time programme, ${formatNumber(expected)} for ${formatNumber(years)} ${plural(years, 'year', 'years')}.`
            : `Enter the total: ${POINTS_PER_YEAR} points per year of the full-time programme.`),
      );
    }
    if (points !== null && own.length > 0) {
      // What every learner takes: the mandatory units and the least each optional group asks.
      const difference = round(requiredPoints - points);
      const over = difference > POINTS_TOLERANCE;
      const off = Math.abs(difference) > POINTS_TOLERANCE;
      // While units still lack points, only a sum already over the total is certainly wrong.
      if ((withoutPoints === 0 && off) || (withoutPoints > 0 && over)) {
        if (optional.size === 0) {
          emit(
            'points-sum',
            'units-vs-total',
            [q.id],
            { ...base, points, unitPoints, difference, unitCount: own.length },
            `The ${own.length} ${plural(own.length, 'unit has', 'units have')} ${formatNumber(unitPoints)} ECVET points in all, but ${describeLower(q)} has ${formatNumber(points)} ` +
              `(${formatNumber(Math.abs(difference))} ${over ? 'too many' : 'missing'}). Share the qualification's ${formatNumber(points)} points among the units so that they add up exactly.`,
          );
        } else {
          emit(
            'points-sum',
            'required-vs-total',
            [q.id],
            { ...base, points, mandatoryPoints, optionalMinimum, requiredPoints, difference, unitCount: mandatoryUnits, groupCount: optional.size },
            `The ${mandatoryUnits} mandatory ${plural(mandatoryUnits, 'unit has', 'units have')} ${formatNumber(mandatoryPoints)} ECVET points and the ${optional.size} optional ${plural(optional.size, 'group asks', 'groups ask')} at least ${formatNumber(optionalMinimum)}: ` +
              `${formatNumber(requiredPoints)} in all, but ${describeLower(q)} has ${formatNumber(points)} (${formatNumber(Math.abs(difference))} ${over ? 'too many' : 'missing'}). ` +
              `Change the mandatory units' points or the optional groups' minimum so that they add up to the total exactly.`,
          );
        }
      }
      // The most a learner can take must reach the total: otherwise nobody can complete it.
      if (optional.size > 0 && withoutPoints === 0 && unitPoints < points - POINTS_TOLERANCE) {
        emit(
          'points-sum',
          'maximum-below-total',
          [q.id],
          { ...base, points, unitPoints, difference: round(points - unitPoints) },
          `Taking every unit, mandatory and optional, a learner reaches only ${formatNumber(unitPoints)} of the ${formatNumber(points)} ECVET points of ${describeLower(q)}. ` +
            `Add units to the optional groups, or give the units more points.`,
        );
      }
    }
  }

  for (const un of index.byKind.unit) {
    const unit = nodes[un]!;
    if (finite(unit.points) !== null) continue;
    emit(
      'points-sum',
      'unit-no-points',
      [unit.id],
      nodeParams(unit),
      `${describe(unit)} has no ECVET points. Give it its share of the qualification's total points, according to how much it weighs in the qualification.`,
    );
  }
  return stats;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Each unit's group: its first valid `partOf` link to a unit group. */
export function unitGroups(index: CheckIndex): Map<number, number> {
  const groupOf = new Map<number, number>();
  const partOf = index.graph.outgoing('partOf');
  for (const unit of index.byKind.unit) {
    for (let i = 0; i < partOf.size(unit); i++) {
      const target = partOf.at(unit, i);
      if (index.nodes[target]!.kind !== 'unitGroup') continue;
      if (!groupOf.has(unit) || target < groupOf.get(unit)!) groupOf.set(unit, target);
    }
  }
  return groupOf;
}

/**
 * The least a learner takes from an optional group: its `minPoints`; where only `minUnits` is
 * set, the points of its `minUnits` smallest units (units without points count nothing); 0 when
 * neither is set.
 */
export function groupMinimum(group: Pick<MapNode, 'minPoints' | 'minUnits'>, units: readonly Pick<MapNode, 'points'>[]): number {
  const minPoints = finite(group.minPoints);
  if (minPoints !== null) return minPoints;
  const minUnits = finite(group.minUnits);
  if (minUnits === null || minUnits <= 0) return 0;
  const values = units.map((unit) => finite(unit.points)).filter((value): value is number => value !== null).sort((a, b) => a - b);
  return values.slice(0, minUnits).reduce((sum, value) => sum + value, 0);
}
