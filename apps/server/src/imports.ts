import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CaseBuildJob, CaseBuildReply, ImportJob, ImportReply, TranslationJob, TranslationReply } from './import-worker.js';

/** What one import may take. */
export interface ImportLimits {
  /** Wall time from the worker's start to its answer; it is terminated after. */
  timeoutMs: number;
  /** The worker's heap (V8 old generation), in MiB; it is stopped when it needs more. */
  memoryMb: number;
  /** Most nodes one import may create. */
  maxItems: number;
  /** Imports running at once (each takes a core); the others wait their turn. */
  concurrency: number;
  /** Imports that may wait; more are refused (429). */
  maxQueued: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  timeoutMs: 60_000,
  memoryMb: 1024,
  maxItems: 25_000,
  concurrency: 1,
  maxQueued: 16,
};

/** Why a job in a worker did not finish: invalid / unexpected: 400; limit / memory: 413; timeout: 422; busy: 429; stopping: 503; crashed: 500. */
export type WorkerRefusal = {
  ok: false;
  problem: Extract<ImportReply, { ok: false }>['problem'] | 'timeout' | 'memory' | 'busy' | 'stopping' | 'crashed';
  message: string;
};

export type ImportOutcome = Extract<ImportReply, { ok: true }> | WorkerRefusal;

/** A CASE translation read in a worker: the fields to write, or why not. */
export type TranslationOutcome = Extract<TranslationReply, { ok: true }> | WorkerRefusal;

/** A CASE package built in a worker (as JSON text), or why not. */
export type CaseBuildOutcome = Extract<CaseBuildReply, { ok: true }> | WorkerRefusal;

/**
 * Runs each import in a worker thread of its own (import-worker.ts), with a time and memory
 * budget, a few at a time. Only the finished document's bytes come back to the event loop.
 */
export class ImportRunner {
  readonly limits: ImportLimits;
  readonly #running = new Set<Worker>();
  readonly #waiting: Array<() => void> = [];
  #active = 0;
  #closed = false;

  constructor(limits: Partial<ImportLimits> = {}) {
    this.limits = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  }

  /** Imports whose worker is running now. */
  get running(): number {
    return this.#running.size;
  }

  async run(job: Omit<ImportJob, 'maxItems'>): Promise<ImportOutcome> {
    // The upload is copied into a buffer of its own and moved (not copied again) to the worker.
    const bytes = new Uint8Array(job.bytes);
    return this.#queued(() => this.#inWorker<ImportOutcome>({ importJob: { ...job, bytes, maxItems: this.limits.maxItems } }, [bytes.buffer as ArrayBuffer]));
  }

  /** Reads a CASE package as a translation of a map, in a worker with the same budget as an import. */
  async runTranslation(job: TranslationJob): Promise<TranslationOutcome> {
    const bytes = new Uint8Array(job.bytes);
    return this.#queued(() => this.#inWorker<TranslationOutcome>({ translationJob: { ...job, bytes } }, [bytes.buffer as ArrayBuffer]));
  }

  /** Builds the CASE package of a frozen version, in a worker with an import's budget. */
  async runCaseBuild(job: CaseBuildJob): Promise<CaseBuildOutcome> {
    const update = new Uint8Array(job.update);
    return this.#queued(() => this.#inWorker<CaseBuildOutcome>({ caseJob: { ...job, update } }, [update.buffer as ArrayBuffer]));
  }

  /** Runs `start` when fewer than `concurrency` jobs run; refuses when too many wait. */
  async #queued<T>(start: () => Promise<T | WorkerRefusal>): Promise<T | WorkerRefusal> {
    if (this.#closed) return stopping();
    if (this.#active >= this.limits.concurrency) {
      if (this.#waiting.length >= this.limits.maxQueued) {
        return { ok: false, problem: 'busy', message: 'Too many imports are waiting: try again in a minute.' };
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
      if (this.#closed) return stopping();
    }
    this.#active++;
    try {
      return await start();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }

  /** Stops every running import (they answer "restarting") and refuses new ones. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const wake of this.#waiting.splice(0)) wake();
    await Promise.all([...this.#running].map((worker) => worker.terminate()));
  }

  #inWorker<T extends { ok: boolean }>(data: unknown, transferList: ArrayBuffer[]): Promise<T | WorkerRefusal> {
    const { limits } = this;
    return new Promise<T | WorkerRefusal>((resolve) => {
      let worker: Worker;
      try {
        worker = startWorker(data, transferList, {
          maxOldGenerationSizeMb: limits.memoryMb,
          maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.round(limits.memoryMb / 16))),
          stackSizeMb: 8,
        });
      } catch (error) {
        resolve({ ok: false, problem: 'crashed', message: `The import could not start: ${(error as Error).message}` });
        return;
      }
      this.#running.add(worker);
      let settled = false;
      const finish = (outcome: T | WorkerRefusal) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#running.delete(worker);
        void worker.terminate();
        resolve(outcome);
      };
      const timer = setTimeout(
        () =>
          finish({
            ok: false,
            problem: 'timeout',
            message: `Importing this file took longer than ${Math.round(limits.timeoutMs / 1000)} seconds and was stopped. Split it into smaller files.`,
          }),
        limits.timeoutMs,
      );
      worker.once('message', (reply: T) => finish(reply));
      worker.once('error', (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          finish({ ok: false, problem: 'memory', message: `Importing this file needs more than the ${limits.memoryMb} MiB an import may use. Split it into smaller files.` });
        } else {
          finish({ ok: false, problem: 'crashed', message: error.message });
        }
      });
      worker.once('exit', (code) => {
        if (this.#closed) finish(stopping());
        else finish({ ok: false, problem: 'crashed', message: `The import stopped unexpectedly (exit code ${code}).` });
      });
    });
  }
}

function stopping(): WorkerRefusal {
  return { ok: false, problem: 'stopping', message: 'The server is restarting: try the import again in a moment.' };
}

/**
 * The worker runs import-worker.js next to this file. Run from the TypeScript sources (tests,
 * `pnpm dev`), it loads the .ts through tsx, with the workspace packages from their sources too.
 */
function startWorker(workerData: unknown, transferList: ArrayBuffer[], resourceLimits: NonNullable<ConstructorParameters<typeof Worker>[1]>['resourceLimits']): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./import-worker.js', import.meta.url), { workerData, transferList, resourceLimits });
  }
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const entry = new URL('./import-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, execArgv: ['--conditions=source'], workerData, transferList, resourceLimits });
}
