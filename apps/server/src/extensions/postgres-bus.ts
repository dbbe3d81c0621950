import { PostgresListener } from '@qms/storage-postgres';
import type { FastifyBaseLogger } from 'fastify';
import { newInstanceId, parseControl, type BusReceiver, type BusTransport } from './bus.js';

/** The channel on which the PostgreSQL store notifies each append: `{"map", "seq"}` (set in services.ts). */
export const UPDATES_CHANNEL = 'qms_updates';
/** Presence between instances: `{"i": instance, "d": document, "a": base64 awareness update}`. */
export const PRESENCE_CHANNEL = 'qms_presence';
/** Deleted maps and replaced links: `{"i": instance, "event": …}`. */
export const CONTROL_CHANNEL = 'qms_control';
/** NOTIFY refuses payloads of 8,000 bytes or more: a larger presence message is not sent. */
const MAX_PAYLOAD = 7_900;

/**
 * Instances without Redis follow each other through PostgreSQL: the store's INSERT notifies the
 * map and its last number when it commits, and the others read the rows (`loadSince`). Presence
 * travels as small notifications of its own. A dropped listening connection loses notifications:
 * after reconnecting, every open map is checked against the database.
 */
export function postgresTransport(connectionString: string, log: FastifyBaseLogger, instanceId = newInstanceId()): BusTransport {
  let listener: PostgresListener | null = null;
  const followed = new Set<string>();
  let receiver: BusReceiver | null = null;
  let oversized = false;

  return {
    name: 'PostgreSQL LISTEN/NOTIFY',
    async start(bus) {
      receiver = bus;
      listener = await PostgresListener.open({
        connectionString,
        channels: [UPDATES_CHANNEL, PRESENCE_CHANNEL, CONTROL_CHANNEL],
        onNotification(channel, payload) {
          let message: { map?: unknown; seq?: unknown; i?: unknown; d?: unknown; a?: unknown; event?: unknown };
          try {
            message = JSON.parse(payload) as typeof message;
          } catch {
            return;
          }
          if (channel === CONTROL_CHANNEL) {
            const event = message.i === instanceId ? null : parseControl(message.event);
            if (event) receiver?.control(event);
          } else if (channel === UPDATES_CHANNEL) {
            if (typeof message.map === 'string' && typeof message.seq === 'number' && followed.has(message.map)) receiver?.updates(message.map, message.seq);
          } else if (typeof message.d === 'string' && typeof message.a === 'string' && message.i !== instanceId && followed.has(message.d)) {
            receiver?.presence(message.d, new Uint8Array(Buffer.from(message.a, 'base64')), String(message.i));
          }
        },
        onListening(reconnected) {
          if (!reconnected) return;
          log.info('bus: listening to the database again; checking every open map');
          receiver?.resync();
        },
        onError(error) {
          log.warn({ err: error }, 'bus: the listening connection to the database failed; reconnecting');
        },
      });
    },
    async follow(documentId) {
      followed.add(documentId);
    },
    unfollow(documentId) {
      followed.delete(documentId);
    },
    publishUpdates() {
      // The store's INSERT has notified already, in its own transaction.
    },
    publishPresence(documentId, update) {
      const payload = JSON.stringify({ i: instanceId, d: documentId, a: Buffer.from(update).toString('base64') });
      if (payload.length > MAX_PAYLOAD) {
        if (!oversized) log.warn({ mapId: documentId }, 'bus: a presence message too large for NOTIFY was not sent');
        oversized = true;
        return;
      }
      listener?.notify(PRESENCE_CHANNEL, payload).catch(() => undefined);
    },
    publishControl(event) {
      listener?.notify(CONTROL_CHANNEL, JSON.stringify({ i: instanceId, event })).catch((error: unknown) => {
        log.warn({ err: error, mapId: event.mapId }, 'bus: could not tell the other instances; their connections close when they reconnect');
      });
    },
    problems() {
      return listener ? listener.problems() : ['not listening to the database'];
    },
    async close() {
      await listener?.close();
      listener = null;
    },
  };
}
