import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { isValidMapId, type MobilityWorkspace } from '@qms/protocol';
import { writeAtomically } from './record-copy.js';
import { SerialQueues } from './serial-queues.js';

/**
 * Where each map's mobility workspace lives (mobilities, learners, results: personal data). Kept
 * apart from the map's documents, versions and catalogue, so that nothing of it travels with the
 * map (sync, exports, versions, the map's backups).
 */
export interface MobilityStore {
  /** The map's workspace, or null when it has none. */
  read(mapId: string): Promise<MobilityWorkspace | null>;
  /**
   * Replaces the map's workspace, durably. `erased`: texts (a learner's name, e-mail…) just taken
   * out of it that must not remain in the store in any form — old copies, set-aside files, dead
   * rows — once this resolves.
   */
  write(mapId: string, workspace: MobilityWorkspace, options?: { erased?: readonly string[] }): Promise<void>;
  /** The map's workspace is gone, for good (the map was deleted). */
  remove(mapId: string): Promise<void>;
  close(): Promise<void>;
}

export interface FileMobilityStoreOptions {
  /** A file that did not read as a workspace was set aside (renamed) as `setAsideAs`. */
  onDamaged?: (mapId: string, setAsideAs: string, error: unknown) => void;
}

const FILE_SUFFIX = '.json';
const DAMAGED = '.damaged-';

/**
 * The embedded store: `<dir>/<mapId>.json`, rewritten whole and atomically on every change
 * (temp file `.<mapId>.json.tmp`, fsync, rename over the old file, fsync of the folder), so the
 * previous content exists in no file once a write resolves. A file that does not parse is set
 * aside (`<mapId>.json.damaged-<ms>`) and reads as empty; an erasure also deletes the set-aside
 * copies of that map that hold an erased text.
 *
 * Changes to one map run one after another in the order they were asked for.
 */
export class FileMobilityStore implements MobilityStore {
  readonly #dir: string;
  readonly #options: FileMobilityStoreOptions;
  readonly #queues = new SerialQueues();

  constructor(dir: string, options: FileMobilityStoreOptions = {}) {
    this.#dir = dir;
    this.#options = options;
  }

  read(mapId: string): Promise<MobilityWorkspace | null> {
    if (!isValidMapId(mapId)) return Promise.resolve(null);
    return this.#queues.run(mapId, () => this.#read(mapId));
  }

  write(mapId: string, workspace: MobilityWorkspace, options: { erased?: readonly string[] } = {}): Promise<void> {
    if (!isValidMapId(mapId)) return Promise.reject(new Error('not a map id'));
    const text = `${JSON.stringify(workspace)}\n`;
    return this.#queues.run(mapId, async () => {
      await writeAtomically(this.#dir, `${mapId}${FILE_SUFFIX}`, text);
      if (options.erased && options.erased.length > 0) await this.#purgeAsides(mapId, options.erased);
    });
  }

  remove(mapId: string): Promise<void> {
    if (!isValidMapId(mapId)) return Promise.resolve();
    return this.#queues.run(mapId, async () => {
      await fsp.rm(join(this.#dir, `${mapId}${FILE_SUFFIX}`), { force: true });
      await fsp.rm(join(this.#dir, `.${mapId}${FILE_SUFFIX}.tmp`), { force: true });
      await this.#purgeAsides(mapId, null);
      await syncFolder(this.#dir);
    });
  }

  async close(): Promise<void> {
    await this.#queues.idle();
  }

  async #read(mapId: string): Promise<MobilityWorkspace | null> {
    const path = join(this.#dir, `${mapId}${FILE_SUFFIX}`);
    let text: string;
    try {
      text = await fsp.readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let problem: unknown;
    try {
      const value: unknown = JSON.parse(text);
      if (isWorkspace(value)) return value;
      problem = new Error('the file is JSON but not a mobility workspace');
    } catch (error) {
      problem = error;
    }
    const aside = `${path}${DAMAGED}${Date.now()}`;
    await fsp.rename(path, aside);
    this.#options.onDamaged?.(mapId, aside, problem);
    return null;
  }

  /** Deletes the map's set-aside copies: those holding one of `texts`, or all of them (null). */
  async #purgeAsides(mapId: string, texts: readonly string[] | null): Promise<void> {
    const prefix = `${mapId}${FILE_SUFFIX}${DAMAGED}`;
    const names = (await fsp.readdir(this.#dir).catch(() => [] as string[])).filter((name) => name.startsWith(prefix));
    const needles = (texts ?? []).filter(Boolean).map((t) => Buffer.from(t, 'utf8'));
    for (const name of names) {
      const path = join(this.#dir, name);
      if (texts !== null) {
        const bytes = await fsp.readFile(path).catch(() => null);
        // JSON may have escaped a text: look for it as written and as JSON writes it.
        const holds = bytes !== null && needles.some((needle, i) => bytes.includes(needle) || bytes.includes(Buffer.from(JSON.stringify(texts[i]).slice(1, -1), 'utf8')));
        if (!holds) continue;
      }
      await fsp.rm(path, { force: true });
    }
  }

}

async function syncFolder(dir: string): Promise<void> {
  const folder = await fsp.open(dir, 'r').catch(() => null);
  if (!folder) return;
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** The shape every store reads back (fields inside are checked by the server when it uses them). */
export function isWorkspace(value: unknown): value is MobilityWorkspace {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<MobilityWorkspace>;
  return (
    v.version === 1 &&
    Array.isArray(v.mobilities) &&
    v.mobilities.every((m) => typeof m === 'object' && m !== null && typeof m.id === 'string' && Array.isArray(m.learners) && Array.isArray(m.units))
  );
}
