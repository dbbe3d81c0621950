import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType, SaveState, encodeSaveStatus, encodeSaveStatusRequest, isCoveredBy, readSaveStatus } from '../src/index.js';

describe('save status', () => {
  it('round-trips a status through the wire format', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const bytes = encodeSaveStatus({ state: SaveState.Saved, stateVector: Y.encodeStateVector(doc) });
    const decoder = decoding.createDecoder(bytes);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.SaveStatus);
    const status = readSaveStatus(decoder);
    expect(status.state).toBe(SaveState.Saved);
    expect(Y.decodeStateVector(status.stateVector)).toEqual(Y.decodeStateVector(Y.encodeStateVector(doc)));
  });

  it('a request is just its message type', () => {
    expect(Array.from(encodeSaveStatusRequest())).toEqual([MessageType.SaveStatus]);
  });

  it('rejects an unknown state', () => {
    const decoder = decoding.createDecoder(new Uint8Array([7, 0]));
    expect(() => readSaveStatus(decoder)).toThrow(/unknown save state/);
  });

  it('tells whether local changes are covered by what is stored', () => {
    const stored = new Map([[1, 10], [2, 5]]);
    expect(isCoveredBy(new Map([[1, 10]]), stored)).toBe(true);
    expect(isCoveredBy(new Map([[1, 11]]), stored)).toBe(false);
    expect(isCoveredBy(new Map([[3, 1]]), stored)).toBe(false);
    expect(isCoveredBy(new Map(), stored)).toBe(true);
  });
});
