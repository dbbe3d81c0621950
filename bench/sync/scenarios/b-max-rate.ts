/**
 * The highest write rate per client before fan-out p99 exceeds 50 ms or a write goes missing:
 * MAXRATE_ROOMS × MAXRATE_CLIENTS (default 10 × 5) clients, stepping the rate 5, 10, 20, 40, …
 * (MAXRATE_STEPS, comma-separated) with short steps (MAXRATE_WARMUP_S 1.5, MAXRATE_MEASURE_S 5).
 * A step where the driver itself lags (p99 > 20 ms) ends the climb: the server is then at least
 * as fast as the last passing step ("driver-limited").
 */
import { runFanOut } from '../clients.js';
import { MAX_DRIVER_LAG_P99_MS, type Scenario } from '../report.js';
import type { ServerKind } from '../servers.js';

const P99_LIMIT_MS = 50;

interface Climb {
  /** Highest rate that passed, 0 if none. */
  passed: number;
  passedP99: number | null;
  /** The step that ended the climb: failed (p99 or missing) or driver-limited; null if all passed. */
  stop: { rate: number; reason: 'p99' | 'missing' | 'driver'; p99: number; missing: number; driverLagP99: number } | null;
  steps: Array<{ rate: number; p50: number; p99: number; missing: number; cpu: number; driverLagP99: number }>;
}

export const scenario: Scenario = {
  id: 'max-rate',
  title: 'Highest write rate per client (p99 ≤ 50 ms, nothing missing)',
  async run(ctx) {
    const rooms = ctx.param('MAXRATE_ROOMS', 10, 6);
    const clientsPerRoom = ctx.param('MAXRATE_CLIENTS', 5);
    const warmupMs = ctx.param('MAXRATE_WARMUP_S', 1.5, 1) * 1000;
    const measureMs = ctx.param('MAXRATE_MEASURE_S', 5, 2) * 1000;
    const steps = (process.env.MAXRATE_STEPS ?? (ctx.quick ? '5,20,80' : '5,10,20,40,80,160,320')).split(',').map(Number);
    const climbs = await ctx.alternate(
      async (server, pass) => {
        const climb: Climb = { passed: 0, passedP99: null, stop: null, steps: [] };
        // The process is fresh: let the JIT settle on an unmeasured round first.
        await runFanOut(server, { rooms, clientsPerRoom, ratePerClient: steps[0]!, warmupMs: ctx.quick ? 1000 : 3000, measureMs: 200, drainMs: 1000, roomPrefix: `maxrate-${pass}-warm` });
        for (const rate of steps) {
          const result = await runFanOut(server, {
            rooms,
            clientsPerRoom,
            ratePerClient: rate,
            warmupMs,
            measureMs,
            drainMs: 3000,
            roomPrefix: `maxrate-${pass}-${rate}`,
          });
          const { p50, p99 } = result.latency;
          climb.steps.push({ rate, p50, p99, missing: result.missing, cpu: result.serverCpuPercent, driverLagP99: result.driverLag.p99 });
          ctx.log(`max-rate: ${server.kind} pass ${pass + 1}, ${rate}/s: p99 ${p99.toFixed(1)} ms, missing ${result.missing}, server CPU ${result.serverCpuPercent.toFixed(0)} %, driver lag p99 ${result.driverLag.p99.toFixed(1)} ms`);
          const reason = !result.valid ? 'driver' : result.missing > 0 ? 'missing' : p99 > P99_LIMIT_MS ? 'p99' : null;
          if (reason) {
            climb.stop = { rate, reason, p99, missing: result.missing, driverLagP99: result.driverLag.p99 };
            break;
          }
          climb.passed = rate;
          climb.passedP99 = p99;
        }
        return climb;
      },
      { restart: true },
    );
    // The lower of the passes: a rate counts only if it passed every time.
    const lowest = (list: Climb[]) => list.reduce((a, b) => (b.passed < a.passed ? b : a));
    const values = (pick: (climb: Climb) => number | null) =>
      Object.fromEntries([...climbs].map(([kind, list]) => [kind, pick(lowest(list))])) as Partial<Record<ServerKind, number | null>>;
    const notes = [
      `${rooms} rooms × ${clientsPerRoom} clients; steps ${steps.join(', ')} writes/s per client, ${warmupMs / 1000} s warm-up + ${measureMs / 1000} s measured each; the lower of the passes is shown.`,
    ];
    for (const [kind, list] of climbs) {
      list.forEach((climb, i) => {
        const stop = climb.stop;
        const why = !stop
          ? 'every step passed'
          : stop.reason === 'driver'
            ? `stopped at ${stop.rate}/s: the driver lagged (p99 ${stop.driverLagP99.toFixed(1)} ms > ${MAX_DRIVER_LAG_P99_MS} ms), so the server is at least this fast (driver-limited)`
            : stop.reason === 'missing'
              ? `failed at ${stop.rate}/s: ${stop.missing} deliveries missing (p99 ${stop.p99.toFixed(1)} ms)`
              : `failed at ${stop.rate}/s: p99 ${stop.p99.toFixed(1)} ms`;
        notes.push(`${kind} pass ${i + 1}: highest passing ${climb.passed}/s; ${why}.`);
      });
    }
    return {
      id: 'max-rate',
      title: `Highest write rate per client: ${rooms} rooms × ${clientsPerRoom} clients`,
      metrics: [
        { name: 'highest passing rate (writes/s per client)', digits: 0, values: values((c) => c.passed) },
        { name: 'p99 at that rate (ms)', values: values((c) => c.passedP99) },
        { name: 'p99 at the next step (ms)', values: values((c) => (c.stop && c.stop.reason !== 'driver' ? c.stop.p99 : null)) },
      ],
      notes,
      details: Object.fromEntries(climbs),
    };
  },
};
