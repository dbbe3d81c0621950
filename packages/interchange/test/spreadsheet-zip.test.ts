import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImportError, ImportLimitError } from '../src/imported.js';
import { checkZipLimits, zipEntries, XLSX_LIMITS } from '../src/spreadsheet/zip.js';
import { importSpreadsheet } from '../src/spreadsheet/index.js';
import { deflated, zipArchive, zipBomb } from './zip-archives.js';

async function refusal(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('the import succeeded');
}

describe('xlsx archives are measured before they are inflated', () => {
  it('refuses a zip bomb (10 parts of 100 MiB in about 1 MiB) from its directory, as too large', async () => {
    const bomb = zipBomb(100, { parts: 10 });
    expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
    expect(zipEntries(bomb).reduce((sum, e) => sum + e.uncompressedSize, 0)).toBeGreaterThan(1000 * 1024 * 1024);
    const error = await refusal(importSpreadsheet(bomb, 'xlsx'));
    expect(error).toBeInstanceOf(ImportLimitError);
    expect(error.message).toMatch(/zip bomb/);
  });

  it('refuses an archive whose parts add up to more than the limit, even at ordinary compression', () => {
    // Random bytes do not compress: four parts of 14 MiB declare 56 MiB at a ratio of 1.
    const part = randomBytes(14 * 1024 * 1024);
    const crc = crc32(part);
    const archive = zipArchive([1, 2, 3, 4].map((i) => ({ name: `xl/worksheets/sheet${i}.xml`, data: part, method: 0 as const, crc, uncompressedSize: part.byteLength })));
    expect(() => checkZipLimits(archive)).toThrow(ImportLimitError);
    expect(() => checkZipLimits(archive)).toThrow(/inflate to 56 MiB; at most 50 MiB/);
    expect(() => checkZipLimits(archive, { ...XLSX_LIMITS, maxUncompressedBytes: 60 * 1024 * 1024 })).not.toThrow();
  });

  it('reads the sizes of an ordinary workbook, and says plainly when the directory is damaged', async () => {
    const sheet = deflated('xl/worksheets/sheet1.xml', Buffer.from('<worksheet/>'.repeat(1000)));
    const archive = zipArchive([sheet]);
    expect(zipEntries(archive)).toEqual([expect.objectContaining({ name: 'xl/worksheets/sheet1.xml', method: 8, uncompressedSize: 12_000 })]);
    const cut = archive.subarray(0, archive.byteLength - 5);
    const error = await refusal(importSpreadsheet(cut, 'xlsx'));
    expect(error).not.toBeInstanceOf(ImportLimitError);
    expect(error.message).toMatch(/not a readable Excel spreadsheet.*no directory at its end/);
  });
});
