import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from './codes.js';

/**
 * "Are my changes on disk?" — a barrier on the ordered WebSocket:
 *
 *   client → server  [100, requestId]          after sending some updates
 *   server → client  [100, state, requestId]   once everything the client sent before the request
 *                                              is fsynced (or at once with state Failing)
 *   server → client  [100, state, 0]           unprompted, when saving starts failing or works again
 *
 * A barrier rather than a state vector, because deleting a node adds no new Yjs item and so never
 * moves a state vector. Only clients that sent a request ever receive one: stock y-websocket
 * clients never see message type 100.
 */
export const SaveState = {
  /** Everything up to the request is on the server's disk. */
  Saved: 0,
  /** The server cannot write to its disk; changes are kept in its memory and retried. */
  Failing: 1,
} as const;
export type SaveState = (typeof SaveState)[keyof typeof SaveState];

/** Request id of a status the server sends without being asked. */
export const UNPROMPTED = 0;

export interface SaveStatus {
  state: SaveState;
  /** The request this answers, or UNPROMPTED. */
  requestId: number;
}

export function encodeSaveRequest(requestId: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.SaveStatus);
  encoding.writeVarUint(encoder, requestId);
  return encoding.toUint8Array(encoder);
}

/** Reads a request's id (after its message type). Throws on malformed input. */
export function readSaveRequest(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder);
}

export function encodeSaveStatus(status: SaveStatus): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.SaveStatus);
  encoding.writeVarUint(encoder, status.state);
  encoding.writeVarUint(encoder, status.requestId);
  return encoding.toUint8Array(encoder);
}

/** Reads a status (after its message type). Throws on malformed input. */
export function readSaveStatus(decoder: decoding.Decoder): SaveStatus {
  const state = decoding.readVarUint(decoder);
  if (state !== SaveState.Saved && state !== SaveState.Failing) throw new Error(`unknown save state ${state}`);
  return { state, requestId: decoding.readVarUint(decoder) };
}
