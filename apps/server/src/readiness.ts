import type { Recovery } from '@qms/storage';

/**
 * What was found damaged and repaired since the server started (catalogue rebuilt, log records
 * skipped, torn tails, snapshots or versions set aside): listed by /readyz until the next restart,
 * so that someone looks at the files kept aside. Bounded: the newest 50.
 */
export class Recoveries {
  readonly #lines: string[] = [];

  add(line: string): void {
    this.#lines.push(line.length > 400 ? `${line.slice(0, 399)}…` : line);
    if (this.#lines.length > 50) this.#lines.shift();
  }

  addStorage(mapId: string, recovery: Recovery): void {
    this.add(`map ${mapId}, ${recovery.file}: ${recovery.action}`);
  }

  get lines(): readonly string[] {
    return this.#lines;
  }
}

/** The kind of file a recovery was about, for the damage counter's label. */
export function damageKind(file: string): 'log' | 'snapshot' | 'version' | 'other' {
  if (file.startsWith('log.')) return 'log';
  if (file.startsWith('snapshot.')) return 'snapshot';
  if (file.startsWith('versions/')) return 'version';
  return 'other';
}
