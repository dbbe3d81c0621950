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
  payloads: Uint8Array[];
  /** Bytes from the start of the file up to the end of the last good record. */
  goodLength: number;
  damage?: FrameDamage;
}

export function decodeFile(bytes: Uint8Array, magic: Buffer): DecodedFile {
  if (bytes.byteLength < magic.byteLength) {
    // A file cut before its magic was complete holds no records: a crash right after creating it.
    const prefixOk = Buffer.from(bytes).equals(magic.subarray(0, bytes.byteLength));
    return { payloads: [], goodLength: 0, damage: prefixOk ? (bytes.byteLength ? 'torn-tail' : undefined) : 'corrupt' };
  }
  if (!magic.equals(bytes.subarray(0, magic.byteLength))) return { payloads: [], goodLength: 0, damage: 'corrupt' };
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const payloads: Uint8Array[] = [];
  let offset = magic.byteLength;
  while (offset < view.byteLength) {
    if (view.byteLength - offset < RECORD_HEADER_BYTES) return { payloads, goodLength: offset, damage: 'torn-tail' };
    const length = view.readUInt32LE(offset);
    const checksum = view.readUInt32LE(offset + 4);
    if (length > MAX_RECORD_BYTES) return { payloads, goodLength: offset, damage: 'corrupt' };
    const end = offset + RECORD_HEADER_BYTES + length;
    if (end > view.byteLength) return { payloads, goodLength: offset, damage: 'torn-tail' };
    const payload = view.subarray(offset + RECORD_HEADER_BYTES, end);
    if (crc32(payload) !== checksum) {
      // A bad checksum on the very last record is what a torn write looks like after a power loss.
      return { payloads, goodLength: offset, damage: end === view.byteLength ? 'torn-tail' : 'corrupt' };
    }
    payloads.push(new Uint8Array(payload));
    offset = end;
  }
  return { payloads, goodLength: offset };
}
