import { ImportError, ImportLimitError } from '../imported.js';

// ES2022 alone (no DOM, no Node types): see read.ts.
declare const TextDecoder: new (label?: string) => { decode(input: Uint8Array): string };

/**
 * What an xlsx file (a zip archive) may inflate to. A "zip bomb" of a few megabytes can declare
 * gigabytes: the limits are checked against the archive's central directory — the table of
 * contents at its end, which states every entry's sizes — before anything is inflated.
 *
 * A directory can lie about sizes; the server therefore also inflates each entry with an output
 * cap of its declared size before the workbook is read (import-worker.ts), inside a worker thread
 * with a memory limit.
 */
export interface ZipLimits {
  /** All entries together, inflated. */
  maxUncompressedBytes: number;
  /** Inflated size ÷ compressed size of one entry, for entries above `ratioFloorBytes`. */
  maxRatio: number;
  /** Entries smaller than this may compress as well as they like (empty sheets, repeated styles). */
  ratioFloorBytes: number;
  maxEntries: number;
}

export const XLSX_LIMITS: ZipLimits = {
  maxUncompressedBytes: 50 * 1024 * 1024,
  // Spreadsheet XML compresses 5–30×; deflate cannot do better than ~1,030×, which bombs use.
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 10_000,
};

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the entry's local header starts. */
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_BYTES = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_EXTRA = 0x0001;
const U32_MAX = 0xffffffff;

function broken(detail: string): ImportError {
  return new ImportError(`This file is not a readable Excel spreadsheet (.xlsx): ${detail}.`);
}

/** The archive's entries as its central directory lists them; nothing is inflated. */
export function zipEntries(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record: 22 bytes and a comment of up to 64 KiB, at the very end.
  let eocd = -1;
  for (let at = bytes.byteLength - EOCD_BYTES; at >= Math.max(0, bytes.byteLength - EOCD_BYTES - MAX_COMMENT); at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE && at + EOCD_BYTES + view.getUint16(at + 20, true) === bytes.byteLength) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw broken('the zip archive has no directory at its end (the file is cut off or damaged)');
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === U32_MAX || offset === U32_MAX) {
    // ZIP64 archives exist for more than 65,535 entries or 4 GiB: no spreadsheet under the limits needs one.
    throw new ImportLimitError('This spreadsheet is a ZIP64 archive (more than 65,535 parts or 4 GiB): far larger than a map can be.');
  }
  if (offset + size > eocd) throw broken('its zip directory points outside the file');

  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL_SIGNATURE) throw broken('its zip directory is damaged');
    const method = view.getUint16(at + 10, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > eocd) throw broken('its zip directory is damaged');
    const name = new TextDecoder('utf-8').decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // ZIP64 sizes: in the extra field, for each of the three values that reads 0xFFFFFFFF.
    if (compressedSize === U32_MAX || uncompressedSize === U32_MAX || localHeaderOffset === U32_MAX) {
      let extra = at + 46 + nameLength;
      const extraEnd = extra + extraLength;
      let found = false;
      while (extra + 4 <= extraEnd) {
        const id = view.getUint16(extra, true);
        const length = view.getUint16(extra + 2, true);
        if (id === ZIP64_EXTRA) {
          let field = extra + 4;
          const next = () => {
            if (field + 8 > extra + 4 + length) throw broken('its zip directory is damaged');
            const value = Number(view.getBigUint64(field, true));
            field += 8;
            return value;
          };
          if (uncompressedSize === U32_MAX) uncompressedSize = next();
          if (compressedSize === U32_MAX) compressedSize = next();
          if (localHeaderOffset === U32_MAX) localHeaderOffset = next();
          found = true;
          break;
        }
        extra += 4 + length;
      }
      if (!found) throw broken('its zip directory is damaged');
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    at = end;
  }
  return entries;
}

/**
 * Refuses an archive that would inflate past the limits (ImportLimitError), or whose directory is
 * not readable (ImportError), from its central directory alone. Returns the entries.
 */
export function checkZipLimits(bytes: Uint8Array, limits: ZipLimits = XLSX_LIMITS): ZipEntry[] {
  const entries = zipEntries(bytes);
  if (entries.length > limits.maxEntries) {
    throw new ImportLimitError(`This spreadsheet holds ${entries.length.toLocaleString('en')} parts; a workbook has a few dozen (at most ${limits.maxEntries.toLocaleString('en')} are read).`);
  }
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MiB`;
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
      throw new ImportLimitError(
        `This spreadsheet's part "${entry.name.slice(0, 80)}" would inflate from ${mib(entry.compressedSize)} to ${mib(entry.uncompressedSize)} (${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times): it looks like a zip bomb and was not opened.`,
      );
    }
  }
  if (total > limits.maxUncompressedBytes) {
    throw new ImportLimitError(
      `This spreadsheet would inflate to ${mib(total)}; at most ${mib(limits.maxUncompressedBytes)} can be imported. Split the map, or import it as CSV.`,
    );
  }
  return entries;
}

/** Where an entry's data starts: after its local header, whose name and extra field lengths may differ from the directory's. */
export function zipDataOffset(bytes: Uint8Array, entry: ZipEntry): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== LOCAL_SIGNATURE) throw broken(`the zip entry "${entry.name.slice(0, 80)}" is damaged`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.byteLength) throw broken(`the zip entry "${entry.name.slice(0, 80)}" is cut off`);
  return start;
}
