import { join } from 'node:path';
import { FileDocumentStore, type FileDocumentStoreOptions } from './file-document-store.js';
import { LowdbCatalogue, type LowdbCatalogueOptions } from './lowdb-catalogue.js';

export interface EmbeddedStorage {
  catalogue: LowdbCatalogue;
  documents: FileDocumentStore;
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
  return { catalogue, documents };
}
