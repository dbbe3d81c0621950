import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { LOG_MAGIC, RECORD_HEADER_BYTES, decodeFile, encodeRecords } from '../src/framing.js';
import { FileDocumentStore, type Recovery } from '../src/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qms-resync-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `count` updates from as many people, so that each one applies on its own. */
function independentUpdates(count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => {
    const doc = new Y.Doc();
    doc.getMap('m').set(`k${String(i).padStart(3, '0')}`, i);
    return Y.encodeStateAsUpdate(doc);
  });
}

const keysOf = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return Object.keys(doc.getMap('m').toJSON()).sort();
};

/** Byte offset of record `index` (0-based) in a log of these updates. */
function offsetOf(updates: Uint8Array[], index: number): number {
  let offset = LOG_MAGIC.byteLength;
  for (let i = 0; i < index; i++) offset += RECORD_HEADER_BYTES + updates[i]!.byteLength;
  return offset;
}

async function logOf(updates: Uint8Array[]) {
  const maps = join(dir, 'maps');
  const store = new FileDocumentStore(maps);
  await store.append('m', updates);
  await store.close();
  const mapDir = join(maps, 'm');
  return { maps, mapDir, log: join(mapDir, 'log.1.bin') };
}

describe('a damaged record in the middle of a log', () => {
  it('keeps the 148 intact records after it, says so, keeps the file as it was aside, and rewrites the log clean', async () => {
    const updates = independentUpdates(200);
    const { maps, mapDir, log } = await logOf(updates);
    const bytes = await readFile(log);
    const at = offsetOf(updates, 51);
    for (let i = 0; i < 20; i++) bytes[at + RECORD_HEADER_BYTES + (i % updates[51]!.byteLength)]! ^= 0x5a; // the 52nd record's payload
    await writeFile(log, bytes);

    const recoveries: Recovery[] = [];
    const store = new FileDocumentStore(maps, { onRecovery: (_id, r) => recoveries.push(r) });
    const loaded = await store.load('m');
    expect(loaded.updates).toHaveLength(199);
    const expected = keysOf(updates).filter((key) => key !== 'k051');
    expect(keysOf(loaded.updates)).toEqual(expected);
    expect(recoveries).toEqual([{ file: 'log.1.bin', action: expect.stringMatching(new RegExp(`damaged record at byte ${at}: .*kept the 148 intact records after it \\(199 in all\\)`)) }]);
    const aside = (await readdir(mapDir)).filter((name) => name.startsWith('log.1.bin.damaged-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(mapDir, aside[0]!))).toEqual(bytes);
    await store.close();

    // Repaired once: the next load reads the same records without finding damage.
    const again = new FileDocumentStore(maps);
    const reloaded = await again.load('m');
    expect(reloaded.recoveries).toEqual([]);
    expect(keysOf(reloaded.updates)).toEqual(expected);
    await again.close();
  });

  it('finds the next record when the damage hit a length (the header lies), or zeroed a whole block', async () => {
    const updates = independentUpdates(120);
    for (const damage of ['length', 'zeroed'] as const) {
      const { maps, log } = await logOf(updates);
      const bytes = await readFile(log);
      const at = offsetOf(updates, 30);
      if (damage === 'length') bytes.writeUInt32LE(0x00000777, at); // points into the middle of a later record
      else bytes.fill(0, at, offsetOf(updates, 40) + 3); // records 31–40 and the start of 41
      await writeFile(log, bytes);
      const store = new FileDocumentStore(maps);
      const loaded = await store.load('m');
      const lost = damage === 'length' ? ['k030'] : Array.from({ length: 11 }, (_, i) => `k0${30 + i}`);
      expect(keysOf(loaded.updates)).toEqual(keysOf(updates).filter((key) => !lost.includes(key)));
      await store.close();
      await rm(join(maps), { recursive: true, force: true });
    }
  });

  it('recovers every record outside any damaged stretch (random damage, many trials)', () => {
    const payloads = Array.from({ length: 60 }, (_, i) => new Uint8Array(Array.from({ length: 5 + ((i * 37) % 90) }, (_, j) => (i * 31 + j * 7) & 0xff)));
    const file = Buffer.concat([LOG_MAGIC, encodeRecords(payloads)]);
    const starts = payloads.map((_, i) => offsetOf(payloads, i));
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let trial = 0; trial < 300; trial++) {
      const damaged = Buffer.from(file);
      const from = LOG_MAGIC.byteLength + Math.floor(random() * (file.byteLength - LOG_MAGIC.byteLength - 1));
      const length = 1 + Math.floor(random() * 300);
      for (let i = from; i < Math.min(damaged.byteLength, from + length); i++) damaged[i] = Math.floor(random() * 256);
      const decoded = decodeFile(damaged, LOG_MAGIC);
      // Every record wholly before or after the damaged stretch is read back.
      const untouched = payloads.filter((p, i) => starts[i]! + RECORD_HEADER_BYTES + p.byteLength <= from || starts[i]! >= from + length);
      const got = new Set(decoded.payloads.map((p) => Buffer.from(p).toString('hex')));
      for (const payload of untouched) expect(got.has(Buffer.from(payload).toString('hex'))).toBe(true);
    }
  });
});

describe('a torn tail', () => {
  it('is copied aside before the log is cut back to its last whole record', async () => {
    const updates = independentUpdates(5);
    const { maps, mapDir, log } = await logOf(updates);
    const whole = await readFile(log);
    await truncate(log, whole.byteLength - 3);
    const torn = await readFile(log);
    const store = new FileDocumentStore(maps);
    const loaded = await store.load('m');
    expect(keysOf(loaded.updates)).toEqual(keysOf(updates.slice(0, 4)));
    expect(loaded.recoveries[0]!.action).toMatch(/dropped a torn record at the end \(\d+ bytes\); the file as it was is kept as log\.1\.bin\.torn-\d+/);
    const aside = (await readdir(mapDir)).filter((name) => /^log\.1\.bin\.torn-\d+$/.test(name));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(mapDir, aside[0]!))).toEqual(torn);
    expect((await readFile(log)).byteLength).toBe(offsetOf(updates, 4));
    await store.close();
  });
});
