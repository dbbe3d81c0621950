import { createHash } from 'node:crypto';
import pg from 'pg';
import { StorageError, StorageErrorReason } from '@qms/storage';
import { migrate } from './migrations.js';

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` (the server's `DATABASE_URL`). */
  connectionString: string;
  /**
   * The schema that holds the tables (created if missing), so that the tables can share a
   * database with others. Lower-case letters, digits and `_`. Default `qms`.
   */
  schema?: string;
  /** Connections in the pool (default 10). */
  maxConnections?: number;
  /**
   * How long an operation keeps retrying while the database is unreachable (a restart, a
   * failover) before it rejects (default 10 000 ms; 0: never retry).
   */
  retryMs?: number;
  /** How long opening a connection may take before it counts as a failure (default 5 000 ms). */
  connectTimeoutMs?: number;
  /** Told of errors on idle connections (the database restarted, the network dropped), for the log. */
  onError?: (error: Error) => void;
  /**
   * A channel on which each append notifies `{"map": "<id>", "seq": <last number>}`, in the
   * transaction that stores it (so exactly when it is committed): instances without a bus LISTEN
   * to it and read the rows with `loadSince`. The payload stays far below NOTIFY's 8,000 bytes.
   * Default: none.
   */
  notifyChannel?: string;
}

const SCHEMA_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** Retries wait this long at first, doubling up to RETRY_MAX_DELAY_MS. */
const RETRY_FIRST_DELAY_MS = 50;
const RETRY_MAX_DELAY_MS = 1_000;
/** `problems()` gives up on a database that does not answer within this. */
const HEALTH_TIMEOUT_MS = 2_000;

/**
 * One pool of connections, shared by the catalogue and the document store of an instance.
 * It is ended when the last of its users closes.
 */
export class Database {
  readonly pool: pg.Pool;
  readonly schema: string;
  readonly notifyChannel: string | undefined;
  readonly #retryMs: number;
  /** Who uses the pool: the opener at first (see `release`), then the catalogue and the store. */
  #users = 1;
  #closed = false;
  #ended: Promise<void> | null = null;
  /** The last connection error seen, cleared by the next success (for `problems()`). */
  #lastError: Error | null = null;

  private constructor(options: PostgresOptions, schema: string) {
    this.schema = schema;
    this.notifyChannel = options.notifyChannel;
    this.#retryMs = options.retryMs ?? 10_000;
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
      application_name: 'qualification-map-studio',
      // Notice a database that went away without closing the connection (a failover, a cable).
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // Without a listener, an idle connection that the database drops (a restart) would be an
    // unhandled 'error' event and end the process. The pool discards that connection itself.
    this.pool.on('error', (error) => {
      this.#lastError = error;
      options.onError?.(error);
    });
  }

  /** Connects, and creates or migrates the schema (safe when several instances start at once). */
  static async open(options: PostgresOptions): Promise<Database> {
    const schema = options.schema ?? 'qms';
    if (!SCHEMA_PATTERN.test(schema)) {
      throw new Error(`"${schema}" is not a usable schema name: use lower-case letters, digits and "_".`);
    }
    const database = new Database(options, schema);
    try {
      await database.run(() => database.transaction((client) => migrate(client, schema, database.lockKey('migrate'))));
    } catch (error) {
      await database.pool.end().catch(() => undefined);
      throw error;
    }
    return database;
  }

  /** `"schema".name`, for SQL. */
  table(name: string): string {
    return `"${this.schema}".${name}`;
  }

  /** A 64-bit advisory lock key for `what` (e.g. one map's compaction), apart for each schema. */
  lockKey(what: string): string {
    return createHash('sha256').update(`${this.schema}\0${what}`).digest().readBigInt64BE(0).toString();
  }

  acquire(): void {
    this.#users++;
  }

  /** Ends the pool once every user has released it. */
  async release(): Promise<void> {
    this.#users = Math.max(0, this.#users - 1);
    if (this.#users > 0) return;
    this.#closed = true;
    this.#ended ??= this.pool.end();
    await this.#ended;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Runs `work`, again and again while the database cannot be reached (for up to `retryMs`),
   * then rejects with the last error. Every caller's work is safe to repeat: a statement that
   * failed was rolled back, and one whose commit was cut off may have been stored twice, which
   * is harmless for Yjs updates (they are idempotent) and for the upserts of the catalogue.
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    let delay = RETRY_FIRST_DELAY_MS;
    for (;;) {
      if (this.#closed) throw new StorageError(StorageErrorReason.Closed, 'The store is closed.');
      try {
        const result = await work();
        this.#lastError = null;
        return result;
      } catch (error) {
        if (!isTransient(error)) throw error;
        this.#lastError = error as Error;
        if (performance.now() - started + delay > this.#retryMs) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, RETRY_MAX_DELAY_MS);
      }
    }
  }

  /** Runs `work` in one transaction on one connection (READ COMMITTED unless `begin` says otherwise). */
  async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect();
    // While checked out, the pool listens no more: a connection dropped between two statements
    // would otherwise be an unhandled 'error' event. The failing statement rejects either way.
    const onError = (error: Error) => {
      this.#lastError = error;
    };
    client.on('error', onError);
    let broken = false;
    try {
      await client.query(begin);
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.off('error', onError);
      // A connection that failed is not given back for reuse.
      client.release(broken ? true : undefined);
    }
  }

  /** Why this instance cannot use the database now (empty when it can): for `/readyz`. */
  async problems(): Promise<string[]> {
    if (this.#closed) return ['the database connection is closed'];
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pool.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
        }),
      ]);
      this.#lastError = null;
      return [];
    } catch (error) {
      return [`database unreachable: ${describe(error)}`];
    } finally {
      clearTimeout(timer);
    }
  }

  /** The last connection error, if the database has not answered since (for logs and tests). */
  get lastError(): Error | null {
    return this.#lastError;
  }
}

/** SQLSTATE codes (besides class 08, connection exceptions) that mean "try again shortly". */
const RETRYABLE_STATES = new Set([
  '57P01', // admin_shutdown: the server is restarting or stopping
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);
const RETRYABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** The database is unreachable or busy for a moment: the work is worth repeating. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof AggregateError && error.errors.some(isTransient)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (RETRYABLE_STATES.has(code) || code.startsWith('08') || RETRYABLE_ERRNOS.has(code)) return true;
  }
  // node-postgres reports a connection lost mid-query or a connect timeout without a code.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is not open|Connection ended/i.test(
    error.message,
  );
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}
