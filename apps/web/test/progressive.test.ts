import { describe, expect, it } from 'vitest';
import { TurnQueue } from '../src/editor/progressive';

/** A queue whose frames run when the test says. */
function queueOf(perFrame: number) {
  const frames: Array<() => void> = [];
  const queue = new TurnQueue(perFrame, (run) => frames.push(run));
  const nextFrame = () => frames.shift()?.();
  return { queue, frames, nextFrame };
}

describe('taking turns, a few per frame', () => {
  it('hands out at most perFrame turns a frame, first asked first served', () => {
    const { queue, nextFrame, frames } = queueOf(2);
    const taken: string[] = [];
    for (const id of ['a', 'b', 'c', 'd', 'e']) queue.ask(id, () => taken.push(id));
    expect(taken).toEqual([]);
    expect(frames).toHaveLength(1);
    nextFrame();
    expect(taken).toEqual(['a', 'b']);
    nextFrame();
    expect(taken).toEqual(['a', 'b', 'c', 'd']);
    nextFrame();
    expect(taken).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Nothing left: no frame asked for.
    expect(frames).toHaveLength(0);
    expect(queue.size).toBe(0);
  });

  it('skips one that cancelled, and keeps the place of one that asked again', () => {
    const { queue, nextFrame } = queueOf(2);
    const taken: string[] = [];
    queue.ask('a', () => taken.push('a: first'));
    queue.ask('b', () => taken.push('b'));
    queue.ask('c', () => taken.push('c'));
    queue.cancel('b');
    queue.ask('a', () => taken.push('a: second'));
    nextFrame();
    expect(taken).toEqual(['a: second', 'c']);
  });

  it('asks for one frame at a time however many wait', () => {
    const { queue, frames } = queueOf(3);
    for (let i = 0; i < 50; i++) queue.ask(String(i), () => {});
    expect(frames).toHaveLength(1);
  });

  it('refuses a turn count that is not a whole number of at least one', () => {
    expect(() => new TurnQueue(0)).toThrow(RangeError);
    expect(() => new TurnQueue(2.5)).toThrow(/whole number/);
  });
});
