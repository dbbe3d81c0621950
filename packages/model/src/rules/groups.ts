import { finite, type CheckIndex, type Emit } from './context.js';
import { unitGroups } from './points.js';
import { describe, describeLower, formatNumber, labelOf, nodeParams, plural } from './text.js';

/** Points are compared to the hundredth, as in points.ts. */
const POINTS_TOLERANCE = 0.005;

/**
 * Unit groups (docs/domain.md): an optional group offers enough units to reach its minimum, in
 * points (`minPoints`) and in units (`minUnits`).
 */
export function checkUnitGroups(index: CheckIndex, emit: Emit): void {
  const { nodes } = index;
  const unitsIn = new Map<number, number[]>();
  for (const [unit, group] of unitGroups(index)) {
    const list = unitsIn.get(group);
    if (list) list.push(unit);
    else unitsIn.set(group, [unit]);
  }
  for (const gn of index.byKind.unitGroup) {
    const group = nodes[gn]!;
    if (group.optional !== true) continue;
    const units = (unitsIn.get(gn) ?? []).sort((a, b) => a - b);
    let offered = 0;
    let withoutPoints = 0;
    for (const unit of units) {
      const value = finite(nodes[unit]!.points);
      if (value === null) withoutPoints++;
      else offered += value;
    }
    offered = Math.round(offered * 1000) / 1000;
    const ids = [group.id, ...units.map((unit) => nodes[unit]!.id)];
    const minPoints = finite(group.minPoints);
    // Units still without points may bring the group to its minimum: wait for them.
    if (minPoints !== null && withoutPoints === 0 && offered < minPoints - POINTS_TOLERANCE) {
      emit(
        'unit-group',
        'min-points-unreachable',
        ids,
        { ...nodeParams(group), minPoints, offered, unitCount: units.length },
        `${describe(group)} asks a learner to choose at least ${formatNumber(minPoints)} ECVET points, but its ${units.length} ${plural(units.length, 'unit has', 'units have')} only ${formatNumber(offered)}. ` +
          `Add units to the group, or lower its minimum.`,
      );
    }
    const minUnits = finite(group.minUnits);
    if (minUnits !== null && units.length < minUnits) {
      emit(
        'unit-group',
        'min-units-unreachable',
        ids,
        { ...nodeParams(group), minUnits, unitCount: units.length },
        `${describe(group)} asks a learner to choose at least ${formatNumber(minUnits)} ${plural(minUnits, 'unit', 'units')}, but it holds ${units.length}. ` +
          `Add units to the group, or lower its minimum.`,
      );
    }
  }
}

/**
 * Prerequisites (`requires`, unit → the unit it requires): they leave an order to take the units
 * in (no cycle), and stay within a qualification.
 */
export function checkUnitRequires(index: CheckIndex, emit: Emit): void {
  const { nodes, graph } = index;
  const requires = graph.outgoing('requires');
  // Cycles: the strongly connected components of more than one unit (Tarjan, without recursion).
  const order = new Int32Array(nodes.length).fill(-1);
  const low = new Int32Array(nodes.length);
  const onStack = new Uint8Array(nodes.length);
  const stack: number[] = [];
  let counter = 0;
  for (const start of index.byKind.unit) {
    if (order[start] !== -1) continue;
    const work: Array<[number, number]> = [[start, 0]];
    order[start] = low[start] = counter++;
    stack.push(start);
    onStack[start] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [n, i] = frame;
      if (i < requires.size(n)) {
        frame[1]++;
        const m = requires.at(n, i);
        if (order[m] === -1) {
          order[m] = low[m] = counter++;
          stack.push(m);
          onStack[m] = 1;
          work.push([m, 0]);
        } else if (onStack[m]) low[n] = Math.min(low[n]!, order[m]!);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[n]!);
      if (low[n] !== order[n]) continue;
      const component: number[] = [];
      let m: number;
      do {
        m = stack.pop()!;
        onStack[m] = 0;
        component.push(m);
      } while (m !== n);
      if (component.length < 2) continue;
      component.sort((a, b) => a - b);
      const units = component.map((u) => nodes[u]!);
      const names = units.map((unit) => labelOf(unit)).join(', ');
      emit(
        'unit-requires',
        'cycle',
        units.map((unit) => unit.id),
        { ...nodeParams(units[0]!), count: units.length, units: names },
        `The units ${names} require one another in a circle, so none of them can be taken first. Remove one of these prerequisites.`,
      );
    }
  }
  // Across qualifications: a unit's prerequisite belongs to its own qualification.
  for (const n of index.byKind.unit) {
    const own = graph.qualificationsAt(n);
    if (own.length === 0) continue;
    for (const m of requires.list(n)) {
      const theirs = graph.qualificationsAt(m);
      if (theirs.length === 0 || theirs.some((q) => own.includes(q))) continue;
      const unit = nodes[n]!;
      const required = nodes[m]!;
      emit(
        'unit-requires',
        'other-qualification',
        [unit.id, required.id],
        { ...nodeParams(unit), required: labelOf(required) },
        `${describe(unit)} requires ${describeLower(required)}, which belongs to another qualification. A prerequisite is a unit of the same qualification: remove this one, or move the unit.`,
      );
    }
  }
}
