/**
 * Many connections on one server: MANY_ROOMS × MANY_CLIENTS (default 400 × 5 = 2,000) clients,
 * each writing once a second (MANY_RATE); only MANY_OBSERVERS (2) clients per room record what
 * they receive; the others drop what they receive (deaf writers), to keep the driver's work small,
 * and the maps are small (MANY_NODES, 10 nodes) so that 2,000 client documents fit the driver.
 * MANY_WARMUP_S (3) seconds of warm-up, MANY_MEASURE_S (20) measured; a fresh server per run.
 */
import { runFanOut } from '../clients.js';
import type { Scenario } from '../report.js';
import { fanOutResult, target } from './a-fan-out.js';

export const scenario: Scenario = {
  id: 'many-connections',
  title: 'Many connections at 1 write/s each',
  async run(ctx) {
    const rooms = ctx.param('MANY_ROOMS', 400, 100);
    const clientsPerRoom = ctx.param('MANY_CLIENTS', 5);
    const rate = ctx.param('MANY_RATE', 1);
    const observersPerRoom = ctx.param('MANY_OBSERVERS', 2);
    const nodesPerRoom = ctx.param('MANY_NODES', 10);
    const warmupMs = ctx.param('MANY_WARMUP_S', 3, 1) * 1000;
    const measureMs = ctx.param('MANY_MEASURE_S', 20, 3) * 1000;
    const runs = await ctx.alternate(
      async (server, pass) => {
        ctx.log(`many-connections: ${server.kind}, pass ${pass + 1}`);
        const result = await runFanOut(server, {
          rooms,
          clientsPerRoom,
          ratePerClient: rate,
          observersPerRoom,
          nodesPerRoom,
          warmupMs,
          measureMs,
          openConcurrency: 100,
          roomPrefix: `many-${pass}`,
          log: ctx.log,
        });
        ctx.log(
          `  p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)} ms, missing ${result.missing}, ` +
            `server CPU ${result.serverCpuPercent.toFixed(0)} %, RSS ${(result.serverRssBytes / 2 ** 20).toFixed(0)} MiB, driver lag p99 ${result.driverLag.p99.toFixed(1)} ms${result.valid ? '' : ' (DISCARDED)'}`,
        );
        return result;
      },
      { restart: true },
    );
    const connections = rooms * clientsPerRoom;
    return fanOutResult(
      'many-connections',
      `${connections.toLocaleString('en-US')} connections (${rooms} rooms × ${clientsPerRoom}) at ${rate} write/s each`,
      runs,
      [
        `${connections} clients in the driver, ${connections * rate} writes/s in all; ${observersPerRoom} clients per room record deliveries, the others ignore what they receive; ${nodesPerRoom}-node maps; ${warmupMs / 1000} s warm-up, ${measureMs / 1000} s measured per run.`,
      ],
      (values) => [
        connections >= 2000
          ? target(`${connections} connections at ${rate}/s: ours p99 ≤ 50 ms`, values.ours?.latency.p99, (v) => v <= 50)
          : `Target (≥ 2,000 connections, p99 ≤ 50 ms): not measured with ${connections} connections.`,
      ],
    );
  },
};
