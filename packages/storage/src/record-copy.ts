import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { isValidDocumentId } from '@qms/protocol';
import type { MapRecord } from './types.js';

/** The name of the copy in each map's folder. */
export const RECORD_COPY_FILE = 'record.json';

/**
 * A copy of each map's catalogue record — its title, share links (token hashes) and version list —
 * in the map's own folder (`maps/<id>/record.json`), written atomically (temp file, fsync, rename,
 * fsync of the folder). The catalogue is one file: should it ever be unreadable, rebuilding it
 * from these copies keeps every link working and every version listed, where rebuilding from the
 * documents alone could only restore titles.
 *
 * Writes to one map's copy run one after another, in the order they were asked for.
 */
export class RecordCopies {
  readonly #dir: string;
  readonly #queues = new Map<string, Promise<void>>();

  constructor(mapsDir: string) {
    this.#dir = mapsDir;
  }

  write(record: MapRecord): Promise<void> {
    if (!isValidDocumentId(record.id)) return Promise.resolve(); // never a path outside the maps folder
    const text = `${JSON.stringify(record, null, 2)}\n`;
    return this.#serial(record.id, () => writeAtomically(join(this.#dir, record.id), RECORD_COPY_FILE, text));
  }

  remove(id: string): Promise<void> {
    if (!isValidDocumentId(id)) return Promise.resolve();
    return this.#serial(id, () => fsp.rm(join(this.#dir, id, RECORD_COPY_FILE), { force: true }));
  }

  /** The copy, or undefined when there is none or it does not read as a record of this map. */
  async read(id: string): Promise<MapRecord | undefined> {
    if (!isValidDocumentId(id)) return undefined;
    await this.#queues.get(id);
    let value: unknown;
    try {
      value = JSON.parse(await fsp.readFile(join(this.#dir, id, RECORD_COPY_FILE), 'utf8'));
    } catch {
      return undefined;
    }
    return isRecordOf(id, value) ? value : undefined;
  }

  #serial(id: string, work: () => Promise<void>): Promise<void> {
    const run = (this.#queues.get(id) ?? Promise.resolve()).then(work);
    const tail = run.catch(() => undefined);
    this.#queues.set(id, tail);
    void tail.then(() => {
      if (this.#queues.get(id) === tail) this.#queues.delete(id);
    });
    return run;
  }
}

/** Writes `text` as `dir/name`: a temp file (removed if the write fails), fsync, rename, fsync of the folder. */
export async function writeAtomically(dir: string, name: string, text: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const temp = join(dir, `.${name}.tmp`);
  const handle = await fsp.open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fsp.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await fsp.rename(temp, path);
  const folder = await fsp.open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

function isRecordOf(id: string, value: unknown): value is MapRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<MapRecord>;
  const hashOrNull = (hash: unknown) => hash === null || (typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash));
  return (
    record.id === id &&
    typeof record.title === 'string' &&
    typeof record.createdAt === 'number' &&
    typeof record.updatedAt === 'number' &&
    (record.access === undefined || (typeof record.access === 'object' && record.access !== null && Object.values(record.access).every(hashOrNull))) &&
    (record.reviewLinks === undefined ||
      (Array.isArray(record.reviewLinks) &&
        record.reviewLinks.every((link) => typeof link === 'object' && link !== null && typeof link.id === 'string' && typeof link.institutionId === 'string' && hashOrNull(link.hash) && link.hash !== null && typeof link.createdAt === 'number'))) &&
    (record.publication === undefined || isPublication(record.publication)) &&
    (record.versions === undefined ||
      (Array.isArray(record.versions) &&
        record.versions.every((v) => typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.name === 'string' && typeof v.createdAt === 'number' && typeof v.auto === 'boolean')))
  );
}

function isPublication(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const publication = value as Partial<import('./types.js').PublicationRecord>;
  return (
    (publication.status === 'draft' || publication.status === 'adopted' || publication.status === 'deprecated') &&
    typeof publication.changedAt === 'number' &&
    Array.isArray(publication.adoptions) &&
    publication.adoptions.every((a) => typeof a === 'object' && a !== null && typeof a.versionId === 'string' && typeof a.adoptedAt === 'number' && typeof a.documentIdentifier === 'string')
  );
}
