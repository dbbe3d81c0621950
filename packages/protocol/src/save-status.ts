import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from './codes.js';

/**
 * A Yjs state vector as a map from client id to clock: what `Y.decodeStateVector` returns.
 * Kept structural so that this package does not depend on yjs.
 */
export type StateVector = Map<number, number>;

export const SaveState = {
  /** Everything in `stateVector` is on the server's disk (fsynced). */
  Saved: 0,
  /** The server cannot write to its disk right now; changes are kept in memory and retried. */
  Failing: 1,
} as const;
export type SaveState = (typeof SaveState)[keyof typeof SaveState];

export interface SaveStatus {
  state: SaveState;
  /** The encoded state vector of what is durably stored (`Y.encodeStateVector` format). */
  stateVector: Uint8Array;
}

/** Client → server: subscribe to save statuses for this connection. */
export function encodeSaveStatusRequest(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.SaveStatus);
  return encoding.toUint8Array(encoder);
}

/** Server → client. */
export function encodeSaveStatus(status: SaveStatus): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.SaveStatus);
  encoding.writeVarUint(encoder, status.state);
  encoding.writeVarUint8Array(encoder, status.stateVector);
  return encoding.toUint8Array(encoder);
}

/** Reads the body of a save-status message (after its message type). Throws on malformed input. */
export function readSaveStatus(decoder: decoding.Decoder): SaveStatus {
  const state = decoding.readVarUint(decoder);
  if (state !== SaveState.Saved && state !== SaveState.Failing) {
    throw new Error(`unknown save state ${state}`);
  }
  return { state, stateVector: decoding.readVarUint8Array(decoder) };
}

/** True when every change in `local` is also in `stored`: the client has nothing unsaved. */
export function isCoveredBy(local: StateVector, stored: StateVector): boolean {
  for (const [client, clock] of local) {
    if ((stored.get(client) ?? 0) < clock) return false;
  }
  return true;
}
