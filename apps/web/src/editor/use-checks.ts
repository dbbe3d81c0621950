import { checkMap, type CheckIssue, type MapSnapshot, type MapStats, type MatchTargets } from '@qms/model';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { NodeBadge } from './flow-state';

export interface Checks {
  issues: readonly CheckIssue[];
  stats: MapStats | null;
  badges: ReadonlyMap<string, NodeBadge>;
}

/** How long edits may settle before the map is checked again (a drag writes every 50 ms). */
const SETTLE_MS = 120;

/**
 * Runs the methodology checks on the live map: at once when the map opens, then shortly after
 * changes settle, so typing and dragging never wait for them.
 */
export function useChecks(snapshot: MapSnapshot, matchTargets?: MatchTargets): Checks {
  const [result, setResult] = useState<{ issues: readonly CheckIssue[]; stats: MapStats | null }>(() => checkMap(matchTargets ? { ...snapshot, matchTargets } : snapshot));
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // The partner maps' units as this browser read them (matches with other maps: the unit-match checks).
    const timer = setTimeout(() => setResult(checkMap(matchTargets ? { ...snapshot, matchTargets } : snapshot)), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [snapshot, matchTargets]);
  const badges = useMemo(() => {
    const map = new Map<string, NodeBadge>();
    for (const issue of result.issues) {
      for (const id of issue.nodeIds) {
        const badge = map.get(id) ?? { errors: 0, warnings: 0 };
        if (issue.severity === 'error') badge.errors++;
        else badge.warnings++;
        map.set(id, badge);
      }
    }
    return map;
  }, [result.issues]);
  return { ...result, badges };
}
