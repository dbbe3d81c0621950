import { metaOf } from '@qms/model';
import { DocumentKind } from '@qms/protocol';
import type { Catalogue } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';
import type * as Y from 'yjs';
import type { Extension } from '../rooms/hooks.js';
import { LOADED_ORIGIN, RemoteOrigin } from '../rooms/origins.js';
import type { Room } from '../rooms/room.js';

/**
 * How often the catalogue's "updated" time may be rewritten while a map is being edited. The
 * catalogue is one file rewritten whole, so this is kept rare; unloading writes the exact time.
 */
export const CATALOGUE_TOUCH_MS = 30_000;

interface Mirrored {
  /** When the catalogue's "updated" time was last written (ms). */
  lastTouch: number;
  /** When a change was last appended (0: none since the room loaded). */
  lastChangeAt: number;
  unobserve: () => void;
}

/**
 * Keeps each map's catalogue record in step with its live document: the title as soon as it
 * changes (the map list shows it), the "updated" time at most every CATALOGUE_TOUCH_MS while the
 * map is edited, and exactly when its room unloads. Review documents have no record of their own.
 * Changes from another instance are left to that instance, which mirrors its own.
 */
export function catalogueMirror(catalogue: Catalogue, log: FastifyBaseLogger, now: () => number = Date.now): Extension {
  const rooms = new Map<Room, Mirrored>();

  return {
    name: 'catalogue-mirror',

    onLoadDocument({ room }) {
      if (room.kind !== DocumentKind.Map) return;
      const onMetaChange = (event: Y.YMapEvent<unknown>) => {
        const origin = event.transaction.origin;
        if (origin === LOADED_ORIGIN || origin instanceof RemoteOrigin || !event.keysChanged.has('title')) return;
        catalogue.update(room.id, { title: room.title, updatedAt: now() }).catch((error: unknown) => {
          log.warn({ mapId: room.id, err: error }, 'could not update the catalogue title');
        });
      };
      // Observed from before the stored state is applied, so that a migration's title is mirrored too.
      const meta = metaOf(room.doc);
      meta.observe(onMetaChange);
      rooms.set(room, { lastTouch: 0, lastChangeAt: 0, unobserve: () => meta.unobserve(onMetaChange) });
    },

    afterStoreUpdates({ room, stored }) {
      const mirrored = rooms.get(room);
      if (!mirrored || !stored) return;
      const time = now();
      mirrored.lastChangeAt = time;
      if (time - mirrored.lastTouch < CATALOGUE_TOUCH_MS) return;
      mirrored.lastTouch = time;
      catalogue.update(room.id, { updatedAt: time }).catch((error: unknown) => {
        log.warn({ mapId: room.id, err: error }, 'could not update the catalogue');
      });
    },

    async beforeUnloadDocument({ room }) {
      const mirrored = rooms.get(room);
      if (mirrored && mirrored.lastChangeAt > mirrored.lastTouch) {
        await catalogue.update(room.id, { updatedAt: mirrored.lastChangeAt }).catch(() => undefined);
      }
    },

    afterUnloadDocument({ room }) {
      rooms.get(room)?.unobserve();
      rooms.delete(room);
    },
  };
}
