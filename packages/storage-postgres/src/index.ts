export { openPostgresStorage, type PostgresStorage } from './storage.js';
export { PostgresCatalogue } from './catalogue.js';
export { PostgresDocumentStore } from './document-store.js';
export { PostgresMobilityStore } from './mobility-store.js';
export { isTransient, type PostgresOptions } from './database.js';
export { MIGRATIONS, SchemaTooNewError, type Migration } from './migrations.js';
export { PostgresListener, type ListenerOptions } from './listener.js';
