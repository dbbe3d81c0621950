import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Recovery } from '@qms/storage';

/**
 * Can the data folder take writes right now? `access(W_OK)` says yes on a full disk, so a small
 * file is written and removed: that needs a free block, and fails with ENOSPC when there is none
 * (EROFS, EACCES: read-only or not ours). Returns the problem, or null.
 */
export async function probeDataFolder(dataDir: string): Promise<string | null> {
  const probe = join(dataDir, `.readyz-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, randomBytes(4096));
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
    return 'the data folder is not writable';
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

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
