import { mkdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { DurableJSONFile } from './durable-json-file.js';
import { RecordCopies } from './record-copy.js';
import type { Catalogue, MapRecord } from './types.js';

interface CatalogueData {
  version: 1;
  maps: Record<string, MapRecord>;
  flags: Record<string, boolean>;
}

const empty = (): CatalogueData => ({ version: 1, maps: {}, flags: {} });

export interface LowdbCatalogueOptions {
  /** Called when the catalogue file was unreadable and set aside; the owner should rebuild it. */
  onDamaged?: (setAsideAs: string, error: unknown) => void;
  /**
   * The maps folder: keep a copy of each record in `<folder>/<id>/record.json` (record-copy.ts),
   * written whenever the record's title, links or versions change, for rebuilding a damaged catalogue.
   */
  recordCopiesIn?: string;
}

/**
 * The catalogue in one JSON file through lowdb. lowdb rewrites the whole file on every write,
 * which is fine for a few small records per map, and is why map documents are not kept here.
 */
export class LowdbCatalogue implements Catalogue {
  readonly #db: Low<CatalogueData>;
  readonly #copies: RecordCopies | null;
  /** True when the file was damaged at open and the catalogue started empty. */
  damaged = false;

  /** The copy of a map's record in its folder; only when the catalogue keeps copies (`recordCopiesIn`). */
  readonly readRecordCopy?: (id: string) => Promise<MapRecord | undefined>;

  private constructor(db: Low<CatalogueData>, copies: RecordCopies | null) {
    this.#db = db;
    this.#copies = copies;
    if (copies) this.readRecordCopy = (id) => copies.read(id);
  }

  static async open(path: string, options: LowdbCatalogueOptions = {}): Promise<LowdbCatalogue> {
    mkdirSync(dirname(path), { recursive: true });
    let damaged = false;
    const adapter = new DurableJSONFile<CatalogueData>(path, isCatalogueData, (aside, error) => {
      damaged = true;
      options.onDamaged?.(aside, error);
    });
    const db = new Low<CatalogueData>(adapter, empty());
    await db.read();
    const catalogue = new LowdbCatalogue(db, options.recordCopiesIn ? new RecordCopies(options.recordCopiesIn) : null);
    catalogue.damaged = damaged;
    return catalogue;
  }

  async list(): Promise<MapRecord[]> {
    return Object.values(this.#db.data.maps)
      .map((record) => copy(record))
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async get(id: string): Promise<MapRecord | undefined> {
    const record = Object.hasOwn(this.#db.data.maps, id) ? this.#db.data.maps[id] : undefined;
    return record ? copy(record) : undefined;
  }

  async put(record: MapRecord): Promise<void> {
    const stored = copy(record);
    this.#db.data.maps[record.id] = stored;
    await Promise.all([this.#db.write(), this.#copies?.write(stored)]);
  }

  async update(id: string, patch: Partial<Omit<MapRecord, 'id'>>): Promise<MapRecord | undefined> {
    const current = Object.hasOwn(this.#db.data.maps, id) ? this.#db.data.maps[id] : undefined;
    if (!current) return undefined;
    const next = copy({ ...current, ...patch, id });
    this.#db.data.maps[id] = next;
    // The copy follows what a rebuild needs (title, links, versions), not every "last changed" time.
    const copyChanged = (['title', 'createdAt', 'access', 'versions', 'reviewLinks', 'publication'] as const).some((key) => JSON.stringify(current[key]) !== JSON.stringify(next[key]));
    await Promise.all([this.#db.write(), copyChanged ? this.#copies?.write(next) : undefined]);
    return copy(next);
  }

  async delete(id: string): Promise<boolean> {
    if (!Object.hasOwn(this.#db.data.maps, id)) return false;
    delete this.#db.data.maps[id];
    await Promise.all([this.#db.write(), this.#copies?.remove(id)]);
    return true;
  }


  async getFlag(name: string): Promise<boolean> {
    return this.#db.data.flags[name] === true;
  }

  async setFlag(name: string, value: boolean): Promise<void> {
    this.#db.data.flags[name] = value;
    await this.#db.write();
  }

  /** Writes the catalogue as it is now to `path` (for a backup). */
  async backup(path: string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, JSON.stringify(this.#db.data, null, 2), 'utf8');
  }

  async close(): Promise<void> {
    // Writes are awaited by each call; nothing is buffered.
  }
}

/** Records hold nested data (links, versions): callers get and give deep copies, never shared objects. */
function copy(record: MapRecord): MapRecord {
  return structuredClone(record);
}

function isCatalogueData(value: unknown): value is CatalogueData {
  if (typeof value !== 'object' || value === null) return false;
  const data = value as Partial<CatalogueData>;
  return data.version === 1 && typeof data.maps === 'object' && data.maps !== null && typeof data.flags === 'object';
}
