/**
 * Message types on `/sync/<mapId>`. 0–3 are the standard y-websocket ones; anything else is this
 * product's own and is only ever sent to a client that asked for it, so stock clients never see it.
 */
export const MessageType = {
  /** y-protocols sync: step 1, step 2, update. */
  Sync: 0,
  /** y-protocols awareness update. */
  Awareness: 1,
  /** y-protocols auth (permission denied). */
  Auth: 2,
  /** A request for the current awareness states. */
  QueryAwareness: 3,
  /** Client → server: "tell me when my changes are on disk". Server → client: a save status. */
  SaveStatus: 100,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** WebSocket close codes the server uses. 4xxx mirror the HTTP status they resemble. */
export const CloseCode = {
  /** The message could not be parsed or Yjs rejected it; only this connection is closed. */
  MalformedMessage: 4400,
  /** No token, or a token that is not valid for this map. */
  Unauthorized: 4401,
  /** A valid token whose role may not do what was attempted, or a page of another origin without a token. */
  Forbidden: 4403,
  /** The `participant=` secret is not a participant secret (64 lower-case hex characters). */
  MalformedParticipant: 4422,
  /** The map id does not exist (or is not a valid map id). */
  MapNotFound: 4404,
  /** The map was deleted while this connection was open. */
  MapDeleted: 4410,
  /** The client did not read what it was sent: too much waited in the server's buffer for it. */
  SlowConsumer: 4408,
  /** Too many messages, or too many connections from one address; try again later. */
  TooManyRequests: 4429,
  /** The map could not be loaded from storage. */
  MapUnavailable: 4500,
  /** A frame larger than the server accepts (standard code). */
  MessageTooBig: 1009,
  /** The server is restarting; reconnect shortly (standard code). */
  ServiceRestart: 1012,
} as const;
export type CloseCodeName = keyof typeof CloseCode;

const reasons: Record<number, string> = {
  [CloseCode.MalformedMessage]: 'malformed message',
  [CloseCode.Unauthorized]: 'unauthorized',
  [CloseCode.Forbidden]: 'forbidden',
  [CloseCode.MalformedParticipant]: 'malformed participant secret',
  [CloseCode.MapNotFound]: 'map not found',
  [CloseCode.MapDeleted]: 'map deleted',
  [CloseCode.SlowConsumer]: 'client too slow to read',
  [CloseCode.TooManyRequests]: 'too many requests',
  [CloseCode.MapUnavailable]: 'map unavailable',
  [CloseCode.MessageTooBig]: 'message too big',
  [CloseCode.ServiceRestart]: 'server restarting',
};

/** A short reason for a close frame (close reasons are limited to 123 bytes). */
export function closeReason(code: number): string {
  return reasons[code] ?? 'closed';
}
