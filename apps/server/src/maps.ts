import { randomUUID } from 'node:crypto';
import {
  checkMap,
  initMapDocument,
  knownThroughSnapshots,
  matchedUnits,
  readInstitutions,
  readWorkshopSnapshot,
  setMapTitle,
  snapshotOf,
  unitsById,
  type MapSnapshot,
  type MatchedUnit,
  type MatchTargets,
  type WorkshopSnapshot,
} from '@qms/model';
import { CloseCode, DocumentKind, documentId, splitUpdate, type Role } from '@qms/protocol';
import type { Catalogue, DocumentStore, MapRecord, ReviewLinkRecord } from '@qms/storage';
import * as Y from 'yjs';
import { hashToken, newAccess, newPublicId, newToken, type Tokens } from './access.js';
import { SYNC_PIECE_BYTES } from './rooms/initial-sync.js';
import { SERVER_ORIGIN } from './rooms/origins.js';
import type { Rooms } from './rooms/rooms.js';
import { privateDocumentIds } from './workshop.js';

/** Review links one map may have: a few per partner institution is plenty. */
export const MAX_REVIEW_LINKS = 100;
/** Most partner maps one report reads for the matching checks (the others are checked from the snapshots kept on the matches). */
export const MAX_MATCH_TARGET_MAPS = 20;

/** Map ids are random so that knowing one map's URL tells nothing about another's. */
export function newMapId(): string {
  return newPublicId(12);
}

/** What other instances sharing the storage are told, so that they close their connections too (extensions/bus.ts). */
export interface OtherInstances {
  mapDeleted(mapId: string): void;
  tokenReplaced(mapId: string, tokenHash: string): void;
}

/** Creating, renaming and deleting maps: the catalogue, the stored documents and live rooms together. */
export class Maps {
  readonly #catalogue: Catalogue;
  readonly #store: DocumentStore;
  readonly #rooms: Rooms;
  readonly #others: OtherInstances | undefined;
  readonly #onDelete: Array<(id: string) => Promise<void>> = [];

  constructor(catalogue: Catalogue, store: DocumentStore, rooms: Rooms, others?: OtherInstances) {
    this.#catalogue = catalogue;
    this.#store = store;
    this.#rooms = rooms;
    this.#others = others;
  }

  list(): Promise<MapRecord[]> {
    return this.#catalogue.list();
  }

  get(id: string): Promise<MapRecord | undefined> {
    return this.#catalogue.get(id);
  }

  /**
   * The document is stored and fsynced first, then listed: a crash in between leaves an unlisted
   * directory, never a listed map without data. Returns the share links' tokens: the only time
   * they are known.
   */
  async create(
    title: string,
    options: {
      id?: string;
      build?: (doc: Y.Doc, origin: unknown) => void;
      /** The whole document, already built and titled elsewhere (an import, in a worker thread): stored as it is. */
      state?: readonly Uint8Array[];
      /** A blank map's source language, a canonical BCP 47 tag (`en` when absent). */
      language?: string;
    } = {},
  ): Promise<{ record: MapRecord; tokens: Tokens }> {
    const id = options.id ?? newMapId();
    const build = options.build;
    if (options.state) {
      await this.#store.compact(id, options.state);
    } else {
      const doc = new Y.Doc();
      if (build) {
        // A template brings its own title; the one asked for wins.
        build(doc, SERVER_ORIGIN);
        setMapTitle(doc, title, SERVER_ORIGIN);
      } else {
        initMapDocument(doc, { title, ...(options.language ? { language: options.language } : {}) }, SERVER_ORIGIN);
      }
      // Stored in pieces, as compaction stores it: the first visitor gets them as they are.
      await this.#store.compact(id, splitUpdate(Y.encodeStateAsUpdate(doc), SYNC_PIECE_BYTES));
      doc.destroy();
    }
    await this.#store.release(id);
    const now = Date.now();
    const { tokens, access } = newAccess();
    const record: MapRecord = { id, title, createdAt: now, updatedAt: now, access };
    await this.#catalogue.put(record);
    return { record, tokens };
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

  /**
   * A change to the live document by the server (an import into an existing map): `fn` reads and
   * writes it in one go, so nobody's edit lands between its reading and its writing; stored and
   * relayed to open editors. Undefined when there is no such map; what `fn` throws is thrown.
   */
  async change<T>(id: string, fn: (doc: Y.Doc, origin: unknown) => T): Promise<T | undefined> {
    if (!(await this.#catalogue.get(id))) return undefined;
    return this.#rooms.with(id, async (room) => {
      let result!: T;
      room.change((doc, origin) => {
        result = fn(doc, origin);
      });
      await room.whenDurable();
      await this.#catalogue.update(id, { updatedAt: Date.now() });
      return result;
    });
  }

  /** The methodology checks on the live document (loaded for the call if nobody is in it). */
  async report(id: string): Promise<ReturnType<typeof checkMap> | undefined> {
    const snapshot = await this.snapshot(id);
    return snapshot && checkMap({ ...snapshot, matchTargets: await this.matchTargets(snapshot, id) });
  }

  /**
   * What this map's readers may know of the maps its units are matched with (at most
   * MAX_MATCH_TARGET_MAPS of them, each loaded for the call): whether each matched unit still
   * exists and whether it changed since it was matched, with the match's snapshot as its content
   * (`knownThroughSnapshots`: a link to this map never shows another map's current content); null
   * for a map that no longer exists.
   */
  async matchTargets(snapshot: MapSnapshot, ownId?: string): Promise<MatchTargets> {
    const targets = new Map<string, ReadonlyMap<string, MatchedUnit> | null>();
    const ids = [...new Set((snapshot.crossMatches ?? []).map((edge) => edge.targetMap!))].filter((mapId) => mapId !== ownId).slice(0, MAX_MATCH_TARGET_MAPS);
    for (const mapId of ids) {
      const other = await this.snapshot(mapId);
      targets.set(mapId, other ? unitsById(matchedUnits(other)) : null);
    }
    return knownThroughSnapshots(snapshot, targets);
  }

  /** A reading of the live document (loaded for the call if nobody is in it). */
  /** The map's workshop as its public review document holds it (never a participant's private document). */
  async workshop(id: string): Promise<WorkshopSnapshot | undefined> {
    if (!(await this.#catalogue.get(id))) return undefined;
    return this.#rooms.with(documentId(id, DocumentKind.Review), (room) => readWorkshopSnapshot(room.doc));
  }

  async snapshot(id: string): Promise<MapSnapshot | undefined> {
    if (!(await this.#catalogue.get(id))) return undefined;
    return this.#rooms.with(id, (room) => snapshotOf(room.doc));
  }

  /**
   * A new link for a role: the old token stops working at once, and whoever is connected with it
   * is disconnected. Returns the new token (shown once).
   */
  async rotate(id: string, role: Role): Promise<string | undefined> {
    const record = await this.#catalogue.get(id);
    if (!record) return undefined;
    const token = newToken();
    const previous = record.access?.[role] ?? null;
    await this.#catalogue.update(id, { access: { ...record.access, [role]: hashToken(token) } });
    if (previous) this.#disconnect(id, previous);
    return token;
  }

  /** No link for this role any more; its holders are disconnected. */
  async revoke(id: string, role: Role): Promise<boolean> {
    const record = await this.#catalogue.get(id);
    if (!record) return false;
    const previous = record.access?.[role] ?? null;
    await this.#catalogue.update(id, { access: { ...record.access, [role]: null } });
    if (previous) this.#disconnect(id, previous);
    return true;
  }

  /**
   * A new review link for a partner institution of the map: a commenter's link whose sign-offs
   * speak for that institution only. Resolves to its record and token (shown once), or to the
   * reason it cannot be made.
   */
  async issueReviewLink(id: string, institutionId: string): Promise<{ link: ReviewLinkRecord; token: string } | 'no-map' | 'no-institution' | 'too-many'> {
    const record = await this.#catalogue.get(id);
    if (!record) return 'no-map';
    const known = await this.#rooms.with(id, (room) => readInstitutions(room.doc).some((institution) => institution.id === institutionId));
    if (!known) return 'no-institution';
    if ((record.reviewLinks ?? []).length >= MAX_REVIEW_LINKS) return 'too-many';
    const token = newToken();
    const link: ReviewLinkRecord = { id: randomUUID(), institutionId, hash: hashToken(token), createdAt: Date.now() };
    await this.#catalogue.update(id, { reviewLinks: [...(record.reviewLinks ?? []), link] });
    return { link, token };
  }

  /** The review link stops working at once; whoever is connected with it is disconnected. False: no such link. */
  async revokeReviewLink(id: string, linkId: string): Promise<boolean> {
    const record = await this.#catalogue.get(id);
    const link = record?.reviewLinks?.find((candidate) => candidate.id === linkId);
    if (!record || !link) return false;
    await this.#catalogue.update(id, { reviewLinks: record.reviewLinks!.filter((candidate) => candidate.id !== linkId) });
    this.#disconnect(id, link.hash);
    return true;
  }

  /** `listener` runs after a map is deleted, before the deletion is reported done (its mobility workspace goes with it). */
  onDelete(listener: (id: string) => Promise<void>): void {
    this.#onDelete.push(listener);
  }

  async delete(id: string): Promise<boolean> {
    const existed = await this.#catalogue.delete(id);
    if (!existed) return false;
    // Its private workshop documents go with it (they hold what participants wrote).
    const docIds = new Set([documentId(id, DocumentKind.Map), documentId(id, DocumentKind.Review), ...(await privateDocumentIds(this.#rooms, this.#store, id))]);
    for (const docId of docIds) {
      await this.#rooms.drop(docId, CloseCode.MapDeleted, 'map deleted');
      await this.#store.remove(docId);
    }
    for (const listener of this.#onDelete) await listener(id);
    this.#others?.mapDeleted(id);
    return true;
  }

  #disconnect(id: string, tokenHash: string): void {
    this.#rooms.disconnectToken(id, tokenHash);
    this.#others?.tokenReplaced(id, tokenHash);
  }
}
