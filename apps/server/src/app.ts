import fastifyWebsocket from '@fastify/websocket';
import { TEMPLATES, readMeta } from '@qms/model';
import { CloseCode, closeReason, isValidMapId } from '@qms/protocol';
import { openEmbeddedStorage, type Catalogue, type DocumentStore } from '@qms/storage';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { constants as fsConstants } from 'node:fs';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { bearerToken, isAdmin, type AccessPolicy } from './access.js';
import { MeteredDocumentStore, Metrics } from './metrics.js';
import { Recoveries, damageKind, probeDataFolder } from './readiness.js';
import { isLocalRequest } from './http/authorize.js';
import * as Y from 'yjs';
import type { ServerConfig } from './config.js';
import { ApiError, errorBody, installErrorHandlers } from './http/errors.js';
import { registerInterchangeApi } from './http/interchange-api.js';
import { registerMapsApi } from './http/maps-api.js';
import { registerVersionsApi } from './http/versions-api.js';
import { IMPORTERS } from './importers.js';
import { registerWebApp } from './http/web-app.js';
import { Maps } from './maps.js';
import { serveSyncConnection } from './rooms/connection.js';
import { Rooms } from './rooms/rooms.js';

export interface Storage {
  catalogue: Catalogue & { damaged?: boolean };
  documents: DocumentStore;
}

export interface Server {
  app: FastifyInstance;
  rooms: Rooms;
  maps: Maps;
  metrics: Metrics;
  storage: Storage;
  /** Listens on the configured host and port; resolves to the base URL (http://host:port). */
  listen(): Promise<string>;
  /** Closes clients with "server restarting", saves every room and closes storage. */
  close(): Promise<void>;
}

/** Id of the sample map created on first start from each template: `sample-<template id>`. */
export const SAMPLE_MAP_ID = 'sample-ruecvet-course';
const sampleFlag = (templateId: string) => `sample-created:${templateId}`;

export interface ServerOptions {
  /** Another storage than the embedded default (tests, other stores). */
  storage?: Storage;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: NodeJS.WritableStream;
}

export async function createServer(config: ServerConfig, { storage, logStream }: ServerOptions = {}): Promise<Server> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      // People starting the app in a terminal get readable lines; services and CI get JSON.
      ...(config.prettyLogs && !logStream ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
      // Tokens will travel in query strings: log paths only.
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          method: req.method,
          url: req.url.split('?')[0],
          reqId: req.id,
        }),
      },
    },
    bodyLimit: 1024 * 1024,
    // Strict bodies: a number is not a title, and an unknown field is a mistake worth reporting.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  });
  const log = app.log;
  const metrics = new Metrics();
  const recoveries = new Recoveries();
  const store: Storage =
    storage ??
    (await openEmbeddedStorage(config.dataDir, {
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
    }));
  const documents = new MeteredDocumentStore(store.documents, metrics);
  const rooms = new Rooms({
    store: documents,
    catalogue: store.catalogue,
    log,
    idleMs: config.roomIdleMs,
    compactMinLogBytes: config.compactMinLogBytes,
    onUpdateReceived: (bytes) => {
      metrics.updatesReceived.inc();
      metrics.updateBytesReceived.inc(bytes);
    },
    onUpdatesRelayed: (messages) => metrics.updatesRelayed.inc(messages),
  });
  metrics.countRooms(() => rooms.loadedCount);
  const maps = new Maps(store.catalogue, documents, rooms);

  if (store.catalogue.damaged) recoveries.add(await rebuildCatalogue(store, log));
  if (config.seedSamples) await createSamples(store.catalogue, maps, log);

  installErrorHandlers(app);
  const requests = trackRequests(app.server);
  await app.register(fastifyWebsocket, {
    options: { maxPayload: config.maxFrameBytes },
    preClose(done) {
      // No new sockets while stopping: clients told "restarting" reconnect at once, and an upgrade
      // routed through a closing Fastify would be left hanging and hold the shutdown.
      this.server.removeAllListeners('upgrade');
      const clients = this.websocketServer.clients;
      for (const client of clients) client.close(CloseCode.ServiceRestart, closeReason(CloseCode.ServiceRestart));
      // A client that does not answer the close handshake soon is cut off, rather than waiting
      // for ws's 30-second timeout.
      const force = setTimeout(() => {
        for (const client of clients) client.terminate();
      }, 2000);
      force.unref();
      this.websocketServer.close(() => {
        clearTimeout(force);
        done();
        // Fastify stops listening right after this hook; then close the sockets that carry no
        // request: browsers keep spare ("preconnect") sockets open that send nothing, and Node
        // would wait for them until its headers timeout.
        setImmediate(() => requests.closeIdle());
      });
    },
  });

  let closing: Promise<void> | null = null;
  // Liveness: the process answers. Readiness: it can take work (not stopping, data folder writable).
  app.get('/healthz', async () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()), rooms: rooms.loadedCount }));
  app.get('/readyz', async (_request, reply) => {
    const problems: string[] = [];
    if (closing) problems.push('shutting down');
    try {
      await access(config.dataDir, fsConstants.W_OK);
      // Writable in principle, but a full disk passes that: try a write.
      const disk = await probeDataFolder(config.dataDir);
      if (disk) problems.push(disk);
    } catch {
      problems.push('the data folder is not writable');
    }
    // Damage repaired since the start does not make the server unready; it is listed until a restart.
    const recovered = recoveries.lines;
    return reply
      .status(problems.length ? 503 : 200)
      .send({ status: problems.length ? 'unavailable' : 'ready', problems, ...(recovered.length ? { recovered } : {}) });
  });
  // A consistent copy of the data while the server runs (`pnpm backup`).
  app.post('/api/admin/backup', async (request, reply) => {
    if (!isLocalRequest(request) && !isAdmin(bearerToken(request.headers.authorization), policy)) {
      return reply.status(401).send(errorBody(ApiError.Unauthorized, 'Backups are made from this machine, or with the admin token.'));
    }
    const documents = store.documents as Partial<{ backup(dir: string): Promise<{ files: number; bytes: number }> }>;
    const catalogue = store.catalogue as Partial<{ backup(path: string): Promise<void> }>;
    if (!documents.backup || !catalogue.backup) {
      return reply.status(501).send(errorBody(ApiError.InvalidRequest, 'This storage makes its own backups (see its documentation).'));
    }
    const target = join(config.backupDir, new Date().toISOString().replace(/[:.]/g, '-'));
    await rooms.whenAllDurable();
    const copied = await documents.backup(join(target, 'maps'));
    await catalogue.backup(join(target, 'catalogue.json'));
    request.log.info({ target, ...copied }, 'backup written');
    return { path: target, ...copied };
  });

  app.get('/metrics', async (request, reply) => {
    if (!isLocalRequest(request) && !isAdmin(bearerToken(request.headers.authorization), policy)) {
      return reply.status(401).send(errorBody(ApiError.Unauthorized, 'Metrics are served to this machine, or with the admin token.'));
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  const policy: AccessPolicy = { localTrust: config.localTrust, adminToken: config.adminToken };
  const connectionsPerIp = new Map<string, number>();
  const syncDeps = {
    rooms,
    catalogue: store.catalogue,
    policy,
    onRejected: (reason: string) => metrics.rejected.inc({ reason }),
    limits: {
      maxQueuedMessages: 1_000,
      maxQueuedBytes: config.maxFrameBytes,
      messagesPerSecond: config.messagesPerSecond,
      messageBurst: config.messageBurst,
      pingIntervalMs: 30_000,
    },
  };
  const sync = (review: boolean) => (socket: WebSocket, request: FastifyRequest) => {
    const { mapId } = request.params as { mapId: string };
    const { token } = request.query as { token?: string };
    const ip = request.socket.remoteAddress ?? 'unknown';
    const open = connectionsPerIp.get(ip) ?? 0;
    if (open >= config.maxConnectionsPerIp) {
      log.warn('too many connections from one address');
      metrics.rejected.inc({ reason: 'connections-per-address' });
      socket.close(CloseCode.TooManyRequests, 'too many connections');
      return;
    }
    connectionsPerIp.set(ip, open + 1);
    metrics.connections.inc();
    socket.once('close', () => {
      metrics.connections.dec();
      const left = (connectionsPerIp.get(ip) ?? 1) - 1;
      if (left > 0) connectionsPerIp.set(ip, left);
      else connectionsPerIp.delete(ip);
    });
    serveSyncConnection(socket, { mapId, review, token: typeof token === 'string' ? token : undefined, local: isLocalRequest(request) }, log, syncDeps);
  };
  app.get('/sync/:mapId', { websocket: true }, sync(false));
  app.get('/sync/:mapId/review', { websocket: true }, sync(true));

  registerMapsApi(app, maps, policy);
  registerVersionsApi(app, { maps, rooms, policy, catalogue: store.catalogue, documents, config });
  await registerInterchangeApi(app, {
    maps,
    policy,
    importers: IMPORTERS,
    maxUploadBytes: config.maxUploadBytes,
    importLimits: { timeoutMs: config.importTimeoutMs, memoryMb: config.importMemoryMb, maxItems: config.importMaxItems },
  });
  await registerWebApp(app, config.webDir);

  return {
    app,
    rooms,
    maps,
    metrics,
    storage: store,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    },
    close() {
      closing ??= (async () => {
        // Requests still running after a grace period are cut off (idle keep-alive ones at once).
        const force = setTimeout(() => app.server.closeAllConnections(), 5000);
        force.unref();
        await app.close();
        clearTimeout(force);
        await rooms.unloadAll();
        await store.documents.close();
        await store.catalogue.close();
      })();
      return closing;
    },
  };
}

/** Each template's sample is created once per instance; one the user deleted is not brought back. */
async function createSamples(catalogue: Catalogue, maps: Maps, log: FastifyInstance['log']): Promise<void> {
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
async function rebuildCatalogue(storage: Storage, log: FastifyInstance['log']): Promise<string> {
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

/** Which of the server's sockets have an HTTP request in progress (upgraded ones are ws's). */
function trackRequests(server: HttpServer): { closeIdle(): void } {
  const inFlight = new Map<Socket, number>();
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0);
    socket.once('close', () => inFlight.delete(socket));
  });
  server.on('upgrade', (request: IncomingMessage) => inFlight.delete(request.socket));
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket;
    if (!inFlight.has(socket)) return;
    inFlight.set(socket, (inFlight.get(socket) ?? 0) + 1);
    response.once('close', () => inFlight.has(socket) && inFlight.set(socket, Math.max(0, inFlight.get(socket)! - 1)));
  });
  return {
    closeIdle() {
      for (const [socket, count] of inFlight) if (count === 0) socket.destroy();
    },
  };
}
