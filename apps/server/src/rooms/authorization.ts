import { DocumentKind, can, type Permission, type Role } from '@qms/protocol';
import { ClientMessageType, type ClientMessage } from './codec.js';

/**
 * Who may send what, checked on every message (the reference server applies every sync message
 * from every connection: yjs/y-websocket #79). Only changes need more than viewing: a map is
 * changed by editors, its review document (comments, sign-offs) by commenters too. Everyone's
 * awareness flows, so that viewers are seen in the room, and everyone may ask whether what they
 * sent is saved.
 */
export function permissionToSend(kind: DocumentKind, message: ClientMessage): Permission {
  switch (message.type) {
    case ClientMessageType.SyncStep2:
    case ClientMessageType.Update:
      return kind === DocumentKind.Map ? 'edit' : 'review';
    case ClientMessageType.SyncStep1:
    case ClientMessageType.Awareness:
    case ClientMessageType.QueryAwareness:
    case ClientMessageType.SaveRequest:
    case ClientMessageType.Unknown:
      return 'view';
  }
}

/** Whether a connection with this role may send this message to a document of this kind. */
export function maySend(role: Role, kind: DocumentKind, message: ClientMessage): boolean {
  return can(role, permissionToSend(kind, message));
}

/** What a client is told, once, when its changes are refused (the stock client logs it). */
export function refusal(role: Role, kind: DocumentKind): string {
  return `a ${role} may not change this ${kind}`;
}
