import { compareUnits, matchState, matchedUnitIn, partnerUnit, unitMatches, type MatchedUnit, type MatchTargets } from '../matches.js';
import type { MapEdge } from '../schema.js';
import { describe, formatNumber, nodeParams, shorten } from './text.js';
import type { CheckIndex, Emit } from './context.js';

/**
 * Matched units (credit transfer). Source: the ECVET Recommendation (2009) and the ECVET
 * mobility toolkit — partners agree in the Memorandum of Understanding how their units
 * correspond; differences in EQF level and in ECVET points are what a partner asks about first
 * (docs/domain.md, "Partners, mobility"). The 25 % tolerance on points is this project's rule.
 *
 * - `unit-match` (warning): a home unit and the unit it matches are at different EQF levels
 *   (`level-differs`), or their points differ by more than 25 % of the larger (`points-differ`);
 *   a partner unit changed since the match was made (`target-changed`).
 * - `unit-match-target` (error): the matched unit no longer exists in its map (`target-missing`),
 *   or the partner map itself is gone (`map-missing`).
 *
 * Inside one map the two units are read from the map; across maps from what the caller knows of
 * the target map (`matchTargets`), else from the snapshot kept on the edge — then only the
 * differences are checked, not whether the unit still exists.
 */
function partnerLabel(unit: Pick<MatchedUnit, 'code' | 'title'>): string {
  const code = unit.code.trim();
  const title = shorten(unit.title);
  if (code && title) return `${code} "${title}"`;
  return code || (title ? `"${title}"` : '(untitled)');
}

export function checkMatches(index: CheckIndex, input: { edges: readonly MapEdge[]; crossMatches?: readonly MapEdge[]; matchTargets?: MatchTargets }, emit: Emit): void {
  const matches = unitMatches(input);
  if (matches.length === 0) return;
  const graph = index.graph;
  for (const match of matches) {
    const homeNode = graph.node(match.source);
    if (!homeNode || homeNode.kind !== 'unit') continue;
    const home = matchedUnitIn(graph, match.source)!;
    const params = { ...nodeParams(homeNode), map: match.targetMap ?? '' };
    const state = matchState(match, input.matchTargets);
    const kept = match.targetSnapshot;
    if (state === 'map-missing' || state === 'missing') {
      const partner = kept ? partnerLabel(kept) : match.target;
      if (state === 'map-missing') {
        emit(
          'unit-match-target',
          'map-missing',
          [homeNode.id],
          { ...params, partner },
          `${describe(homeNode)} is matched with unit ${partner} of a map that no longer exists. Remove the match, or match the unit with a unit of the partner's current map.`,
        );
      } else {
        emit(
          'unit-match-target',
          'target-missing',
          [homeNode.id],
          { ...params, partner },
          `${describe(homeNode)} is matched with unit ${partner}, which no longer exists in its map. Remove the match, or match the unit with another unit.`,
        );
      }
      continue;
    }
    const partner = partnerUnit(match, graph, input.matchTargets);
    if (!partner) continue;
    const other = partnerLabel(partner);
    const ids = match.targetMap === undefined ? [homeNode.id, partner.id] : [homeNode.id];
    if (state === 'changed') {
      emit(
        'unit-match',
        'target-changed',
        ids,
        { ...params, partner: other },
        `Unit ${other}, matched with ${describe(homeNode).replace(/^Unit/, 'unit')}, changed since the match was made. Compare the two units again, and confirm the match or change it.`,
      );
    }
    const comparison = compareUnits(home, partner);
    if (comparison.levelDiffers) {
      emit(
        'unit-match',
        'level-differs',
        ids,
        { ...params, partner: other, level: home.eqfLevel!, partnerLevel: partner.eqfLevel! },
        `${describe(homeNode)} is at EQF level ${home.eqfLevel}, but the unit it matches, ${other}, is at level ${partner.eqfLevel}. Check that the match is right, and say in its note what differs.`,
      );
    }
    if (comparison.pointsDiffer) {
      const percent = Math.round((Math.abs(home.points! - partner.points!) / Math.max(home.points!, partner.points!)) * 100);
      emit(
        'unit-match',
        'points-differ',
        ids,
        { ...params, partner: other, points: formatNumber(home.points!), partnerPoints: formatNumber(partner.points!), percent },
        `${describe(homeNode)} has ${formatNumber(home.points!)} ECVET points, but the unit it matches, ${other}, has ${formatNumber(partner.points!)} (${percent} % apart). Check that the units weigh the same, or make the match partial and say in its note what differs.`,
      );
    }
  }
}
