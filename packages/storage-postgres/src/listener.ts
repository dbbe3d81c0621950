import pg from 'pg';

export interface ListenerOptions {
  connectionString: string;
  /** Channels to LISTEN on (lower-case letters, digits and `_`). */
  channels: readonly string[];
  /** One notification: its channel and payload. */
  onNotification(channel: string, payload: string): void;
  /**
   * Listening (again): called after the first connection and after every reconnection.
   * Notifications sent while the connection was down are lost: a reconnection is the caller's
   * cue to read what it may have missed.
   */
  onListening(reconnected: boolean): void;
  /** The connection failed or dropped (it is retried), for the log. */
  onError?(error: Error): void;
  /** Longest wait between two connection attempts (default 2 000 ms). */
  maxRetryMs?: number;
}

const CHANNEL_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * One dedicated connection that LISTENs (a pooled connection cannot: it is handed to others
 * between queries), reconnecting for as long as it is open. It can also NOTIFY: PostgreSQL
 * delivers a notification to every listener once the statement that sent it commits.
 */
export class PostgresListener {
  readonly #options: ListenerOptions;
  #client: pg.Client | null = null;
  #closed = false;
  #connecting: Promise<void> | null = null;
  #everConnected = false;
  #lastError: Error | null = null;
  #retryTimer: NodeJS.Timeout | null = null;

  private constructor(options: ListenerOptions) {
    for (const channel of options.channels) {
      if (!CHANNEL_PATTERN.test(channel)) throw new Error(`"${channel}" is not a usable channel name.`);
    }
    this.#options = options;
  }

  /** Connects and listens; resolves once listening (rejects if the first connection fails). */
  static async open(options: ListenerOptions): Promise<PostgresListener> {
    const listener = new PostgresListener(options);
    await listener.#connect();
    return listener;
  }

  get listening(): boolean {
    return this.#client !== null;
  }

  /** Why notifications may be missed now (empty while listening). */
  problems(): string[] {
    if (this.#closed || this.#client) return [];
    return [`not listening for other instances' changes: ${this.#lastError?.message || 'reconnecting'}`];
  }

  /** Sends a notification on the listening connection; rejects while it is down. */
  async notify(channel: string, payload: string): Promise<void> {
    const client = this.#client;
    if (!client) throw new Error('not connected to the database');
    await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.connectionString, application_name: 'qualification-map-studio-listener', keepAlive: true });
    const lost = (error?: Error) => {
      if (this.#client !== client) return;
      this.#client = null;
      this.#lastError = error ?? new Error('connection ended');
      this.#options.onError?.(this.#lastError);
      client.end().catch(() => undefined);
      this.#scheduleRetry(50);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message) => {
      if (message.payload !== undefined) this.#options.onNotification(message.channel, message.payload);
    });
    try {
      await client.connect();
      for (const channel of this.#options.channels) await client.query(`LISTEN "${channel}"`);
    } catch (error) {
      client.removeAllListeners('end');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#lastError = null;
    const reconnected = this.#everConnected;
    this.#everConnected = true;
    this.#options.onListening(reconnected);
  }

  #scheduleRetry(delay: number): void {
    if (this.#closed || this.#retryTimer || this.#connecting) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connecting = this.#connect().then(
        () => {
          this.#connecting = null;
        },
        (error: unknown) => {
          this.#connecting = null;
          this.#lastError = error as Error;
          this.#options.onError?.(error as Error);
          this.#scheduleRetry(Math.min(delay * 2, this.#options.maxRetryMs ?? 2_000));
        },
      );
    }, delay);
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    await this.#connecting;
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }
}
