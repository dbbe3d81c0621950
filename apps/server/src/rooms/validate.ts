import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Checks of what a client sends, made before anything is applied: a message that fails them
 * closes its connection and changes nothing.
 */

/** Parses a whole Yjs update (structs and delete set) without applying it. Throws if malformed. */
export function checkUpdate(update: Uint8Array): void {
  Y.decodeUpdate(update);
}

/** One person's entry in an awareness update: their client id, clock and state (null: they left). */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: unknown;
}

/** Parses a whole awareness update: each entry's client id, clock and JSON state. Throws if malformed. */
export function readAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(decoder)) as unknown });
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness update');
  return entries;
}

/** Encodes entries as an awareness update (y-protocols' format). */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

/** A message must be read to its end: trailing bytes mean it is not what it claims to be. */
export function checkFullyRead(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the message');
}
