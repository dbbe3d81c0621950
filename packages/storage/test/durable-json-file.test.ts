import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableJSONFile } from '../src/durable-json-file.js';

interface Data {
  counts: Record<string, number>;
}
const isData = (value: unknown): value is Data => typeof value === 'object' && value !== null && 'counts' in value;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qms-json-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('DurableJSONFile', () => {
  it('coalesces writes made while one runs, and every caller’s change is in the file when its write resolves', async () => {
    const path = join(dir, 'catalogue.json');
    const file = new DurableJSONFile<Data>(path, isData, () => undefined);
    const data: Data = { counts: {} };
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      data.counts[`map-${i}`] = i;
      const id = `map-${i}`;
      writes.push(
        file.write(data).then(async () => {
          const stored = JSON.parse(await readFile(path, 'utf8')) as Data;
          expect(stored.counts[id]).toBe(i);
        }),
      );
    }
    await Promise.all(writes);
    expect(file.writes).toBeLessThanOrEqual(2);
    expect(Object.keys((JSON.parse(await readFile(path, 'utf8')) as Data).counts)).toHaveLength(50);

    // A write after the others settled is a write of its own, with the newest state.
    data.counts['map-0'] = 100;
    await file.write(data);
    expect(file.writes).toBeLessThanOrEqual(3);
    expect((JSON.parse(await readFile(path, 'utf8')) as Data).counts['map-0']).toBe(100);
  });

  it('keeps writing after a failed write', async () => {
    const folder = join(dir, 'not-yet');
    const file = new DurableJSONFile<Data>(join(folder, 'catalogue.json'), isData, () => undefined);
    await expect(file.write({ counts: { a: 1 } })).rejects.toThrow();
    await mkdir(folder);
    await file.write({ counts: { a: 2 } });
    expect(await file.read()).toEqual({ counts: { a: 2 } });
  });
});
