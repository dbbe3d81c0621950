import { describe, labelOf, nodeParams } from './text.js';
import type { CheckIndex, Emit } from './context.js';

/**
 * The rules about what is linked to what (docs/domain.md): coverage (every work action is covered by a
 * learning outcome), traceability (every outcome covers a work action, or is transversal),
 * grouping (every outcome is in exactly one unit), and empty functions (a function with no work
 * action below it). Links are the graph's valid ones: one the editor refuses counts for nothing.
 */

/** `skip`: work actions another rule spoke for (workshop-coverage: a workshop's decision or rule). */
export function checkCoverage(index: CheckIndex, emit: Emit, skip: ReadonlySet<string> = new Set()): number {
  let covered = 0;
  for (const n of index.byKind.workAction) {
    if (index.graph.linkedFrom('covers', n)) {
      covered++;
      continue;
    }
    const action = index.nodes[n]!;
    if (skip.has(action.id)) continue;
    emit(
      'coverage',
      'uncovered',
      [action.id],
      nodeParams(action),
      `${describe(action)} is not taught by any learning outcome. Link a learning outcome to it (covers), or write a new one.`,
    );
  }
  return covered;
}

export function checkTraceability(index: CheckIndex, emit: Emit): number {
  let traced = 0;
  for (const n of index.byKind.learningOutcome) {
    const outcome = index.nodes[n]!;
    if (index.graph.linkedTo('covers', n) || outcome.transversal === true) {
      traced++;
      continue;
    }
    emit(
      'traceability',
      'untraced',
      [outcome.id],
      nodeParams(outcome),
      `${describe(outcome)} is not linked to any work action. Link it to the work actions it prepares for (covers), or mark it as transversal if it serves the whole qualification.`,
    );
  }
  return traced;
}

export function checkGrouping(index: CheckIndex, emit: Emit): number {
  let grouped = 0;
  const unitsOf = index.graph.outgoing('partOf');
  for (const n of index.byKind.learningOutcome) {
    const count = unitsOf.size(n);
    if (count === 1) {
      grouped++;
      continue;
    }
    const outcome = index.nodes[n]!;
    if (count === 0) {
      emit(
        'grouping',
        'no-unit',
        [outcome.id],
        nodeParams(outcome),
        `${describe(outcome)} is not in any unit. Put it in the unit in which it is taught and assessed.`,
      );
    } else {
      const units = unitsOf.list(n);
      const unitNodes = [...units].sort((a, b) => a - b).map((unit) => index.nodes[unit]!);
      const names = unitNodes.map((unit) => labelOf(unit)).join(', ');
      emit(
        'grouping',
        'several-units',
        [outcome.id, ...unitNodes.map((unit) => unit.id)],
        { ...nodeParams(outcome), count: units.length, units: names },
        `${describe(outcome)} is in ${units.length} units (${names}). A learning outcome belongs to exactly one unit: keep it in one and take it out of the others.`,
      );
    }
  }
  return grouped;
}

export function checkEmptyFunctions(index: CheckIndex, emit: Emit): void {
  // Mark every node above a work action; stop where a node is marked already (its ancestors are too).
  const hasAction = new Uint8Array(index.nodes.length);
  const parents = index.graph.outgoing('childOf');
  const stack: number[] = [];
  const pushParents = (n: number): void => {
    for (let i = 0, count = parents.size(n); i < count; i++) {
      const parent = parents.at(n, i);
      if (!hasAction[parent]) stack.push(parent);
    }
  };
  for (const action of index.byKind.workAction) {
    pushParents(action);
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (hasAction[n]) continue;
      hasAction[n] = 1;
      pushParents(n);
    }
  }
  for (const n of [...index.byKind.keyFunction, ...index.byKind.mainFunction]) {
    if (hasAction[n]) continue;
    const fn = index.nodes[n]!;
    emit(
      'empty-function',
      'no-work-action',
      [fn.id],
      nodeParams(fn),
      `${describe(fn)} has no work action below it. Add the work actions it is made of, or remove the function if it is not needed.`,
    );
  }
}
