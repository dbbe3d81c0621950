/**
 * Clients for the sync benchmark, all in the driver's process: one Y.Doc per client behind either
 * the stock y-websocket provider (ours, reference) or HocuspocusProvider (hocuspocus).
 *
 *   const client = openClient(server, room);   // server: a handle from servers.ts
 *   await client.synced;                        // rejects on timeout or a refused connection
 *   client.doc.getMap('nodes') …               // edits travel to the server
 *   client.destroy();
 *
 * Also the documents the benchmark uses (mapUpdate, generatedMapUpdate) and the fan-out workload
 * (runFanOut) that several scenarios share.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { addNodes, edgesOf, moveNodes, setNodeTitle, type MapNode, type NewNode } from '@qms/model';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { generateMap } from '../generate-map.js';
import { MAX_DRIVER_LAG_P99_MS, promHistogramDelta, startLagMonitor, summarize, type Summary } from './report.js';
import { coreBusyPercent, cpuPercent, readCores, type EventLoopStats, type ServerHandle } from './servers.js';

// Every y-websocket provider adds a process 'exit' listener.
process.setMaxListeners(0);

export interface Client {
  readonly doc: Y.Doc;
  /** Resolves after the first sync with the server; rejects on timeout or a refused connection. */
  readonly synced: Promise<void>;
  /** Connections lost after the first sync (the provider reconnects by itself). */
  readonly disconnects: number;
  /** Syncs with the server so far: 1 after the first, one more after each reconnection. */
  readonly syncs: number;
  /** Resolves once `syncs` exceeds `after` (a sync after a reconnection); rejects after `timeoutMs`. */
  nextSync(after: number, timeoutMs: number): Promise<void>;
  destroy(): void;
}

export interface ClientOptions {
  /** How long `synced` may take (default 60 s). */
  timeoutMs?: number;
  /**
   * After the first sync, drop what the server sends instead of applying it: a cheap writer for
   * load tests (its updates stay valid; it just no longer sees the others' edits).
   */
  deaf?: boolean;
}

/** A client of `room` (an id from createRoom) on `server`. */
export function openClient(server: Pick<ServerHandle, 'protocol' | 'syncUrl'>, room: string, options: ClientOptions = {}): Client {
  const doc = new Y.Doc();
  let disconnects = 0;
  let wasSynced = false;
  let resolveSynced!: () => void;
  let rejectSynced!: (error: Error) => void;
  const synced = new Promise<void>((resolve, reject) => {
    resolveSynced = resolve;
    rejectSynced = reject;
  });
  synced.catch(() => {}); // the caller sees the rejection when it awaits
  const timer = setTimeout(() => rejectSynced(new Error(`no sync with ${room} within ${options.timeoutMs ?? 60_000} ms`)), options.timeoutMs ?? 60_000);
  let syncs = 0;
  const syncWaiters = new Set<() => void>();
  const onSynced = () => {
    syncs++;
    for (const wake of syncWaiters) wake();
    if (wasSynced) return;
    wasSynced = true;
    clearTimeout(timer);
    resolveSynced();
  };
  let destroy: () => void;
  if (server.protocol === 'y-websocket') {
    const provider = new WebsocketProvider(server.syncUrl, room, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    provider.on('sync', (isSynced: boolean) => {
      if (!isSynced) return;
      onSynced();
      if (options.deaf) provider.messageHandlers = provider.messageHandlers.map(() => () => {});
    });
    provider.on('connection-close', () => wasSynced && disconnects++);
    provider.on('closed', (event: { code: number; reason: string }) => rejectSynced(new Error(`closed by the server: ${event.code} ${event.reason}`)));
    destroy = () => provider.destroy();
  } else {
    const socket = new HocuspocusProviderWebsocket({ url: server.syncUrl, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: room, document: doc });
    provider.on('synced', ({ state }: { state: boolean }) => {
      if (!state) return;
      onSynced();
      if (options.deaf) provider.onMessage = () => {};
    });
    provider.on('disconnect', () => wasSynced && disconnects++);
    provider.attach();
    destroy = () => {
      provider.destroy();
      socket.destroy();
    };
  }
  return {
    doc,
    synced,
    get disconnects() {
      return disconnects;
    },
    get syncs() {
      return syncs;
    },
    nextSync(after, timeoutMs) {
      if (syncs > after) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timeout = setTimeout(() => {
          syncWaiters.delete(wake);
          reject(new Error(`${room}: no sync after reconnecting within ${timeoutMs} ms`));
        }, timeoutMs);
        const wake = () => {
          if (syncs <= after) return;
          clearTimeout(timeout);
          syncWaiters.delete(wake);
          resolve();
        };
        syncWaiters.add(wake);
      });
    },
    destroy() {
      clearTimeout(timer);
      destroy();
      doc.destroy();
    },
  };
}

/** Opens `count` clients with at most `concurrency` connecting at once; resolves when all synced. */
export async function openClients(
  server: Pick<ServerHandle, 'protocol' | 'syncUrl'>,
  rooms: readonly string[],
  count: (room: string, index: number) => number,
  concurrency = 50,
  options: (room: number, index: number) => ClientOptions = () => ({}),
): Promise<Client[][]> {
  const byRoom: Client[][] = rooms.map(() => []);
  const jobs: Array<[number, number]> = [];
  rooms.forEach((room, r) => {
    for (let i = 0; i < count(room, r); i++) jobs.push([r, i]);
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      while (next < jobs.length) {
        const [r, i] = jobs[next++]!;
        const client = openClient(server, rooms[r]!, options(r, i));
        byRoom[r]![i] = client;
        await client.synced;
      }
    }),
  );
  return byRoom;
}

/** Runs `task` over `items` with at most `concurrency` at once. */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index]!, index);
      }
    }),
  );
  return results;
}

// ---------------------------------------------------------------------------------------------
// Documents

/** A small map: `nodes` work actions with ids n0, n1, … on a grid (no metadata). */
export function mapUpdate(nodes: number): Uint8Array {
  const doc = new Y.Doc();
  addNodes(
    doc,
    Array.from({ length: nodes }, (_, i) => ({ id: `n${i}`, kind: 'workAction', code: `WA ${i + 1}`, title: `Work action ${i + 1}`, position: { x: (i % 10) * 220, y: Math.floor(i / 10) * 140 } })),
  );
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

const NOT_FIELDS = new Set(['id', 'kind', 'code', 'title', 'position']);

/** A realistic generated map of about `nodes` nodes (bench/generate-map.ts), with its edges. */
export function generatedMapUpdate(nodes: number, seed = 1): Uint8Array {
  const map = generateMap({ nodes, seed });
  const doc = new Y.Doc();
  doc.transact(() => {
    addNodes(doc, map.nodes.map(toNewNode));
    const edges = edgesOf(doc);
    for (const edge of map.edges) {
      const y = new Y.Map<unknown>();
      edges.set(edge.id, y);
      y.set('kind', edge.kind);
      y.set('source', edge.source);
      y.set('target', edge.target);
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function toNewNode(node: MapNode): NewNode {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (!NOT_FIELDS.has(key) && value !== undefined) fields[key] = value;
  return { id: node.id, kind: node.kind, code: node.code, title: node.title, position: node.position, fields: fields as NewNode['fields'] };
}

// ---------------------------------------------------------------------------------------------
// The fan-out workload

export interface FanOutOptions {
  rooms: number;
  clientsPerRoom: number;
  /** Writes per second per client. */
  ratePerClient: number;
  warmupMs: number;
  measureMs: number;
  /** After the writers stop, how long late deliveries may still arrive (default 5 s). */
  drainMs?: number;
  /**
   * Clients per room that record what they receive (default all); the others are deaf writers
   * (see ClientOptions.deaf), which keeps the driver's work small. Every client writes.
   */
  observersPerRoom?: number;
  /** Nodes in each room's map (default 40). */
  nodesPerRoom?: number;
  /** Every n-th write also renames a node (default 20). */
  renameEvery?: number;
  /** Prefix of the room names (make it unique per run). */
  roomPrefix: string;
  /** Clients connecting at once (default 50). */
  openConcurrency?: number;
  log?: (message: string) => void;
}

export interface FanOutResult {
  /** Write → peer observed it, ms: one per (write sent in the measuring window, observing peer). */
  latencies: number[];
  latency: Summary;
  /** Writes sent in the measuring window. */
  writes: number;
  /** (write, observing peer) pairs over the whole run, and those never seen after the drain. */
  expectedDeliveries: number;
  missing: number;
  disconnects: number;
  /** This process's event-loop delay in the measuring window (ms); `valid` is false above 20 ms p99. */
  driverLag: Summary;
  valid: boolean;
  serverCpuPercent: number;
  serverEventLoop: EventLoopStats | null;
  serverRssBytes: number;
  /** Ours: fsyncs in the measuring window (count, mean and bucket p50/p99 in seconds); peers: null. */
  fsync: ReturnType<typeof promHistogramDelta>;
  /** How busy each core was in the measuring window (%): core 0 beyond the server's CPU is other load. */
  coreBusyPercent: number[];
  /** Time to open and sync all clients. */
  connectMs: number;
  /** Length of the measuring window. */
  measureMs: number;
}

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * R rooms × C clients; every client moves a node of its room's map (x and y of the node's
 * position map) `ratePerClient` times a second and renames a node every `renameEvery`-th write. In
 * the same transaction it writes [sequence number, timestamp] under its own key of a `probe` map.
 * Observers record, per sender, the highest sequence number seen: a write counts as delivered to a
 * peer once that peer has seen it or a later one (servers may merge updates), with latency = the
 * moment the peer sees it − the moment it was written (one clock: every client is in this process).
 */
export async function runFanOut(server: ServerHandle, options: FanOutOptions): Promise<FanOutResult> {
  const { rooms: roomCount, clientsPerRoom, ratePerClient, warmupMs, measureMs } = options;
  const drainMs = options.drainMs ?? 5000;
  const observersPerRoom = Math.min(options.observersPerRoom ?? clientsPerRoom, clientsPerRoom);
  const nodes = options.nodesPerRoom ?? 40;
  const renameEvery = options.renameEvery ?? 20;
  const log = options.log ?? (() => {});

  const seed = mapUpdate(nodes);
  const rooms = await inParallel(
    Array.from({ length: roomCount }, (_, r) => `${options.roomPrefix}-${r}`),
    8,
    (name) => server.createRoom(name, seed),
  );
  const connectStart = performance.now();
  const clients = await openClients(server, rooms, () => clientsPerRoom, options.openConcurrency ?? 50, (_, i) => ({ deaf: i >= observersPerRoom }));
  const connectMs = performance.now() - connectStart;
  log(`${server.kind}: ${roomCount * clientsPerRoom} clients in ${roomCount} rooms synced in ${(connectMs / 1000).toFixed(1)} s`);

  // Sender k is clients[r][c] with k = r * C + c; sendTimes[k][seq - 1] is when it wrote seq.
  const total = roomCount * clientsPerRoom;
  const sendTimes: number[][] = Array.from({ length: total }, () => []);
  let window: [number, number] = [Infinity, Infinity];
  const latencies: number[] = [];
  // seen[k][c']: highest sequence number of sender k seen by client c' of the same room.
  const seen: Int32Array[] = Array.from({ length: total }, () => new Int32Array(clientsPerRoom));

  clients.forEach((roomClients) => {
    roomClients.slice(0, observersPerRoom).forEach((client, c) => {
      const probe = client.doc.getMap<[number, number]>('probe');
      probe.observe((event) => {
        if (event.transaction.local) return;
        const at = now();
        for (const key of event.keysChanged) {
          const value = probe.get(key);
          if (!value) continue;
          const sender = Number(key);
          const seq = value[0];
          const row = seen[sender]!;
          const times = sendTimes[sender]!;
          for (let s = row[c]! + 1; s <= seq; s++) {
            const sent = times[s - 1]!;
            if (sent >= window[0] && sent < window[1]) latencies.push(at - sent);
          }
          if (seq > row[c]!) row[c] = seq;
        }
      });
    });
  });

  const timers: NodeJS.Timeout[] = [];
  const interval = 1000 / ratePerClient;
  clients.forEach((roomClients, r) => {
    roomClients.forEach((client, c) => {
      const sender = r * clientsPerRoom + c;
      const key = String(sender);
      const doc = client.doc;
      const probe = doc.getMap<[number, number]>('probe');
      const times = sendTimes[sender]!;
      let seq = 0;
      const write = () => {
        seq++;
        const t = now();
        const node = `n${(sender * 7 + seq) % nodes}`;
        doc.transact(() => {
          moveNodes(doc, [{ id: node, position: { x: (seq * 13) % 2000, y: (seq * 29 + sender) % 1400 } }]);
          if (seq % renameEvery === 0) setNodeTitle(doc, node, `Work action ${sender}.${seq}`);
          probe.set(key, [seq, t]);
        });
        times.push(t);
      };
      // Spread the clients' phases over one interval.
      const start = setTimeout(() => timers.push(setInterval(write, interval)), Math.random() * interval);
      timers.push(start);
    });
  });

  await sleep(warmupMs);
  const lag = startLagMonitor();
  await server.eventLoop(); // resets the server's histogram
  const metricsBefore = await server.metricsText();
  const before = server.sample();
  const coresBefore = readCores();
  window = [now(), Infinity];
  await sleep(measureMs);
  window = [window[0], now()];
  const after = server.sample();
  const cores = coreBusyPercent(coresBefore, readCores());
  const serverEventLoop = await server.eventLoop();
  const fsync = promHistogramDelta(metricsBefore, await server.metricsText(), 'qms_fsync_seconds');
  const driverLag = lag.stop();
  for (const timer of timers) clearInterval(timer);
  const writes = sendTimes.reduce((n, times) => n + times.filter((t) => t >= window[0] && t < window[1]).length, 0);

  // Drain: wait until every observer has seen every write, or drainMs.
  const missingNow = () => {
    let missing = 0;
    for (let r = 0; r < roomCount; r++) {
      for (let s = 0; s < clientsPerRoom; s++) {
        const sender = r * clientsPerRoom + s;
        const last = sendTimes[sender]!.length;
        for (let c = 0; c < observersPerRoom; c++) if (c !== s) missing += last - seen[sender]![c]!;
      }
    }
    return missing;
  };
  const drainEnd = performance.now() + drainMs;
  while (missingNow() > 0 && performance.now() < drainEnd) await sleep(50);
  const missing = missingNow();
  let expectedDeliveries = 0;
  for (let r = 0; r < roomCount; r++) {
    for (let s = 0; s < clientsPerRoom; s++) {
      const observing = s < observersPerRoom ? observersPerRoom - 1 : observersPerRoom;
      expectedDeliveries += sendTimes[r * clientsPerRoom + s]!.length * observing;
    }
  }
  const disconnects = clients.flat().reduce((n, client) => n + client.disconnects, 0);
  for (const client of clients.flat()) client.destroy();

  return {
    latencies,
    latency: summarize(latencies),
    writes,
    expectedDeliveries,
    missing,
    disconnects,
    driverLag,
    valid: driverLag.p99 <= MAX_DRIVER_LAG_P99_MS,
    serverCpuPercent: cpuPercent(before, after),
    serverEventLoop,
    serverRssBytes: after.rssBytes,
    fsync,
    coreBusyPercent: cores,
    connectMs,
    measureMs: window[1] - window[0],
  };
}
