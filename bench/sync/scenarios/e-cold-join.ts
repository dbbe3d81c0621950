/**
 * Cold join of a stored map: the server restarts, then one client connects and waits until it is
 * synced with every node (first joiner: the server reads the map from storage, or for the peers
 * builds it from the seed, as their persistence extensions would); then COLDJOIN_LATER more clients
 * join one after another while the first stays (later joiners: the map is loaded). Sizes in
 * COLDJOIN_SIZES (default 2000,10000; 2000 under QUICK=1), two passes in alternating order.
 */
import { nodesOf } from '@qms/model';
import * as Y from 'yjs';
import { generatedMapUpdate, openClient, type Client } from '../clients.js';
import { median, type Metric, type Scenario } from '../report.js';
import type { ServerHandle, ServerKind } from '../servers.js';

interface Join {
  ms: number;
  nodes: number;
}

export const scenario: Scenario = {
  id: 'cold-join',
  title: 'Cold join of a stored map (connect → synced with every node)',
  async run(ctx) {
    const sizes = (process.env.COLDJOIN_SIZES ?? (ctx.quick ? '2000' : '2000,10000')).split(',').map(Number);
    const laterJoiners = ctx.param('COLDJOIN_LATER', 3, 2);
    const maps = sizes.map((size) => {
      const update = generatedMapUpdate(size);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      const nodes = nodesOf(doc).size;
      doc.destroy();
      return { size, update, nodes };
    });
    const rooms = new Map<ServerKind, string[]>();
    for (const server of ctx.servers) {
      const ids: string[] = [];
      for (const map of maps) ids.push(await server.createRoom(`cold-join-${map.size}`, map.update));
      rooms.set(server.kind, ids);
    }

    const runs = await ctx.alternate(async (server, pass) => {
      const bySize: Array<{ first: Join; later: Join[] }> = [];
      for (const [index, map] of maps.entries()) {
        await server.restart();
        const room = rooms.get(server.kind)![index]!;
        const clients: Client[] = [];
        try {
          const first = await join(server, room, map.nodes, clients);
          const later: Join[] = [];
          for (let i = 0; i < laterJoiners; i++) later.push(await join(server, room, map.nodes, clients));
          bySize.push({ first, later });
          ctx.log(`cold join: ${server.kind} pass ${pass + 1}, ${map.size} nodes: first ${first.ms.toFixed(0)} ms, later ${later.map((j) => j.ms.toFixed(0)).join(' / ')} ms`);
        } finally {
          for (const client of clients) client.destroy();
        }
      }
      return bySize;
    });

    const metrics: Metric[] = [];
    maps.forEach((map, index) => {
      const label = `${map.nodes.toLocaleString('en')} nodes (${(map.update.byteLength / 1024 / 1024).toFixed(2)} MiB)`;
      const first: Metric = { name: `${label}: first joiner, ms (median)`, values: {}, digits: 0 };
      const later: Metric = { name: `${label}: later joiner, ms (median)`, values: {}, digits: 0 };
      for (const [kind, passes] of runs) {
        first.values[kind] = median(passes.map((bySize) => bySize[index]!.first.ms));
        later.values[kind] = median(passes.flatMap((bySize) => bySize[index]!.later.map((join) => join.ms)));
      }
      metrics.push(first, later);
    });
    const biggest = metrics.length - 2;
    return {
      id: 'cold-join',
      title: 'Cold join of a stored map',
      metrics,
      notes: [
        `First joiner: right after a restart (ours reads the map from its data folder; the peers keep nothing, so their first joiner gets a document built from the same update on first open). Later joiners: ${laterJoiners} more, one after another, while the first stays. Time from creating the client to synced with every node, so it includes the client applying the state in the driver. Medians of ${runs.values().next().value?.length ?? 0} passes.`,
        `Ours sends anything over 256 KiB in pieces (the last as sync step 2), so a client on a slow link keeps hearing from the server within its 30 s liveness timeout.`,
      ],
      chart: {
        unit: 'ms',
        series: metrics.slice(biggest).map((metric) => ({ name: metric.name.replace(/ \(.*?\)/, '').replace(', ms (median)', ''), values: metric.values })),
      },
      details: Object.fromEntries(runs),
    };
  },
};

async function join(server: ServerHandle, room: string, nodes: number, clients: Client[]): Promise<Join> {
  const started = performance.now();
  const client = openClient(server, room, { timeoutMs: 120_000 });
  clients.push(client);
  await client.synced;
  const map = nodesOf(client.doc);
  if (map.size < nodes) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${server.kind}: ${map.size} of ${nodes} nodes after 60 s`)), 60_000);
      const check = () => {
        if (map.size < nodes) return;
        clearTimeout(timer);
        client.doc.off('update', check);
        resolve();
      };
      client.doc.on('update', check);
    });
  }
  return { ms: performance.now() - started, nodes: map.size };
}
