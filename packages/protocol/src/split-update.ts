import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Splits a Yjs update (format v1) into smaller updates that, applied in order, give the same
 * document. The server sends a large initial state this way: the stock y-websocket client drops a
 * connection that receives no message for 30 seconds, and one multi-megabyte message on a slow
 * link is exactly that. Each piece is a valid update of its own; the delete set travels in the last.
 *
 * Cuts fall between structs, so a piece exceeds `maxBytes` only when one struct alone does (a
 * huge pasted text). Yjs itself cannot split an update, hence this reader of the format:
 *
 *   update     = varuint(#blocks) block* deleteSet
 *   block      = varuint(#structs) varuint(client) varuint(clock of the first struct) struct*
 *   struct     = info:uint8 ( GC: varuint(len) | Skip: varuint(len) | Item … content )
 */
export function splitUpdate(update: Uint8Array, maxBytes: number): Uint8Array[] {
  if (update.byteLength <= maxBytes) return [update];
  const decoder = decoding.createDecoder(update);
  const blocks: Block[] = [];
  const blockCount = decoding.readVarUint(decoder);
  for (let b = 0; b < blockCount; b++) {
    const structCount = decoding.readVarUint(decoder);
    const client = decoding.readVarUint(decoder);
    let clock = decoding.readVarUint(decoder);
    const structs: Struct[] = [];
    for (let s = 0; s < structCount; s++) {
      const start = decoder.pos;
      const length = skipStruct(decoder);
      structs.push({ start, end: decoder.pos, clock });
      clock += length;
    }
    blocks.push({ client, structs });
  }
  const deleteSet = update.subarray(decoder.pos);

  const pieces: Uint8Array[] = [];
  let current: Array<{ client: number; structs: Struct[] }> = [];
  let size = 0;
  const flush = (last: boolean) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, current.length);
    for (const segment of current) {
      encoding.writeVarUint(encoder, segment.structs.length);
      encoding.writeVarUint(encoder, segment.client);
      encoding.writeVarUint(encoder, segment.structs[0]!.clock);
      for (const struct of segment.structs) encoding.writeUint8Array(encoder, update.subarray(struct.start, struct.end));
    }
    if (last) encoding.writeUint8Array(encoder, deleteSet);
    else encoding.writeVarUint(encoder, 0); // an empty delete set
    pieces.push(encoding.toUint8Array(encoder));
    current = [];
    size = 0;
  };
  // Room for the headers of a piece (block count, one block header, empty delete set).
  const budget = Math.max(1, maxBytes - 24);
  for (const block of blocks) {
    let segment: { client: number; structs: Struct[] } | null = null;
    for (const struct of block.structs) {
      const bytes = struct.end - struct.start;
      if (size > 0 && size + bytes > budget) {
        flush(false);
        segment = null;
      }
      if (!segment) {
        segment = { client: block.client, structs: [] };
        current.push(segment);
        size += 12;
      }
      segment.structs.push(struct);
      size += bytes;
    }
  }
  // The delete set goes with the last structs if it fits, else in pieces of its own.
  if (size + deleteSet.byteLength <= budget || deleteSet.byteLength <= 1) {
    flush(true);
    return pieces;
  }
  if (current.length > 0) flush(false);
  for (const part of splitDeleteSet(deleteSet, budget)) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0); // no structs
    encoding.writeUint8Array(encoder, part);
    pieces.push(encoding.toUint8Array(encoder));
  }
  return pieces;
}

/**
 * A delete set (varuint #clients, then per client: client, #ranges, ranges of clock and length)
 * cut into delete sets of about `budget` bytes each.
 */
function splitDeleteSet(deleteSet: Uint8Array, budget: number): Uint8Array[] {
  const decoder = decoding.createDecoder(deleteSet);
  const parts: Uint8Array[] = [];
  let clients: Array<{ client: number; ranges: number[] }> = [];
  let size = 0;
  const flush = () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, clients.length);
    for (const { client, ranges } of clients) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, ranges.length / 2);
      for (const value of ranges) encoding.writeVarUint(encoder, value);
    }
    parts.push(encoding.toUint8Array(encoder));
    clients = [];
    size = 0;
  };
  const clientCount = decoding.readVarUint(decoder);
  for (let c = 0; c < clientCount; c++) {
    const client = decoding.readVarUint(decoder);
    const rangeCount = decoding.readVarUint(decoder);
    let entry: { client: number; ranges: number[] } | null = null;
    for (let r = 0; r < rangeCount; r++) {
      const clock = decoding.readVarUint(decoder);
      const length = decoding.readVarUint(decoder);
      if (size > 0 && size + 10 > budget) {
        flush();
        entry = null;
      }
      if (!entry) {
        entry = { client, ranges: [] };
        clients.push(entry);
        size += 12;
      }
      entry.ranges.push(clock, length);
      size += 10;
    }
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the delete set');
  if (clients.length > 0) flush();
  return parts;
}

interface Struct {
  start: number;
  end: number;
  clock: number;
}
interface Block {
  client: number;
  structs: Struct[];
}

const BITS5 = 0b11111;
const HAS_ORIGIN = 0b1000_0000;
const HAS_RIGHT_ORIGIN = 0b0100_0000;
const HAS_PARENT_SUB = 0b0010_0000;
/** Type refs of XML elements and hooks, which carry a name. */
const TYPE_REFS_WITH_KEY = new Set([3, 5]);

/** Reads past one struct and returns its length in clock units. Throws on what it does not know. */
function skipStruct(decoder: decoding.Decoder): number {
  const info = decoding.readUint8(decoder);
  const ref = info & BITS5;
  if (ref === 0 || ref === 10) return decoding.readVarUint(decoder); // GC, Skip
  if (info & HAS_ORIGIN) skipId(decoder);
  if (info & HAS_RIGHT_ORIGIN) skipId(decoder);
  if ((info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN)) === 0) {
    // No origins: the item names its parent (a root type's name or an item's id) and maybe a key.
    if (decoding.readVarUint(decoder) === 1) decoding.readVarString(decoder);
    else skipId(decoder);
    if (info & HAS_PARENT_SUB) decoding.readVarString(decoder);
  }
  switch (ref) {
    case 1: // deleted
      return decoding.readVarUint(decoder);
    case 2: {
      // JSON
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) decoding.readVarString(decoder);
      return count;
    }
    case 3: // binary
      decoding.readVarUint8Array(decoder);
      return 1;
    case 4: // string: its length counts UTF-16 code units
      return decoding.readVarString(decoder).length;
    case 5: // embed
      decoding.readVarString(decoder);
      return 1;
    case 6: // format
      decoding.readVarString(decoder);
      decoding.readVarString(decoder);
      return 1;
    case 7: {
      // type
      if (TYPE_REFS_WITH_KEY.has(decoding.readVarUint(decoder))) decoding.readVarString(decoder);
      return 1;
    }
    case 8: {
      // any
      const count = decoding.readVarUint(decoder);
      for (let i = 0; i < count; i++) decoding.readAny(decoder);
      return count;
    }
    case 9: // subdocument
      decoding.readVarString(decoder);
      decoding.readAny(decoder);
      return 1;
    default:
      throw new Error(`unknown struct content ${ref}`);
  }
}

function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
}
