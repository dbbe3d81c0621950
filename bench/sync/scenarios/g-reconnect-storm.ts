/**
 * Recovery: STORM_CLIENTS connections (default 1,000, in STORM_ROOMS rooms) are synced; the server
 * restarts (ours saves and stops; the peers lose their memory, the clients bring the state back);
 * time from the new process listening until every client is synced again. Every client uses its
 * stock reconnection (y-websocket: backoff up to 2.5 s; Hocuspocus: its provider's backoff), so the
 * clients' own timers are part of the number, as they are for real users.
 */
import { inParallel, mapUpdate, openClient, type Client } from '../clients.js';
import { median, summarize, type Scenario } from '../report.js';

export const scenario: Scenario = {
  id: 'reconnect-storm',
  title: 'Reconnect storm after a restart',
  async run(ctx) {
    const clientsTotal = ctx.param('STORM_CLIENTS', 1000, 100);
    const roomCount = ctx.param('STORM_ROOMS', 100, 10);
    const perRoom = Math.ceil(clientsTotal / roomCount);
    const seed = mapUpdate(40);
    const runs = await ctx.alternate(async (server, pass) => {
      await server.restart();
      const rooms = await inParallel(Array.from({ length: roomCount }, (_, r) => `storm-${pass}-${r}`), 8, (name) => server.createRoom(name, seed));
      const clients: Client[] = [];
      try {
        await inParallel(Array.from({ length: roomCount * perRoom }, (_, i) => rooms[i % roomCount]!), 50, async (room) => {
          const client = openClient(server, room, { timeoutMs: 120_000 });
          clients.push(client);
          await client.synced;
        });
        const syncsBefore = clients.map((client) => client.syncs);
        const stopped = performance.now();
        await server.restart();
        const listening = performance.now();
        const times = await Promise.all(
          clients.map(async (client, index) => {
            await client.nextSync(syncsBefore[index]!, 120_000);
            return performance.now() - listening;
          }),
        );
        const summary = summarize(times);
        // From the moment the old process is told to stop: the peers' restart includes reloading
        // their seeds (their stand-in for a database), during which clients already reconnect.
        const outageMs = listening - stopped + summary.max;
        ctx.log(`reconnect storm: ${server.kind} pass ${pass + 1}: restart took ${((listening - stopped) / 1000).toFixed(1)} s; all ${clients.length} synced again after ${(summary.max / 1000).toFixed(2)} s (median ${(summary.p50 / 1000).toFixed(2)} s)`);
        return { restartMs: listening - stopped, outageMs, ...summary };
      } finally {
        for (const client of clients) client.destroy();
      }
    });
    const pick = (key: 'p50' | 'p99' | 'max' | 'restartMs' | 'outageMs') => Object.fromEntries([...runs].map(([kind, passes]) => [kind, median(passes.map((p) => p[key] / 1000))]));
    return {
      id: 'reconnect-storm',
      title: `Reconnect storm: ${roomCount * perRoom} connections, server restarted`,
      metrics: [
        { name: 'stop → every connection synced again, s', values: pick('outageMs'), digits: 2 },
        { name: 'stop + start of the server, s', values: pick('restartMs'), digits: 2 },
        { name: 'all connections synced again, s after listening', values: pick('max'), digits: 2 },
        { name: 'median connection synced again, s', values: pick('p50'), digits: 2 },
        { name: 'p99 connection synced again, s', values: pick('p99'), digits: 2 },
      ],
      notes: [`${roomCount} rooms × ${perRoom} clients; medians of ${runs.values().next().value?.length ?? 0} passes. Ours saves every room before it stops; the peers keep nothing, so their clients send the whole state back.`],
      details: Object.fromEntries(runs),
    };
  },
};
