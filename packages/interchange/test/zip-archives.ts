import { constants, crc32, deflateRawSync } from 'node:zlib';

export interface RawEntry {
  name: string;
  /** The entry's bytes as stored (deflated for method 8). */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** What the directory (and the local header) say the entry inflates to. */
  uncompressedSize: number;
}

/**
 * Zip archives written by hand, so that tests can make ones no zip library would (bombs, lies).
 * Shared by this package's tests and the server's (`@qms/interchange/testing`).
 */
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

/** The parts of a real workbook around its sheets, so that a reader gets as far as inflating them. */
export function workbookAround(sheets: readonly RawEntry[]): Uint8Array {
  const xml = (text: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${text}`);
  return zipArchive([
    deflated(
      '[Content_Types].xml',
      xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    ),
    deflated('_rels/.rels', xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')),
    deflated(
      'xl/workbook.xml',
      xml('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Map" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    ),
    deflated('xl/_rels/workbook.xml.rels', xml('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')),
    ...sheets,
  ]);
}

/**
 * A real zip bomb shaped like a workbook: `parts` sheets of `mebibytes` MiB of spaces each, which
 * deflate to about a thousandth of that (one compressed stream, reused by every part). `lie`: the
 * directory says each sheet inflates to 4 KiB (a harmless ratio), which only inflating shows is false.
 */
export function zipBomb(mebibytes: number, { parts = 1, lie = false }: { parts?: number; lie?: boolean } = {}): Uint8Array {
  const sheet = deflatedRepeat('xl/worksheets/sheet1.xml', 0x20, mebibytes);
  const told = lie ? { ...sheet, uncompressedSize: 4096 } : sheet;
  return workbookAround(Array.from({ length: parts }, (_, i) => ({ ...told, name: `xl/worksheets/sheet${i + 1}.xml` })));
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
