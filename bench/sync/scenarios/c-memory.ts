/**
 * Memory of the server process (RSS, from /proc) on a fresh process each time:
 *  - per connection: MEM_CONN_ROOMS (100) rooms with one idle client each, then MEM_CONN_PER_ROOM
 *    (20) clients each: RSS delta / the connections added (many, so that the delta is well above
 *    what the heap had spare; spread over rooms, so that presence does not grow with N²);
 *  - per room: MEM_ROOMS (200) small maps (40 nodes), one idle client each, RSS delta / N;
 *  - per large room: MEM_LARGE_ROOMS (20) generated maps of MEM_LARGE_NODES (2,000) nodes, one
 *    client each, RSS delta / N.
 * The rooms are created first (ours: stored and fsynced; peers: their seed, kept in the server
 * process, is sent again after a restart), then the server restarts and serves a short unmeasured
 * fan-out on rooms of its own (so that its code is compiled and its heap has grown to a working
 * size) before the baseline reading, so each delta is what loading and serving the rooms costs. Readings are the median of five over a second,
 * after MEM_SETTLE_S (3) seconds; RSS includes garbage the server has not collected yet.
 * CPU and event-loop delay under load are in the fan-out table.
 */
import { generatedMapUpdate, inParallel, mapUpdate, openClients, runFanOut, type Client } from '../clients.js';
import { median, type Scenario } from '../report.js';
import type { ServerHandle, ServerKind } from '../servers.js';

interface Memory {
  baselineMiB: number;
  perConnectionKiB: number;
  perRoomKiB: number;
  perLargeRoomKiB: number;
  largeRoomSyncS: number;
}

export const scenario: Scenario = {
  id: 'memory',
  title: 'Server memory per connection and per room',
  async run(ctx) {
    const connRooms = ctx.param('MEM_CONN_ROOMS', 100, 20);
    const perRoom = ctx.param('MEM_CONN_PER_ROOM', 20, 6);
    const connections = connRooms * (perRoom - 1);
    const roomCount = ctx.param('MEM_ROOMS', 200, 40);
    const largeRooms = ctx.param('MEM_LARGE_ROOMS', 20, 3);
    const largeNodes = ctx.param('MEM_LARGE_NODES', 2000, 2000);
    const settleMs = ctx.param('MEM_SETTLE_S', 3, 2) * 1000;
    const small = mapUpdate(40);
    const large = generatedMapUpdate(largeNodes);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // Median of a few readings over one second, after settling.
    const rss = async (server: ServerHandle) => {
      await sleep(settleMs);
      const readings: number[] = [];
      for (let i = 0; i < 5; i++) {
        readings.push(server.sample().rssBytes);
        await sleep(250);
      }
      return median(readings);
    };
    const close = (clients: Client[][]) => clients.flat().forEach((client) => client.destroy());

    // A fresh process (the rooms made before it stay stored), warmed up on rooms of its own.
    const fresh = async (server: ServerHandle, name: string) => {
      await server.restart();
      await runFanOut(server, { rooms: 5, clientsPerRoom: 5, ratePerClient: 5, warmupMs: 1500, measureMs: 200, drainMs: 1000, roomPrefix: `${name}-warm` });
      await server.whenIdle();
    };
    const results = await ctx.alternate(
      async (server, pass): Promise<Memory> => {
        // Per connection.
        const connRoomIds = await inParallel(Array.from({ length: connRooms }, (_, i) => `mem-conn-${pass}-${i}`), 8, (name) => server.createRoom(name, small));
        await fresh(server, `mem-conn-${pass}`);
        const baseline = await rss(server);
        const first = await openClients(server, connRoomIds, () => 1, 50);
        const withOne = await rss(server);
        const more = await openClients(server, connRoomIds, () => perRoom - 1, 100);
        const withConnections = await rss(server);
        close(first);
        close(more);
        let clients: Client[][];

        // Per room (small maps).
        const rooms = await inParallel(Array.from({ length: roomCount }, (_, i) => `mem-room-${pass}-${i}`), 8, (name) => server.createRoom(name, small));
        await fresh(server, `mem-room-${pass}`);
        const roomsBaseline = await rss(server);
        clients = await openClients(server, rooms, () => 1);
        const withRooms = await rss(server);
        close(clients);

        // Per large room.
        const bigRooms = await inParallel(Array.from({ length: largeRooms }, (_, i) => `mem-large-${pass}-${i}`), 4, (name) => server.createRoom(name, large));
        await fresh(server, `mem-large-${pass}`);
        const largeBaseline = await rss(server);
        const t0 = performance.now();
        clients = await openClients(server, bigRooms, () => 1, 4);
        const largeRoomSyncS = (performance.now() - t0) / 1000;
        const withLarge = await rss(server);
        close(clients);

        const memory = {
          baselineMiB: baseline / 2 ** 20,
          perConnectionKiB: (withConnections - withOne) / connections / 1024,
          perRoomKiB: (withRooms - roomsBaseline) / roomCount / 1024,
          perLargeRoomKiB: (withLarge - largeBaseline) / largeRooms / 1024,
          largeRoomSyncS,
        };
        ctx.log(`memory: ${server.kind}: ${JSON.stringify(memory, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 10) / 10 : v))}`);
        return memory;
      },
      { passes: 1 },
    );
    const values = (pick: (m: Memory) => number) =>
      Object.fromEntries([...results].map(([kind, list]) => [kind, median(list.map(pick))])) as Partial<Record<ServerKind, number>>;
    const ours = results.get('ours')?.[0];
    return {
      id: 'memory',
      title: 'Server memory (RSS) per connection and per room',
      metrics: [
        { name: 'RSS after start and a short warm-up (MiB)', values: values((m) => m.baselineMiB) },
        { name: `per idle connection (KiB; ${connections} added to ${connRooms} open rooms)`, values: values((m) => m.perConnectionKiB) },
        { name: `per room, 40-node map + 1 client (KiB; ${roomCount} rooms)`, values: values((m) => m.perRoomKiB) },
        { name: `per room, ${largeNodes.toLocaleString('en-US')}-node map + 1 client (KiB; ${largeRooms} rooms)`, values: values((m) => m.perLargeRoomKiB) },
        { name: `time to open all ${largeRooms} large maps, 4 at a time (s)`, values: values((m) => m.largeRoomSyncS), digits: 2 },
      ],
      notes: [
        `One pass (memory does not drift like latency); a fresh server process for each measurement. Large map update: ${(large.byteLength / 1024).toFixed(0)} KiB.`,
        'Ours loads a map from its log on disk; the peers keep no storage, so their seed (the "database") is already in the process before the baseline.',
        ours ? `Target ≤ 30 KB RSS per idle connection (ours): ${ours.perConnectionKiB * 1.024 <= 30 ? 'met' : 'MISSED'} (${(ours.perConnectionKiB * 1.024).toFixed(1)} kB).` : 'Target ≤ 30 KB per idle connection: not measured.',
      ],
      details: Object.fromEntries(results),
    };
  },
};
