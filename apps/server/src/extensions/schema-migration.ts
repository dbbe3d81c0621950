import { migrate } from '@qms/model';
import { DocumentKind } from '@qms/protocol';
import type { FastifyBaseLogger } from 'fastify';
import type { Extension } from '../rooms/hooks.js';
import { SERVER_ORIGIN } from '../rooms/origins.js';

/**
 * Brings a map written by an older version to the current schema as soon as it is loaded (a
 * change like any other: stored, then relayed), and refuses one written by a newer version:
 * opening it could lose what this version does not know. Registered first, so that every other
 * extension's afterLoadDocument sees the current schema.
 */
export function schemaMigration(log: FastifyBaseLogger): Extension {
  return {
    name: 'schema-migration',
    afterLoadDocument({ room }) {
      if (room.kind !== DocumentKind.Map) return;
      const migration = migrate(room.doc, SERVER_ORIGIN);
      if (!migration.ok) throw new Error(`map ${room.id} was written by a newer version (schema ${migration.version})`);
      if (migration.from !== migration.to) log.info({ mapId: room.id, ...migration }, 'map migrated');
    },
  };
}
