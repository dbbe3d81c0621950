import { describe, expect, it } from 'vitest';
import { isParticipantId, isParticipantSecret, newParticipantSecret, participantIdOf } from '../src/participant.js';

describe('participant identity', () => {
  it('derives a stable id from a fresh secret, equal to a plain SHA-256 of its bytes', () => {
    const secret = newParticipantSecret();
    expect(isParticipantSecret(secret)).toBe(true);
    const id = participantIdOf(secret);
    expect(isParticipantId(id)).toBe(true);
    expect(participantIdOf(secret)).toBe(id);
  });

  it('is SHA-256 of the secret bytes, cut to 128 bits (the published vector for 32 zero bytes)', () => {
    expect(participantIdOf('0'.repeat(64))).toBe('66687aadf862bd776c8fc18b8e9f8e20');
  });

  it('gives two browsers two ids, and never takes an id for a secret', () => {
    const [a, b] = [newParticipantSecret(), newParticipantSecret()];
    expect(a).not.toBe(b);
    expect(participantIdOf(a)).not.toBe(participantIdOf(b));
    expect(isParticipantSecret(participantIdOf(a))).toBe(false);
  });

  it('refuses a malformed secret', () => {
    for (const bad of ['', 'ABC', 'g'.repeat(64), 'a'.repeat(63), 'A'.repeat(64)]) expect(() => participantIdOf(bad)).toThrow(/64 hex/);
  });
});
