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
  /** Set once the client asked for save statuses (message type 100). */
  wantsSaveStatus: boolean;
  /** Awareness client ids this connection has announced; cleared from the room when it leaves. */
  readonly awarenessIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason?: string): void;
}
