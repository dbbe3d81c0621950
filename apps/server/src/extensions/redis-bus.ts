import type { FastifyBaseLogger } from 'fastify';
import { createClient } from 'redis';
import { newInstanceId, parseControl, type BusReceiver, type BusTransport } from './bus.js';

/** Entries kept per map's stream (trimmed approximately): enough for an instance that paused briefly. */
export const STREAM_MAX_ENTRIES = 1_000;
/** A stream nobody wrote to for this long goes (seconds); the database keeps everything anyway. */
const STREAM_TTL_SECONDS = 24 * 3600;
/** Longest wait of the reading connection before it looks at the list of maps again (ms). */
const BLOCK_MS = 5_000;
/** How long the start waits for Redis before it gives up (ms). */
const CONNECT_TIMEOUT_MS = 10_000;

const streamKey = (documentId: string) => `qms:updates:${documentId}`;
const presenceChannel = (documentId: string) => `qms:presence:${documentId}`;
/** Deleted maps and replaced links: `{"i": instance, "event": …}`. */
const CONTROL_CHANNEL = 'qms:control';

type RedisClient = ReturnType<typeof createClient>;
type StreamEntries = Array<[string, string[]]>;
/** XREAD's answer: [[key, [[id, [field, value, …]], …]], …] (RESP2), or a map of key → entries (RESP3), or null. */
type StreamsReply = Array<[string, StreamEntries]> | Map<string, StreamEntries> | Record<string, StreamEntries> | null;

function streamsOf(reply: StreamsReply): Array<[string, StreamEntries]> {
  if (reply === null) return [];
  if (Array.isArray(reply)) return reply;
  if (reply instanceof Map) return [...reply.entries()];
  return Object.entries(reply);
}

/**
 * Updates and presence between instances through Redis (REDIS_URL):
 *
 * - one stream per map (`qms:updates:<id>`), trimmed to about STREAM_MAX_ENTRIES: after its
 *   append has committed, an instance adds an entry with the updates and the number of the last
 *   (`seq`, `n` updates, `t` when, `i` who); every instance with the map open reads new entries
 *   on a connection of its own (XREAD BLOCK). An entry that does not follow on from what an
 *   instance holds is a gap — a trimmed stream, a restarted Redis, a lost entry — and the
 *   instance reads the updates from PostgreSQL instead;
 * - presence over pub/sub (`qms:presence:<id>`), throttled by the bus, never stored.
 *
 * Redis keeps nothing that matters: losing it loses no update, only speed. After any reconnection
 * every open map is checked against the database, and entries this instance could not add while
 * Redis was away are announced once it is back (an entry without updates: "read up to seq").
 */
export function redisTransport(url: string, log: FastifyBaseLogger, instanceId = newInstanceId()): BusTransport {
  const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2_000);
  // Commands fail at once while Redis is away, rather than queueing without bound.
  const publisher: RedisClient = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy, connectTimeout: 5_000 } });
  const reader: RedisClient = publisher.duplicate();
  const subscriber: RedisClient = publisher.duplicate();
  /** Followed maps → the id of the last stream entry read. */
  const lastIds = new Map<string, string>();
  /** Maps whose entries could not be added: announced after the reconnection. */
  const unsent = new Map<string, number>();
  let receiver: BusReceiver | null = null;
  let readerId: number | null = null;
  let closed = false;
  let wake: (() => void) | null = null;
  let reading: Promise<void> | null = null;
  let lastError: string | null = null;
  let everReady = false;

  for (const [name, client] of [
    ['publishing', publisher],
    ['reading', reader],
    ['presence', subscriber],
  ] as const) {
    client.on('error', (error: Error) => {
      if (lastError !== error.message) log.warn({ err: error }, `bus: the ${name} connection to Redis failed; reconnecting`);
      lastError = error.message;
    });
  }
  publisher.on('ready', () => {
    lastError = null;
    for (const [documentId, seq] of unsent) {
      unsent.delete(documentId);
      add(documentId, seq, []);
    }
  });
  reader.on('ready', () => {
    // A new connection has a new id, and entries may have been missed (or Redis emptied).
    readerId = null;
    if (!everReady) return;
    log.info('bus: reading from Redis again; checking every open map against the database');
    void (async () => {
      for (const documentId of lastIds.keys()) lastIds.set(documentId, await lastEntryId(documentId).catch(() => '0-0'));
      receiver?.resync();
      wake?.();
    })();
  });

  async function lastEntryId(documentId: string): Promise<string> {
    const reply = (await publisher.sendCommand(['XREVRANGE', streamKey(documentId), '+', '-', 'COUNT', '1'])) as StreamEntries;
    return reply[0]?.[0] ?? '0-0';
  }

  function add(documentId: string, seq: number, updates: readonly Uint8Array[]): void {
    const key = streamKey(documentId);
    const fields = ['seq', String(seq), 'n', String(updates.length), 't', String(Date.now()), 'i', instanceId];
    if (updates.length > 0) fields.push('u', updates.map((update) => Buffer.from(update).toString('base64')).join(','));
    Promise.all([
      publisher.sendCommand(['XADD', key, 'MAXLEN', '~', String(STREAM_MAX_ENTRIES), '*', ...fields]),
      publisher.sendCommand(['EXPIRE', key, String(STREAM_TTL_SECONDS)]),
    ]).catch(() => {
      // The others notice the gap at the next entry, or when this one is announced.
      unsent.set(documentId, Math.max(seq, unsent.get(documentId) ?? 0));
    });
  }

  async function readLoop(): Promise<void> {
    while (!closed) {
      if (lastIds.size === 0 || !reader.isReady) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, lastIds.size === 0 ? BLOCK_MS : 100);
        });
        wake = null;
        continue;
      }
      try {
        readerId ??= Number(await reader.sendCommand(['CLIENT', 'ID']));
        const keys = [...lastIds.keys()];
        const reply = (await reader.sendCommand([
          'XREAD',
          'COUNT',
          '500',
          'BLOCK',
          String(BLOCK_MS),
          'STREAMS',
          ...keys.map(streamKey),
          ...keys.map((documentId) => lastIds.get(documentId)!),
        ])) as StreamsReply;
        for (const [key, entries] of streamsOf(reply)) deliver(key.slice('qms:updates:'.length), entries);
      } catch (error) {
        if (closed) return;
        if (!/unblocked/i.test((error as Error).message)) await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  function deliver(documentId: string, entries: StreamEntries): void {
    if (!lastIds.has(documentId)) return;
    for (const [id, list] of entries) {
      lastIds.set(documentId, id);
      const fields = new Map<string, string>();
      for (let i = 0; i + 1 < list.length; i += 2) fields.set(list[i]!, list[i + 1]!);
      if (fields.get('i') === instanceId) continue;
      const seq = Number(fields.get('seq'));
      if (!Number.isInteger(seq)) continue;
      const n = Number(fields.get('n') ?? 0);
      const encoded = fields.get('u');
      const updates = n > 0 && encoded ? encoded.split(',').map((piece) => new Uint8Array(Buffer.from(piece, 'base64'))) : undefined;
      // One bad entry must not stop the others: the bus reads the map from the database instead.
      try {
        receiver?.updates(documentId, seq, updates && updates.length === n ? updates : undefined, Number(fields.get('t')) || undefined);
      } catch (error) {
        log.warn({ mapId: documentId, err: error }, 'bus: could not handle an entry from Redis');
      }
    }
  }

  /** Interrupts the blocked XREAD so that it reads the new list of maps. */
  function interruptRead(): void {
    wake?.();
    if (readerId !== null && publisher.isReady) publisher.sendCommand(['CLIENT', 'UNBLOCK', String(readerId)]).catch(() => undefined);
  }

  return {
    name: 'Redis',
    async start(bus) {
      receiver = bus;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${CONNECT_TIMEOUT_MS / 1000} s (REDIS_URL)`)), CONNECT_TIMEOUT_MS);
      });
      try {
        await Promise.race([Promise.all([publisher.connect(), reader.connect(), subscriber.connect()]), timeout]);
      } catch (error) {
        closed = true;
        for (const client of [publisher, reader, subscriber]) client.destroy();
        throw error;
      } finally {
        clearTimeout(timer);
      }
      await subscriber.subscribe(CONTROL_CHANNEL, (message) => {
        try {
          const { i, event } = JSON.parse(message) as { i?: unknown; event?: unknown };
          const control = i === instanceId ? null : parseControl(event);
          if (control) receiver?.control(control);
        } catch {
          // Not ours to read.
        }
      });
      everReady = true;
      reading = readLoop();
    },
    async follow(documentId) {
      if (lastIds.has(documentId)) return;
      // Entries from now on; what came before is read from the database (afterLoadDocument).
      lastIds.set(documentId, '$');
      const lastId = await lastEntryId(documentId).catch(() => null);
      if (lastId && lastIds.get(documentId) === '$') lastIds.set(documentId, lastId);
      interruptRead();
      await subscriber.subscribe(presenceChannel(documentId), (message) => {
        try {
          const { i, a } = JSON.parse(message) as { i?: unknown; a?: unknown };
          if (i !== instanceId && typeof a === 'string') receiver?.presence(documentId, new Uint8Array(Buffer.from(a, 'base64')), String(i));
        } catch {
          // Not ours to read.
        }
      });
    },
    unfollow(documentId) {
      lastIds.delete(documentId);
      interruptRead();
      subscriber.unsubscribe(presenceChannel(documentId)).catch(() => undefined);
    },
    publishUpdates(documentId, last, updates) {
      add(documentId, last, updates);
    },
    publishPresence(documentId, update) {
      publisher.publish(presenceChannel(documentId), JSON.stringify({ i: instanceId, a: Buffer.from(update).toString('base64') })).catch(() => undefined);
    },
    publishControl(event) {
      publisher.publish(CONTROL_CHANNEL, JSON.stringify({ i: instanceId, event })).catch((error: unknown) => {
        log.warn({ err: error, mapId: event.mapId }, 'bus: could not tell the other instances; their connections close when they reconnect');
      });
    },
    problems() {
      if (closed) return [];
      const down = [publisher, reader, subscriber].some((client) => !client.isReady);
      return down ? [`Redis unreachable: ${lastError ?? 'reconnecting'}`] : [];
    },
    async close() {
      closed = true;
      interruptRead();
      for (const client of [publisher, reader, subscriber]) client.destroy();
      await reading;
    },
  };
}
