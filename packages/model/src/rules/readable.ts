import { SkipReason, isMalformed, type SkippedItem } from '../read.js';
import type { MapNode } from '../schema.js';
import type { Emit } from './context.js';
import { describe, nodeParams, plural } from './text.js';

/**
 * What the reading of the document left out (read.ts, `snapshot.skipped`), so that the people in
 * the map learn that part of it is not shown: entries that are not nodes or edges, as one
 * map-wide issue, and each field of the wrong type on the node that has it. Links left dangling by
 * a concurrent delete are ordinary collaboration and are not reported.
 */
export function checkReadable(skipped: readonly SkippedItem[] | undefined, nodes: readonly MapNode[], emit: Emit): void {
  if (!skipped || skipped.length === 0) return;
  const entries = skipped.filter((item) => isMalformed(item) && item.reason !== SkipReason.BadField);
  if (entries.length > 0) {
    const count = entries.length;
    emit(
      'unreadable',
      'skipped',
      [],
      { count },
      `${count} ${plural(count, 'item', 'items')} of this map could not be read and ${plural(count, 'is', 'are')} not shown (stored in a shape this version does not know). An owner can restore an earlier version from History.`,
    );
  }
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const item of skipped) {
    if (item.reason !== SkipReason.BadField) continue;
    const node = byId.get(item.id);
    if (!node) continue;
    const field = item.field ?? '';
    emit(
      'unreadable',
      'bad-field',
      [node.id],
      { ...nodeParams(node), field },
      `${describe(node)} has a value of the wrong type in "${field}", which is ignored. Enter the value again.`,
    );
  }
}
