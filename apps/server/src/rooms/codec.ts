import { MessageType, readSaveRequest } from '@qms/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { checkFullyRead, readAwarenessUpdate, type AwarenessEntry } from './validate.js';

export { encodeSaveStatus } from '@qms/protocol';

/**
 * The wire codec of the sync endpoint: y-protocols frames in and out, and nothing else. A frame
 * from a client becomes one typed message (or an error: the connection is closed as malformed);
 * what the server sends is built here, each message once for all its recipients.
 */

/** What a client may send, once decoded. */
export const ClientMessageType = {
  /** "Here is my state vector": answered with what the client lacks. */
  SyncStep1: 'sync-step-1',
  /** The answer to the server's sync step 1: what the server lacks. */
  SyncStep2: 'sync-step-2',
  /** A change the client made. */
  Update: 'update',
  /** The client's awareness (presence) states. */
  Awareness: 'awareness',
  /** "Send me everyone's awareness." */
  QueryAwareness: 'query-awareness',
  /** The save barrier (message 100): "tell me once what I sent before is on disk". */
  SaveRequest: 'save-request',
  /** A message type this server does not know (a newer client): ignored. */
  Unknown: 'unknown',
} as const;
export type ClientMessageType = (typeof ClientMessageType)[keyof typeof ClientMessageType];

export type ClientMessage =
  | {
      type: typeof ClientMessageType.SyncStep1;
      stateVector: Uint8Array;
      /** An empty state vector: a first visit or a new tab, answered with the whole document. */
      hasNothing: boolean;
    }
  /** `update` is not parsed yet: a Yjs update is read only once its sender may write (checkUpdate). */
  | { type: typeof ClientMessageType.SyncStep2 | typeof ClientMessageType.Update; update: Uint8Array }
  /** Every entry's id, clock and JSON state. */
  | { type: typeof ClientMessageType.Awareness; entries: AwarenessEntry[] }
  | { type: typeof ClientMessageType.QueryAwareness }
  | { type: typeof ClientMessageType.SaveRequest; requestId: number }
  | { type: typeof ClientMessageType.Unknown; messageType: number };

/**
 * Decodes one frame from a client. Throws on anything malformed: truncated, trailing bytes, an
 * unknown sync step, a state vector or awareness update that does not parse, or an auth message
 * (only servers send those).
 */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(frame);
  const messageType = decoding.readVarUint(decoder);
  switch (messageType) {
    case MessageType.Sync: {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      checkFullyRead(decoder);
      switch (step) {
        case syncProtocol.messageYjsSyncStep1:
          return { type: ClientMessageType.SyncStep1, stateVector: payload, hasNothing: Y.decodeStateVector(payload).size === 0 };
        case syncProtocol.messageYjsSyncStep2:
          return { type: ClientMessageType.SyncStep2, update: payload };
        case syncProtocol.messageYjsUpdate:
          return { type: ClientMessageType.Update, update: payload };
        default:
          throw new Error(`unknown sync step ${step}`);
      }
    }
    case MessageType.Awareness: {
      const update = decoding.readVarUint8Array(decoder);
      checkFullyRead(decoder);
      return { type: ClientMessageType.Awareness, entries: readAwarenessUpdate(update) };
    }
    case MessageType.QueryAwareness:
      checkFullyRead(decoder);
      return { type: ClientMessageType.QueryAwareness };
    case MessageType.SaveStatus: {
      const requestId = readSaveRequest(decoder);
      checkFullyRead(decoder);
      return { type: ClientMessageType.SaveRequest, requestId };
    }
    case MessageType.Auth:
      throw new Error('auth message from a client');
    default:
      return { type: ClientMessageType.Unknown, messageType };
  }
}

/**
 * Whether a frame is a sync step 1, reading only its first two numbers (what a room does with a
 * frame while its document loads). Throws if even those are missing.
 */
export function isSyncStep1(frame: Uint8Array): boolean {
  const decoder = decoding.createDecoder(frame);
  return decoding.readVarUint(decoder) === MessageType.Sync && decoding.readVarUint(decoder) === syncProtocol.messageYjsSyncStep1;
}

/** "What do you have?": the server's sync step 1, sent to every client that joins. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** A change, relayed to the clients that did not make it. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/**
 * A sync step 2 in pieces: every piece but the last as an update, the last as sync step 2, so the
 * stock client says "synced" only once it has everything.
 */
export function syncStep2Messages(pieces: readonly Uint8Array[]): Uint8Array[] {
  return pieces.map((piece, index) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Sync);
    encoding.writeVarUint(encoder, index === pieces.length - 1 ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate);
    encoding.writeVarUint8Array(encoder, piece);
    return encoding.toUint8Array(encoder);
  });
}

/** Awareness states (an update from y-protocols' `encodeAwarenessUpdate`) as a message. */
export function encodeAwareness(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** "Your changes are refused": the stock client logs the reason. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Auth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}
