import { SaveState } from '@qms/protocol';
import type { DocumentStore } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';

/** One change waiting for the log, and who made it. */
export interface LoggedUpdate<Origin> {
  update: Uint8Array;
  origin: Origin;
}

export interface DurableLogOptions<Origin> {
  /** The document whose log this is (a map id, or a map id + ".review"). */
  documentId: string;
  store: DocumentStore;
  log: FastifyBaseLogger;
  /** Compact once the log since the last snapshot is larger than this and than twice the snapshot. */
  compactMinLogBytes: number;
  /** The whole document as update pieces: written by compaction, and by the retry after a failure. */
  state(): Uint8Array[];
  /**
   * A batch was appended (`stored`) or could not be, because saving is failing; called before its
   * fsync starts. The room relays the batch to the other clients here: never before the append.
   */
  afterAppend(batch: readonly LoggedUpdate<Origin>[], stored: boolean): void;
  /** Saving started failing, or works again. */
  onSaveState(state: SaveState): void;
  /** Runs `fn` after the current turn of the event loop (default setImmediate): the batching window. */
  defer?: (fn: () => void) => void;
  /** Runs `fn` after `ms` and returns how to cancel it (default setTimeout): the retry after a failure. */
  after?: (ms: number, fn: () => void) => () => void;
  /** How long to wait before retrying to save after the store refused a write (default 2 s). */
  retryMs?: number;
}

const SAVE_RETRY_MS = 2_000;

const defaultDefer = (fn: () => void) => void setImmediate(fn);
const defaultAfter = (ms: number, fn: () => void) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/**
 * The road of every change of one document to the disk:
 *
 *   queue → (one turn of the event loop later, every change queued meanwhile, from every client;
 *   while an append is under way, everything that arrives until it ends) one append → afterAppend (the room relays) → fsync (grouped by the store) → compaction when
 *   the log has grown.
 *
 * When the store refuses a write (disk full, read-only), appends stop — a gap would make later
 * records unusable — the changes keep flowing between clients in memory, and a whole snapshot is
 * retried until it succeeds.
 */
export class DurableLog<Origin> {
  readonly #options: DurableLogOptions<Origin>;
  readonly #store: DocumentStore;
  readonly #id: string;
  readonly #defer: (fn: () => void) => void;
  readonly #after: (ms: number, fn: () => void) => () => void;
  #pending: LoggedUpdate<Origin>[] = [];
  /** A batch is to be taken at the end of this turn of the event loop. */
  #scheduled = false;
  /** The writer: appends batch after batch while changes keep coming (null: idle). */
  #writing: Promise<void> | null = null;
  /** Changes queued, and changes appended (or given up on), since the log was made. */
  #queuedCount = 0;
  #doneCount = 0;
  /** Who waits for the changes counted up to `upTo` to be appended. */
  #waiters: Array<{ upTo: number; resolve: () => void }> = [];
  #saveState: SaveState = SaveState.Saved;
  #cancelRetry: (() => void) | null = null;
  #compacting: Promise<void> | null = null;
  /** Batches relayed but not appended because saving was failing. */
  #skippedBatches = 0;
  #destroyed = false;

  constructor(options: DurableLogOptions<Origin>) {
    this.#options = options;
    this.#store = options.store;
    this.#id = options.documentId;
    this.#defer = options.defer ?? defaultDefer;
    this.#after = options.after ?? defaultAfter;
  }

  get saveState(): SaveState {
    return this.#saveState;
  }

  /** Queues a change for the next batch. */
  queue(entry: LoggedUpdate<Origin>): void {
    this.#pending.push(entry);
    this.#queuedCount++;
    if (this.#scheduled || this.#writing) return;
    // One tick of batching: every client's updates read in this turn of the event loop are
    // appended with one write and relayed together.
    this.#scheduled = true;
    this.#defer(() => {
      this.#scheduled = false;
      this.#startWriting();
    });
  }

  /**
   * One append at a time, in order; what arrives while one is under way (from every client) goes
   * into the next one whole. A slow store (a database round trip) thus gets fewer, larger writes
   * instead of a queue of one-tick batches that each wait for the one before.
   */
  #startWriting(): void {
    if (this.#writing || this.#pending.length === 0) return;
    this.#writing = (async () => {
      while (this.#pending.length > 0) {
        const batch = this.#pending;
        this.#pending = [];
        try {
          await this.#append(batch);
        } catch (error) {
          // A relay that threw must not stop the writer: later changes would never be saved.
          this.#options.log.error({ mapId: this.#id, err: error }, 'relaying a batch failed');
        }
        this.#doneCount += batch.length;
        this.#wakeWaiters();
      }
      this.#writing = null;
    })();
  }

  #wakeWaiters(): void {
    const ready = this.#waiters.filter((waiter) => waiter.upTo <= this.#doneCount);
    if (ready.length === 0) return;
    this.#waiters = this.#waiters.filter((waiter) => waiter.upTo > this.#doneCount);
    for (const waiter of ready) waiter.resolve();
  }

  async #append(batch: LoggedUpdate<Origin>[]): Promise<void> {
    if (this.#destroyed) return;
    let stored = false;
    if (this.#saveState === SaveState.Saved) {
      try {
        await this.#store.append(
          this.#id,
          batch.map((entry) => entry.update),
        );
        stored = true;
      } catch (error) {
        this.#saveFailed(error);
      }
    }
    this.#options.afterAppend(batch, stored);
    if (!stored) {
      this.#skippedBatches++;
      return;
    }
    this.#store.flush(this.#id).catch((error: unknown) => this.#saveFailed(error));
    this.#maybeCompact();
  }

  /** Resolves once every change queued so far is appended (and relayed). */
  whenAppended(): Promise<void> {
    const upTo = this.#queuedCount;
    if (this.#doneCount >= upTo || this.#destroyed) return Promise.resolve();
    return new Promise<void>((resolve) => this.#waiters.push({ upTo, resolve }));
  }

  /**
   * Resolves once every change queued so far is fsynced, or saving is failing (then the changes
   * are only in memory; `saveState` tells which). Never rejects.
   */
  async whenDurable(): Promise<void> {
    await this.whenAppended();
    if (this.#saveState !== SaveState.Saved) return;
    try {
      await this.#store.flush(this.#id);
    } catch (error) {
      this.#saveFailed(error);
    }
  }

  /**
   * The store refused a write. Clients are told (onSaveState) and a full snapshot is retried
   * until it succeeds; until then nothing is appended.
   */
  #saveFailed(error: unknown): void {
    if (this.#destroyed) return;
    if (this.#saveState !== SaveState.Failing) {
      this.#options.log.error({ mapId: this.#id, err: error }, 'cannot save map: changes are kept in memory and retried');
      this.#saveState = SaveState.Failing;
      this.#options.onSaveState(this.#saveState);
    }
    this.#cancelRetry ??= this.#after(this.#options.retryMs ?? SAVE_RETRY_MS, () => {
      this.#cancelRetry = null;
      void this.#retry();
    });
  }

  async #retry(): Promise<void> {
    if (this.#destroyed) return;
    await this.whenAppended();
    // Batches relayed while this snapshot is written are not in it: write again until none were.
    do {
      this.#skippedBatches = 0;
      try {
        await this.#store.compact(this.#id, this.#options.state());
      } catch (error) {
        this.#saveFailed(error);
        return;
      }
    } while (this.#skippedBatches > 0);
    this.#options.log.info({ mapId: this.#id }, 'saving works again');
    this.#saveState = SaveState.Saved;
    this.#options.onSaveState(this.#saveState);
  }

  #maybeCompact(): void {
    if (this.#compacting) return;
    const { logBytes, snapshotBytes } = this.#store.stats(this.#id);
    if (logBytes < Math.max(this.#options.compactMinLogBytes, 2 * snapshotBytes)) return;
    this.#compacting = this.compact().finally(() => {
      this.#compacting = null;
    });
  }

  /** Replaces the log with a snapshot of the whole document. Never rejects. */
  async compact(): Promise<void> {
    try {
      await this.#store.compact(this.#id, this.#options.state());
    } catch (error) {
      // The log still holds everything; compaction is only an optimisation.
      this.#options.log.warn({ mapId: this.#id, err: error }, 'compaction failed; the log still holds every change');
    }
  }

  /**
   * Before the document goes away: everything appended and fsynced, a compaction that was running
   * finished, and either a snapshot written if the log has grown enough that the next load would be
   * slower than writing it now, or — saving was failing — one last retry, memory being the only
   * other copy.
   */
  async settle(): Promise<void> {
    await this.whenAppended();
    if (this.#saveState === SaveState.Saved) {
      try {
        await this.#store.flush(this.#id);
      } catch (error) {
        this.#saveFailed(error);
      }
    }
    await this.#compacting;
    if (this.#saveState === SaveState.Failing) {
      await this.#retry();
    } else {
      const { logBytes, snapshotBytes } = this.#store.stats(this.#id);
      if (logBytes > 0 && logBytes * 2 >= snapshotBytes) await this.compact();
    }
    if (this.#saveState === SaveState.Failing) {
      this.#options.log.error({ mapId: this.#id }, 'unloading a map whose last changes could not be saved');
    }
  }

  /** Stops: batches not yet appended are dropped, the retry is cancelled. */
  destroy(): void {
    this.#destroyed = true;
    // Nobody waits for batches that will not be appended.
    for (const waiter of this.#waiters.splice(0)) waiter.resolve();
    this.#cancelRetry?.();
    this.#cancelRetry = null;
  }
}
