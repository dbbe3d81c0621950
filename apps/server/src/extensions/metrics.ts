import type { Metrics } from '../metrics.js';
import type { Extension } from '../rooms/hooks.js';
import { isPeerOrigin } from '../rooms/origins.js';

/** Counts what the rooms do for /metrics: rooms loaded, updates received from clients and relayed. */
export function metricsExtension(metrics: Metrics): Extension {
  return {
    name: 'metrics',
    onConfigure({ rooms }) {
      metrics.countRooms(() => rooms.loadedCount);
    },
    onChange({ update, origin }) {
      if (!isPeerOrigin(origin)) return;
      metrics.updatesReceived.inc();
      metrics.updateBytesReceived.inc(update.byteLength);
    },
    afterStoreUpdates({ relayed }) {
      if (relayed > 0) metrics.updatesRelayed.inc(relayed);
    },
  };
}
