import { DOMAINS, type Domain } from '../fields.js';
import { describe, describeLower, nodeParams, plural } from './text.js';
import { NONE_TEXT, type CheckIndex, type Emit } from './context.js';

/**
 * The rules about units (docs/domain.md): assessability (every unit has assessment criteria) and
 * balance (a unit's outcomes cover knowledge, skills, and responsibility and autonomy).
 */

const DOMAIN_NAMES: Record<Domain, string> = {
  knowledge: 'knowledge',
  skills: 'skills',
  autonomy: 'responsibility and autonomy',
};

const hasCriteria = (node: { readonly assessmentCriteria?: unknown }) =>
  (Array.isArray(node.assessmentCriteria) ? (node.assessmentCriteria as readonly unknown[]) : NONE_TEXT).some((criterion) => typeof criterion === 'string' && criterion.trim() !== '');

/** A unit is assessable when it has criteria of its own, or when each of its outcomes has some (the annex prints both). */
export function checkAssessability(index: CheckIndex, emit: Emit): number {
  let assessable = 0;
  const members = index.graph.incoming('partOf');
  for (const n of index.byKind.unit) {
    const unit = index.nodes[n]!;
    let outcomes = 0;
    let assessed = 0;
    for (let i = 0; i < members.size(n); i++) {
      const member = index.nodes[members.at(n, i)]!;
      if (member.kind !== 'learningOutcome') continue;
      outcomes++;
      if (hasCriteria(member)) assessed++;
    }
    if (hasCriteria(unit) || (outcomes > 0 && assessed === outcomes)) {
      assessable++;
      continue;
    }
    emit(
      'assessability',
      'no-criteria',
      [unit.id],
      nodeParams(unit),
      `${describe(unit)} has no assessment criteria${outcomes > 0 && assessed > 0 ? `, and only ${assessed} of its ${outcomes} outcomes have their own` : ''}. Add at least one criterion that says how the achievement of its learning outcomes is assessed, to the unit or to each of its outcomes.`,
    );
  }
  return assessable;
}

const KNOWLEDGE = 1;
const SKILLS = 2;
const AUTONOMY = 4;

function domainBit(domain: unknown): number {
  return domain === 'knowledge' ? KNOWLEDGE : domain === 'skills' ? SKILLS : domain === 'autonomy' ? AUTONOMY : 0;
}

export function checkBalance(index: CheckIndex, emit: Emit): void {
  const found = new Uint8Array(index.nodes.length);
  const outcomeCount = new Uint32Array(index.nodes.length);
  const unitsOf = index.graph.outgoing('partOf');
  for (const outcome of index.byKind.learningOutcome) {
    const count = unitsOf.size(outcome);
    if (count === 0) continue;
    const bit = domainBit(index.nodes[outcome]!.domain);
    for (let i = 0; i < count; i++) {
      const unit = unitsOf.at(outcome, i);
      found[unit] = found[unit]! | bit;
      outcomeCount[unit]!++;
    }
  }
  for (const n of index.byKind.unit) {
    const outcomes = outcomeCount[n]!;
    if (outcomes === 0 || found[n] === (KNOWLEDGE | SKILLS | AUTONOMY)) continue;
    const bits = found[n]!;
    const knowledge = (bits & KNOWLEDGE) !== 0;
    const skills = (bits & SKILLS) !== 0;
    const autonomy = (bits & AUTONOMY) !== 0;
    const unit = index.nodes[n]!;
    if (!knowledge && !skills && !autonomy) {
      emit(
        'ksc-balance',
        'no-domains',
        [unit.id],
        { ...nodeParams(unit), outcomeCount: outcomes },
        `None of the ${outcomes} learning ${plural(outcomes, 'outcome', 'outcomes')} of ${describeLower(unit)} says whether it is knowledge, skills, or responsibility and autonomy. ` +
          `Set the domain of each outcome, so that the balance of the unit can be checked.`,
      );
      continue;
    }
    const present: Record<Domain, boolean> = { knowledge, skills, autonomy };
    for (const domain of DOMAINS) {
      if (present[domain]) continue;
      emit(
        'ksc-balance',
        `missing-${domain}`,
        [unit.id],
        { ...nodeParams(unit), domain, outcomeCount: outcomes },
        `${describe(unit)} has no learning outcome for ${DOMAIN_NAMES[domain]}. ` +
          `A unit is described in knowledge, skills, and responsibility and autonomy: add an outcome for ${DOMAIN_NAMES[domain]}, or correct the domain of an existing outcome.`,
      );
    }
  }
}
