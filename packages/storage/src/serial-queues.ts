/**
 * One queue per key (a map id): work for a key runs after everything queued before for it,
 * whether that succeeded or not; work for different keys runs side by side. A key's queue is
 * forgotten once it is empty.
 */
export class SerialQueues {
  readonly #queues = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const run = (this.#queues.get(key) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => undefined);
    this.#queues.set(key, tail);
    void tail.then(() => {
      if (this.#queues.get(key) === tail) this.#queues.delete(key);
    });
    return run;
  }

  /** Resolves once everything queued so far has run (its failures aside). */
  async idle(): Promise<void> {
    await Promise.all([...this.#queues.values()]);
  }
}
