import { MessageType, SaveState, encodeSaveRequest, readSaveStatus } from '@qms/protocol';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as authProtocol from 'y-protocols/auth';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  ClientMessageType,
  decodeClientMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeSaveStatus,
  encodeSyncStep1,
  encodeUpdate,
  isSyncStep1,
  syncStep2Messages,
} from '../src/rooms/codec.js';
import { clientDoc } from './fakes.js';

const bytes = (...values: number[]) => new Uint8Array(values);

function frame(type: number, write: (encoder: encoding.Encoder) => void = () => {}): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('the wire codec', () => {
  it('reads back the sync messages it writes', () => {
    const client = clientDoc();
    const update = client.set('a', 1);

    const stepOne = decodeClientMessage(encodeSyncStep1(client.doc));
    expect(stepOne).toEqual({ type: ClientMessageType.SyncStep1, stateVector: Y.encodeStateVector(client.doc), hasNothing: false });
    expect(decodeClientMessage(encodeSyncStep1(new Y.Doc()))).toMatchObject({ type: ClientMessageType.SyncStep1, hasNothing: true });

    expect(decodeClientMessage(encodeUpdate(update))).toEqual({ type: ClientMessageType.Update, update });

    const [first, last] = syncStep2Messages([update, client.set('b', 2)]);
    expect(decodeClientMessage(first!)).toMatchObject({ type: ClientMessageType.Update });
    expect(decodeClientMessage(last!)).toEqual({ type: ClientMessageType.SyncStep2, update: client.updates[1] });
    expect(syncStep2Messages([update]).map((m) => decodeClientMessage(m).type)).toEqual([ClientMessageType.SyncStep2]);
  });

  it('reads back awareness, save requests and queries, and passes over types it does not know', () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ user: { name: 'Anna' } });
    const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
    expect(decodeClientMessage(encodeAwareness(update))).toMatchObject({ type: ClientMessageType.Awareness, entries: [expect.objectContaining({ clock: 1 })] });
    awareness.destroy();

    expect(decodeClientMessage(encodeSaveRequest(7))).toEqual({ type: ClientMessageType.SaveRequest, requestId: 7 });
    expect(decodeClientMessage(bytes(MessageType.QueryAwareness))).toEqual({ type: ClientMessageType.QueryAwareness });
    expect(decodeClientMessage(bytes(42, 1, 2, 3))).toEqual({ type: ClientMessageType.Unknown, messageType: 42 });
  });

  it('writes the server-only messages the stock client and the save indicator read', () => {
    const denied = decoding.createDecoder(encodePermissionDenied('a viewer may not change this map'));
    expect(decoding.readVarUint(denied)).toBe(MessageType.Auth);
    let reason = '';
    authProtocol.readAuthMessage(denied, new Y.Doc(), (_doc, text) => (reason = text));
    expect(reason).toBe('a viewer may not change this map');

    const status = decoding.createDecoder(encodeSaveStatus({ state: SaveState.Failing, requestId: 3 }));
    expect(decoding.readVarUint(status)).toBe(MessageType.SaveStatus);
    expect(readSaveStatus(status)).toEqual({ state: SaveState.Failing, requestId: 3 });
  });

  it('refuses malformed frames', () => {
    const update = clientDoc().set('a', 1);
    const malformed: Array<[string, Uint8Array]> = [
      ['an empty frame', bytes()],
      ['a sync message without a step', bytes(MessageType.Sync)],
      ['a truncated update', bytes(MessageType.Sync, 2, 10, 1, 2)],
      ['trailing bytes after an update', Uint8Array.from([...encodeUpdate(update), 0])],
      ['an unknown sync step', frame(MessageType.Sync, (e) => (encoding.writeVarUint(e, 9), encoding.writeVarUint8Array(e, update)))],
      ['a state vector that does not parse', frame(MessageType.Sync, (e) => (encoding.writeVarUint(e, 0), encoding.writeVarUint8Array(e, bytes(5, 1))))],
      ['an awareness update that does not parse', frame(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, bytes(1, 1, 1, 3, 123)))],
      ['trailing bytes after a query', bytes(MessageType.QueryAwareness, 0)],
      ['a save request without its id', bytes(MessageType.SaveStatus)],
      ['an auth message from a client', encodePermissionDenied('I am the server')],
    ];
    for (const [what, message] of malformed) expect(() => decodeClientMessage(message), what).toThrow();
  });

  it('leaves an update unread until its sender may write', () => {
    // The payload is only framed here; the room parses it (checkUpdate) after the role check.
    expect(decodeClientMessage(frame(MessageType.Sync, (e) => (encoding.writeVarUint(e, 2), encoding.writeVarUint8Array(e, bytes(255, 255)))))).toEqual({
      type: ClientMessageType.Update,
      update: bytes(255, 255),
    });
  });

  it('tells a sync step 1 from its first two numbers', () => {
    expect(isSyncStep1(encodeSyncStep1(new Y.Doc()))).toBe(true);
    expect(isSyncStep1(encodeUpdate(clientDoc().set('a', 1)))).toBe(false);
    expect(isSyncStep1(bytes(MessageType.Awareness))).toBe(false);
    expect(() => isSyncStep1(bytes())).toThrow();
  });
});
