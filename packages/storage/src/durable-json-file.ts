import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter that writes like lowdb's JSONFile (temp file, then rename) but also fsyncs the
 * file and its directory, so that a catalogue change reported as done survives a power loss.
 * A file that does not parse is set aside (never overwritten) and reads as empty; `onDamaged`
 * lets the owner rebuild it.
 */
export class DurableJSONFile<T> implements Adapter<T> {
  readonly #path: string;
  readonly #isValid: (value: unknown) => value is T;
  readonly #onDamaged: (setAsideAs: string, error: unknown) => void;
  #queue: Promise<void> = Promise.resolve();
  /** The write that will start once the current one ends; every caller until then shares it. */
  #next: Promise<void> | null = null;
  #latest: T | null = null;
  /** Files written so far (tests and diagnostics). */
  writes = 0;

  constructor(
    path: string,
    isValid: (value: unknown) => value is T,
    onDamaged: (setAsideAs: string, error: unknown) => void,
  ) {
    this.#path = path;
    this.#isValid = isValid;
    this.#onDamaged = onDamaged;
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fsp.readFile(this.#path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let problem: unknown;
    try {
      const value: unknown = JSON.parse(text);
      if (this.#isValid(value)) return value;
      problem = new Error('the file is JSON but not in the expected shape');
    } catch (error) {
      problem = error;
    }
    const aside = `${this.#path}.damaged-${Date.now()}`;
    await fsp.rename(this.#path, aside);
    this.#onDamaged(aside, problem);
    return null;
  }

  /**
   * Writes are serialised so that an older state never lands after a newer one, and coalesced:
   * while one write runs, every later call shares the next, which takes the state as it is when
   * it starts. Twenty maps touched at once cost two rewrites of the file, not twenty.
   */
  write(data: T): Promise<void> {
    this.#latest = data;
    if (this.#next) return this.#next;
    const run = this.#queue.then(() => {
      this.#next = null;
      return this.#write(JSON.stringify(this.#latest, null, 2));
    });
    this.#next = run;
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #write(text: string): Promise<void> {
    const temp = join(dirname(this.#path), `.${basename(this.#path)}.tmp`);
    const handle = await fsp.open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, this.#path);
    this.writes++;
    // In the thread pool, not on the event loop: a directory fsync can take milliseconds.
    const dir = await fsp.open(dirname(this.#path), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
