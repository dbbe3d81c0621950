import { IncompatibilityReason, SCHEMA_VERSION, migrate, readMeta, restoreContent } from '@qms/model';
import { AUTOMATIC_CHECKPOINT_NAME, DocumentKind, VersionKind, beforeRestoringName, versionKindOf, type VersionInfo } from '@qms/protocol';
import { SerialQueues, type Catalogue, type DocumentStore, type VersionRecord } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';
import * as Y from 'yjs';
import { newPublicId } from './access.js';
import type { Extension } from './rooms/hooks.js';
import type { Room } from './rooms/room.js';
import type { Rooms } from './rooms/rooms.js';

export type { VersionRecord } from '@qms/storage';

/** A stored version as read: `kind` always set (records written before it are migrated on read). */
export type ListedVersion = VersionRecord & Pick<VersionInfo, 'kind'>;

/**
 * A version record as the API shows it. `kind` (and a backup's `restoredName`) only when asked
 * for (`?include=kind`): the answer without it is the documented shape older clients compare.
 */
export function publicVersion(version: ListedVersion): VersionInfo {
  const { id, name, createdAt, auto, kind, restoredName, createdBy } = version;
  return {
    id,
    name,
    createdAt,
    auto,
    kind,
    ...(restoredName === undefined ? {} : { restoredName }),
    ...(createdBy === undefined ? {} : { createdBy }),
  };
}

/** A stored record with its kind: read from it, or for an old record from its name (versionKindOf). */
function readKind(version: VersionRecord): ListedVersion {
  return { ...version, ...versionKindOf(version) };
}

export interface VersionsOptions {
  catalogue: Catalogue;
  store: DocumentStore;
  rooms: Rooms;
  log: FastifyBaseLogger;
  /** A map being edited gets an automatic checkpoint at most this often (and when it unloads). */
  checkpointIntervalMs: number;
  /** Automatic versions kept per map; older ones are deleted. Named versions are never pruned. */
  maxAutomatic: number;
}

/** Why a version could not be used. */
export const VersionProblem = {
  MapNotFound: 'map-not-found',
  VersionNotFound: 'version-not-found',
  /** Saved by a newer version of the app (or its schema version is damaged): opening it could lose data. */
  NewerSchema: 'newer-schema',
} as const;
export type VersionProblem = (typeof VersionProblem)[keyof typeof VersionProblem];

export class VersionError extends Error {
  constructor(
    readonly problem: VersionProblem,
    message: string,
  ) {
    super(message);
    this.name = 'VersionError';
  }
}

/** Per map: how many batches of changes it has had, and how many the newest checkpoint covers. */
interface Activity {
  changes: number;
  checkpointed: number;
  /** When the current stretch of editing started, or the last checkpoint was taken (ms). */
  clock: number;
  /** An interval checkpoint is being taken: the next changes do not start another. */
  busy: boolean;
}

/**
 * Named versions and automatic checkpoints of maps. A version is a whole document state kept by
 * the DocumentStore (`saveVersion`), listed in the map's catalogue record. Restoring one is an
 * ordinary change to the live document (`restoreContent`), so connected clients simply receive
 * it as updates and nobody's copy diverges.
 *
 * Every change to a map's version list runs in that map's queue, so two saves at once never lose
 * one another's catalogue entry.
 */
export class Versions {
  readonly #options: VersionsOptions;
  readonly #queues = new SerialQueues();
  readonly #activity = new Map<string, Activity>();

  constructor(options: VersionsOptions) {
    this.#options = options;
  }

  /** Newest first; undefined for an unknown map. */
  async list(mapId: string): Promise<ListedVersion[] | undefined> {
    const record = await this.#options.catalogue.get(mapId);
    if (!record) return undefined;
    return newestFirst((record.versions ?? []).map(readKind));
  }

  /** Saves the live document (after everything it holds is on disk) as a new version. */
  async create(mapId: string, init: { name: string; createdBy?: string }): Promise<ListedVersion> {
    await this.#entries(mapId); // an unknown map is not loaded for nothing
    return this.#options.rooms.with(mapId, async (room) => {
      await room.whenDurable();
      return this.#save(mapId, room, { name: init.name, kind: VersionKind.Named, createdBy: init.createdBy });
    });
  }

  /**
   * The version's document as one Yjs update, brought to the current schema (a version saved
   * before an upgrade reads like the live map). Throws VersionError when there is none.
   */
  async load(mapId: string, versionId: string): Promise<Uint8Array> {
    const doc = await this.#loadDoc(mapId, versionId);
    try {
      return Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
  }

  /**
   * Makes the live map read as the version did, as a new change. The state before is saved first,
   * as an automatic version, so that the restore itself can be undone by restoring that one. Works
   * on a live map this version cannot open (a newer or damaged schema version, malformed entries):
   * the restore leaves it current and without them (restoreContent).
   */
  async restore(mapId: string, versionId: string, by?: string): Promise<{ restored: string; backup: string }> {
    const target = await this.#loadDoc(mapId, versionId);
    const entry = (await this.#entries(mapId)).find((v) => v.id === versionId);
    try {
      return await this.#options.rooms.with(mapId, async (room) => {
        await room.whenDurable();
        const restoredName = entry?.name ?? versionId;
        const backup = await this.#save(mapId, room, { name: beforeRestoringName(restoredName), kind: VersionKind.Backup, restoredName, createdBy: by });
        room.change((doc, origin) => restoreContent(doc, target, origin));
        await room.whenDurable();
        this.#options.log.info({ mapId, versionId, backup: backup.id }, 'version restored');
        return { restored: versionId, backup: backup.id };
      });
    } finally {
      target.destroy();
    }
  }

  /** Deletes a version (its document, then its entry). False when there was no such version. */
  remove(mapId: string, versionId: string): Promise<boolean> {
    return this.#queues.run(mapId, async () => {
      const entries = await this.#entries(mapId);
      if (!entries.some((v) => v.id === versionId)) return false;
      await this.#options.catalogue.update(mapId, { versions: entries.filter((v) => v.id !== versionId) });
      await this.#options.store.removeVersion(mapId, versionId);
      return true;
    });
  }

  // ---- automatic checkpoints ----

  /**
   * The checkpoints, as an extension of the rooms: counted on every batch of changes, saved at most
   * every checkpointIntervalMs while a map is edited, and once more before its room unloads.
   */
  readonly extension: Extension = {
    name: 'versions',
    afterStoreUpdates: ({ room }) => this.#changed(room),
    beforeUnloadDocument: ({ room }) => this.#unloading(room),
  };

  #changed(room: Room): void {
    if (room.kind !== DocumentKind.Map) return;
    const now = Date.now();
    let activity = this.#activity.get(room.id);
    if (!activity) {
      // The clock starts with the first change: a map opened and only looked at gets no checkpoint.
      activity = { changes: 0, checkpointed: 0, clock: now, busy: false };
      this.#activity.set(room.id, activity);
    }
    activity.changes++;
    if (activity.busy || now - activity.clock < this.#options.checkpointIntervalMs) return;
    // Hold the room for the save, unless it is already unloading (the unload hook saves then).
    if (this.#options.rooms.peek(room.id) !== room) return;
    activity.busy = true;
    void this.#options.rooms
      .with(room.id, (held) => this.#checkpoint(held))
      .catch((error: unknown) => this.#options.log.warn({ mapId: room.id, err: error }, 'automatic checkpoint failed'))
      .finally(() => {
        activity.busy = false;
      });
  }

  /** The room is going away, its changes saved: a last checkpoint if it changed since the newest. */
  async #unloading(room: Room): Promise<void> {
    if (room.kind !== DocumentKind.Map) return;
    try {
      await this.#checkpoint(room);
    } catch (error) {
      this.#options.log.warn({ mapId: room.id, err: error }, 'automatic checkpoint at unload failed');
    } finally {
      // The next load starts counting afresh; nothing is lost, the last state was just saved.
      this.#activity.delete(room.id);
    }
  }

  /** Saves an automatic version if the map changed since its newest checkpoint or version. */
  async #checkpoint(room: Room): Promise<void> {
    const activity = this.#activity.get(room.id);
    if (!activity || activity.changes <= activity.checkpointed) return;
    if (!(await this.#options.catalogue.get(room.id))) return; // deleted meanwhile
    await this.#save(room.id, room, { name: AUTOMATIC_CHECKPOINT_NAME, kind: VersionKind.Auto });
  }

  // ---- shared steps ----

  /**
   * Writes the room's document as a version, lists it, and prunes old automatic versions. The state
   * is taken at once (synchronously), so the version is exactly what the document held then.
   *
   * Only the catalogue part runs in the map's queue. Nothing in the queue ever waits for a room:
   * a room's unload waits for its last checkpoint, so a queued task that waited for the room to
   * load again would wait for itself.
   */
  async #save(
    mapId: string,
    room: Room,
    init: { name: string; kind: VersionKind; restoredName?: string; createdBy?: string | undefined },
  ): Promise<ListedVersion> {
    const activity = this.#activity.get(mapId);
    const covered = activity?.changes ?? 0;
    const state = Y.encodeStateAsUpdate(room.doc);
    const version: ListedVersion = {
      id: newPublicId(9),
      name: init.name,
      createdAt: Date.now(),
      auto: init.kind !== VersionKind.Named,
      kind: init.kind,
      ...(init.restoredName === undefined ? {} : { restoredName: init.restoredName }),
      ...(init.createdBy ? { createdBy: init.createdBy } : {}),
    };
    const { store, catalogue } = this.#options;
    // The document first, then the entry: a crash in between leaves an unlisted file, never a
    // listed version without a document.
    await store.saveVersion(mapId, version.id, state);
    await this.#queues.run(mapId, async () => {
      if (!(await catalogue.get(mapId))) {
        // The map was deleted while the version was written: leave nothing behind.
        await store.remove(mapId);
        throw new VersionError(VersionProblem.MapNotFound, `There is no map "${mapId}".`);
      }
      const next = [...(await this.#entries(mapId)), version];
      const automatic = next.filter((v) => v.auto);
      const pruned = new Set(automatic.slice(0, Math.max(0, automatic.length - this.#options.maxAutomatic)).map((v) => v.id));
      await catalogue.update(mapId, { versions: next.filter((v) => !pruned.has(v.id)) });
      for (const id of pruned) await store.removeVersion(mapId, id);
    });
    if (activity) {
      activity.checkpointed = Math.max(activity.checkpointed, covered);
      activity.clock = Date.now();
    }
    return version;
  }

  /** The map's versions, oldest first, each with its kind (what the next write stores). */
  async #entries(mapId: string): Promise<ListedVersion[]> {
    const record = await this.#options.catalogue.get(mapId);
    if (!record) throw new VersionError(VersionProblem.MapNotFound, `There is no map "${mapId}".`);
    // Oldest first, as stored: pruning drops from the front.
    return (record.versions ?? []).map(readKind).sort((a, b) => a.createdAt - b.createdAt);
  }

  async #loadDoc(mapId: string, versionId: string): Promise<Y.Doc> {
    const entries = await this.#entries(mapId);
    const bytes = entries.some((v) => v.id === versionId) ? await this.#options.store.loadVersion(mapId, versionId) : undefined;
    if (!bytes) throw new VersionError(VersionProblem.VersionNotFound, `This map has no version "${versionId.slice(0, 64)}".`);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes);
    if (readMeta(doc).schemaVersion !== SCHEMA_VERSION) {
      const migration = migrate(doc);
      if (!migration.ok) {
        doc.destroy();
        const why = migration.reason === IncompatibilityReason.NewerSchema ? 'was saved by a newer version of the app' : 'has a damaged schema version';
        throw new VersionError(VersionProblem.NewerSchema, `This version ${why} and cannot be opened here. Restore an earlier one.`);
      }
    }
    return doc;
  }

}

function newestFirst<T extends VersionRecord>(versions: readonly T[]): T[] {
  // Stored oldest first: on equal times, the later entry is the newer one.
  return versions
    .map((version, index) => ({ version, index }))
    .sort((a, b) => b.version.createdAt - a.version.createdAt || b.index - a.index)
    .map(({ version }) => version);
}
