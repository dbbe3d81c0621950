import { join } from 'node:path';
import { FileDocumentStore, type FileDocumentStoreOptions } from './file-document-store.js';
import { LowdbCatalogue, type LowdbCatalogueOptions } from './lowdb-catalogue.js';

export interface EmbeddedStorage {
  catalogue: LowdbCatalogue;
  documents: FileDocumentStore;
}

/**
 * The default storage: nothing to install. `<dataDir>/catalogue.json` (lowdb) lists the maps;
 * `<dataDir>/maps/<id>/` holds each map's log and snapshots, and a copy of its catalogue record.
 */
export async function openEmbeddedStorage(
  dataDir: string,
  options: LowdbCatalogueOptions & FileDocumentStoreOptions = {},
): Promise<EmbeddedStorage> {
  const documents = new FileDocumentStore(join(dataDir, 'maps'), options);
  // Each map's record is also kept in its folder (maps/<id>/record.json), to rebuild a damaged catalogue.
  const catalogue = await LowdbCatalogue.open(join(dataDir, 'catalogue.json'), { recordCopiesIn: join(dataDir, 'maps'), ...options });
  return { catalogue, documents };
}
