/**
 * A flood of sync step 1 messages on one socket (a 9-byte message that asks for the whole map):
 * FLOOD_REQUESTS of them (default 200), half with an empty state vector and half claiming one item
 * of each writer (so the exact answer is nearly the whole map), while an editor keeps changing the
 * map (one change per 10 requests, so a plain cache would not help). Measures the server's longest
 * event-loop stall and CPU time until it has answered them all or closed the socket, and how many
 * bytes went out. Map sizes in FLOOD_SIZES (default 3000,5000; 2000 under QUICK=1). Hocuspocus
 * speaks its own protocol and is left out.
 */
import { nodesOf } from '@qms/model';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { generatedMapUpdate, openClient } from '../clients.js';
import { median, type Metric, type Scenario } from '../report.js';
import type { ServerHandle } from '../servers.js';

interface Flood {
  stallMs: number;
  cpuMs: number;
  answered: number;
  mebibytes: number;
  closedWith: number | null;
}

/** lib0's variable-length unsigned integer (7 bits a byte, high bit: more follow). */
function varUint(value: number): number[] {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return bytes;
}

function syncStep1(stateVector: Uint8Array): Uint8Array {
  return Uint8Array.from([0, 0, ...varUint(stateVector.byteLength), ...stateVector]);
}

/** A state vector with clock 1 for every writer of the document. */
function claimingAlmostNothing(doc: Y.Doc): Uint8Array {
  const clients = [...Y.decodeStateVector(Y.encodeStateVector(doc)).keys()];
  return Uint8Array.from([...varUint(clients.length), ...clients.flatMap((client) => [...varUint(client), ...varUint(1)])]);
}

async function flood(server: ServerHandle, room: string, requests: number, fake: Uint8Array): Promise<Flood> {
  const editor = openClient(server, room);
  await editor.synced;
  const ids = [...nodesOf(editor.doc).keys()];
  const socket = new WebSocket(`${server.syncUrl}/${room}`);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let answered = 0;
  let bytes = 0;
  let closedWith: number | null = null;
  const done = new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer) => {
      bytes += data.byteLength;
      if (data[0] === 0 && data[1] === 1 && ++answered === requests) resolve(); // a sync step 2 ends an answer
    });
    socket.on('close', (code) => {
      closedWith = code;
      resolve();
    });
  });
  await server.eventLoop(); // resets the server's histogram
  const before = server.sample();
  const empty = Y.encodeStateVector(new Y.Doc());
  for (let i = 0; i < requests; i++) {
    socket.send(syncStep1(i % 2 === 0 ? empty : fake));
    if (i % 10 === 0) {
      const title = nodesOf(editor.doc).get(ids[i % ids.length]!)?.get('title');
      if (title instanceof Y.Text) title.insert(0, '·');
    }
  }
  await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 180_000))]);
  const after = server.sample();
  const loop = await server.eventLoop();
  socket.terminate();
  editor.destroy();
  return { stallMs: loop?.maxMs ?? Number.NaN, cpuMs: (after.cpuSeconds - before.cpuSeconds) * 1000, answered, mebibytes: bytes / 2 ** 20, closedWith };
}

export const scenario: Scenario = {
  id: 'step1-flood',
  title: 'A flood of sync step 1 on one socket while the map changes',
  async run(ctx) {
    const sizes = (process.env.FLOOD_SIZES ?? (ctx.quick ? '2000' : '3000,5000')).split(',').map(Number);
    const requests = ctx.param('FLOOD_REQUESTS', 200, 100);
    const servers = ctx.servers.filter((server) => server.protocol === 'y-websocket');
    const maps = sizes.map((size) => {
      const update = generatedMapUpdate(size);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      const fake = claimingAlmostNothing(doc);
      doc.destroy();
      return { size, update, fake };
    });
    const rooms = new Map<string, string[]>();
    for (const server of servers) {
      const ids: string[] = [];
      for (const map of maps) ids.push(await server.createRoom(`step1-flood-${map.size}`, map.update));
      rooms.set(server.kind, ids);
    }
    const runs = await ctx.alternate(async (server, pass) => {
      if (server.protocol !== 'y-websocket') return null;
      const results: Flood[] = [];
      for (const [index, map] of maps.entries()) {
        const result = await flood(server, rooms.get(server.kind)![index]!, requests, map.fake);
        ctx.log(
          `step1 flood: ${server.kind} pass ${pass + 1}, ${map.size} nodes: stall ${result.stallMs.toFixed(0)} ms, CPU ${result.cpuMs.toFixed(0)} ms, ` +
            `${result.answered} answered, ${result.mebibytes.toFixed(1)} MiB, closed ${result.closedWith ?? '-'}`,
        );
        results.push(result);
      }
      return results;
    });
    const metrics: Metric[] = [];
    maps.forEach((map, index) => {
      const row = (name: string, pick: (flood: Flood) => number, digits = 0): Metric => {
        const values: Metric['values'] = {};
        for (const [kind, passes] of runs) {
          const floods = passes.filter((pass): pass is Flood[] => pass !== null).map((pass) => pick(pass[index]!));
          values[kind] = floods.length > 0 ? median(floods) : null;
        }
        return { name: `${map.size.toLocaleString('en')} nodes: ${name}`, values, digits };
      };
      metrics.push(
        row('longest event-loop stall, ms (median)', (flood) => flood.stallMs),
        row('server CPU for the flood, ms (median)', (flood) => flood.cpuMs),
        row('requests answered before the socket closed (median)', (flood) => flood.answered),
        row('MiB sent to the flooding socket (median)', (flood) => flood.mebibytes, 1),
      );
    });
    return {
      id: 'step1-flood',
      title: 'A flood of sync step 1 on one socket',
      metrics,
      notes: [
        `${requests} sync step 1 messages sent at once on one socket, alternating an empty state vector and one claiming a single item of every writer, while an editor changes a node title every 10 requests. Ours answers from its cached whole state (changes since appended), computes exact answers only within a per-room budget, and closes a connection that asks for more answer bytes than it is allowed (4429) or leaves too much unread (4408). Hocuspocus speaks its own protocol and is not measured here.`,
      ],
      details: Object.fromEntries(runs),
    };
  },
};
