import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import { MessageType, SaveState, encodeSaveRequest, encodeSaveStatus, readSaveRequest, readSaveStatus } from '../src/index.js';

describe('save status messages', () => {
  it('round-trip a request', () => {
    const decoder = decoding.createDecoder(encodeSaveRequest(300));
    expect(decoding.readVarUint(decoder)).toBe(MessageType.SaveStatus);
    expect(readSaveRequest(decoder)).toBe(300);
  });

  it('round-trip a status', () => {
    const decoder = decoding.createDecoder(encodeSaveStatus({ state: SaveState.Failing, requestId: 7 }));
    expect(decoding.readVarUint(decoder)).toBe(MessageType.SaveStatus);
    expect(readSaveStatus(decoder)).toEqual({ state: SaveState.Failing, requestId: 7 });
  });

  it('rejects an unknown state and a truncated message', () => {
    expect(() => readSaveStatus(decoding.createDecoder(new Uint8Array([7, 0])))).toThrow(/unknown save state/);
    expect(() => readSaveStatus(decoding.createDecoder(new Uint8Array([0])))).toThrow();
  });
});
