import { migrate } from '@qms/model';
import { DocumentKind } from '@qms/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Extension } from '../rooms/hooks.js';
import { SERVER_ORIGIN } from '../rooms/origins.js';

/**
 * Brings a map written by an older version to the current schema as soon as it is loaded (a
 * change like any other: stored, then relayed). Registered first, so that every other
 * extension's afterLoadDocument sees the current schema.
 *
 * A map whose schema version this version cannot open (a newer one, or not a version number) is
 * loaded as it is, untouched: refusing it made every client reconnect in a loop and every API call
 * on it fail, so its owner could not even restore a good version. The web app shows such a map
 * without offering edits (apps/web, "schema" banner); restoring a version stamps it current again
 * (restoreContent).
 */
export function schemaMigration(log: FastifyBaseLogger): Extension {
  return {
    name: 'schema-migration',
    afterLoadDocument({ room }) {
      if (room.kind !== DocumentKind.Map) return;
      const migration = migrate(room.doc, SERVER_ORIGIN);
      if (!migration.ok) {
        log.warn({ mapId: room.id, reason: migration.reason, version: migration.version }, 'map has a schema version this server cannot open; loaded as it is');
        return;
      }
      if (migration.from !== migration.to) log.info({ mapId: room.id, ...migration }, 'map migrated');
    },
  };
}
