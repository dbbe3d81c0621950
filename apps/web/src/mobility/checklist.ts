import type { Mobility } from '@qms/protocol';

/**
 * Where a mobility stands, in the three phases of the ECVET mobility toolkit, derived from what the
 * workspace holds (nothing of it is stored):
 *   before — the MoU's partners are set; its units are agreed (not a draft); a Learning Agreement per learner;
 *   during — every learner's results are entered;
 *   after  — every learner's outcomes are recognised.
 */
export type ChecklistPhase = 'before' | 'during' | 'after';
export type ChecklistItemId = 'partners' | 'units-agreed' | 'learning-agreements' | 'results' | 'recognised';

export interface ChecklistItem {
  id: ChecklistItemId;
  phase: ChecklistPhase;
  done: boolean;
  /** For the per-learner items: how many learners are done, of how many. */
  count?: { done: number; of: number };
}

export function mobilityChecklist(mobility: Pick<Mobility, 'home' | 'host' | 'units' | 'draft' | 'learners'>): ChecklistItem[] {
  const learners = mobility.learners;
  const withResults = learners.filter((learner) => mobility.units.every((unit) => learner.results.some((result) => result.unit === unit))).length;
  const recognised = learners.filter((learner) => learner.recognition !== undefined).length;
  const all = (done: number) => learners.length > 0 && done === learners.length;
  return [
    { id: 'partners', phase: 'before', done: Boolean(mobility.home) && Boolean(mobility.host) },
    { id: 'units-agreed', phase: 'before', done: !mobility.draft && mobility.units.length > 0 },
    // A Learning Agreement can be made for every learner listed once the units are agreed.
    { id: 'learning-agreements', phase: 'before', done: !mobility.draft && learners.length > 0, count: { done: mobility.draft ? 0 : learners.length, of: learners.length } },
    { id: 'results', phase: 'during', done: all(withResults), count: { done: withResults, of: learners.length } },
    { id: 'recognised', phase: 'after', done: all(recognised), count: { done: recognised, of: learners.length } },
  ];
}
