/**
 * `pnpm bench:sync`: our sync server side by side with the y-websocket reference server and
 * Hocuspocus, in one run on the same workloads (see README.md, "Sync servers").
 *
 *   pnpm --filter @qms/server... build    (the benchmark runs apps/server/dist/main.js)
 *   pnpm bench:sync                        full run (≈ 15–20 min), results in bench/results/
 *   QUICK=1 pnpm bench:sync                smoke run (≈ 2 min), results in a temporary folder
 *   SCENARIOS=fan-out,memory pnpm bench:sync     some scenarios (ids of scenarios/*.ts)
 *   SERVERS=ours PROFILE=1 SCENARIOS=fan-out pnpm bench:sync
 *                                          CPU profile of our server under the load (top self time)
 *
 * Every scenario file in scenarios/ exports `scenario: Scenario` (report.ts) and is run in file-name
 * order; its numbers may be changed by environment variables (FANOUT_ROOMS=…, see each file).
 * Servers run pinned to core 0, this driver (every client) to core 1: it re-runs itself under
 * `taskset -c 1` if it is not pinned yet. Tables go to stdout, progress to stderr.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { environment, summarizeCpuProfile, table, writeResults, type Scenario, type ScenarioContext, type ScenarioResult } from './report.js';
import { SERVER_KINDS, startServer, type ServerHandle, type ServerKind } from './servers.js';

const DRIVER_CPU = '1';

// Pin the driver to its core, once.
const allowed = /^Cpus_allowed_list:\s*(\S+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
if (allowed !== DRIVER_CPU && !process.env.SYNC_BENCH_PINNED) {
  // A larger young generation: thousands of client documents otherwise keep the GC busy.
  const flags = [...process.execArgv, '--max-semi-space-size=64'];
  const child = spawn('taskset', ['-c', DRIVER_CPU, process.execPath, ...flags, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, SYNC_BENCH_PINNED: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  await main();
}

async function main(): Promise<void> {
  const quick = process.env.QUICK === '1';
  const log = (message: string) => process.stderr.write(`${message}\n`);
  const here = fileURLToPath(new URL('.', import.meta.url));
  const oursMain = fileURLToPath(new URL('../../apps/server/dist/main.js', import.meta.url));
  if (!existsSync(oursMain)) throw new Error('apps/server/dist/main.js is missing: run `pnpm --filter @qms/server... build` first');

  const wanted = process.env.SCENARIOS?.split(',').map((id) => id.trim()).filter(Boolean);
  const scenarios: Scenario[] = [];
  for (const file of readdirSync(join(here, 'scenarios')).filter((name) => name.endsWith('.ts')).sort()) {
    const module = (await import(pathToFileURL(join(here, 'scenarios', file)).href)) as { scenario?: Scenario };
    if (!module.scenario) continue;
    if (!wanted || wanted.includes(module.scenario.id)) scenarios.push(module.scenario);
  }
  if (scenarios.length === 0) throw new Error(`no scenario matches SCENARIOS=${process.env.SCENARIOS}`);

  const kinds = (process.env.SERVERS?.split(',').map((kind) => kind.trim()) ?? [...SERVER_KINDS]) as ServerKind[];
  const profileDir = process.env.PROFILE === '1' ? await mkdtemp(join(tmpdir(), 'qms-bench-sync-prof-')) : null;
  const servers: ServerHandle[] = [];
  for (const kind of kinds) {
    if (!SERVER_KINDS.includes(kind)) throw new Error(`unknown server "${kind}" in SERVERS`);
    const nodeArgs = profileDir && kind === 'ours' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    servers.push(await startServer(kind, { nodeArgs }));
    log(`started ${kind} (pid ${servers.at(-1)!.pid}, port ${servers.at(-1)!.port})`);
  }
  const stopAll = async () => {
    for (const server of servers) await server.stop().catch(() => {});
  };
  process.once('SIGINT', () => void stopAll().then(() => process.exit(130)));

  const env = environment(quick);
  const ctx: ScenarioContext = {
    servers,
    quick,
    log,
    param(name, full, quickValue) {
      const value = process.env[name];
      if (value !== undefined && value !== '') return Number(value);
      return quick && quickValue !== undefined ? quickValue : full;
    },
    async alternate(measure, options = {}) {
      const passes = options.passes ?? (quick ? 1 : 2);
      const results = new Map<ServerKind, Awaited<ReturnType<typeof measure>>[]>();
      for (let pass = 0; pass < passes; pass++) {
        const order = pass % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          if (options.restart) await server.restart();
          const result = await measure(server, pass);
          results.set(server.kind, [...(results.get(server.kind) ?? []), result]);
        }
      }
      return results;
    },
  };

  const results: ScenarioResult[] = [];
  const started = performance.now();
  try {
    for (const scenario of scenarios) {
      log(`\n== ${scenario.title} (${scenario.id}) ==`);
      const t0 = performance.now();
      const result = await scenario.run(ctx);
      results.push(result);
      process.stdout.write(`\n${table(result)}\n\n`);
      log(`(${scenario.id} took ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await stopAll();
  }
  log(`total ${((performance.now() - started) / 60_000).toFixed(1)} min`);

  const findings: string[] = [];
  if (profileDir) {
    // One profile per server process (each restart starts one): the largest is the longest run.
    const files = (await readdir(profileDir)).filter((name) => name.endsWith('.cpuprofile'));
    const sizes = new Map(files.map((name) => [name, statSync(join(profileDir, name)).size]));
    for (const file of files.sort((a, b) => sizes.get(b)! - sizes.get(a)!).slice(0, 1)) {
      const summary = summarizeCpuProfile(join(profileDir, file), 25);
      process.stdout.write(`\nCPU profile of our server (${join(profileDir, file)}):\n${summary.join('\n')}\n`);
      findings.push(`CPU profile of our server, top self time:`, '', '```', ...summary, '```');
    }
  }
  const dir = process.env.RESULTS_DIR ?? (quick || profileDir ? await mkdtemp(join(tmpdir(), 'qms-bench-sync-results-')) : fileURLToPath(new URL('../results', import.meta.url)));
  const written = await writeResults(dir, env, results, findings);
  log(`results: ${written.join(', ')}`);
}
