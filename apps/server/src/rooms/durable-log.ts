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
/** Rounds `whenAppended` waits for changes that keep arriving, before it settles for what is appended. */
const MAX_WAIT_ROUNDS = 5;

const defaultDefer = (fn: () => void) => void setImmediate(fn);
const defaultAfter = (ms: number, fn: () => void) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/**
 * The road of every change of one document to the disk:
 *
 *   queue → (one turn of the event loop later, every change queued meanwhile, from every client)
 *   one append → afterAppend (the room relays) → fsync (grouped by the store) → compaction when
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
  /** Resolves when the scheduled batch was taken (null: none scheduled). */
  #scheduled: Promise<void> | null = null;
  /** Resolves when everything taken so far has been appended (and handed to afterAppend). */
  #appended: Promise<void> = Promise.resolve();
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
    if (this.#scheduled) return;
    // One tick of batching: every client's updates read in this turn of the event loop are
    // appended with one write and relayed together.
    this.#scheduled = new Promise<void>((resolve) =>
      this.#defer(() => {
        this.#scheduled = null;
        this.#takeBatch();
        resolve();
      }),
    );
  }

  #takeBatch(): void {
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    this.#appended = this.#appended.then(() => this.#append(batch));
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
  async whenAppended(): Promise<void> {
    // New changes may arrive while we wait; the loop ends as soon as none is scheduled.
    for (let round = 0; round < MAX_WAIT_ROUNDS && this.#scheduled; round++) {
      await this.#scheduled;
      await this.#appended;
    }
    await this.#appended;
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
    await this.#appended;
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
    this.#cancelRetry?.();
    this.#cancelRetry = null;
  }
}
