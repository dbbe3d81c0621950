import { CloseCode } from '@qms/protocol';
import type { FastifyBaseLogger } from 'fastify';
import { Room, type RoomOptions } from './room.js';

interface Slot {
  /** Resolves to the loaded room; rejects if loading failed. */
  ready: Promise<Room>;
  room: Room | null;
  /** Connections and API calls currently using the room. */
  holds: number;
  idleTimer: NodeJS.Timeout | null;
  /** Set while the room saves and unloads; a new acquire waits for it, then loads afresh. */
  unloading: Promise<void> | null;
}

export interface RoomsOptions extends Omit<RoomOptions, 'onCorrupted'> {
  /** How long a room with nobody in it stays loaded. */
  idleMs: number;
}

/**
 * Loads rooms on demand and unloads them once nobody uses them and their last save completed.
 * A room is never unloaded while a save is pending, and a client that arrives during an unload
 * waits for it and gets a freshly loaded room, so no change is lost between the two.
 */
export class Rooms {
  readonly #slots = new Map<string, Slot>();
  readonly #options: RoomsOptions;
  readonly #log: FastifyBaseLogger;

  constructor(options: RoomsOptions) {
    this.#options = options;
    this.#log = options.log;
  }

  get loadedCount(): number {
    return this.#slots.size;
  }

  /** The room if it is loaded and ready, without loading it. */
  peek(id: string): Room | undefined {
    const slot = this.#slots.get(id);
    return slot && !slot.unloading && slot.room?.isLoaded ? slot.room : undefined;
  }

  /**
   * Loads the room if needed and holds it until `release`. With `whileLoading`, the room is
   * returned as soon as its stored state is read (a sync connection joins while the document is
   * built; the room holds what needs the document); otherwise once the document is ready.
   */
  async acquire(id: string, { whileLoading = false }: { whileLoading?: boolean } = {}): Promise<Room> {
    const room = await this.#hold(id);
    if (whileLoading) return room;
    try {
      await room.loaded;
      return room;
    } catch (error) {
      this.release(room);
      throw error;
    }
  }

  async #hold(id: string): Promise<Room> {
    for (;;) {
      const slot = this.#slots.get(id);
      if (!slot) break;
      if (slot.unloading) {
        await slot.unloading;
        continue;
      }
      slot.holds++;
      if (slot.idleTimer) {
        clearTimeout(slot.idleTimer);
        slot.idleTimer = null;
      }
      try {
        return await slot.ready;
      } catch (error) {
        slot.holds--;
        throw error;
      }
    }
    const slot: Slot = {
      ready: Room.load(id, { ...this.#options, onCorrupted: (room) => void this.#reload(room) }),
      room: null,
      holds: 1,
      idleTimer: null,
      unloading: null,
    };
    this.#slots.set(id, slot);
    try {
      const room = await slot.ready;
      slot.room = room;
      room.loaded.then(
        () => this.#log.debug({ mapId: id }, 'room loaded'),
        () => {
          // It cannot be opened (written by a newer version): forget it, so the next visit tries again.
          if (this.#slots.get(id) !== slot) return;
          this.#slots.delete(id);
          if (slot.idleTimer) clearTimeout(slot.idleTimer);
          void this.#options.store.release(id).catch(() => undefined);
          void room.destroy();
        },
      );
      return room;
    } catch (error) {
      if (this.#slots.get(id) === slot) this.#slots.delete(id);
      throw error;
    }
  }

  release(room: Room): void {
    const slot = this.#slots.get(room.id);
    if (!slot || slot.room !== room) return;
    slot.holds = Math.max(0, slot.holds - 1);
    if (slot.holds > 0 || slot.unloading) return;
    if (this.#options.idleMs === 0) this.#unload(slot, room);
    else slot.idleTimer = setTimeout(() => this.#unload(slot, room), this.#options.idleMs);
  }

  /** Runs `fn` with the room loaded (loading it for the call if nobody is in it). */
  async with<T>(id: string, fn: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.acquire(id);
    try {
      return await fn(room);
    } finally {
      this.release(room);
    }
  }

  /** The ids of the loaded documents of a map: the map, its review, its private workshop documents. */
  loadedIdsOf(mapId: string): string[] {
    // Map ids have no dots: `<mapId>.` starts only that map's other documents.
    return [...this.#slots.keys()].filter((id) => id === mapId || id.startsWith(`${mapId}.`));
  }

  /** Closes the connections to a map's documents that came in with this token. */
  disconnectToken(mapId: string, tokenHash: string): void {
    for (const id of this.loadedIdsOf(mapId)) {
      const room = this.#slots.get(id)?.room;
      if (!room) continue;
      for (const peer of [...room.peers]) if (peer.tokenHash === tokenHash) peer.close(CloseCode.Unauthorized, 'link replaced');
    }
  }

  /** Closes every connection to a deleted map and forgets the room without saving it. */
  async drop(id: string, closeCode: number, reason: string): Promise<void> {
    const slot = this.#slots.get(id);
    if (!slot) return;
    if (slot.unloading) {
      await slot.unloading;
      return;
    }
    this.#slots.delete(id);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    const room = await slot.ready.catch(() => null);
    if (!room) return;
    for (const peer of [...room.peers]) peer.close(closeCode, reason);
    await room.whenAppended().catch(() => undefined);
    await room.destroy();
  }

  /**
   * Throws away a room whose document may hold part of a failed update: what it appended so far is
   * kept; its clients are told the server restarts the map, reconnect, and get it from storage.
   */
  async #reload(room: Room): Promise<void> {
    const slot = this.#slots.get(room.id);
    if (!slot || slot.room !== room) return;
    this.#slots.delete(room.id);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    await room.whenAppended().catch(() => undefined);
    for (const peer of [...room.peers]) peer.close(CloseCode.ServiceRestart, 'map reloaded');
    await this.#options.store.release(room.id).catch(() => undefined);
    await room.destroy();
  }

  /** Resolves when every loaded room's changes so far are fsynced (before a backup). */
  async whenAllDurable(): Promise<void> {
    await Promise.all([...this.#slots.values()].map((slot) => slot.room?.whenDurable()));
  }

  /** Saves and unloads every room (shutdown). Connections are closed by the caller first. */
  async unloadAll(): Promise<void> {
    const work: Promise<void>[] = [];
    for (const slot of this.#slots.values()) {
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      if (slot.unloading) work.push(slot.unloading);
      else if (slot.room) work.push(this.#startUnload(slot, slot.room));
    }
    await Promise.all(work);
  }

  #unload(slot: Slot, room: Room): void {
    slot.idleTimer = null;
    if (slot.holds > 0 || slot.unloading || this.#slots.get(room.id) !== slot) return;
    void this.#startUnload(slot, room);
  }

  #startUnload(slot: Slot, room: Room): Promise<void> {
    slot.unloading = room
      .unload()
      .catch((error: unknown) => {
        this.#log.error({ mapId: room.id, err: error }, 'error while unloading a room');
      })
      .finally(() => {
        if (this.#slots.get(room.id) === slot) this.#slots.delete(room.id);
        this.#log.debug({ mapId: room.id }, 'room unloaded');
      });
    return slot.unloading;
  }
}
