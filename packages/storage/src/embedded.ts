import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FileDocumentStore, type FileDocumentStoreOptions } from './file-document-store.js';
import { LowdbCatalogue, type LowdbCatalogueOptions } from './lowdb-catalogue.js';
import { FileMobilityStore, type FileMobilityStoreOptions } from './mobility-store.js';
import type { BackupResult, Storage } from './types.js';

export interface EmbeddedStorage extends Storage {
  catalogue: LowdbCatalogue;
  documents: FileDocumentStore;
  mobilities: FileMobilityStore;
  /** The data folder is not writable (e.g. remounted read-only) or the disk is full, or none. */
  problems(): Promise<string[]>;
  /** Copies `maps/` and `catalogue.json` under `target` (never `mobilities/`: personal data stays out of backups of the maps). */
  backup(target: string): Promise<BackupResult>;
}

/**
 * The default storage: nothing to install. `<dataDir>/catalogue.json` (lowdb) lists the maps;
 * `<dataDir>/maps/<id>/` holds each map's log and snapshots, and a copy of its catalogue record
 * (`record.json`) to rebuild a damaged catalogue with its share links and versions;
 * `<dataDir>/mobilities/<id>.json` each map's mobility workspace (learners: personal data).
 */
export async function openEmbeddedStorage(
  dataDir: string,
  options: LowdbCatalogueOptions & FileDocumentStoreOptions & { onMobilityDamaged?: FileMobilityStoreOptions['onDamaged'] } = {},
): Promise<EmbeddedStorage> {
  const documents = new FileDocumentStore(join(dataDir, 'maps'), options);
  const catalogue = await LowdbCatalogue.open(join(dataDir, 'catalogue.json'), { recordCopiesIn: join(dataDir, 'maps'), ...options });
  const mobilities = new FileMobilityStore(join(dataDir, 'mobilities'), options.onMobilityDamaged ? { onDamaged: options.onMobilityDamaged } : {});
  return {
    catalogue,
    documents,
    mobilities,
    async problems() {
      try {
        await access(dataDir, fsConstants.W_OK);
      } catch {
        return ['the data folder is not writable'];
      }
      const full = await probeDataFolder(dataDir);
      return full ? [full] : [];
    },
    async backup(target) {
      const copied = await documents.backup(join(target, 'maps'));
      await catalogue.backup(join(target, 'catalogue.json'));
      return copied;
    },
  };
}

/**
 * Can the data folder take writes right now? `access(W_OK)` says yes on a full disk, so a small
 * file is written and removed: that needs a free block, and fails with ENOSPC when there is none
 * (EROFS, EACCES: read-only or not ours). Returns the problem, or null.
 */
async function probeDataFolder(dataDir: string): Promise<string | null> {
  const probe = join(dataDir, `.readyz-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(probe, randomBytes(4096));
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT') return 'the disk is full';
    return 'the data folder is not writable';
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}
