/**
 * `pnpm bench:instances`: our server as one process on its embedded file store, as one instance
 * on PostgreSQL + Redis, and as three instances on the same PostgreSQL + Redis with the clients
 * spread over them (round robin), side by side in one run, on the fan-out workload and on many
 * connections. The sync bench (`pnpm bench:sync`) compares servers; this compares deployments of
 * ours, so it has its own table. Needs Debian's postgresql and redis-server (TOOLCHAIN.md); the
 * servers run from apps/server/dist (build first).
 *
 *   pnpm --filter @qms/server... build && pnpm bench:instances
 *   QUICK=1 pnpm bench:instances              smoke run (≈ 2 min)
 *   FANOUT_ROOMS=… MANY_ROOMS=… pnpm bench:instances
 *
 * On a 2-core machine every instance, PostgreSQL, Redis and the driver share the two cores, so
 * three instances cannot be faster than one here; what this shows is what the bus costs and that
 * nothing is lost. Capacity grows with instances only where they have cores of their own.
 */
import { findPostgres, findRedis, TestPostgres, TestRedis } from '@qms/storage-postgres/testing';
import { runFanOut, type FanOutResult } from './clients.js';
import { median } from './report.js';
import { startServer, type ProcessSample, type ServerHandle } from './servers.js';

const quick = process.env.QUICK === '1';
const param = (name: string, full: number, short = full) => Number(process.env[name] ?? (quick ? short : full));
const log = (message: string) => process.stderr.write(`${message}\n`);

/** Several instances as one server handle: clients connect to each in turn. */
function cluster(instances: ServerHandle[]): ServerHandle {
  let next = 0;
  return {
    kind: 'ours',
    protocol: 'y-websocket',
    port: instances[0]!.port,
    get pid() {
      return instances[0]!.pid;
    },
    get syncUrl() {
      return instances[next++ % instances.length]!.syncUrl;
    },
    createRoom: (name, update) => instances[0]!.createRoom(name, update),
    sample(): ProcessSample {
      const samples = instances.map((instance) => instance.sample());
      return { at: samples[0]!.at, rssBytes: samples.reduce((n, s) => n + s.rssBytes, 0), cpuSeconds: samples.reduce((n, s) => n + s.cpuSeconds, 0) };
    },
    async eventLoop() {
      const loops = (await Promise.all(instances.map((instance) => instance.eventLoop()))).filter((loop) => loop !== null);
      if (loops.length === 0) return null;
      return { p50Ms: Math.max(...loops.map((l) => l.p50Ms)), p99Ms: Math.max(...loops.map((l) => l.p99Ms)), maxMs: Math.max(...loops.map((l) => l.maxMs)), meanMs: median(loops.map((l) => l.meanMs)) };
    },
    metricsText: () => instances[0]!.metricsText(),
    whenIdle: async () => void (await Promise.all(instances.map((instance) => instance.whenIdle()))),
    stop: async () => void (await Promise.all(instances.map((instance) => instance.stop()))),
    restart: async () => void (await Promise.all(instances.map((instance) => instance.restart()))),
  };
}

interface Deployment {
  name: string;
  start(): Promise<{ server: ServerHandle; instances: number }>;
}

const postgres = findPostgres();
const redis = findRedis();
if ('missing' in postgres || 'missing' in redis) throw new Error(`bench:instances needs PostgreSQL and Redis: ${'missing' in postgres ? postgres.missing : ''} ${'missing' in redis ? redis.missing : ''}`);
const database = await TestPostgres.start(postgres);
const bus = await TestRedis.start(redis);

async function fresh(): Promise<Record<string, string>> {
  const url = await database.createDatabase();
  return { DATABASE_URL: url, REDIS_URL: bus.url };
}

const deployments: Deployment[] = [
  { name: '1 instance, file store', start: async () => ({ server: await startServer('ours', { cpu: 0 }), instances: 1 }) },
  { name: '1 instance, PostgreSQL + Redis', start: async () => ({ server: await startServer('ours', { cpu: 0, env: await fresh() }), instances: 1 }) },
  {
    name: '3 instances, PostgreSQL + Redis',
    start: async () => {
      const env = await fresh();
      const instances = [];
      for (let i = 0; i < 3; i++) instances.push(await startServer('ours', { cpu: 0, env }));
      return { server: cluster(instances), instances: 3 };
    },
  },
];

const workloads = [
  {
    name: 'fan-out',
    options: { rooms: param('FANOUT_ROOMS', 40, 10), clientsPerRoom: param('FANOUT_CLIENTS', 5), ratePerClient: param('FANOUT_RATE', 5), warmupMs: param('FANOUT_WARMUP_S', 3, 1) * 1000, measureMs: param('FANOUT_MEASURE_S', 20, 3) * 1000 },
  },
  {
    name: 'many connections',
    options: {
      rooms: param('MANY_ROOMS', 400, 100),
      clientsPerRoom: 5,
      ratePerClient: 1,
      observersPerRoom: 2,
      nodesPerRoom: 10,
      openConcurrency: 100,
      warmupMs: param('MANY_WARMUP_S', 3, 1) * 1000,
      measureMs: param('MANY_MEASURE_S', 20, 3) * 1000,
    },
  },
];

const results: Array<{ workload: string; deployment: string; clients: number; instances: number; result: FanOutResult }> = [];
try {
  for (const workload of workloads) {
    for (const [index, deployment] of deployments.entries()) {
      const { server, instances } = await deployment.start();
      try {
        log(`${workload.name}: ${deployment.name}`);
        const result = await runFanOut(server, { ...workload.options, roomPrefix: `${workload.name.replace(' ', '-')}-${index}`, log });
        const clients = workload.options.rooms * workload.options.clientsPerRoom;
        log(`  p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, missing ${result.missing}, CPU ${result.serverCpuPercent.toFixed(0)} % (all instances)${result.valid ? '' : ' (driver overloaded: not valid)'}`);
        results.push({ workload: workload.name, deployment: deployment.name, clients, instances, result });
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  await bus.stop();
  await database.destroy();
}

console.log(`\n### Several instances (Node ${process.version}${quick ? ', QUICK=1' : ''})\n`);
console.log('| workload | deployment | clients | per instance | p50 ms | p99 ms | p99 vs 1 instance (file) | missing | server CPU % (all) | valid |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
for (const row of results) {
  const baseline = results.find((other) => other.workload === row.workload && other.deployment === deployments[0]!.name)!;
  const ratio = row.result.latency.p99 / baseline.result.latency.p99;
  console.log(
    `| ${row.workload} | ${row.deployment} | ${row.clients} | ${Math.round(row.clients / row.instances)} | ${row.result.latency.p50.toFixed(1)} | ${row.result.latency.p99.toFixed(1)} | ${ratio.toFixed(2)}× | ${row.result.missing} | ${row.result.serverCpuPercent.toFixed(0)} | ${row.result.valid ? 'yes' : 'no (driver lag)'} |`,
  );
}
