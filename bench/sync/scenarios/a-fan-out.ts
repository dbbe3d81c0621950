/**
 * Fan-out latency: FANOUT_ROOMS rooms × FANOUT_CLIENTS clients (default 40 × 5), each moving nodes
 * FANOUT_RATE times a second (default 5) and renaming one every 20th write; latency from a write
 * to each peer seeing it. FANOUT_WARMUP_S (3) seconds of warm-up, FANOUT_MEASURE_S (20) measured.
 * Each measurement runs on a fresh server process; two passes in alternating order.
 */
import { runFanOut, type FanOutResult } from '../clients.js';
import { MAX_DRIVER_LAG_P99_MS, summarize, type Scenario, type ScenarioResult } from '../report.js';
import type { ServerKind } from '../servers.js';

export const scenario: Scenario = {
  id: 'fan-out',
  title: 'Fan-out latency (write → every peer)',
  async run(ctx) {
    const rooms = ctx.param('FANOUT_ROOMS', 40, 10);
    const clientsPerRoom = ctx.param('FANOUT_CLIENTS', 5, 5);
    const rate = ctx.param('FANOUT_RATE', 5);
    const warmupMs = ctx.param('FANOUT_WARMUP_S', 3, 1) * 1000;
    const measureMs = ctx.param('FANOUT_MEASURE_S', 20, 3) * 1000;
    const runs = await ctx.alternate(
      async (server, pass) => {
        ctx.log(`fan-out: ${server.kind}, pass ${pass + 1}`);
        const result = await runFanOut(server, { rooms, clientsPerRoom, ratePerClient: rate, warmupMs, measureMs, roomPrefix: `fanout-${pass}`, log: ctx.log });
        ctx.log(
          `  p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, missing ${result.missing}, ` +
            `server CPU ${result.serverCpuPercent.toFixed(0)} %, driver lag p99 ${result.driverLag.p99.toFixed(1)} ms${result.valid ? '' : ' (DISCARDED)'}`,
        );
        return result;
      },
      { restart: true },
    );
    return fanOutResult('fan-out', `Fan-out latency: ${rooms} rooms × ${clientsPerRoom} clients × ${rate} writes/s`, runs, [
      `${rooms * clientsPerRoom} clients (all in the driver), ${rooms * clientsPerRoom * rate} writes/s in all, each seen by ${clientsPerRoom - 1} peers; ${warmupMs / 1000} s warm-up, ${measureMs / 1000} s measured per run; a fresh server process per run.`,
    ], (values) => [
      target('ours p99 ≤ 10 ms', values.ours?.latency.p99, (v) => v <= 10),
      target('ours p99 within 1.5× of the reference', values.ours && values.reference ? values.ours.latency.p99 / values.reference.latency.p99 : undefined, (v) => v <= 1.5, '×'),
    ]);
  },
};

export interface Pooled {
  latency: ReturnType<typeof summarize>;
  missing: number;
  expected: number;
  cpu: number;
  core0: number;
  core1: number;
  eventLoopP99: number | null;
  eventLoopMax: number | null;
  driverLagP99: number;
  disconnects: number;
  connectS: number;
  /** Ours only: fsyncs per second in the measuring windows, their mean and p99 bucket bound (ms). */
  fsyncPerS: number | null;
  fsyncMeanMs: number | null;
  fsyncP99Ms: number | null;
  runs: number;
}

/** Pools the valid runs of each server (latency samples together; CPU and the rest averaged). */
export function pool(runs: Map<ServerKind, FanOutResult[]>): { values: Partial<Record<ServerKind, Pooled>>; discarded: string[] } {
  const values: Partial<Record<ServerKind, Pooled>> = {};
  const discarded: string[] = [];
  for (const [kind, list] of runs) {
    list.forEach((run, i) => {
      if (!run.valid) {
        discarded.push(
          `${kind} run ${i + 1} discarded: driver event-loop lag p99 ${run.driverLag.p99.toFixed(1)} ms > ${MAX_DRIVER_LAG_P99_MS} ms ` +
            `(it measured p50 ${run.latency.p50.toFixed(1)} ms, p99 ${run.latency.p99.toFixed(1)} ms, ${run.missing} missing; cores busy ${run.coreBusyPercent.map((v) => v.toFixed(0)).join(' % / ')} %)`,
        );
      }
    });
    const valid = list.filter((run) => run.valid);
    if (valid.length === 0) continue;
    const mean = (pick: (run: FanOutResult) => number) => valid.reduce((n, run) => n + pick(run), 0) / valid.length;
    const loops = valid.map((run) => run.serverEventLoop?.p99Ms).filter((v): v is number => typeof v === 'number' && !Number.isNaN(v));
    values[kind] = {
      latency: summarize(valid.flatMap((run) => run.latencies)),
      missing: valid.reduce((n, run) => n + run.missing, 0),
      expected: valid.reduce((n, run) => n + run.expectedDeliveries, 0),
      cpu: mean((run) => run.serverCpuPercent),
      core0: mean((run) => run.coreBusyPercent[0] ?? 0),
      core1: mean((run) => run.coreBusyPercent[1] ?? 0),
      eventLoopP99: loops.length ? Math.max(...loops) : null,
      eventLoopMax: loops.length ? Math.max(...valid.map((run) => run.serverEventLoop?.maxMs ?? 0)) : null,
      driverLagP99: Math.max(...valid.map((run) => run.driverLag.p99)),
      disconnects: valid.reduce((n, run) => n + run.disconnects, 0),
      connectS: mean((run) => run.connectMs) / 1000,
      ...fsyncs(valid),
      runs: valid.length,
    };
  }
  return { values, discarded };
}

function fsyncs(runs: FanOutResult[]): Pick<Pooled, 'fsyncPerS' | 'fsyncMeanMs' | 'fsyncP99Ms'> {
  const measured = runs.filter((run) => run.fsync && run.fsync.count > 0);
  if (measured.length === 0) return { fsyncPerS: null, fsyncMeanMs: null, fsyncP99Ms: null };
  const count = measured.reduce((n, run) => n + run.fsync!.count, 0);
  const seconds = measured.reduce((n, run) => n + run.measureMs / 1000, 0);
  const sum = measured.reduce((n, run) => n + run.fsync!.mean * run.fsync!.count, 0);
  return { fsyncPerS: count / seconds, fsyncMeanMs: (sum / count) * 1000, fsyncP99Ms: Math.max(...measured.map((run) => run.fsync!.p99)) * 1000 };
}

/** The table of a fan-out style scenario (also used by the many-connections scenario). */
export function fanOutResult(
  id: string,
  title: string,
  runs: Map<ServerKind, FanOutResult[]>,
  notes: string[],
  targets: (values: Partial<Record<ServerKind, Pooled>>) => string[],
): ScenarioResult {
  const { values, discarded } = pool(runs);
  const row = (name: string, pick: (p: Pooled) => number | null, digits = 1) => ({
    name,
    digits,
    values: Object.fromEntries(Object.entries(values).map(([kind, p]) => [kind, pick(p)])),
  });
  return {
    id,
    title,
    metrics: [
      row('latency p50 (ms)', (p) => p.latency.p50),
      row('latency p95 (ms)', (p) => p.latency.p95),
      row('latency p99 (ms)', (p) => p.latency.p99),
      row('latency max (ms)', (p) => p.latency.max),
      row('deliveries measured', (p) => p.latency.n, 0),
      row('missing deliveries', (p) => p.missing, 0),
      row('server CPU (% of one core)', (p) => p.cpu),
      row('core 0 busy, all processes (%)', (p) => p.core0),
      row('core 1 busy, driver + others (%)', (p) => p.core1),
      row('server event-loop delay p99 (ms)', (p) => p.eventLoopP99),
      row('server event-loop delay max (ms)', (p) => p.eventLoopMax),
      row('driver event-loop delay p99 (ms)', (p) => p.driverLagP99),
      row('connections lost', (p) => p.disconnects, 0),
      row('time to connect all clients (s)', (p) => p.connectS),
      row('fsyncs per second (ours)', (p) => p.fsyncPerS, 0),
      row('fsync mean (ms, ours)', (p) => p.fsyncMeanMs, 2),
      row('fsync p99, histogram bucket bound (ms, ours)', (p) => p.fsyncP99Ms),
      row('valid runs', (p) => p.runs, 0),
    ],
    notes: [...notes, ...discarded, ...targets(values)],
    chart: {
      unit: 'ms',
      series: [
        { name: 'p50', values: Object.fromEntries(Object.entries(values).map(([kind, p]) => [kind, p.latency.p50])) },
        { name: 'p99', values: Object.fromEntries(Object.entries(values).map(([kind, p]) => [kind, p.latency.p99])) },
      ],
    },
    details: Object.fromEntries(
      [...runs].map(([kind, list]) => [kind, list.map(({ latencies: _samples, ...rest }) => rest)]),
    ),
  };
}

/** "Target …: met/MISSED (value)". */
export function target(name: string, value: number | undefined, ok: (value: number) => boolean, unit = ' ms'): string {
  if (value === undefined || Number.isNaN(value)) return `Target ${name}: not measured.`;
  return `Target ${name}: ${ok(value) ? 'met' : 'MISSED'} (${value.toFixed(value < 10 ? 2 : 1)}${unit}).`;
}
