import { describe, describeLower, formatNumber, nodeParams, plural } from './text.js';
import { finite, type CheckIndex, type Emit } from './context.js';
import type { QualificationStats } from './types.js';

/** Points (docs/domain.md): the units' ECVET points add up to the qualification's total, 60 per year of the programme. */

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

  const stats: QualificationStats[] = [];
  for (const qn of index.byKind.qualification) {
    const q = nodes[qn]!;
    const points = finite(q.points);
    const years = finite(q.programmeYears);
    // 60 a year is ECVET's (and ECTS's) convention; national credit units follow their own.
    const expected = years !== null && years > 0 && q.creditSystem !== 'national' ? years * POINTS_PER_YEAR : null;
    const own = unitsOf.get(qn) ?? [];
    let unitPoints = 0;
    let withoutPoints = 0;
    let withoutOutcomes = 0;
    const members = index.graph.incoming('partOf');
    for (const unit of own) {
      const value = finite(nodes[unit]!.points);
      if (value === null) withoutPoints++;
      else unitPoints += value;
      if (members.size(unit) === 0) withoutOutcomes++;
    }
    unitPoints = Math.round(unitPoints * 1000) / 1000;
    stats.push({
      nodeId: q.id,
      code: q.code,
      points,
      programmeYears: years,
      expectedPoints: expected,
      eqfLevel: finite(q.eqfLevel),
      unitCount: own.length,
      unitPoints,
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
      const difference = Math.round((unitPoints - points) * 1000) / 1000;
      const over = difference > POINTS_TOLERANCE;
      const off = Math.abs(difference) > POINTS_TOLERANCE;
      // While units still lack points, only a sum already over the total is certainly wrong.
      if ((withoutPoints === 0 && off) || (withoutPoints > 0 && over)) {
        emit(
          'points-sum',
          'units-vs-total',
          [q.id],
          { ...base, points, unitPoints, difference, unitCount: own.length },
          `The ${own.length} ${plural(own.length, 'unit has', 'units have')} ${formatNumber(unitPoints)} ECVET points in all, but ${describeLower(q)} has ${formatNumber(points)} ` +
            `(${formatNumber(Math.abs(difference))} ${over ? 'too many' : 'missing'}). Share the qualification's ${formatNumber(points)} points among the units so that they add up exactly.`,
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
