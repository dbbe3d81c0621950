import type { ReviewThread, RoundStatus, UnitStatus } from '@qms/model';
import type { LastSeen } from './local-state';

/**
 * What the canvas shows on nodes about the review. Pure: computed from the review's plain
 * readings, so the canvas never reads the review document itself.
 */

/** A unit's sign-off state: 'stale' is an agreement the unit has since outgrown. */
export type UnitBadgeState = 'agreed' | 'changes-requested' | 'pending' | 'stale';

export interface UnitReviewBadge {
  state: UnitBadgeState;
  /** The round the state comes from. */
  roundId: string;
  roundTitle: string;
  /** Institutions that agreed / asked for changes, out of the round's columns. */
  agreed: number;
  requested: number;
  institutions: number;
}

/**
 * A unit's state in one round as shown: a request for changes first (someone must act), then a
 * stale agreement (a partner must look again, even if others have not decided yet), then the rest.
 */
export function unitBadgeState(unit: Pick<UnitStatus, 'overall' | 'stale'>): UnitBadgeState {
  if (unit.overall === 'changes-requested') return 'changes-requested';
  return unit.stale ? 'stale' : unit.overall;
}

/**
 * One badge per unit under review: from the open round that includes it (the newest, if several),
 * or else from the newest closed one — a new round asks again, a closed one stays the record.
 */
export function unitReviewBadges(status: readonly RoundStatus[]): Map<string, UnitReviewBadge> {
  const rounds = [...status].sort((a, b) => Number(b.open) - Number(a.open) || b.openedAt - a.openedAt || (a.id < b.id ? -1 : 1));
  const badges = new Map<string, UnitReviewBadge>();
  for (const round of rounds) {
    for (const unit of round.units) {
      if (badges.has(unit.unitId)) continue;
      const state = unitBadgeState(unit);
      badges.set(unit.unitId, {
        state,
        roundId: round.id,
        roundTitle: round.title,
        agreed: unit.decisions.filter((d) => d.status === 'agreed').length,
        requested: unit.decisions.filter((d) => d.status === 'changes-requested').length,
        institutions: round.columns.length,
      });
    }
  }
  return badges;
}

export interface NodeThreadCount {
  /** Threads on the node that are not resolved. */
  open: number;
  /** Comments on the node this person has not seen. */
  unread: number;
}

/** Comment badges for nodes: open threads and unread comments per node (canvas points are left out). */
export function threadCountByNode(threads: readonly ReviewThread[], lastSeen: LastSeen = {}): Map<string, NodeThreadCount> {
  const counts = new Map<string, NodeThreadCount>();
  for (const thread of threads) {
    if (!('nodeId' in thread.anchor)) continue;
    const unread = Math.max(0, thread.comments.length - (lastSeen[thread.id] ?? 0));
    const open = thread.resolved ? 0 : 1;
    if (open === 0 && unread === 0) continue;
    const count = counts.get(thread.anchor.nodeId) ?? { open: 0, unread: 0 };
    count.open += open;
    count.unread += unread;
    counts.set(thread.anchor.nodeId, count);
  }
  return counts;
}
