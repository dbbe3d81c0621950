import type { FastifyBaseLogger } from 'fastify';
import type { AwarenessOrigin, LocalOrigin, UpdateOrigin } from './origins.js';
import type { Room } from './room.js';
import type { Rooms } from './rooms.js';

/**
 * The server's behaviour around its rooms as an ordered chain of named hooks, modelled on
 * hocuspocus: an extension is an object with some of the hooks below; extensions run in the
 * order they were registered, and every hook of one extension finishes (or is handed off) before
 * the next extension's runs. The core guarantees — append before relay, "saved" only after fsync,
 * held messages while loading, per-message roles — live in the room itself and cannot be turned
 * off by an extension. The order of a room's hooks, and which are awaited, is in README.md.
 */

/** What the server-wide hooks are given. */
export interface ServerContext {
  rooms: Rooms;
  log: FastifyBaseLogger;
}

/** What every room hook is given. */
export interface RoomContext {
  room: Room;
}

/** An update was applied to a room's document. */
export interface ChangeContext extends RoomContext {
  /** A client's update as it sent it, a change the server made, or an update from another instance. */
  update: Uint8Array;
  origin: UpdateOrigin;
}

/** A batch of this instance's updates was handed to the store, then relayed. */
export interface StoredUpdatesContext extends RoomContext {
  /** Every update applied in one turn of the event loop, in order; the store got them in one append. */
  updates: readonly Uint8Array[];
  /** Who made each update (same index). */
  origins: readonly LocalOrigin[];
  /**
   * True: appended to the log (it survives a crash of the process; the fsync follows). False:
   * saving is failing, the batch is only in memory (clients were told) and is retried as a snapshot.
   */
  stored: boolean;
  /** Update messages sent to this instance's clients. */
  relayed: number;
}

/** The awareness (who is here, their pointers and selections) of a room changed, and was relayed. */
export interface AwarenessContext extends RoomContext {
  added: readonly number[];
  updated: readonly number[];
  removed: readonly number[];
  /** Those clients' states as one y-protocols awareness update (what another instance applies). */
  update: Uint8Array;
  origin: AwarenessOrigin;
}

/**
 * An extension: any subset of these hooks. Hooks marked "awaited" may return a promise and the
 * chain waits for it before the next extension; the others are called in order and not waited
 * for (a returned promise that rejects is logged).
 */
export interface Extension {
  /** Names the extension in logs. */
  readonly name: string;
  /** Once, while the server starts (awaited; an error stops the start). */
  onConfigure?(context: ServerContext): void | Promise<void>;
  /**
   * A room was created for a document and its stored state read, but not applied yet: the
   * document is empty (awaited; an error fails the load, clients get 4500 and retry). The place to
   * observe the document or subscribe to other instances' updates for it.
   */
  onLoadDocument?(context: RoomContext): void | Promise<void>;
  /**
   * The document is built from storage and migrated; no client has been answered from it yet and
   * their messages are still held (awaited; an error fails the load). The place to catch up.
   */
  afterLoadDocument?(context: RoomContext): void | Promise<void>;
  /** An update was applied to the document (during load too: migrations). Not for LOADED updates. */
  onChange?(context: ChangeContext): void;
  /** A batch of this instance's updates was appended (or saving failed) and relayed to its clients. */
  afterStoreUpdates?(context: StoredUpdatesContext): void;
  /** The room's awareness changed and was relayed to this instance's clients. */
  onAwarenessUpdate?(context: AwarenessContext): void;
  /**
   * The room's last changes are appended, fsynced and compacted; its document is still there and
   * nobody is in it (awaited; an error is logged and the unload goes on).
   */
  beforeUnloadDocument?(context: RoomContext): void | Promise<void>;
  /**
   * The room is gone: unloaded, its map deleted, reloaded after a failed update, or it could not
   * be loaded. Its document is destroyed (awaited; an error is logged).
   */
  afterUnloadDocument?(context: RoomContext): void | Promise<void>;
  /** The server is stopping: every room is unloaded, storage not closed yet (awaited; errors logged). */
  onDestroy?(context: ServerContext): void | Promise<void>;
}

export type HookName = Exclude<keyof Extension, 'name'>;
export type HookContext<K extends HookName> = Parameters<NonNullable<Extension[K]>>[0];

/** Hooks that can refuse: the first error stops the chain and is thrown to the caller. */
type StrictHook = 'onConfigure' | 'onLoadDocument' | 'afterLoadDocument';
/** Hooks that clean up: each extension runs even if one before it failed. */
type SettlingHook = 'beforeUnloadDocument' | 'afterUnloadDocument' | 'onDestroy';
/** Hooks on the hot path: called synchronously, never waited for. */
type NotifyingHook = 'onChange' | 'afterStoreUpdates' | 'onAwarenessUpdate';

/** The registered extensions, and the three ways of running one hook across them. */
export class HookChain {
  readonly #extensions: Extension[] = [];
  readonly #log: FastifyBaseLogger;

  constructor(log: FastifyBaseLogger, extensions: readonly Extension[] = []) {
    this.#log = log;
    for (const extension of extensions) this.register(extension);
  }

  /** Adds an extension after those registered before: its hooks run after theirs. */
  register(extension: Extension): void {
    this.#extensions.push(extension);
  }

  get extensions(): readonly Extension[] {
    return this.#extensions;
  }

  /** Awaits each extension's hook in order; the first error stops the chain and is thrown. */
  async run<K extends StrictHook>(hook: K, context: HookContext<K>): Promise<void> {
    for (const extension of this.#extensions) {
      const fn = extension[hook] as ((context: HookContext<K>) => void | Promise<void>) | undefined;
      if (fn) await fn.call(extension, context);
    }
  }

  /** Awaits each extension's hook in order; an error is logged and the next extension still runs. */
  async settle<K extends SettlingHook>(hook: K, context: HookContext<K>): Promise<void> {
    for (const extension of this.#extensions) {
      const fn = extension[hook] as ((context: HookContext<K>) => void | Promise<void>) | undefined;
      if (!fn) continue;
      try {
        await fn.call(extension, context);
      } catch (error) {
        this.#failed(extension, hook, error);
      }
    }
  }

  /** Calls each extension's hook in order without waiting; errors and rejections are logged. */
  emit<K extends NotifyingHook>(hook: K, context: HookContext<K>): void {
    for (const extension of this.#extensions) {
      const fn = extension[hook] as ((context: HookContext<K>) => unknown) | undefined;
      if (!fn) continue;
      try {
        const result = fn.call(extension, context);
        if (result instanceof Promise) result.catch((error: unknown) => this.#failed(extension, hook, error));
      } catch (error) {
        this.#failed(extension, hook, error);
      }
    }
  }

  #failed(extension: Extension, hook: HookName, error: unknown): void {
    this.#log.warn({ err: error, extension: extension.name, hook }, `${hook} of ${extension.name} failed`);
  }
}
