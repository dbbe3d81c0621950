export {
  StorageError,
  StorageErrorReason,
  type AppendResult,
  type Catalogue,
  type CompactOptions,
  type DocumentStore,
  type MapRecord,
  type Recovery,
  type StoreStats,
  type StoredDocument,
  type SequencedUpdate,
  type UpdatesSince,
  type VersionRecord,
  type ReviewLinkRecord,
  type PublicationRecord,
  type AdoptionRecord,
  type Storage,
  type BackupResult,
  storageProblems,
} from './types.js';
/** Version ids become file names: the same rule as map ids (kept here for stores that check them). */
export { VERSION_ID_PATTERN, isValidVersionId } from '@qms/protocol';
export { FileDocumentStore, type FileDocumentStoreOptions } from './file-document-store.js';
export { LowdbCatalogue, type LowdbCatalogueOptions } from './lowdb-catalogue.js';
export { openEmbeddedStorage, type EmbeddedStorage } from './embedded.js';
export { RecordCopies, RECORD_COPY_FILE } from './record-copy.js';
export { FileMobilityStore, isWorkspace, type MobilityStore, type FileMobilityStoreOptions } from './mobility-store.js';
export { SerialQueues } from './serial-queues.js';
