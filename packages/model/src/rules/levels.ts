import { describe, nodeParams } from './text.js';
import { finite, type CheckIndex, type Emit } from './context.js';

/**
 * Levels (docs/domain.md): a unit's or an outcome's EQF level above that of the qualification it
 * belongs to (the highest, when it belongs to several: graph.ts).
 */
export function checkLevels(index: CheckIndex, emit: Emit): void {
  const qualificationsOf = (n: number) => index.graph.qualificationsAt(n);
  const levelOf = (qualifications: readonly number[]): number | null => {
    let level: number | null = null;
    for (const q of qualifications) {
      const value = finite(index.nodes[q]!.eqfLevel);
      if (value !== null && (level === null || value > level)) level = value;
    }
    return level;
  };
  const check = (n: number, qualifications: (n: number) => readonly number[], code: string, what: string): void => {
    const node = index.nodes[n]!;
    const level = finite(node.eqfLevel);
    if (level === null) return;
    const reference = levelOf(qualifications(n));
    if (reference === null || level <= reference) return;
    emit(
      'eqf-level',
      code,
      [node.id],
      { ...nodeParams(node), level, qualificationLevel: reference },
      `${describe(node)} is at EQF level ${level}, above the qualification's level ${reference}. Lower the ${what}'s level, or check the level of the qualification.`,
    );
  };
  for (const n of index.byKind.unit) check(n, qualificationsOf, 'unit-above-qualification', 'unit');
  for (const n of index.byKind.learningOutcome) check(n, qualificationsOf, 'outcome-above-qualification', 'outcome');
}
