import type { Awareness } from 'y-protocols/awareness';

/**
 * Who is in the map and what they are doing, through y-protocols awareness (never the document):
 * name and colour, pointer (flow coordinates), selection, lens, viewport, nodes being dragged, and
 * a facilitator's "follow me". Frequent fields are throttled: a moving pointer sends at most
 * `intervalMs` updates per second's worth, not one per mouse event.
 */
export interface PersonState {
  user: { name: string; color: string; institution?: string };
  pointer?: { x: number; y: number } | null;
  selection?: string[];
  lens?: string;
  viewport?: { x: number; y: number; zoom: number; width: number; height: number };
  /** Positions of nodes this person is dragging right now (flow coordinates, as stored). */
  dragging?: Record<string, { x: number; y: number }> | null;
  /** Set by a facilitator: "everyone follow me", with when it was asked. */
  summon?: number | null;
}

export interface Person extends PersonState {
  clientId: number;
  me: boolean;
}

type Field = keyof PersonState;

export class Presence {
  readonly #awareness: Awareness;
  readonly #intervalMs: number;
  readonly #pending = new Map<Field, unknown>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #last = 0;

  constructor(awareness: Awareness, intervalMs = 50) {
    this.#awareness = awareness;
    this.#intervalMs = intervalMs;
  }

  get clientId(): number {
    return this.#awareness.clientID;
  }

  /** Sets fields at once (identity, selection, lens: rare changes). */
  set(fields: Partial<PersonState>): void {
    const current = (this.#awareness.getLocalState() ?? {}) as Record<string, unknown>;
    this.#awareness.setLocalState({ ...current, ...fields });
  }

  /** Sets fields at most every `intervalMs` (pointer, viewport, drags); the latest value wins. */
  setThrottled(fields: Partial<PersonState>): void {
    for (const [key, value] of Object.entries(fields)) this.#pending.set(key as Field, value);
    const wait = this.#intervalMs - (performance.now() - this.#last);
    if (wait <= 0) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), wait);
  }

  #flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#last = performance.now();
    if (this.#pending.size === 0) return;
    const fields = Object.fromEntries(this.#pending);
    this.#pending.clear();
    this.set(fields);
  }

  /** Everyone in the map, this person first. */
  people(): Person[] {
    const out: Person[] = [];
    for (const [clientId, state] of this.#awareness.getStates()) {
      const s = state as Partial<PersonState>;
      if (!s.user || typeof s.user.name !== 'string') continue;
      out.push({ ...(s as PersonState), clientId, me: clientId === this.#awareness.clientID });
    }
    return out.sort((a, b) => Number(b.me) - Number(a.me) || a.user.name.localeCompare(b.user.name));
  }

  subscribe(listener: () => void): () => void {
    this.#awareness.on('change', listener);
    return () => this.#awareness.off('change', listener);
  }

  destroy(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }
}
