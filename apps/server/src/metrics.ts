import type { AppendResult, CompactOptions, DocumentStore, StoredDocument, StoreStats, UpdatesSince } from '@qms/storage';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What /metrics reports (Prometheus text format). One registry per server instance, so that tests
 * running several servers in one process do not mix their numbers.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly connections = new Gauge({ name: 'qms_connections', help: 'Open sync connections.', registers: [this.registry] });
  readonly updatesReceived = new Counter({ name: 'qms_updates_received_total', help: 'Document updates received from clients and applied.', registers: [this.registry] });
  readonly updateBytesReceived = new Counter({ name: 'qms_update_bytes_received_total', help: 'Bytes of document updates received and applied.', registers: [this.registry] });
  readonly updatesRelayed = new Counter({ name: 'qms_updates_relayed_total', help: 'Document update messages sent to clients.', registers: [this.registry] });
  readonly bytesWritten = new Counter({ name: 'qms_bytes_written_total', help: 'Bytes written to storage (log appends, snapshots and saved versions).', labelNames: ['kind'], registers: [this.registry] });
  readonly fsyncSeconds = new Histogram({
    name: 'qms_fsync_seconds',
    help: 'Duration of each fsync of a map log (the changes a busy map received meanwhile share one).',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly rejected = new Counter({ name: 'qms_rejected_total', help: 'Messages and connections refused, by reason.', labelNames: ['reason'], registers: [this.registry] });
  readonly saveFailures = new Counter({ name: 'qms_save_failures_total', help: 'Failed writes to storage (disk full, read-only…).', registers: [this.registry] });
  readonly busLagSeconds = new Histogram({
    name: 'qms_bus_lag_seconds',
    help: 'Time from an instance publishing updates on the Redis bus to another applying them (includes clock differences between machines).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly busGapsCaughtUp = new Counter({
    name: 'qms_bus_gaps_caught_up_total',
    help: 'Updates of other instances that did not arrive over the bus in order and were read from PostgreSQL instead.',
    registers: [this.registry],
  });
  readonly databaseWriteSeconds = new Histogram({
    name: 'qms_database_write_seconds',
    help: 'Duration of each append of updates to PostgreSQL, until committed (DATABASE_URL).',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly storageDamage = new Counter({
    name: 'qms_storage_damage_total',
    help: 'Damaged stored files found and worked around (log records skipped, torn log ends, snapshots, versions, the catalogue), by kind of file.',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  #roomsLoaded: () => number = () => 0;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'qms_' });
    const roomsLoaded = () => this.#roomsLoaded();
    new Gauge({
      name: 'qms_rooms_loaded',
      help: 'Maps (and review documents) loaded in memory.',
      registers: [this.registry],
      collect() {
        this.set(roomsLoaded());
      },
    });
  }

  /** Where the rooms-loaded gauge reads its value (the room registry is made after the metrics). */
  countRooms(count: () => number): void {
    this.#roomsLoaded = count;
  }
}

/**
 * A document store that counts what it writes (the embedded store times its own fsyncs: onFsync).
 * It has the inner store's optional methods exactly when the inner store has them.
 */
export class MeteredDocumentStore implements DocumentStore {
  readonly appendNumbered?: (mapId: string, updates: readonly Uint8Array[]) => Promise<AppendResult>;
  readonly loadSince?: (mapId: string, seq: number) => Promise<UpdatesSince>;

  constructor(
    private readonly inner: DocumentStore,
    private readonly metrics: Metrics,
    /** Times each append into `qms_database_write_seconds` (the store is PostgreSQL). */
    private readonly timeWrites = false,
  ) {
    if (inner.appendNumbered) this.appendNumbered = (mapId, updates) => this.#appending(updates, () => inner.appendNumbered!(mapId, updates));
    if (inner.loadSince) this.loadSince = (mapId, seq) => inner.loadSince!(mapId, seq);
  }

  load(mapId: string): Promise<StoredDocument> {
    return this.inner.load(mapId);
  }

  async append(mapId: string, updates: readonly Uint8Array[]): Promise<void> {
    await this.#appending(updates, () => this.inner.append(mapId, updates));
  }

  async #appending<T>(updates: readonly Uint8Array[], write: () => Promise<T>): Promise<T> {
    let result: T;
    const started = performance.now();
    try {
      result = await write();
      if (this.timeWrites) this.metrics.databaseWriteSeconds.observe((performance.now() - started) / 1000);
    } catch (error) {
      this.metrics.saveFailures.inc();
      throw error;
    }
    let bytes = 0;
    for (const update of updates) bytes += update.byteLength;
    this.metrics.bytesWritten.inc({ kind: 'log' }, bytes);
    return result;
  }

  async flush(mapId: string): Promise<void> {
    try {
      await this.inner.flush(mapId);
    } catch (error) {
      this.metrics.saveFailures.inc();
      throw error;
    }
  }

  async compact(mapId: string, state: Uint8Array | readonly Uint8Array[], options?: CompactOptions): Promise<void> {
    try {
      await this.inner.compact(mapId, state, options);
    } catch (error) {
      this.metrics.saveFailures.inc();
      throw error;
    }
    const bytes = state instanceof Uint8Array ? state.byteLength : state.reduce((sum, piece) => sum + piece.byteLength, 0);
    this.metrics.bytesWritten.inc({ kind: 'snapshot' }, bytes);
  }

  stats(mapId: string): StoreStats {
    return this.inner.stats(mapId);
  }

  remove(mapId: string): Promise<void> {
    return this.inner.remove(mapId);
  }

  async saveVersion(mapId: string, versionId: string, state: Uint8Array): Promise<void> {
    try {
      await this.inner.saveVersion(mapId, versionId, state);
    } catch (error) {
      this.metrics.saveFailures.inc();
      throw error;
    }
    this.metrics.bytesWritten.inc({ kind: 'version' }, state.byteLength);
  }

  loadVersion(mapId: string, versionId: string): Promise<Uint8Array | undefined> {
    return this.inner.loadVersion(mapId, versionId);
  }

  removeVersion(mapId: string, versionId: string): Promise<void> {
    return this.inner.removeVersion(mapId, versionId);
  }

  mapIds(): Promise<string[]> {
    return this.inner.mapIds();
  }

  release(mapId: string): Promise<void> {
    return this.inner.release(mapId);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
