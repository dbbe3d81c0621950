export {
  StorageError,
  StorageErrorReason,
  type Catalogue,
  type DocumentStore,
  type MapRecord,
  type Recovery,
  type StoreStats,
  type StoredDocument,
  type VersionRecord,
  isValidVersionId,
  VERSION_ID_PATTERN,
} from './types.js';
export { FileDocumentStore, type FileDocumentStoreOptions } from './file-document-store.js';
export { LowdbCatalogue, type LowdbCatalogueOptions } from './lowdb-catalogue.js';
export { openEmbeddedStorage, type EmbeddedStorage } from './embedded.js';
export { RecordCopies, RECORD_COPY_FILE } from './record-copy.js';
