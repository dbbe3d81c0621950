import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** The entry's bytes as stored (deflated for method 8). */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** What the directory says the entry inflates to. */
  uncompressedSize: number;
}

/** A zip archive written by hand, so that tests can make ones no zip library would (bombs, lies). */
export function zipArchive(entries: readonly RawEntry[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.byteLength, 18);
    local.writeUInt32LE(entry.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    name.copy(local, 30);
    const central = Buffer.alloc(46 + name.length);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.byteLength, 20);
    central.writeUInt32LE(entry.uncompressedSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    name.copy(central, 46);
    locals.push(local, Buffer.from(entry.data));
    centrals.push(central);
    offset += local.length + entry.data.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

export function deflated(name: string, content: Uint8Array): RawEntry {
  return { name, data: deflateRawSync(content, { level: 9 }), method: 8, crc: crc32(content), uncompressedSize: content.byteLength };
}

/**
 * A real zip bomb shaped like a workbook: `parts` sheets of `mebibytes` MiB of spaces each, which
 * deflate to about a thousandth of that (one compressed stream, reused by every part).
 */
export function zipBomb(parts = 10, mebibytes = 100): Uint8Array {
  const sheet = deflatedRepeat('xl/worksheets/sheet1.xml', 0x20, mebibytes);
  const entries: RawEntry[] = [deflated('[Content_Types].xml', Buffer.from('<?xml version="1.0"?><Types/>'))];
  for (let i = 1; i <= parts; i++) entries.push({ ...sheet, name: `xl/worksheets/sheet${i}.xml` });
  return zipArchive(entries);
}

/**
 * `mebibytes` MiB of one byte, deflated, without ever holding them: one MiB is compressed as a
 * block that ends on a byte boundary with nothing carried over (a full flush), repeated, and
 * closed by an empty final block — a valid deflate stream that inflates to the whole.
 */
export function deflatedRepeat(name: string, byte: number, mebibytes: number): RawEntry {
  const chunk = Buffer.alloc(1024 * 1024, byte);
  const block = deflateRawSync(chunk, { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const data = Buffer.concat([...Array<Buffer>(mebibytes).fill(block), Buffer.from([0x03, 0x00])]);
  let crc = 0;
  for (let i = 0; i < mebibytes; i++) crc = crc32(chunk, crc);
  return { name, data, method: 8, crc, uncompressedSize: mebibytes * 1024 * 1024 };
}
