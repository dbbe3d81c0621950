import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';

/**
 * Checks of what a client sends, made before anything is applied: a message that fails them
 * closes its connection and changes nothing.
 */

/** Parses a whole Yjs update (structs and delete set) without applying it. Throws if malformed. */
export function checkUpdate(update: Uint8Array): void {
  Y.decodeUpdate(update);
}

/** Parses a whole awareness update: each entry's client id, clock and JSON state. Throws if malformed. */
export function checkAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder); // client id
    decoding.readVarUint(decoder); // clock
    JSON.parse(decoding.readVarString(decoder)); // state (or "null")
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness update');
}

/** A message must be read to its end: trailing bytes mean it is not what it claims to be. */
export function checkFullyRead(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the message');
}
