/**
 * Write amplification of our server: bytes written to disk ÷ bytes of updates received, over a
 * fixed run of the fan-out workload (WRITEAMP_ROOMS × WRITEAMP_CLIENTS clients, WRITEAMP_RATE
 * writes/s each, WRITEAMP_S seconds), counted until every room has unloaded after the clients left
 * (so the final compactions are in). The peers persist nothing, so they have no row.
 *
 * Two measures: what the server wrote (its own counter, qms_bytes_written_total: log appends,
 * snapshots, versions), and what the kernel wrote for the process (/proc/<pid>/io write_bytes, in
 * whole pages, so every fsync of a few bytes costs at least 4 KiB; the catalogue is in it too).
 */
import { readFileSync } from 'node:fs';
import { runFanOut } from '../clients.js';
import type { Scenario } from '../report.js';
import type { ServerHandle } from '../servers.js';

interface Counters {
  received: number;
  written: number;
  diskBytes: number;
  roomsLoaded: number;
}

export const scenario: Scenario = {
  id: 'write-amplification',
  title: 'Write amplification (bytes written ÷ update bytes received)',
  async run(ctx) {
    const ours = ctx.servers.find((server) => server.kind === 'ours');
    const rooms = ctx.param('WRITEAMP_ROOMS', 40, 5);
    const clientsPerRoom = ctx.param('WRITEAMP_CLIENTS', 5, 3);
    const rate = ctx.param('WRITEAMP_RATE', 5);
    const seconds = ctx.param('WRITEAMP_S', 30, 5);
    if (!ours) return { id: 'write-amplification', title: this.title, metrics: [], notes: ['Only our server persists; it was not run (SERVERS).'] };

    await ours.restart();
    const before = await counters(ours);
    const run = await runFanOut(ours, { rooms, clientsPerRoom, ratePerClient: rate, warmupMs: 0, measureMs: seconds * 1000, roomPrefix: 'write-amplification', log: ctx.log });
    // Clients are gone: wait for the rooms to save, compact and unload.
    const deadline = performance.now() + 60_000;
    let after = await counters(ours);
    while (after.roomsLoaded > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      after = await counters(ours);
    }
    const received = after.received - before.received;
    const written = after.written - before.written;
    const disk = after.diskBytes - before.diskBytes;
    ctx.log(`write amplification: received ${received} B, written ${written} B (${(written / received).toFixed(2)}×), disk ${disk} B (${(disk / received).toFixed(2)}×)`);
    return {
      id: 'write-amplification',
      title: 'Write amplification',
      metrics: [
        { name: 'update bytes received (KiB)', values: { ours: received / 1024 }, digits: 0 },
        { name: 'bytes the server wrote ÷ received (×)', values: { ours: written / received }, digits: 2 },
        { name: 'bytes the disk wrote for it ÷ received (×)', values: { ours: disk / received }, digits: 2 },
      ],
      notes: [
        `${rooms} rooms × ${clientsPerRoom} clients × ${rate} writes/s for ${seconds} s (${run.writes} writes measured, ${run.missing} missing), counted from before the maps were created until every room had unloaded (${after.roomsLoaded} still loaded at the end).`,
        'The reference server and Hocuspocus (without extensions) keep documents in memory only: nothing to compare.',
        'The disk row counts whole pages: each group commit (fdatasync) of a few dozen bytes writes at least one 4 KiB page, the price of acknowledging every change only once it is on disk.',
      ],
      details: { before, after, writes: run.writes, missing: run.missing },
    };
  },
};

async function counters(server: ServerHandle): Promise<Counters> {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  const sum = (name: string) => {
    let total = 0;
    for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) total += Number(match[1]);
    return total;
  };
  const io = readFileSync(`/proc/${server.pid}/io`, 'utf8');
  const diskBytes = Number(/^write_bytes:\s*(\d+)/m.exec(io)?.[1] ?? Number.NaN);
  return { received: sum('qms_update_bytes_received_total'), written: sum('qms_bytes_written_total'), diskBytes, roomsLoaded: sum('qms_rooms_loaded') };
}
