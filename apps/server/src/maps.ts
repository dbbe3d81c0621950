import { randomBytes } from 'node:crypto';
import { checkMap, setMapTitle, snapshotOf, type MapSnapshot } from '@qms/model';
import { CloseCode } from '@qms/protocol';
import type { Catalogue, DocumentStore, MapRecord } from '@qms/storage';
import type * as Y from 'yjs';
import { Room } from './rooms/room.js';
import type { Rooms } from './rooms/rooms.js';

export const MAX_TITLE_LENGTH = 200;

/** Map ids are random so that knowing one map's URL tells nothing about another's. */
export function newMapId(): string {
  return randomBytes(12).toString('base64url');
}

/** Creating, renaming and deleting maps: the catalogue, the stored document and live rooms together. */
export class Maps {
  readonly #catalogue: Catalogue;
  readonly #store: DocumentStore;
  readonly #rooms: Rooms;

  constructor(catalogue: Catalogue, store: DocumentStore, rooms: Rooms) {
    this.#catalogue = catalogue;
    this.#store = store;
    this.#rooms = rooms;
  }

  list(): Promise<MapRecord[]> {
    return this.#catalogue.list();
  }

  get(id: string): Promise<MapRecord | undefined> {
    return this.#catalogue.get(id);
  }

  /**
   * The document is stored and fsynced first, then listed: a crash in between leaves an unlisted
   * directory, never a listed map without data.
   */
  async create(title: string, options: { id?: string; build?: (doc: Y.Doc, origin: unknown) => void } = {}): Promise<MapRecord> {
    const id = options.id ?? newMapId();
    const build = options.build;
    // A template brings its own title; the one asked for wins.
    const doc = await Room.create(id, title, this.#store, build && ((d, origin) => {
      build(d, origin);
      setMapTitle(d, title, origin);
    }));
    doc.destroy();
    const now = Date.now();
    const record: MapRecord = { id, title, createdAt: now, updatedAt: now };
    await this.#catalogue.put(record);
    return record;
  }

  /** Renames through the live document, so open editors see the new title at once. */
  async rename(id: string, title: string): Promise<MapRecord | undefined> {
    if (!(await this.#catalogue.get(id))) return undefined;
    await this.#rooms.with(id, async (room) => {
      room.change((doc, origin) => setMapTitle(doc, title, origin));
      await room.whenDurable();
    });
    return this.#catalogue.update(id, { title, updatedAt: Date.now() });
  }

  /** The methodology checks on the live document (loaded for the call if nobody is in it). */
  async report(id: string): Promise<ReturnType<typeof checkMap> | undefined> {
    const snapshot = await this.snapshot(id);
    return snapshot && checkMap(snapshot);
  }

  /** A reading of the live document (loaded for the call if nobody is in it). */
  async snapshot(id: string): Promise<MapSnapshot | undefined> {
    if (!(await this.#catalogue.get(id))) return undefined;
    return this.#rooms.with(id, (room) => snapshotOf(room.doc));
  }

  async delete(id: string): Promise<boolean> {
    const existed = await this.#catalogue.delete(id);
    if (!existed) return false;
    await this.#rooms.drop(id, CloseCode.MapDeleted, 'map deleted');
    await this.#store.remove(id);
    return true;
  }
}
