import { PARTICIPANT_SECRET_KEY, isParticipantSecret, newParticipantSecret, participantIdOf } from '@qms/protocol';

/**
 * This browser's workshop secret, made once and kept in localStorage: everyone shares one workshop
 * link, so the browser is the participant. Without storage (private mode) it lives for the tab.
 */
let memorySecret: string | undefined;

export function participantSecret(): string {
  try {
    const stored = localStorage.getItem(PARTICIPANT_SECRET_KEY);
    if (isParticipantSecret(stored)) return stored;
    const fresh = newParticipantSecret();
    localStorage.setItem(PARTICIPANT_SECRET_KEY, fresh);
    return fresh;
  } catch {
    memorySecret ??= newParticipantSecret();
    return memorySecret;
  }
}

/** The public id this browser's ratings, cards and votes are written under. */
export function myParticipantId(): string {
  return participantIdOf(participantSecret());
}
