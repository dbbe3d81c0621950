import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileDocumentStore, LowdbCatalogue } from '../src/index.js';
import { runCatalogueTests, runDocumentStoreTests } from '../src/conformance.js';

runDocumentStoreTests('FileDocumentStore', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'qms-store-'));
  return {
    open: async () => new FileDocumentStore(join(dir, 'maps')),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

runDocumentStoreTests('FileDocumentStore with an fsync interval', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'qms-store-'));
  return {
    open: async () => new FileDocumentStore(join(dir, 'maps'), { fsyncIntervalMs: 20 }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

runCatalogueTests('LowdbCatalogue', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'qms-catalogue-'));
  return {
    open: () => LowdbCatalogue.open(join(dir, 'catalogue.json')),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

runCatalogueTests('LowdbCatalogue with record copies beside the maps', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'qms-catalogue-'));
  return {
    open: () => LowdbCatalogue.open(join(dir, 'catalogue.json'), { recordCopiesIn: join(dir, 'maps') }),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});
