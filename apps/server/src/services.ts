import { TEMPLATES, readMeta } from '@qms/model';
import { isValidMapId } from '@qms/protocol';
import { FileMobilityStore, openEmbeddedStorage, storageProblems, type BackupResult, type Catalogue, type DocumentStore, type MobilityStore, type Storage } from '@qms/storage';
import { openPostgresStorage } from '@qms/storage-postgres';
import type { FastifyBaseLogger } from 'fastify';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { AccessPolicy } from './access.js';
import type { ServerConfig } from './config.js';
import { UpdateBus } from './extensions/bus.js';
import { catalogueMirror } from './extensions/catalogue-mirror.js';
import { metricsExtension } from './extensions/metrics.js';
import { UPDATES_CHANNEL, postgresTransport } from './extensions/postgres-bus.js';
import { redisTransport } from './extensions/redis-bus.js';
import { schemaMigration } from './extensions/schema-migration.js';
import { Maps } from './maps.js';
import { Mobilities } from './mobilities.js';
import { Recoveries, damageKind } from './readiness.js';
import { MeteredDocumentStore, Metrics } from './metrics.js';
import { HookChain, type Extension } from './rooms/hooks.js';
import { Rooms } from './rooms/rooms.js';
import { Versions } from './versions.js';
import { Publications } from './publication.js';
import { ImportRunner } from './imports.js';

/** Id of the sample map created on first start from each template: `sample-<template id>`. */
export const SAMPLE_MAP_ID = 'sample-ruecvet-course';
const sampleFlag = (templateId: string) => `sample-created:${templateId}`;

/** Everything the routes use, built once before any route is registered. */
export interface Services {
  config: ServerConfig;
  log: FastifyBaseLogger;
  storage: Storage;
  /** The storage's documents as the rooms and versions write them (counted for /metrics). */
  documents: DocumentStore;
  metrics: Metrics;
  /** The extensions every room runs, in order (hooks.ts). */
  hooks: HookChain;
  rooms: Rooms;
  maps: Maps;
  versions: Versions;
  /** Each map's mobility workspace (learners: personal data, kept apart from the map). */
  mobilities: Mobilities;
  /** Publication of maps through the CASE provider (publication.ts). */
  publications: Publications;
  policy: AccessPolicy;
  /** What keeps the server from taking work now (stopping, storage problems); empty when ready. */
  problems(): Promise<string[]>;
  /** The problems, and with DATABASE_URL the state of the database and of the bus (for /readyz). */
  readiness(): Promise<Readiness>;
  /** Damage found and repaired since the start (listed by /readyz until a restart; not a problem). */
  recoveries: Recoveries;
  /** A consistent copy of the data under the backup folder; null when the storage makes its own. */
  backup(): Promise<(BackupResult & { path: string }) | null>;
  /** From now on, readiness says "shutting down". */
  stopping(): void;
  /** Saves and unloads every room, tells the extensions, closes storage. */
  close(): Promise<void>;
}

export interface Readiness {
  problems: string[];
  database?: 'ok' | 'unavailable';
  bus?: { via: string; status: 'ok' | 'unavailable'; problems?: string[] };
}

export interface ServicesOptions {
  log: FastifyBaseLogger;
  /** Another storage than the embedded one under `config.dataDir`. */
  storage?: Storage | undefined;
  /** Extensions after the built-in ones (metrics, catalogue mirror, version history), in order. */
  extensions?: readonly Extension[] | undefined;
}

/**
 * Builds the services in dependency order: metrics, storage, the hook chain, rooms, maps, version
 * history; then repairs a damaged catalogue and creates the sample maps. The built-in extensions
 * come first: with DATABASE_URL the bus (a loaded document is caught up with the other instances
 * before anything else looks at it), schema migration (every later hook sees the current schema),
 * metrics, the catalogue mirror (so a room's last "updated" time is written before version
 * history's last checkpoint), version history; then `extensions` as given.
 */
export async function createServices(config: ServerConfig, options: ServicesOptions): Promise<Services> {
  const { log } = options;
  const metrics = new Metrics();
  const recoveries = new Recoveries();
  const storage: Storage =
    options.storage ??
    (config.databaseUrl
      ? await openDatabase(config, log)
      : await openEmbeddedStorage(config.dataDir, {
          onRecovery: (mapId, recovery) => {
            log.warn({ mapId, file: recovery.file }, `storage: ${recovery.action}`);
            metrics.storageDamage.inc({ kind: damageKind(recovery.file) });
            recoveries.addStorage(mapId, recovery);
          },
          fsyncIntervalMs: config.fsyncIntervalMs,
          onFsync: (seconds) => metrics.fsyncSeconds.observe(seconds),
          onDamaged: (aside, error) => {
            log.error({ setAsideAs: aside, err: error }, 'the catalogue file was unreadable; it was set aside and will be rebuilt');
            metrics.storageDamage.inc({ kind: 'catalogue' });
          },
          // Only where: the file holds personal data, and the error could quote it.
          onMobilityDamaged: (mapId, aside) => log.error({ mapId, setAsideAs: aside }, 'a mobility workspace was unreadable; it was set aside'),
        }));
  // Instances sharing the database follow each other's changes (extensions/bus.ts).
  if (config.redisUrl && !config.databaseUrl) log.warn('REDIS_URL is ignored without DATABASE_URL: the embedded store serves one instance');
  const bus =
    config.databaseUrl && !options.storage
      ? new UpdateBus(config.redisUrl ? redisTransport(config.redisUrl, log) : postgresTransport(config.databaseUrl, log), log, {
          lag: (seconds) => metrics.busLagSeconds.observe(seconds),
          gapCaughtUp: () => metrics.busGapsCaughtUp.inc(),
        })
      : null;
  const metered = new MeteredDocumentStore(storage.documents, metrics, Boolean(config.databaseUrl && !options.storage));
  const documents = bus ? bus.wrap(metered) : metered;
  try {
    await bus?.start();
  } catch (error) {
    await storage.documents.close();
    await storage.catalogue.close();
    throw error;
  }
  const hooks = new HookChain(log);
  const rooms = new Rooms({ store: documents, log, hooks, idleMs: config.roomIdleMs, compactMinLogBytes: config.compactMinLogBytes });
  const maps = new Maps(storage.catalogue, documents, rooms, bus?.others);
  const versions = new Versions({
    catalogue: storage.catalogue,
    store: documents,
    rooms,
    log,
    checkpointIntervalMs: config.checkpointIntervalMs,
    maxAutomatic: config.maxAutoVersions,
  });
  const mobilityStore: MobilityStore =
    storage.mobilities ?? new FileMobilityStore(join(config.dataDir, 'mobilities'), { onDamaged: (mapId, aside) => log.error({ mapId, setAsideAs: aside }, 'a mobility workspace was unreadable; it was set aside') });
  const mobilities = new Mobilities(mobilityStore, maps, rooms);
  maps.onDelete((id) => mobilities.removeMap(id));
  // CASE packages of published versions are built in worker threads, one at a time, with an import's budget.
  const publications = new Publications({
    catalogue: storage.catalogue,
    versions,
    log,
    runner: new ImportRunner({ timeoutMs: config.importTimeoutMs, memoryMb: config.importMemoryMb, concurrency: 1, maxQueued: 64 }),
  });
  const builtIn = [...(bus ? [bus.extension] : []), schemaMigration(log), metricsExtension(metrics), catalogueMirror(storage.catalogue, log), versions.extension];
  for (const extension of [...builtIn, ...(options.extensions ?? [])]) hooks.register(extension);
  await hooks.run('onConfigure', { rooms, log });

  if (storage.catalogue.damaged) recoveries.add(await rebuildCatalogue(storage, log));
  if (config.seedSamples) await createSamples(storage.catalogue, maps, log);

  let stopping = false;
  const readiness = async (): Promise<Readiness> => {
    const storageIssues = await storageProblems(storage);
    const problems = [...(stopping ? ['shutting down'] : []), ...storageIssues];
    if (!config.databaseUrl) return { problems };
    // A bus that is down costs speed, not correctness (the instances read each other's changes
    // from the database meanwhile): reported, but the instance stays ready.
    const busIssues = bus?.problems() ?? [];
    return {
      problems,
      database: storageIssues.length ? 'unavailable' : 'ok',
      ...(bus ? { bus: { via: bus.transportName, status: busIssues.length ? 'unavailable' : 'ok', ...(busIssues.length ? { problems: busIssues } : {}) } } : {}),
    };
  };
  return {
    config,
    log,
    storage,
    documents,
    metrics,
    hooks,
    rooms,
    maps,
    versions,
    mobilities,
    publications,
    policy: { localTrust: config.localTrust, adminToken: config.adminToken },
    recoveries,
    async problems() {
      return (await readiness()).problems;
    },
    readiness,
    async backup() {
      if (!storage.backup) return null;
      const target = join(config.backupDir, new Date().toISOString().replace(/[:.]/g, '-'));
      await rooms.whenAllDurable();
      const copied = await storage.backup(target);
      await pruneBackups(config.backupDir, config.maxBackups);
      return { path: target, ...copied };
    },
    stopping() {
      stopping = true;
    },
    async close() {
      stopping = true;
      await publications.close();
      await rooms.unloadAll();
      await hooks.settle('onDestroy', { rooms, log });
      await mobilityStore.close();
      await storage.documents.close();
      await storage.catalogue.close();
    },
  };
}

/** The catalogue and documents in PostgreSQL; its schema is created or migrated here. */
async function openDatabase(config: ServerConfig, log: FastifyBaseLogger): Promise<Storage> {
  let storage: Storage;
  try {
    storage = await openPostgresStorage({
      connectionString: config.databaseUrl!,
      // Without Redis, each append notifies the other instances (extensions/postgres-bus.ts).
      notifyChannel: config.redisUrl ? undefined : UPDATES_CHANNEL,
      retryMs: config.databaseRetryMs,
      onError: (error) => log.warn({ err: error }, 'a database connection was lost; the next use reconnects'),
    });
  } catch (error) {
    // The URL may hold a password: name the variable, not its value.
    throw new Error(`cannot open the database of DATABASE_URL: ${(error as Error).message}`, { cause: error });
  }
  log.info('storage: PostgreSQL');
  return storage;
}

/** Each template's sample is created once per instance; one the user deleted is not brought back. */
async function createSamples(catalogue: Catalogue, maps: Maps, log: FastifyBaseLogger): Promise<void> {
  for (const template of TEMPLATES) {
    if (await catalogue.getFlag(sampleFlag(template.id))) continue;
    const id = `sample-${template.id}`;
    if (!(await catalogue.get(id))) {
      await maps.create(template.title, { id, build: template.build });
      log.info({ mapId: id }, 'sample map created');
    }
    await catalogue.setFlag(sampleFlag(template.id), true);
  }
}

/**
 * Lists again every map found on disk. Each map's copy of its record (maps/<id>/record.json, kept
 * by the embedded store) brings back its share links and versions; without one, the title comes
 * from the document and the owner makes new links (from this machine). Returns what it recovered.
 */
async function rebuildCatalogue(storage: Storage, log: FastifyBaseLogger): Promise<string> {
  let count = 0;
  let withLinks = 0;
  let withVersions = 0;
  for (const id of await storage.documents.mapIds()) {
    if (!isValidMapId(id)) continue; // a map's review document: listed with its map
    const { updates } = await storage.documents.load(id);
    await storage.documents.release(id);
    if (updates.length === 0) continue;
    const doc = new Y.Doc();
    for (const update of updates) Y.applyUpdate(doc, update);
    const meta = readMeta(doc);
    doc.destroy();
    const now = Date.now();
    const copy = await storage.catalogue.readRecordCopy?.(id);
    if (copy) {
      await storage.catalogue.put({ ...copy, title: copy.title || meta.title || id });
      if (copy.access && Object.values(copy.access).some(Boolean)) withLinks++;
      if (copy.versions && copy.versions.length > 0) withVersions++;
    } else {
      await storage.catalogue.put({ id, title: meta.title || id, createdAt: meta.createdAt || now, updatedAt: now, access: {} });
    }
    count++;
  }
  // The samples were created once already; do not bring back one the user deleted.
  for (const template of TEMPLATES) await storage.catalogue.setFlag(sampleFlag(template.id), true);
  const summary = `catalogue rebuilt from ${count} ${count === 1 ? 'map' : 'maps'}: ${withLinks} with their links, ${withVersions} with their versions`;
  log.warn({ maps: count, withLinks, withVersions }, summary);
  return summary;
}

/** Keeps the newest `keep` backups (their folder names are ISO times, so they sort by age). */
async function pruneBackups(dir: string, keep: number): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^\d{4}-\d{2}-\d{2}T[\d-]+Z$/.test(name)).sort();
  for (const name of names.slice(0, Math.max(0, names.length - Math.max(1, keep)))) await rm(join(dir, name), { recursive: true, force: true });
}
