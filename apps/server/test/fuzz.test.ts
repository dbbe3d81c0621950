import { addNode, snapshotOf } from '@qms/model';
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { api, connect, eventually, synced, tempDir } from './helpers.js';
import { spawnServer, type ServerProcess } from './process.js';

/**
 * Thousands of malformed frames at a live server process. Asserts what matters to users: the
 * process stays up, a map nobody attacked is intact (including edits made during the attack),
 * the attacked map is unchanged, and memory stays bounded.
 */
const FRAMES = Number(process.env.FUZZ_FRAMES ?? 10_000);
const WORKERS = 16;
// One frame per connection: each malformed frame closes its connection, so every frame is really parsed.
const FRAMES_PER_CONNECTION = 1;

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** mulberry32: seeded, so a failure can be replayed with the same FUZZ_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A real update, to mutate and cut. */
function sampleUpdate(): Uint8Array {
  const doc = new Y.Doc();
  addNode(doc, { kind: 'workAction', title: 'Cut hair — ✂ 🧔 Парикмахер', position: { x: 1, y: 2 } });
  return Y.encodeStateAsUpdate(doc);
}

/** A malformed frame of one of several kinds; never a well-formed update (checked with Yjs). */
function malformedFrame(rand: () => number, update: Uint8Array): { data: Uint8Array | string; kind: string } {
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rand() * 256));
  const kind = Math.floor(rand() * 10);
  switch (kind) {
    case 0: {
      // Random bytes after a message type the server reads (other types are ignored, by design:
      // newer clients may send types this server does not know).
      const type = [0, 1, 3, 100][Math.floor(rand() * 4)]!;
      return { kind: 'random bytes', data: Uint8Array.from([type, ...bytes(1 + Math.floor(rand() * 80))]) };
    }
    case 1:
      return { kind: 'truncated varint', data: Uint8Array.from([Math.floor(rand() * 4), 0x80, 0x80, 0x80]) };
    case 2:
      return { kind: 'absurd length', data: Uint8Array.from([rand() < 0.5 ? 0 : 1, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]) };
    case 3: {
      // An awareness entry whose state is not UTF-8.
      const inner = message((e) => {
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, 12345);
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint8Array(e, Uint8Array.from([0xff, 0xfe, 0xc3, 0x28, 0xa0]));
      });
      return { kind: 'invalid UTF-8', data: message((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, inner))) };
    }
    case 4: {
      const inner = message((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint(e, 7), encoding.writeVarUint(e, 1), encoding.writeVarString(e, '{"user":')));
      return { kind: 'awareness not JSON', data: message((e) => (encoding.writeVarUint(e, 1), encoding.writeVarUint8Array(e, inner))) };
    }
    case 5: {
      // A mutated update that Yjs cannot parse.
      for (;;) {
        const mutated = update.slice();
        for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) mutated[Math.floor(rand() * mutated.length)] = Math.floor(rand() * 256);
        try {
          Y.decodeUpdate(mutated);
        } catch {
          return { kind: 'corrupted update', data: message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, mutated))) };
        }
      }
    }
    case 6: {
      const cut = update.slice(0, 1 + Math.floor(rand() * (update.length - 2)));
      return { kind: 'truncated update', data: message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, rand() < 0.5 ? 1 : 2), encoding.writeVarUint8Array(e, cut))) };
    }
    case 7:
      return { kind: 'garbage state vector', data: message((e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, Uint8Array.from([5, 0x80, 0x80])))) };
    case 8:
      return { kind: 'text frame', data: 'hello, server' };
    default:
      return { kind: 'trailing bytes', data: Uint8Array.from([100, 7, 0xde, 0xad]) };
  }
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
}

/** Opens a socket, sends the frames, waits briefly for the server to close it, closes it. */
function attack(url: string, frames: Array<Uint8Array | string>): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    let code: number | null = null;
    const done = () => resolve(code);
    socket.on('error', () => {});
    socket.on('close', (closeCode) => {
      code = closeCode;
      done();
    });
    socket.on('open', () => {
      for (const frame of frames) if (socket.readyState === socket.OPEN) socket.send(frame);
      setTimeout(() => socket.readyState === socket.OPEN && socket.close(), 150);
    });
  });
}

describe('fuzzing the sync endpoint', () => {
  it(`survives ${FRAMES} malformed frames: alive, other maps intact, attacked map unchanged, memory bounded`, async () => {
    const tmp = await tempDir('qms-fuzz-');
    cleanups.push(tmp.remove);
    const server: ServerProcess = await spawnServer(tmp.dir, { MAX_FRAME_BYTES: String(256 * 1024) });
    cleanups.push(async () => {
      server.child.kill('SIGKILL');
      await server.exited;
    });
    const attacked = (await api(server.url, '/api/maps', { method: 'POST', body: { template: 'hairdresser' } })).body.id as string;
    const bystander = (await api(server.url, '/api/maps', { method: 'POST', body: { template: 'ruecvet-course' } })).body.id as string;

    const reader = connect(server.wsUrl, attacked);
    cleanups.push(reader.destroy);
    await synced(reader.provider);
    const attackedBefore = JSON.stringify(snapshotOf(reader.doc).nodes);
    reader.destroy();

    // Someone keeps working in another map during the attack.
    const worker = connect(server.wsUrl, bystander);
    cleanups.push(worker.destroy);
    await synced(worker.provider);
    let edits = 0;
    const editing = setInterval(() => addNode(worker.doc, { kind: 'workAction', title: `during the attack ${edits++}`, position: { x: edits, y: 900 } }), 25);
    cleanups.push(() => clearInterval(editing));

    const memoryBefore = await metric(server.url, 'qms_process_resident_memory_bytes');
    const rand = random(Number(process.env.FUZZ_SEED ?? 7));
    const update = sampleUpdate();
    let sent = 0;
    const kinds = new Map<string, number>();
    const closeCodes = new Map<number | null, number>();
    const started = Date.now();
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (sent < FRAMES) {
          const frames = Array.from({ length: FRAMES_PER_CONNECTION }, () => malformedFrame(rand, update));
          sent += frames.length;
          for (const f of frames) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
          // A frame over the size limit now and then.
          const data = frames.map((f) => f.data);
          if (rand() < 0.02) data.unshift(new Uint8Array(300 * 1024));
          const code = await attack(`${server.wsUrl}/${attacked}`, data);
          closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
        }
      }),
    );
    clearInterval(editing);
    const seconds = (Date.now() - started) / 1000;

    // Alive and healthy.
    expect(server.child.exitCode).toBeNull();
    expect((await api(server.url, '/healthz')).status).toBe(200);
    // The bystander map has every edit made during the attack.
    const expected = edits;
    const check = connect(server.wsUrl, bystander);
    cleanups.push(check.destroy);
    await synced(check.provider);
    await eventually(() => {
      const titles = new Set(snapshotOf(check.doc).nodes.map((n) => n.title));
      for (let i = 0; i < expected; i++) expect(titles.has(`during the attack ${i}`)).toBe(true);
    });
    // The attacked map is exactly as it was.
    const again = connect(server.wsUrl, attacked);
    cleanups.push(again.destroy);
    await synced(again.provider);
    expect(JSON.stringify(snapshotOf(again.doc).nodes)).toBe(attackedBefore);
    // Memory bounded: closed connections leave nothing behind.
    const memoryAfter = await metric(server.url, 'qms_process_resident_memory_bytes');
    expect(memoryAfter - memoryBefore).toBeLessThan(150 * 1024 * 1024);
    const rejected = (await metric(server.url, 'qms_rejected_total{reason="malformed"}')) + (await metric(server.url, 'qms_rejected_total{reason="text-frame"}'));
    // Every frame was refused, but those behind an oversized one (ws closes those with 1009 first).
    expect(rejected).toBeGreaterThan(FRAMES * 0.95);

    console.info(
      `fuzz: ${sent} malformed frames in ${seconds.toFixed(1)} s over ${[...closeCodes.values()].reduce((a, b) => a + b, 0)} connections; ` +
        `kinds ${JSON.stringify(Object.fromEntries(kinds))}; close codes ${JSON.stringify(Object.fromEntries(closeCodes))}; ` +
        `${expected} edits in another map kept; RSS ${(memoryBefore / 2 ** 20).toFixed(0)} → ${(memoryAfter / 2 ** 20).toFixed(0)} MiB`,
    );
  }, 180_000);
});
