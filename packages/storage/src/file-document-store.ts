import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { isValidDocumentId, isValidVersionId } from '@qms/protocol';
import { LOG_MAGIC, SNAPSHOT_MAGIC, decodeFile, encodeRecords, type DecodedFile } from './framing.js';
import {
  StorageError,
  StorageErrorReason,
  type DocumentStore,
  type Recovery,
  type StoreStats,
  type StoredDocument,
} from './types.js';

const fdatasync = promisify(fs.fdatasync);
const fsyncFd = promisify(fs.fsync);
const closeFd = promisify(fs.close);

/**
 * Each map is a directory of generations:
 *
 *   maps/<id>/log.<g>.bin        updates appended while generation g was current
 *   maps/<id>/snapshot.<g>.bin   the whole document, covering every log up to and including g
 *   maps/<id>/versions/<v>.bin   a saved version: the whole document as it was then (framed as a
 *                                snapshot); never touched by compaction
 *
 * Compaction starts a new log generation, writes a snapshot of the old one atomically, and keeps
 * the previous snapshot with the logs after it, so that a damaged newest snapshot can be rebuilt
 * from the one before. Yjs updates are idempotent, so replaying a log that a snapshot already
 * covers is harmless: every step below is safe to interrupt.
 */
export interface FileDocumentStoreOptions {
  /** Called when damaged files are found and set aside. */
  onRecovery?: (mapId: string, recovery: Recovery) => void;
  /**
   * Least time between the starts of two fsyncs of one map (default 0). Appends are written at
   * once either way (they survive a crash of the process); this only lets a busy map's changes
   * share an fsync, at the price of confirming them as saved up to this much later.
   */
  fsyncIntervalMs?: number;
  /** Told how long each fsync of a map's log took (metrics). */
  onFsync?: (seconds: number) => void;
}

interface OpenMap {
  id: string;
  dir: string;
  /** The generation new appends go to. */
  gen: number;
  fd: number | null;
  /** Size of the current log file (to roll back a failed append). */
  fileLength: number;
  logBytes: number;
  snapshotBytes: number;
  /** Appended since the last fdatasync began. */
  dirty: boolean;
  /** The directory gained a file whose entry is not yet fsynced. */
  dirDirty: boolean;
  syncing: Promise<void> | null;
  nextSync: Promise<void> | null;
  /** performance.now() when its last fsync started. */
  lastSyncAt: number;
  /** Old generations' file descriptors being synced and closed after a rotation. */
  retiring: Promise<void>[];
  compacting: Promise<void>;
}

interface Listing {
  logs: number[];
  snapshots: number[];
}

export class FileDocumentStore implements DocumentStore {
  readonly #root: string;
  readonly #maps = new Map<string, OpenMap>();
  readonly #opening = new Map<string, Promise<OpenMap>>();
  readonly #options: FileDocumentStoreOptions;
  #closed = false;
  /** fsyncs of map logs so far (tests and diagnostics). */
  fsyncCount = 0;
  /** The fsync running now (see #sync); the next one starts after it. */
  #fsyncs: Promise<unknown> = Promise.resolve();
  /** Resolves when no backup is copying files: compaction deletes files only after it. */
  #backup: Promise<unknown> = Promise.resolve();

  constructor(root: string, options: FileDocumentStoreOptions = {}) {
    this.#root = root;
    this.#options = options;
    fs.mkdirSync(root, { recursive: true });
  }

  async load(mapId: string): Promise<StoredDocument> {
    const dir = this.#dirOf(mapId);
    const recoveries: Recovery[] = [];
    const note = (recovery: Recovery) => {
      recoveries.push(recovery);
      this.#options.onRecovery?.(mapId, recovery);
    };
    const listing = await list(dir);
    const updates: Uint8Array[] = [];
    // The newest snapshot that reads back intact.
    let base = 0;
    let snapshotPieces = 0;
    for (const gen of [...listing.snapshots].sort((a, b) => b - a)) {
      const file = `snapshot.${gen}.bin`;
      const decoded = decodeFile(await fsp.readFile(join(dir, file)), SNAPSHOT_MAGIC);
      if (!decoded.damage && decoded.payloads.length >= 1) {
        for (const payload of decoded.payloads) updates.push(payload);
        snapshotPieces = decoded.payloads.length;
        base = gen;
        break;
      }
      await setAside(dir, file);
      note({ file, action: 'damaged snapshot set aside; rebuilding from the one before it and the logs' });
    }
    const logs = listing.logs.filter((gen) => gen > base).sort((a, b) => a - b);
    if (base === 0 && listing.snapshots.length > 0 && logs[0] !== 1) {
      note({ file: 'snapshot.*.bin', action: 'no intact snapshot and the oldest logs are gone: loading what remains' });
    }
    const open = this.#maps.has(mapId);
    for (const gen of logs) {
      const file = `log.${gen}.bin`;
      const bytes = await fsp.readFile(join(dir, file));
      const decoded = decodeFile(bytes, LOG_MAGIC);
      for (const payload of decoded.payloads) updates.push(payload); // (a spread overflows the stack on long logs)
      // A log open for appending was repaired when it was opened; its tail is being written now.
      if (decoded.damage && !open) await repairLog(dir, file, bytes, decoded, note);
    }
    if (!this.#maps.has(mapId)) await this.#open(mapId);
    return { updates, snapshotPieces, recoveries };
  }

  async append(mapId: string, updates: readonly Uint8Array[]): Promise<void> {
    if (updates.length === 0) return;
    const map = this.#maps.get(mapId) ?? (await this.#open(mapId));
    this.#appendNow(map, updates);
  }

  /**
   * Synchronous on purpose: the write lands in the OS page cache in microseconds, survives a kill
   * of this process, and never waits in libuv's thread pool behind an fsync of another map.
   */
  #appendNow(map: OpenMap, updates: readonly Uint8Array[]): void {
    if (this.#closed) throw new StorageError(StorageErrorReason.Closed, 'The store is closed.');
    if (map.fd === null) {
      fs.mkdirSync(map.dir, { recursive: true });
      const path = join(map.dir, `log.${map.gen}.bin`);
      const fd = fs.openSync(path, 'a+');
      const size = fs.fstatSync(fd).size;
      if (size === 0) writeFully(fd, LOG_MAGIC);
      map.fd = fd;
      map.fileLength = fs.fstatSync(fd).size;
      map.dirDirty = true;
    }
    const bytes = encodeRecords(updates);
    try {
      writeFully(map.fd, bytes);
    } catch (error) {
      // Never leave half a record behind: later records would be unreadable after it.
      try {
        fs.ftruncateSync(map.fd, map.fileLength);
      } catch {
        // The next load drops a torn tail anyway.
      }
      throw error;
    }
    map.fileLength += bytes.byteLength;
    map.logBytes += bytes.byteLength;
    map.dirty = true;
  }

  async flush(mapId: string): Promise<void> {
    const map = this.#maps.get(mapId);
    if (!map) return;
    await Promise.all(map.retiring);
    if (map.nextSync) return map.nextSync;
    const interval = this.#options.fsyncIntervalMs ?? 0;
    if (map.syncing || performance.now() - map.lastSyncAt < interval) {
      // Group commit: everything appended while one fsync runs (or until the map's next turn)
      // shares the next one.
      map.nextSync = (async () => {
        await map.syncing;
        const wait = map.lastSyncAt + interval - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        map.nextSync = null;
        return this.#sync(map);
      })();
      return map.nextSync;
    }
    return this.#sync(map);
  }

  #sync(map: OpenMap): Promise<void> {
    if (!map.dirty && !map.dirDirty) return Promise.resolve();
    // One fsync at a time for the whole store: with many maps open, each waits its turn and
    // covers everything appended meanwhile, so forty busy maps cost far fewer fsyncs than forty
    // separate streams of them (each of which also takes the CPU from the event loop).
    const work = this.#inFsyncQueue(async () => {
      const fd = map.fd;
      const dirDirty = map.dirDirty;
      if (!map.dirty && !dirDirty) return;
      map.dirty = false;
      map.dirDirty = false;
      map.lastSyncAt = performance.now();
      this.fsyncCount++;
      try {
        const started = performance.now();
        if (fd !== null) await fdatasync(fd);
        if (dirDirty) await syncDir(map.dir);
        this.#options.onFsync?.((performance.now() - started) / 1000);
      } catch (error) {
        map.dirty = true;
        map.dirDirty ||= dirDirty;
        throw error;
      }
    });
    // What later flushes wait on never rejects; the caller of this flush sees the error.
    const tracked: Promise<void> = work
      .catch(() => undefined)
      .finally(() => {
        if (map.syncing === tracked) map.syncing = null;
      });
    map.syncing = tracked;
    return work;
  }

  async compact(mapId: string, state: Uint8Array | readonly Uint8Array[]): Promise<void> {
    const map = this.#maps.get(mapId) ?? (await this.#open(mapId));
    // Rotate now, before anything else can run: appends made after this call go to the next
    // generation, which the snapshot does not cover and the next load replays.
    const covered = map.gen;
    this.#retireCurrentLog(map);
    map.gen = covered + 1;
    map.logBytes = 0;
    const run = Promise.all([map.compacting, this.#backup]).then(() => this.#writeSnapshot(map, covered, state));
    map.compacting = run.catch(() => undefined);
    return run;
  }

  async #writeSnapshot(map: OpenMap, covered: number, state: Uint8Array | readonly Uint8Array[]): Promise<void> {
    await fsp.mkdir(map.dir, { recursive: true });
    const file = join(map.dir, `snapshot.${covered}.bin`);
    const temp = `${file}.tmp`;
    const bytes = Buffer.concat([SNAPSHOT_MAGIC, encodeRecords(state instanceof Uint8Array ? [state] : state)]);
    const handle = await fsp.open(temp, 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } catch (error) {
      // A full disk: give back the space the partial file took; the old snapshot and logs stand.
      await handle.close().catch(() => undefined);
      await fsp.rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await fsp.rename(temp, file);
    await syncDir(map.dir);
    map.snapshotBytes = bytes.byteLength;
    await this.#prune(map);
  }

  /** Keeps the two newest snapshots and the logs after the older of them. */
  async #prune(map: OpenMap): Promise<void> {
    const listing = await list(map.dir);
    const snapshots = [...listing.snapshots].sort((a, b) => b - a);
    const keepFrom = snapshots[1];
    if (keepFrom === undefined) return;
    for (const gen of snapshots.slice(2)) await fsp.rm(join(map.dir, `snapshot.${gen}.bin`), { force: true });
    for (const gen of listing.logs) {
      if (gen <= keepFrom) await fsp.rm(join(map.dir, `log.${gen}.bin`), { force: true });
    }
  }

  #inFsyncQueue(work: () => Promise<void>): Promise<void> {
    const run = this.#fsyncs.then(work);
    this.#fsyncs = run.catch(() => undefined);
    return run;
  }

  #retireCurrentLog(map: OpenMap): void {
    const fd = map.fd;
    if (fd === null) return;
    const wasDirty = map.dirty;
    const syncing = map.syncing;
    map.fd = null;
    map.dirty = false;
    map.fileLength = 0;
    const retire = (async () => {
      await syncing?.catch(() => undefined);
      if (wasDirty) await fdatasync(fd);
      await closeFd(fd);
    })();
    map.retiring.push(retire);
    void retire
      .catch(() => undefined)
      .finally(() => {
        map.retiring = map.retiring.filter((p) => p !== retire);
      });
  }

  stats(mapId: string): StoreStats {
    const map = this.#maps.get(mapId);
    return { logBytes: map?.logBytes ?? 0, snapshotBytes: map?.snapshotBytes ?? 0 };
  }

  async remove(mapId: string): Promise<void> {
    const dir = this.#dirOf(mapId);
    await this.release(mapId);
    await fsp.rm(dir, { recursive: true, force: true });
  }

  async saveVersion(mapId: string, versionId: string, state: Uint8Array): Promise<void> {
    const dir = this.#versionsDirOf(mapId, versionId);
    if (this.#closed) throw new StorageError(StorageErrorReason.Closed, 'The store is closed.');
    const created = !fs.existsSync(dir);
    await fsp.mkdir(dir, { recursive: true });
    const file = join(dir, `${versionId}.bin`);
    const temp = `${file}.tmp`;
    const handle = await fsp.open(temp, 'w');
    try {
      await handle.writeFile(Buffer.concat([SNAPSHOT_MAGIC, encodeRecords([state])]));
      await handle.sync();
    } catch (error) {
      // A full disk: give back the space the partial file took; nothing else changed.
      await handle.close().catch(() => undefined);
      await fsp.rm(temp, { force: true });
      throw error;
    }
    await handle.close();
    await fsp.rename(temp, file);
    await syncDir(dir);
    // A new versions/ folder is itself an entry of the map's folder.
    if (created) await syncDir(join(dir, '..'));
  }

  async loadVersion(mapId: string, versionId: string): Promise<Uint8Array | undefined> {
    const dir = this.#versionsDirOf(mapId, versionId);
    const file = `${versionId}.bin`;
    let bytes: Buffer;
    try {
      bytes = await fsp.readFile(join(dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const decoded = decodeFile(bytes, SNAPSHOT_MAGIC);
    if (!decoded.damage && decoded.payloads.length === 1) return decoded.payloads[0]!;
    // Written atomically, so damage is the disk's doing: keep the bytes aside, report it, and
    // answer as if the version were gone rather than feed garbage to Yjs.
    await setAside(dir, file);
    this.#options.onRecovery?.(mapId, { file: `versions/${file}`, action: 'damaged version set aside; it cannot be opened' });
    return undefined;
  }

  async removeVersion(mapId: string, versionId: string): Promise<void> {
    await fsp.rm(join(this.#versionsDirOf(mapId, versionId), `${versionId}.bin`), { force: true });
  }

  /**
   * Copies every stored document into `targetDir` while the server runs. Appends go on (a log is
   * append-only: its copy is a prefix, and a record cut in the middle is dropped on load);
   * compactions wait, so no file is deleted half-way through the copy. Each map's copy is
   * consistent: a snapshot and the logs after it.
   */
  async backup(targetDir: string): Promise<{ files: number; bytes: number }> {
    const copying = (async () => {
      // Running compactions finish first; new ones wait for this copy.
      await Promise.all([...this.#maps.values()].map((map) => map.compacting));
      let files = 0;
      let bytes = 0;
      for (const id of await this.mapIds()) {
        const from = join(this.#root, id);
        const to = join(targetDir, id);
        await fsp.mkdir(to, { recursive: true });
        for (const name of await fsp.readdir(from)) {
          if (!/^(log|snapshot)\.\d+\.bin$|^record\.json$/.test(name)) continue; // record.json: the catalogue's copy
          const content = await fsp.readFile(join(from, name));
          await fsp.writeFile(join(to, name), content);
          files++;
          bytes += content.byteLength;
        }
        // Versions are written whole (temp + rename), so each copy is one complete version.
        for (const name of await readdirOrEmpty(join(from, 'versions'))) {
          if (!/^[A-Za-z0-9_-]{1,64}\.bin$/.test(name)) continue;
          let content: Buffer;
          try {
            content = await fsp.readFile(join(from, 'versions', name));
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // deleted meanwhile
            throw error;
          }
          await fsp.mkdir(join(to, 'versions'), { recursive: true });
          await fsp.writeFile(join(to, 'versions', name), content);
          files++;
          bytes += content.byteLength;
        }
      }
      return { files, bytes };
    })();
    this.#backup = copying.catch(() => undefined);
    return copying;
  }

  async mapIds(): Promise<string[]> {
    const entries = await fsp.readdir(this.#root, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory() && isValidDocumentId(entry.name)).map((entry) => entry.name);
  }

  async release(mapId: string): Promise<void> {
    const map = this.#maps.get(mapId) ?? (await this.#opening.get(mapId));
    if (!map) return;
    await map.compacting;
    this.#maps.delete(mapId);
    this.#retireCurrentLog(map);
    await Promise.all(map.retiring.map((p) => p.catch(() => undefined)));
    await map.syncing?.catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#maps.keys()].map((id) => this.release(id)));
    this.#closed = true;
  }

  #dirOf(mapId: string): string {
    if (!isValidDocumentId(mapId)) {
      throw new StorageError(StorageErrorReason.InvalidMapId, `"${String(mapId).slice(0, 80)}" is not a valid map id.`);
    }
    return join(this.#root, mapId);
  }

  #versionsDirOf(mapId: string, versionId: string): string {
    const dir = this.#dirOf(mapId);
    if (!isValidVersionId(versionId)) {
      throw new StorageError(StorageErrorReason.InvalidVersionId, `"${String(versionId).slice(0, 80)}" is not a valid version id.`);
    }
    return join(dir, 'versions');
  }

  async #open(mapId: string): Promise<OpenMap> {
    const existing = this.#maps.get(mapId);
    if (existing) return existing;
    const pending = this.#opening.get(mapId);
    if (pending) return pending;
    const opening = (async () => {
      const dir = this.#dirOf(mapId);
      const listing = await list(dir);
      const newestSnapshot = Math.max(0, ...listing.snapshots);
      const newestLog = Math.max(0, ...listing.logs);
      let snapshotBytes = 0;
      let logBytes = 0;
      if (newestSnapshot > 0) snapshotBytes = (await fsp.stat(join(dir, `snapshot.${newestSnapshot}.bin`))).size;
      for (const gen of listing.logs) {
        if (gen > newestSnapshot) logBytes += (await fsp.stat(join(dir, `log.${gen}.bin`))).size;
      }
      if (newestLog > newestSnapshot) {
        // Appending after a torn record would hide every later record: cut the log back first.
        const file = `log.${newestLog}.bin`;
        const bytes = await fsp.readFile(join(dir, file));
        const decoded = decodeFile(bytes, LOG_MAGIC);
        if (decoded.damage) {
          await repairLog(dir, file, bytes, decoded, (recovery) => this.#options.onRecovery?.(mapId, recovery));
        }
      }
      const map: OpenMap = {
        id: mapId,
        dir,
        // Continue the newest log if it is not yet covered by a snapshot; otherwise start the next.
        gen: newestLog > newestSnapshot ? newestLog : newestSnapshot + 1,
        fd: null,
        fileLength: 0,
        logBytes,
        snapshotBytes,
        dirty: false,
        dirDirty: false,
        syncing: null,
        nextSync: null,
        lastSyncAt: -Infinity,
        retiring: [],
        compacting: Promise.resolve(),
      };
      this.#maps.set(mapId, map);
      return map;
    })();
    this.#opening.set(mapId, opening);
    try {
      return await opening;
    } finally {
      this.#opening.delete(mapId);
    }
  }
}

async function repairLog(
  dir: string,
  file: string,
  bytes: Uint8Array,
  decoded: DecodedFile,
  note: (recovery: Recovery) => void,
): Promise<void> {
  const path = join(dir, file);
  const stamp = Date.now();
  if (decoded.skipped.length > 0) {
    // Damage in the middle: the records after it were found again (framing.ts). The file is kept
    // aside as it was, and rewritten with every intact record, so the next load reads it cleanly.
    const aside = `${file}.damaged-${stamp}`;
    await fsp.writeFile(join(dir, aside), bytes);
    await writeAtomically(path, Buffer.concat([LOG_MAGIC, encodeRecords(decoded.payloads)]));
    const lost = decoded.skipped.reduce((sum, range) => sum + range.end - range.start, 0) + (bytes.byteLength - decoded.goodLength);
    const first = decoded.skipped[0]!.start;
    note({
      file,
      action: `damaged record at byte ${first}: skipped ${lost} damaged bytes in ${decoded.skipped.length} ${decoded.skipped.length === 1 ? 'place' : 'places'} and kept the ${decoded.recoveredAfterDamage} intact records after it (${decoded.payloads.length} in all); the file as it was is kept as ${aside}`,
    });
    return;
  }
  if (decoded.damage === 'torn-tail') {
    // A crash during an append: drop the partial record. Nobody was shown it (see append()); its
    // bytes are kept aside all the same, in case it was not a crash.
    const aside = `${file}.torn-${stamp}`;
    await fsp.writeFile(join(dir, aside), bytes);
    await fsp.truncate(path, decoded.goodLength);
    note({ file, action: `dropped a torn record at the end (${bytes.byteLength - decoded.goodLength} bytes); the file as it was is kept as ${aside}` });
    return;
  }
  await fsp.writeFile(join(dir, `${file}.damaged-${stamp}`), bytes);
  await fsp.truncate(path, decoded.goodLength);
  note({ file, action: `damaged record at byte ${decoded.goodLength}: kept the records before it, copied the file aside` });
}

/** Temp file, fsync, rename, fsync of the directory: the file is either as it was or as given. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await fsp.open(temp, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fsp.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await fsp.rename(temp, path);
  await syncDir(join(path, '..'));
}

function writeFully(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.byteLength) offset += fs.writeSync(fd, bytes, offset, bytes.byteLength - offset);
}

async function list(dir: string): Promise<Listing> {
  let names: string[];
  try {
    names = await fsp.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { logs: [], snapshots: [] };
    throw error;
  }
  const logs: number[] = [];
  const snapshots: number[] = [];
  for (const name of names) {
    const match = /^(log|snapshot)\.(\d{1,15})\.bin$/.exec(name);
    if (!match) continue;
    (match[1] === 'log' ? logs : snapshots).push(Number(match[2]));
  }
  return { logs, snapshots };
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await fsp.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function setAside(dir: string, file: string): Promise<void> {
  await fsp.rename(join(dir, file), join(dir, `${file}.damaged-${Date.now()}`));
}

async function syncDir(dir: string): Promise<void> {
  const fd = fs.openSync(dir, 'r');
  try {
    await fsyncFd(fd);
  } finally {
    fs.closeSync(fd);
  }
}
