import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils';

/**
 * A workshop participant is the browser, not an account: everyone shares one workshop link, so
 * each browser keeps a random secret and shows the room only its hash. The server checks that a
 * connection's secret hashes to the id whose ratings, cards and private document it touches, so
 * nobody can write or read as another participant by knowing their (public) id.
 */

/** The query parameter that carries a browser's participant secret on the sync socket. */
export const PARTICIPANT_PARAM = 'participant';

/** Where a browser keeps its participant secret (localStorage). */
export const PARTICIPANT_SECRET_KEY = 'qms.workshop.secret';

/** 32 random bytes as 64 lower-case hex characters. */
export const PARTICIPANT_SECRET_PATTERN = /^[0-9a-f]{64}$/;

/** A participant id: the first 128 bits of SHA-256(secret bytes), as 32 hex characters. */
export const PARTICIPANT_ID_PATTERN = /^[0-9a-f]{32}$/;

export function isParticipantSecret(value: unknown): value is string {
  return typeof value === 'string' && PARTICIPANT_SECRET_PATTERN.test(value);
}

export function isParticipantId(value: unknown): value is string {
  return typeof value === 'string' && PARTICIPANT_ID_PATTERN.test(value);
}

/** A fresh secret from the platform's CSPRNG (browsers and Node ≥ 20 both have `crypto.getRandomValues`). */
export function newParticipantSecret(): string {
  return bytesToHex(randomBytes(32));
}

/** The public id of the participant holding `secret`; throws on a malformed secret. */
export function participantIdOf(secret: string): string {
  if (!isParticipantSecret(secret)) throw new Error('a participant secret is 64 hex characters');
  return bytesToHex(sha256(hexToBytes(secret))).slice(0, 32);
}
