/**
 * Open/close soak: SOAK_MAPS maps (default 10,000) are each opened by one client, synced, and
 * closed (SOAK_CONCURRENCY at a time). RSS is read before, at the peak, and once the server has let
 * go of them (ours unloads a room 5 s after its last client leaves; the reference server keeps every
 * document; Hocuspocus unloads at once). A real map is more than its title: each gets a 40-node map.
 */
import { inParallel, mapUpdate, openClient } from '../clients.js';
import type { Scenario } from '../report.js';
import type { ServerHandle } from '../servers.js';

const MiB = 1024 * 1024;

export const scenario: Scenario = {
  id: 'soak',
  title: 'Open and close many maps: does memory come back?',
  async run(ctx) {
    const maps = ctx.param('SOAK_MAPS', 10_000, 300);
    const concurrency = ctx.param('SOAK_CONCURRENCY', 20);
    const seed = mapUpdate(40);
    const runs = await ctx.alternate(
      async (server) => {
        await server.restart();
        const rooms = await inParallel(Array.from({ length: maps }, (_, i) => `soak-${i}`), 8, (name) => server.createRoom(name, seed));
        await settle(server);
        const baseline = server.sample().rssBytes;
        let peak = baseline;
        let done = 0;
        await inParallel(rooms, concurrency, async (room) => {
          const client = openClient(server, room, { timeoutMs: 60_000 });
          await client.synced;
          client.destroy();
          if (++done % 500 === 0) {
            peak = Math.max(peak, server.sample().rssBytes);
            ctx.log(`soak: ${server.kind}: ${done} of ${maps} maps opened and closed, RSS ${(server.sample().rssBytes / MiB).toFixed(0)} MiB`);
          }
        });
        peak = Math.max(peak, server.sample().rssBytes);
        await settle(server);
        const after = server.sample().rssBytes;
        ctx.log(`soak: ${server.kind}: RSS ${(baseline / MiB).toFixed(0)} → peak ${(peak / MiB).toFixed(0)} → ${(after / MiB).toFixed(0)} MiB`);
        return { baseline, peak, after };
      },
      { passes: 1 },
    );
    const value = (key: 'baseline' | 'peak' | 'after') => Object.fromEntries([...runs].map(([kind, [run]]) => [kind, run![key] / MiB]));
    const growth = Object.fromEntries([...runs].map(([kind, [run]]) => [kind, (run!.after - run!.baseline) / MiB]));
    return {
      id: 'soak',
      title: `Soak: ${maps.toLocaleString('en')} maps opened and closed`,
      metrics: [
        { name: 'RSS before, MiB', values: value('baseline'), digits: 0 },
        { name: 'RSS at the peak, MiB', values: value('peak'), digits: 0 },
        { name: 'RSS after the rooms are let go, MiB', values: value('after'), digits: 0 },
        { name: 'RSS kept after the soak, MiB', values: growth, digits: 0 },
      ],
      notes: [
        `${maps} maps of 40 nodes, each opened by one client, synced and closed, ${concurrency} at a time; "after" is read once the server has unloaded its rooms (or 20 s, if it keeps them) and V8 had time to collect garbage.`,
      ],
    };
  },
};

/** Waits for the server to let go of idle rooms and collect garbage: until RSS stops falling, at most 20 s. */
async function settle(server: ServerHandle): Promise<void> {
  let last = server.sample().rssBytes;
  for (let waited = 0; waited < 20_000; waited += 2_000) {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const now = server.sample().rssBytes;
    if (waited >= 6_000 && now >= last - MiB / 2) return;
    last = now;
  }
}
