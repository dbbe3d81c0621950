import type { Role } from '@qms/protocol';
import type { FastifyBaseLogger } from 'fastify';

/** One client connection as a room sees it; the WebSocket details stay in connection.ts. */
export interface Peer {
  readonly id: number;
  readonly log: FastifyBaseLogger;
  /** What this connection's token allows; checked on every message. */
  readonly role: Role;
  /** Hash of the token it connected with (null: local trust or admin), to cut it off on rotation. */
  readonly tokenHash: string | null;
  /** The partner institution its review link was issued to (sign-offs only for it); null: any other link. */
  readonly institutionId: string | null;
  /** The workshop participant whose secret this connection carries (participant.ts); null: none. */
  readonly participantId: string | null;
  /** Set once the client asked for save statuses (message type 100). */
  wantsSaveStatus: boolean;
  /** Awareness client ids this connection has announced; cleared from the room when it leaves. */
  readonly awarenessIds: Set<number>;
  /** Sends a message (a relay, a greeting); a client that does not read what it is sent is closed (4408). */
  send(message: Uint8Array): void;
  /**
   * Answers something this client asked for (its sync step 1, an awareness query), charged to its
   * budget of answer bytes: `produce` runs only while the budget lasts; a client that keeps asking
   * past it is closed (4429).
   */
  answer(produce: () => readonly Uint8Array[]): void;
  close(code: number, reason?: string): void;
  /** Closes the connection because of a malformed message (4400), logged and counted once. */
  refuseMalformed(error: unknown): void;
}
