import { creditSystemOf, programmeHours, unitHours, unitsOfQualification } from '../credit.js';
import { describe, formatNumber, nodeParams } from './text.js';
import { finite, type CheckIndex, type Emit } from './context.js';

/**
 * Workload (ECVET Recommendation 2009, Annex II; ECTS Users' Guide 2015): points stand for
 * learning hours. Where a map records hours, the units' hours add up to the programme's and each
 * unit's points follow its share of them; a map says which credit it counts, and does not mix two.
 */

/** How far a unit's points may stray from its share of the hours (the issue's ±15 %). */
export const WORKLOAD_TOLERANCE = 0.15;

const pct = (value: number) => `${Math.round(value * 100)} %`;

export function checkWorkload(index: CheckIndex, emit: Emit): void {
  const { graph } = index;
  const qualifications = index.byKind.qualification.map((n) => index.nodes[n]!);
  const systems = new Set(qualifications.filter((q) => q.creditSystem !== undefined || finite(q.points) !== null).map(creditSystemOf));
  if (systems.size > 1) {
    emit(
      'workload',
      'mixed-systems',
      qualifications.map((q) => q.id),
      { systems: [...systems].join(', ') },
      `The qualifications of this map count their points in different credit systems (${[...systems].join(', ')}), so their units’ points cannot be compared or added. Give each partner’s qualification its own map, or state all of them in one system.`,
    );
  }

  for (const q of qualifications) {
    const system = creditSystemOf(q);
    const base = nodeParams(q);
    const rate = finite(q.hoursPerCredit);
    if (system === 'national' && !(rate !== null && rate > 0)) {
      emit(
        'workload',
        'national-no-rate',
        [q.id],
        base,
        `${describe(q)} counts national credit units, but not how many learning hours one stands for. Enter the hours per credit (e.g. 36 for “180 hours — 5 credit units”), so that partners can convert them.`,
      );
    }
    const units = unitsOfQualification(graph, q.id);
    const hours = units.map(unitHours);
    const total = finite(q.points);
    const allHours = units.length > 0 && hours.every((h) => h !== undefined && h > 0);
    const sumHours = hours.reduce<number>((a, h) => a + (h ?? 0), 0);

    const programme = programmeHours(q);
    if (programme !== undefined && allHours && Math.abs(sumHours - programme) > programme * WORKLOAD_TOLERANCE) {
      emit(
        'workload',
        'programme-hours',
        [q.id],
        { ...base, unitHours: sumHours, programmeHours: programme },
        `The units of ${describe(q).toLowerCase()} add up to ${formatNumber(sumHours)} learning hours, but the reference programme has ${formatNumber(programme)} (${pct(Math.abs(sumHours - programme) / programme)} apart). Check the units’ hours, or the programme’s length.`,
      );
    }

    for (const [i, unit] of units.entries()) {
      const h = hours[i];
      const points = finite(unit.points);
      if (h === undefined || !(h > 0) || points === null || points <= 0) continue;
      // National units convert at the stated rate; ECVET and ECTS share the total by hours.
      const expected = system === 'national' && rate !== null && rate > 0 ? h / rate : allHours && total !== null && total > 0 ? (h / sumHours) * total : null;
      if (expected === null || expected <= 0) continue;
      if (Math.abs(points - expected) <= expected * WORKLOAD_TOLERANCE) continue;
      const rounded = Math.round(expected * 2) / 2;
      emit(
        'workload',
        'unit-hours',
        [unit.id],
        { ...nodeParams(unit), points, hours: h, expected: rounded },
        `${describe(unit)} has ${formatNumber(points)} points for ${formatNumber(h)} learning hours; its share of the hours gives about ${formatNumber(rounded)}. Adjust its points (“Propose points” shares them by hours), or its hours, or say why in its points rationale.`,
      );
    }
  }
}
