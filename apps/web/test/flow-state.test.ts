import type { MapNode } from '@qms/model';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ThrottledMoves, mergeEdges, mergeNodes, type MapFlowNode } from '../src/editor/flow-state';

const node = (id: string, x = 0, title = id): MapNode => ({ id, kind: 'workAction', title, position: { x, y: 0 } });

describe('mergeNodes', () => {
  it('keeps local selection and measurements, takes position and data from the document', () => {
    const first = mergeNodes([], [node('a'), node('b')]);
    const local: MapFlowNode[] = first.map((n) => (n.id === 'a' ? { ...n, selected: true, measured: { width: 220, height: 60 } } : n));
    const next = mergeNodes(local, [node('a', 50), node('b')]);
    expect(next[0]).toMatchObject({ id: 'a', selected: true, measured: { width: 220, height: 60 }, position: { x: 50, y: 0 } });
  });

  it('returns the very same object for a node the document did not change', () => {
    const a = node('a');
    const first = mergeNodes([], [a, node('b')]);
    const next = mergeNodes(first, [a, node('b', 9)]);
    expect(next[0]).toBe(first[0]);
    expect(next[1]).not.toBe(first[1]);
  });

  it('keeps the pointer’s position for a node this browser is dragging', () => {
    const first = mergeNodes([], [node('a')]);
    const dragging: MapFlowNode[] = [{ ...first[0]!, dragging: true, position: { x: 120, y: 40 } }];
    expect(mergeNodes(dragging, [node('a', 100)])[0]!.position).toEqual({ x: 120, y: 40 });
  });

  it('drops nodes the document no longer has', () => {
    expect(mergeNodes(mergeNodes([], [node('a'), node('b')]), [node('b')]).map((n) => n.id)).toEqual(['b']);
  });
});

describe('mergeEdges', () => {
  it('labels edges by kind and keeps local selection', () => {
    const edge = { id: 'e', kind: 'covers', source: 'a', target: 'b' };
    const first = mergeEdges([], [edge], (kind) => `label:${kind}`);
    // Drawn top-down: from the covered work action (b) to the outcome (a).
    expect(first[0]).toMatchObject({ source: 'b', target: 'a', label: 'label:covers', className: 'map-edge map-edge--covers' });
    const next = mergeEdges([{ ...first[0]!, selected: true }], [{ ...edge, target: 'c' }]);
    expect(next[0]).toMatchObject({ selected: true, source: 'c' });
  });
});

describe('ThrottledMoves', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes a drag at most every interval, with only the latest rounded position per node', () => {
    const writes: Array<Array<{ id: string; position: { x: number; y: number } }>> = [];
    const moves = new ThrottledMoves((batch) => writes.push(batch), 50);
    moves.queue('a', { x: 1.4, y: 2.6 });
    moves.queue('a', { x: 10.2, y: 20.7 });
    moves.queue('b', { x: 5, y: 5 });
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(50);
    expect(writes).toEqual([[{ id: 'a', position: { x: 10, y: 21 } }, { id: 'b', position: { x: 5, y: 5 } }]]);
    vi.advanceTimersByTime(500);
    expect(writes).toHaveLength(1);
  });

  it('writes the drop at once', () => {
    const writes: unknown[] = [];
    const moves = new ThrottledMoves((batch) => writes.push(batch), 50);
    moves.queue('a', { x: 1, y: 1 });
    moves.flush();
    expect(writes).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(writes).toHaveLength(1);
  });
});
