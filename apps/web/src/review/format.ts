import type { MapNode, ThreadAnchor } from '@qms/model';

/** A moment as people read it in their language: "12 Mar 2026, 14:05". */
export function formatWhen(ms: number, language: string): string {
  if (!ms) return '';
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
  } catch {
    return new Date(ms).toISOString();
  }
}

/** "U 2 Colouring hair", cut to a line. */
export function nodeLabel(node: Pick<MapNode, 'code' | 'title'>, max = 60): string {
  const label = [node.code, node.title].filter(Boolean).join(' ').trim();
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

export type AnchorTarget = { kind: 'node'; node: MapNode } | { kind: 'removed'; nodeId: string } | { kind: 'point'; x: number; y: number };

/** What a thread is pinned to, in the current map. */
export function anchorTarget(anchor: ThreadAnchor, nodes: ReadonlyMap<string, MapNode>): AnchorTarget {
  if ('nodeId' in anchor) {
    const node = nodes.get(anchor.nodeId);
    return node ? { kind: 'node', node } : { kind: 'removed', nodeId: anchor.nodeId };
  }
  return { kind: 'point', x: anchor.x, y: anchor.y };
}

export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase() && a.trim() !== '';
}
