import { MAX_BODY_BYTES } from '@qms/protocol';
import type { Storage } from '@qms/storage';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ServerConfig } from './config.js';
import { installErrorHandlers } from './http/errors.js';
import { registerInstanceApi, type NetworkInterfaces } from './http/instance-api.js';
import { registerInterchangeApi } from './http/interchange-api.js';
import { registerMapsApi } from './http/maps-api.js';
import { registerMobilitiesApi } from './http/mobilities-api.js';
import { registerOpsApi } from './http/ops-api.js';
import { registerOriginPolicy } from './http/origin-policy.js';
import { httpTimeouts, registerRequestLimits } from './http/request-limits.js';
import { registerSyncEndpoint } from './http/sync-endpoint.js';
import { registerUnitsApi } from './http/units-api.js';
import { registerVersionsApi } from './http/versions-api.js';
import { registerWorkshopApi } from './http/workshop-api.js';
import { registerCaseProvider } from './http/case-provider.js';
import { registerPublicationApi } from './http/publication-api.js';
import { registerWebApp } from './http/web-app.js';
import { IMPORTERS } from './importers.js';
import type { Maps } from './maps.js';
import type { Metrics } from './metrics.js';
import type { Extension } from './rooms/hooks.js';
import type { Rooms } from './rooms/rooms.js';
import { createServices, type Services } from './services.js';

export type { Storage } from '@qms/storage';
export { SAMPLE_MAP_ID } from './services.js';

export interface Server {
  app: FastifyInstance;
  services: Services;
  rooms: Rooms;
  maps: Maps;
  metrics: Metrics;
  storage: Storage;
  /** Listens on the configured host and port; resolves to the base URL (http://host:port). */
  listen(): Promise<string>;
  /** Closes clients with "server restarting", saves every room and closes storage. */
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Another storage than the embedded default (tests, other stores): any `Storage` (@qms/storage). */
  storage?: Storage;
  /** Extensions run by every room after the built-in ones, in this order (rooms/hooks.ts). */
  extensions?: readonly Extension[];
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: NodeJS.WritableStream;
  /** This machine's network interfaces, for the addresses offered in share links (tests give their own). */
  networkInterfaces?: NetworkInterfaces;
}

/** The HTTP server: Fastify, then every service (services.ts), then the routes that use them. */
export async function createServer(config: ServerConfig, { storage, extensions, logStream, networkInterfaces }: ServerOptions = {}): Promise<Server> {
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
    bodyLimit: MAX_BODY_BYTES,
    // A request (an upload included) must arrive within REQUEST_TIMEOUT_MS; a trickle is cut off.
    ...httpTimeouts(config.requestTimeoutMs),
    // Strict bodies: a number is not a title, and an unknown field is a mistake worth reporting.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  });
  const services = await createServices(config, { log: app.log, storage, extensions });

  installErrorHandlers(app);
  registerRequestLimits(app, { maxRequestsPerIp: config.maxRequestsPerIp, onRejected: (reason) => services.metrics.rejected.inc({ reason }) });
  registerOriginPolicy(app, config);
  const requests = trackRequests(app.server);
  await registerSyncEndpoint(app, services, () => requests.closeIdle());
  registerOpsApi(app, services);
  registerInstanceApi(app, config, networkInterfaces);
  registerMapsApi(app, services);
  registerVersionsApi(app, services);
  registerWorkshopApi(app, services);
  registerMobilitiesApi(app, services);
  registerUnitsApi(app, services);
  registerPublicationApi(app, services);
  await registerCaseProvider(app, { publications: services.publications, publicUrl: config.publicUrl });
  await registerInterchangeApi(app, {
    maps: services.maps,
    policy: services.policy,
    importers: IMPORTERS,
    maxUploadBytes: config.maxUploadBytes,
    publicUrl: config.publicUrl,
    importLimits: { timeoutMs: config.importTimeoutMs, memoryMb: config.importMemoryMb, maxItems: config.importMaxItems },
  });
  await registerWebApp(app, config.webDir);

  let closing: Promise<void> | null = null;
  return {
    app,
    services,
    rooms: services.rooms,
    maps: services.maps,
    metrics: services.metrics,
    storage: services.storage,
    async listen() {
      await app.listen({ port: config.port, host: config.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
    },
    close() {
      closing ??= (async () => {
        services.stopping();
        // Requests still running after a grace period are cut off (idle keep-alive ones at once).
        const force = setTimeout(() => app.server.closeAllConnections(), 5000);
        force.unref();
        await app.close();
        clearTimeout(force);
        await services.close();
      })();
      return closing;
    },
  };
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
