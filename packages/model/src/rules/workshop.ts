import { mustCover, type RatingSummary } from '../workshop/summary.js';
import type { WorkshopCheckInput } from '../workshop/snapshot.js';
import type { CheckIndex, Emit } from './context.js';
import { describe, describeLower, formatNumber, nodeParams, shorten } from './text.js';

/**
 * Coverage as the workshop agreed it (DACUM): a work action that an agreed decision rule (or the
 * workshop's own `train` decision) says must be trained, and that no learning outcome covers, is
 * an error naming the rule; a work action decided `not-trained` is left out of the ordinary
 * coverage check and reported, with the decision and its reason, as a warning to see.
 * Returns the work actions it spoke for: `coverage` stays silent on them (one finding per action).
 */
export function checkWorkshopCoverage(index: CheckIndex, workshop: WorkshopCheckInput | undefined, emit: Emit): Set<string> {
  const handled = new Set<string>();
  if (!workshop) return handled;
  const summaries = new Map<string, RatingSummary>(workshop.summaries.map((s) => [s.workActionId, s]));
  const decisions = new Map(workshop.decisions.map((d) => [d.workActionId, d]));
  for (const n of index.byKind.workAction) {
    const action = index.nodes[n]!;
    const covered = index.graph.linkedFrom('covers', n);
    const decision = decisions.get(action.id);
    if (decision?.decision === 'not-trained') {
      handled.add(action.id);
      const reason = shorten(decision.reason, 200);
      emit(
        'workshop-coverage',
        'not-trained',
        [action.id],
        { ...nodeParams(action), reason, by: decision.by, covered: covered ? 1 : 0 },
        `The workshop decided not to train ${describeLower(action)}${reason ? ` (“${reason}”)` : ''}${decision.by ? `, recorded by ${decision.by}` : ''}: it is left out of the coverage check.${covered ? ' A learning outcome still covers it: unlink it if the decision stands.' : ''}`,
      );
      continue;
    }
    if (covered) continue;
    const summary = summaries.get(action.id);
    const rule = mustCover(workshop.rules, summary);
    if (rule && summary) {
      handled.add(action.id);
      emit(
        'workshop-coverage',
        'must-train',
        [action.id],
        {
          ...nodeParams(action),
          rule: rule.id,
          criticality: formatNumber(summary.mean.criticality),
          frequency: formatNumber(summary.mean.frequency),
          difficulty: formatNumber(summary.mean.difficulty),
          need: summary.need,
          count: summary.count,
        },
        `${describe(action)} must be trained by the workshop’s rule “${rule.id}” (mean criticality ${formatNumber(summary.mean.criticality)}, frequency ${formatNumber(summary.mean.frequency)}, difficulty ${formatNumber(summary.mean.difficulty)}; training need: ${summary.need}), but no learning outcome covers it. Link a learning outcome to it (covers), or write a new one.`,
      );
    } else if (decision?.decision === 'train') {
      handled.add(action.id);
      const reason = shorten(decision.reason, 200);
      emit(
        'workshop-coverage',
        'decided-train',
        [action.id],
        { ...nodeParams(action), reason, by: decision.by },
        `The workshop decided to train ${describeLower(action)}${reason ? ` (“${reason}”)` : ''}, but no learning outcome covers it. Link a learning outcome to it (covers), or write a new one.`,
      );
    }
  }
  return handled;
}
