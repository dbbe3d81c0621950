import { ANSWER_BYTES_BURST, ANSWER_BYTES_PER_SECOND, MAX_BUFFERED_BYTES, MAX_FRAME_BYTES, MAX_UPLOAD_BYTES } from '@qms/protocol';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** The built web app to serve; null serves the API and sync endpoint only. */
  webDir: string | null;
  /** Largest WebSocket frame accepted, in bytes. Larger frames close the connection with 1009. */
  maxFrameBytes: number;
  /** Largest file accepted by POST /api/maps/import. */
  maxUploadBytes: number;
  /** How long an empty room stays loaded, so a page reload does not reload the map from disk. */
  roomIdleMs: number;
  /** Compact when the log since the last snapshot exceeds this many bytes and the snapshot size. */
  compactMinLogBytes: number;
  /**
   * Least time between two fsyncs of one map's log. Changes reach the file at once (a crash of the
   * process loses nothing); a busy map's changes share an fsync, confirmed as saved up to this later.
   */
  fsyncIntervalMs: number;
  logLevel: string;
  /** Human-readable log lines (a terminal) instead of JSON. */
  prettyLogs: boolean;
  /** Where `pnpm backup` (POST /api/admin/backup) writes its copies. */
  backupDir: string;
  /** Create the sample maps on first start. */
  seedSamples: boolean;
  /** Creating and listing maps needs this token; it also acts as owner of every map. */
  adminToken: string | null;
  /** Requests from this machine without a token act as owner (see access.ts). */
  localTrust: boolean;
  /** WebSocket connections one address may hold at once. */
  maxConnectionsPerIp: number;
  /** HTTP requests one address may have in progress at once. */
  maxRequestsPerIp: number;
  /** Time a whole HTTP request (an upload included) may take to arrive, in ms (0: no limit). */
  requestTimeoutMs: number;
  /** Sustained messages per second per connection, and the burst above it. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Bytes per second (and burst) a sync connection may ask for in answers; see ConnectionLimits. */
  answerBytesPerSecond: number;
  answerBytesBurst: number;
  /** Unread bytes after which a sync connection is closed as too slow (4408). */
  maxBufferedBytes: number;
  /** Version history: an automatic checkpoint of a map being edited at most this often (ms). */
  checkpointIntervalMs: number;
  /** Version history: automatic versions kept per map (named ones are never pruned). */
  maxAutoVersions: number;
  /** Imports: wall time, heap (MiB) and nodes one import may take (it runs in a worker thread). */
  importTimeoutMs: number;
  importMemoryMb: number;
  importMaxItems: number;
  /** Where people reach the app when it is not this machine's port (a reverse proxy); its host and origin are the app's own. */
  publicUrl: string | null;
  /** More host names the app answers to (besides localhost, 127.0.0.1, [::1], IP addresses and PUBLIC_URL's host). */
  allowedHosts: string[];
  /** More browser origins that count as the app's own (the Vite dev server's, in development). */
  allowedOrigins: string[];
  /** Backups kept in backupDir; the oldest go first. */
  maxBackups: number;
  /**
   * `postgres://…`: the catalogue and the documents live in PostgreSQL (several instances may
   * share it); null: the embedded store under dataDir.
   */
  databaseUrl: string | null;
  /** `redis://…`: instances sharing the database pass updates and presence through Redis; null: through PostgreSQL. */
  redisUrl: string | null;
  /** How long a write waits for an unreachable database before clients are told "not saved" (it is retried after). */
  databaseRetryMs: number;
}

// Relative to this file (src/ in development, dist/ when built): both sit two levels below the
// project folder, so the defaults are the same however the server is started.
const defaultWebDir = fileURLToPath(new URL('../../web/dist', import.meta.url));
const defaultDataDir = fileURLToPath(new URL('../../../data', import.meta.url));

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    port: integer(env.PORT, 3000, 'PORT'),
    host: env.HOST || '127.0.0.1',
    dataDir: env.DATA_DIR ? resolve(env.DATA_DIR) : defaultDataDir,
    backupDir: env.BACKUP_DIR ? resolve(env.BACKUP_DIR) : resolve(env.DATA_DIR ? resolve(env.DATA_DIR) : defaultDataDir, '..', 'backups'),
    webDir: env.WEB_DIR === '' ? null : resolve(env.WEB_DIR || defaultWebDir),
    maxFrameBytes: integer(env.MAX_FRAME_BYTES, MAX_FRAME_BYTES, 'MAX_FRAME_BYTES'),
    maxUploadBytes: integer(env.MAX_UPLOAD_BYTES, MAX_UPLOAD_BYTES, 'MAX_UPLOAD_BYTES'),
    roomIdleMs: integer(env.ROOM_IDLE_MS, 5_000, 'ROOM_IDLE_MS'),
    compactMinLogBytes: integer(env.COMPACT_MIN_LOG_BYTES, 256 * 1024, 'COMPACT_MIN_LOG_BYTES'),
    fsyncIntervalMs: integer(env.FSYNC_INTERVAL_MS, 100, 'FSYNC_INTERVAL_MS'),
    logLevel: env.LOG_LEVEL || 'info',
    prettyLogs: env.LOG_FORMAT ? env.LOG_FORMAT === 'pretty' : Boolean(process.stdout.isTTY),
    seedSamples: env.SEED_SAMPLES !== 'false',
    adminToken: env.ADMIN_TOKEN || null,
    localTrust: env.LOCAL_TRUST ? env.LOCAL_TRUST === 'true' : !env.ADMIN_TOKEN,
    maxConnectionsPerIp: integer(env.MAX_CONNECTIONS_PER_IP, 200, 'MAX_CONNECTIONS_PER_IP'),
    maxRequestsPerIp: integer(env.MAX_REQUESTS_PER_IP, 64, 'MAX_REQUESTS_PER_IP'),
    requestTimeoutMs: integer(env.REQUEST_TIMEOUT_MS, 120_000, 'REQUEST_TIMEOUT_MS'),
    messagesPerSecond: integer(env.MESSAGES_PER_SECOND, 300, 'MESSAGES_PER_SECOND'),
    messageBurst: integer(env.MESSAGE_BURST, 2000, 'MESSAGE_BURST'),
    answerBytesPerSecond: integer(env.ANSWER_BYTES_PER_SECOND, ANSWER_BYTES_PER_SECOND, 'ANSWER_BYTES_PER_SECOND'),
    answerBytesBurst: integer(env.ANSWER_BYTES_BURST, ANSWER_BYTES_BURST, 'ANSWER_BYTES_BURST'),
    maxBufferedBytes: integer(env.MAX_BUFFERED_BYTES, MAX_BUFFERED_BYTES, 'MAX_BUFFERED_BYTES'),
    checkpointIntervalMs: integer(env.CHECKPOINT_INTERVAL_MS, 30 * 60_000, 'CHECKPOINT_INTERVAL_MS'),
    maxAutoVersions: integer(env.MAX_AUTO_VERSIONS, 20, 'MAX_AUTO_VERSIONS'),
    importTimeoutMs: integer(env.IMPORT_TIMEOUT_MS, 60_000, 'IMPORT_TIMEOUT_MS'),
    importMemoryMb: integer(env.IMPORT_MEMORY_MB, 1024, 'IMPORT_MEMORY_MB'),
    importMaxItems: integer(env.IMPORT_MAX_ITEMS, 25_000, 'IMPORT_MAX_ITEMS'),
    publicUrl: env.PUBLIC_URL ? url(env.PUBLIC_URL, 'PUBLIC_URL') : null,
    allowedHosts: list(env.ALLOWED_HOSTS),
    allowedOrigins: list(env.ALLOWED_ORIGINS).map((origin) => url(origin, 'ALLOWED_ORIGINS')),
    maxBackups: integer(env.MAX_BACKUPS, 10, 'MAX_BACKUPS'),
    databaseUrl: env.DATABASE_URL ? serviceUrl(env.DATABASE_URL, 'DATABASE_URL', ['postgres:', 'postgresql:']) : null,
    redisUrl: env.REDIS_URL ? serviceUrl(env.REDIS_URL, 'REDIS_URL', ['redis:', 'rediss:']) : null,
    databaseRetryMs: integer(env.DATABASE_RETRY_MS, 10_000, 'DATABASE_RETRY_MS'),
  };
}

export function testConfig(overrides: Partial<ServerConfig> & { dataDir: string }): ServerConfig {
  return {
    backupDir: resolve(overrides.dataDir, 'backups'),
    port: 0,
    host: '127.0.0.1',
    webDir: null,
    maxFrameBytes: MAX_FRAME_BYTES,
    maxUploadBytes: MAX_UPLOAD_BYTES,
    roomIdleMs: 0,
    compactMinLogBytes: 256 * 1024,
    fsyncIntervalMs: 100,
    logLevel: 'silent',
    prettyLogs: false,
    seedSamples: false,
    adminToken: null,
    localTrust: true,
    maxConnectionsPerIp: 200,
    maxRequestsPerIp: 64,
    requestTimeoutMs: 120_000,
    messagesPerSecond: 300,
    messageBurst: 2000,
    answerBytesPerSecond: ANSWER_BYTES_PER_SECOND,
    answerBytesBurst: ANSWER_BYTES_BURST,
    maxBufferedBytes: MAX_BUFFERED_BYTES,
    checkpointIntervalMs: 30 * 60_000,
    maxAutoVersions: 20,
    importTimeoutMs: 60_000,
    importMemoryMb: 1024,
    importMaxItems: 25_000,
    publicUrl: null,
    allowedHosts: [],
    allowedOrigins: [],
    maxBackups: 10,
    databaseUrl: null,
    redisUrl: null,
    databaseRetryMs: 10_000,
    ...overrides,
  };
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

/** An absolute http(s) URL, kept as its origin. */
function url(value: string, name: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(`${name} must be an http(s) URL, got "${value}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL, got "${value}"`);
  return parsed.origin;
}

/** A service's URL, kept whole (it may carry credentials: never logged). */
function serviceUrl(value: string, name: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new Error(`${name} must be a ${protocols[0]}// URL`);
  }
  if (!protocols.includes(parsed.protocol)) throw new Error(`${name} must be a ${protocols[0]}// URL, got one for ${parsed.protocol}`);
  return value;
}
