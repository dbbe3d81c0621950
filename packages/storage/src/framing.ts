import { crc32 } from 'node:zlib';

/**
 * On-disk framing shared by log and snapshot files:
 *
 *   file   = magic (8 bytes) record*
 *   record = length (u32 LE) crc32(payload) (u32 LE) payload
 *
 * A record is trusted only if it is complete and its checksum matches, so a write torn by a crash
 * or a flipped bit is caught on the next load instead of being fed to Yjs.
 */
export const LOG_MAGIC = Buffer.from('QMSLOG01', 'latin1');
export const SNAPSHOT_MAGIC = Buffer.from('QMSSNP01', 'latin1');
export const RECORD_HEADER_BYTES = 8;
/** Larger than any update the server accepts; a bigger length can only be damage. */
export const MAX_RECORD_BYTES = 1 << 30;

export function encodeRecords(payloads: readonly Uint8Array[]): Buffer {
  let total = 0;
  for (const payload of payloads) total += RECORD_HEADER_BYTES + payload.byteLength;
  const out = Buffer.allocUnsafe(total);
  let offset = 0;
  for (const payload of payloads) {
    out.writeUInt32LE(payload.byteLength, offset);
    out.writeUInt32LE(crc32(payload), offset + 4);
    out.set(payload, offset + RECORD_HEADER_BYTES);
    offset += RECORD_HEADER_BYTES + payload.byteLength;
  }
  return out;
}

export type FrameDamage =
  /** The file ends inside a record: the expected result of a crash during a write. */
  | 'torn-tail'
  /** A complete record whose checksum or length is wrong, or a file with the wrong magic. */
  | 'corrupt';

export interface DecodedFile {
  /** Every intact record, in order: those before damage and those found again after it. */
  payloads: Uint8Array[];
  /**
   * Bytes from the start of the file up to the end of the last good record: the length to cut
   * the file to when only its end is damaged.
   */
  goodLength: number;
  /** `corrupt` when anything was skipped, else what the end of the file suffered. */
  damage?: FrameDamage;
  /** Damage at the end of the file, after the last intact record. */
  tail?: FrameDamage;
  /**
   * Damaged stretches in the middle of the file, skipped: reading went on at the next intact
   * record (one whose length fits the file and whose checksum matches). Empty unless `corrupt`.
   */
  skipped: Array<{ start: number; end: number }>;
  /** Records read after the first skipped stretch (kept; before resynchronisation they were lost). */
  recoveredAfterDamage: number;
}

/** A complete, intact record at `offset` (length fits, checksum matches): its end, or -1. */
function recordAt(view: Buffer, offset: number): number {
  if (view.byteLength - offset < RECORD_HEADER_BYTES) return -1;
  const length = view.readUInt32LE(offset);
  // Empty payloads are never written (a Yjs update has at least two bytes): eight zero bytes, as
  // in a zeroed block of a damaged disk, are not taken for a record.
  if (length === 0 || length > MAX_RECORD_BYTES) return -1;
  const end = offset + RECORD_HEADER_BYTES + length;
  if (end > view.byteLength) return -1;
  return crc32(view.subarray(offset + RECORD_HEADER_BYTES, end)) === view.readUInt32LE(offset + 4) ? end : -1;
}

/**
 * The next intact record at or after `from`: first where the damaged record says it ends (a
 * payload hit by a flipped bit leaves its header right), then at every later byte. Candidates
 * whose length runs past the file's end cost nothing; a false match needs a 32-bit checksum to
 * agree by chance.
 */
function resync(view: Buffer, from: number, likelyEnd: number): number {
  if (likelyEnd > from && recordAt(view, likelyEnd) >= 0) return likelyEnd;
  for (let offset = from; offset + RECORD_HEADER_BYTES < view.byteLength; offset++) {
    if (recordAt(view, offset) >= 0) return offset;
  }
  return -1;
}

export function decodeFile(bytes: Uint8Array, magic: Buffer): DecodedFile {
  const payloads: Uint8Array[] = [];
  const skipped: Array<{ start: number; end: number }> = [];
  let recoveredAfterDamage = 0;
  const result = (goodLength: number, tail?: FrameDamage): DecodedFile => {
    const damage = skipped.length > 0 ? 'corrupt' : tail;
    return { payloads, goodLength, skipped, recoveredAfterDamage, ...(damage ? { damage } : {}), ...(tail ? { tail } : {}) };
  };
  if (bytes.byteLength < magic.byteLength) {
    // A file cut before its magic was complete holds no records: a crash right after creating it.
    const prefixOk = Buffer.from(bytes).equals(magic.subarray(0, bytes.byteLength));
    return result(0, prefixOk ? (bytes.byteLength ? 'torn-tail' : undefined) : 'corrupt');
  }
  if (!magic.equals(bytes.subarray(0, magic.byteLength))) return result(0, 'corrupt');
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = magic.byteLength;
  while (offset < view.byteLength) {
    const end = recordAt(view, offset);
    if (end >= 0) {
      payloads.push(new Uint8Array(view.subarray(offset + RECORD_HEADER_BYTES, end)));
      if (skipped.length > 0) recoveredAfterDamage++;
      offset = end;
      continue;
    }
    const remaining = view.byteLength - offset;
    const length = remaining >= RECORD_HEADER_BYTES ? view.readUInt32LE(offset) : 0;
    const declaredEnd = offset + RECORD_HEADER_BYTES + length;
    const next = resync(view, offset + 1, remaining >= RECORD_HEADER_BYTES && length <= MAX_RECORD_BYTES ? declaredEnd : -1);
    if (next >= 0) {
      skipped.push({ start: offset, end: next });
      offset = next;
      continue;
    }
    // Nothing intact after it: the end of the file is damaged. A record cut short, or a bad
    // checksum on the very last record, is what a torn write looks like after a crash.
    const torn = remaining < RECORD_HEADER_BYTES || (length <= MAX_RECORD_BYTES && declaredEnd >= view.byteLength);
    return result(offset, torn ? 'torn-tail' : 'corrupt');
  }
  return result(offset);
}
