import { constants as fsConstants } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { FileDocumentStore, type FileDocumentStoreOptions } from './file-document-store.js';
import { LowdbCatalogue, type LowdbCatalogueOptions } from './lowdb-catalogue.js';
import type { BackupResult, Storage } from './types.js';

export interface EmbeddedStorage extends Storage {
  catalogue: LowdbCatalogue;
  documents: FileDocumentStore;
  /** The data folder is not writable (e.g. remounted read-only), or none. */
  problems(): Promise<string[]>;
  /** Copies `maps/` and `catalogue.json` under `target`. */
  backup(target: string): Promise<BackupResult>;
}

/**
 * The default storage: nothing to install. `<dataDir>/catalogue.json` (lowdb) lists the maps;
 * `<dataDir>/maps/<id>/` holds each map's log and snapshots.
 */
export async function openEmbeddedStorage(
  dataDir: string,
  options: LowdbCatalogueOptions & FileDocumentStoreOptions = {},
): Promise<EmbeddedStorage> {
  const documents = new FileDocumentStore(join(dataDir, 'maps'), options);
  const catalogue = await LowdbCatalogue.open(join(dataDir, 'catalogue.json'), options);
  return {
    catalogue,
    documents,
    async problems() {
      try {
        await access(dataDir, fsConstants.W_OK);
        return [];
      } catch {
        return ['the data folder is not writable'];
      }
    },
    async backup(target) {
      const copied = await documents.backup(join(target, 'maps'));
      await catalogue.backup(join(target, 'catalogue.json'));
      return copied;
    },
  };
}
