import { DocumentKind, ROLES } from '@qms/protocol';
import { describe, expect, it } from 'vitest';
import { maySend, permissionToSend, refusal } from '../src/rooms/authorization.js';
import { ClientMessageType, type ClientMessage } from '../src/rooms/codec.js';

const update = new Uint8Array([0, 0]);
const MESSAGES: Record<ClientMessageType, ClientMessage> = {
  [ClientMessageType.SyncStep1]: { type: ClientMessageType.SyncStep1, stateVector: new Uint8Array([0]), hasNothing: true },
  [ClientMessageType.SyncStep2]: { type: ClientMessageType.SyncStep2, update },
  [ClientMessageType.Update]: { type: ClientMessageType.Update, update },
  [ClientMessageType.Awareness]: { type: ClientMessageType.Awareness, entries: [] },
  [ClientMessageType.QueryAwareness]: { type: ClientMessageType.QueryAwareness },
  [ClientMessageType.SaveRequest]: { type: ClientMessageType.SaveRequest, requestId: 1 },
  [ClientMessageType.Unknown]: { type: ClientMessageType.Unknown, messageType: 42 },
};

/** For each document kind and role: the messages it may send. */
function table(kind: DocumentKind) {
  return Object.fromEntries(ROLES.map((role) => [role, Object.values(MESSAGES).filter((m) => maySend(role, kind, m)).map((m) => m.type)]));
}

const everyoneMay = [ClientMessageType.SyncStep1, ClientMessageType.Awareness, ClientMessageType.QueryAwareness, ClientMessageType.SaveRequest, ClientMessageType.Unknown];
const withChanges = [
  ClientMessageType.SyncStep1,
  ClientMessageType.SyncStep2,
  ClientMessageType.Update,
  ClientMessageType.Awareness,
  ClientMessageType.QueryAwareness,
  ClientMessageType.SaveRequest,
  ClientMessageType.Unknown,
];

describe('authorization per message', () => {
  it('lets owners and editors change a map; commenters and viewers only follow it, their presence included', () => {
    expect(table(DocumentKind.Map)).toEqual({ owner: withChanges, editor: withChanges, commenter: everyoneMay, viewer: everyoneMay });
  });

  it('lets commenters change a review document too; viewers only follow it', () => {
    expect(table(DocumentKind.Review)).toEqual({ owner: withChanges, editor: withChanges, commenter: withChanges, viewer: everyoneMay });
  });

  it('asks for the permission that matches the document', () => {
    expect(permissionToSend(DocumentKind.Map, MESSAGES.update)).toBe('edit');
    expect(permissionToSend(DocumentKind.Review, MESSAGES['sync-step-2'])).toBe('review');
    expect(permissionToSend(DocumentKind.Map, MESSAGES.awareness)).toBe('view');
  });

  it('says who may not change what, as the stock client logs it', () => {
    expect(refusal('viewer', DocumentKind.Map)).toBe('a viewer may not change this map');
    expect(refusal('viewer', DocumentKind.Review)).toBe('a viewer may not change this review');
  });
});
