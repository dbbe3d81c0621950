import { useEffect, useState } from 'react';

/**
 * Hands out turns, a few per animation frame, in the order they were asked for. Zooming across
 * the level-of-detail threshold asks a hundred cards at once to switch between the plain box and
 * the full card; taking turns spreads that work (and its painting) over several frames instead of
 * one long one, while the fade (lod.ts) hides which cards have switched yet.
 */
export class TurnQueue {
  private readonly waiting = new Map<string, () => void>();
  private scheduled = false;

  constructor(
    /** Turns handed out per frame. */
    readonly perFrame: number,
    private readonly schedule: (run: () => void) => void = (run) => requestAnimationFrame(() => run()),
  ) {
    if (!Number.isInteger(perFrame) || perFrame < 1) throw new RangeError(`TurnQueue: perFrame must be a whole number ≥ 1, not ${perFrame}`);
  }

  /** `take` runs on a coming frame; asking again with the same id replaces what runs, keeping the place in line. */
  ask(id: string, take: () => void): void {
    this.waiting.set(id, take);
    if (!this.scheduled) {
      this.scheduled = true;
      this.schedule(() => this.frame());
    }
  }

  cancel(id: string): void {
    this.waiting.delete(id);
  }

  get size(): number {
    return this.waiting.size;
  }

  private frame(): void {
    this.scheduled = false;
    let given = 0;
    for (const [id, take] of this.waiting) {
      if (given === this.perFrame) break;
      this.waiting.delete(id);
      given++;
      take();
    }
    if (this.waiting.size > 0) {
      this.scheduled = true;
      this.schedule(() => this.frame());
    }
  }
}

/** The cards' turns to switch detail (one line for the whole page: the frame budget is shared). */
export const detailTurns = new TurnQueue(12);

/**
 * `wanted`, once it is this id's turn (a change of `wanted` waits in `queue`); at mount, and with
 * `now`, `wanted` at once.
 */
export function useTakingTurns(id: string, wanted: boolean, now = false, queue: TurnQueue = detailTurns): boolean {
  const [shown, setShown] = useState(wanted);
  // Switched at once: no turn to wait for later.
  if (now && shown !== wanted) setShown(wanted);
  useEffect(() => {
    if (shown === wanted || now) return;
    queue.ask(id, () => setShown(wanted));
    return () => queue.cancel(id);
  }, [id, wanted, shown, now, queue]);
  return now ? wanted : shown;
}
