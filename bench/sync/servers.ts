/**
 * The three sync servers compared by `pnpm bench:sync`, each in its own child process pinned to one
 * core (`taskset -c 0` by default), behind one handle:
 *
 *   ours        apps/server/dist/main.js (build it first), data in a temporary folder, every update
 *               logged and fsynced; rooms are maps created with POST /api/maps
 *   reference   servers/reference.ts: `ws` + `setupWSConnection` of @y/websocket-server (memory only)
 *   hocuspocus  servers/hocuspocus.ts: @hocuspocus/server with its defaults (memory only)
 *
 *   const server = await startServer('ours');
 *   const room = await server.createRoom('fan-out-1', seedUpdate);   // the id clients connect to
 *   const client = openClient(server, room);                         // clients.ts
 *   const before = server.sample();  …  cpuPercent(before, server.sample())
 *   await server.restart();   // a fresh process; stored rooms (and seeds of the peers) survive
 *   await server.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

export type ServerKind = 'ours' | 'reference' | 'hocuspocus';
export const SERVER_KINDS: readonly ServerKind[] = ['ours', 'reference', 'hocuspocus'];

/** Which client provider speaks to a server: the stock y-websocket one, or Hocuspocus's. */
export type SyncProtocol = 'y-websocket' | 'hocuspocus';

/** One reading of the server process from /proc. */
export interface ProcessSample {
  /** performance.now() of the reading, in ms. */
  at: number;
  /** Resident set size (VmRSS), bytes. */
  rssBytes: number;
  /** User + system CPU time used so far, seconds. */
  cpuSeconds: number;
}

/** The server's own event-loop delay (perf_hooks histogram, 10 ms resolution), in ms. */
export interface EventLoopStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export interface ServerHandle {
  readonly kind: ServerKind;
  readonly protocol: SyncProtocol;
  readonly port: number;
  /** Pid of the running server process (it changes on restart). */
  readonly pid: number;
  /** What a client provider is given as its server URL (see clients.ts). */
  readonly syncUrl: string;
  /**
   * Makes a room and returns the id clients connect to. Ours: a new map (POST /api/maps) whose
   * document then receives `initialUpdate` and is fsynced before this resolves. Peers: the name
   * itself; `initialUpdate` becomes the content the document starts with when first opened.
   */
  createRoom(name: string, initialUpdate?: Uint8Array): Promise<string>;
  /** RSS and CPU time of the server process now (synchronous /proc reads). */
  sample(): ProcessSample;
  /** Event-loop delay since the previous call (the histogram is reset), or null if unknown. */
  eventLoop(): Promise<EventLoopStats | null>;
  /** Ours: its Prometheus /metrics text (fsync histogram, counters); the peers: null. */
  metricsText(): Promise<string | null>;
  /**
   * With no client connected: resolves once the server holds no room in memory any more (ours
   * unloads an empty room after ROOM_IDLE_MS, 5 s; Hocuspocus at once; the reference never does).
   */
  whenIdle(): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** stop() and start a fresh process on the same port (ours keeps its data folder). */
  restart(): Promise<void>;
}

export interface StartOptions {
  /** Core to pin the server to (taskset -c); default 0. */
  cpu?: number;
  port?: number;
  /** Extra environment for the server process. */
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof']. */
  nodeArgs?: string[];
}

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const repoDir = fileURLToPath(new URL('../..', import.meta.url));
const oursMain = join(repoDir, 'apps/server/dist/main.js');
const CLOCK_TICKS = 100; // USER_HZ on Linux

export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<ServerHandle> {
  const port = options.port ?? (await freePort());
  const cpu = options.cpu ?? 0;
  const dataDir = kind === 'ours' ? await mkdtemp(join(tmpdir(), 'qms-bench-sync-')) : null;
  const base = `http://127.0.0.1:${port}`;
  const seeds = new Map<string, Uint8Array>();
  let child: ChildProcess;
  let exited: Promise<void>;

  const launch = async () => {
    const script =
      kind === 'ours' ? [oursMain] : ['--import', 'tsx', join(benchDir, 'sync/servers', `${kind}.ts`)];
    const env: Record<string, string | undefined> = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...options.env };
    if (kind === 'ours') {
      Object.assign(env, {
        DATA_DIR: dataDir!,
        WEB_DIR: '',
        SEED_SAMPLES: 'false',
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        MAX_CONNECTIONS_PER_IP: '20000',
        MESSAGES_PER_SECOND: '100000',
        MESSAGE_BURST: '100000',
        ...options.env,
      });
    }
    child = spawn('taskset', ['-c', String(cpu), process.execPath, ...(options.nodeArgs ?? []), ...script], {
      cwd: benchDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Server output goes to the driver's stderr (progress), marked with the server's name.
    for (const stream of [child.stdout!, child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => {
        for (const line of text.split('\n')) if (line.trim()) process.stderr.write(`  [${kind}] ${line.slice(0, 400)}\n`);
      });
    }
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitReady(`${base}${kind === 'ours' ? '/healthz' : '/stats'}`, exited);
    for (const [name, update] of kind === 'ours' ? [] : seeds) await postSeed(base, name, update);
  };

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };

  await launch();

  return {
    kind,
    protocol: kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket',
    port,
    get pid() {
      return child.pid!;
    },
    syncUrl: kind === 'hocuspocus' ? `ws://127.0.0.1:${port}` : `ws://127.0.0.1:${port}/sync`,
    async createRoom(name, initialUpdate) {
      if (kind !== 'ours') {
        if (initialUpdate) {
          seeds.set(name, initialUpdate);
          await postSeed(base, name, initialUpdate);
        }
        return name;
      }
      const response = await fetch(`${base}/api/maps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: name }),
      });
      if (response.status !== 201) throw new Error(`POST /api/maps: ${response.status} ${await response.text()}`);
      const { id } = (await response.json()) as { id: string };
      if (initialUpdate) await pushDurably(`ws://127.0.0.1:${port}/sync/${id}`, initialUpdate);
      return id;
    },
    sample() {
      return readProcess(child.pid!);
    },
    async eventLoop() {
      try {
        if (kind !== 'ours') return (await (await fetch(`${base}/stats`)).json()) as EventLoopStats;
        // prom-client's default metrics: the same histogram, reset at every scrape.
        const text = await (await fetch(`${base}/metrics`)).text();
        const read = (name: string) => {
          const match = new RegExp(`^qms_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text);
          return match ? Number(match[1]) * 1000 : Number.NaN;
        };
        return { p50Ms: read('p50'), p99Ms: read('p99'), maxMs: read('max'), meanMs: read('mean') };
      } catch {
        return null;
      }
    },
    async metricsText() {
      if (kind !== 'ours') return null;
      try {
        return await (await fetch(`${base}/metrics`)).text();
      } catch {
        return null;
      }
    },
    async whenIdle() {
      if (kind !== 'ours') return;
      const deadline = performance.now() + 30_000;
      while (performance.now() < deadline) {
        const text = await (await fetch(`${base}/metrics`)).text();
        if (/^qms_rooms_loaded 0$/m.test(text)) return;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      throw new Error('our server still holds rooms in memory 30 s after the last client left');
    },
    async stop() {
      await stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await launch();
    },
  };
}

/** CPU used between two samples, as % of one core. */
export function cpuPercent(before: ProcessSample, after: ProcessSample): number {
  const seconds = (after.at - before.at) / 1000;
  return seconds > 0 ? ((after.cpuSeconds - before.cpuSeconds) / seconds) * 100 : 0;
}

function readProcess(pid: number): ProcessSample {
  const at = performance.now();
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return { at, rssBytes: rssKb * 1024, cpuSeconds };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, exited: Promise<void>): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    if (dead) throw new Error(`the server exited before answering ${url}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no answer from ${url} within 30 s`);
}

async function postSeed(base: string, name: string, update: Uint8Array): Promise<void> {
  const response = await fetch(`${base}/seed/${encodeURIComponent(name)}`, { method: 'POST', body: new Uint8Array(update) });
  if (!response.ok) throw new Error(`seeding ${name}: ${response.status}`);
}

/**
 * Sends an update on a raw sync socket, then our save barrier (message type 100, see
 * packages/protocol/src/save-status.ts), and resolves once the server answers that it is fsynced.
 */
async function pushDurably(url: string, update: Uint8Array): Promise<void> {
  const socket = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        socket.send(concat([varUint(0), varUint(2), varUint(update.byteLength), update])); // sync step 2
        socket.send(concat([varUint(100), varUint(1)])); // save request, id 1
      });
      socket.on('message', (data: Buffer) => {
        if (data[0] !== 100) return;
        if (data[1] === 0) resolve();
        else reject(new Error('the server says it cannot save'));
      });
      socket.once('close', (code) => reject(new Error(`closed with ${code} before the map was saved`)));
      socket.once('error', reject);
    });
  } finally {
    socket.close();
  }
}

function varUint(value: number): Uint8Array {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push(0x80 | (value & 0x7f));
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return Uint8Array.from(bytes);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.byteLength, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}

/** Busy and total jiffies of each core so far (/proc/stat), to see what else ran on the cores. */
export function readCores(): Array<{ busy: number; total: number }> {
  const cores: Array<{ busy: number; total: number }> = [];
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (!match) continue;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = match[2]!.trim().split(/\s+/).map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    cores[Number(match[1])] = { busy, total: busy + idle! + iowait! };
  }
  return cores;
}

/** % busy of each core between two readCores() readings. */
export function coreBusyPercent(before: ReturnType<typeof readCores>, after: ReturnType<typeof readCores>): number[] {
  return after.map((core, i) => {
    const total = core.total - (before[i]?.total ?? 0);
    return total > 0 ? ((core.busy - (before[i]?.busy ?? 0)) / total) * 100 : 0;
  });
}
