import type { CasePackage, CaseVersion } from '@qms/interchange';
import { SerialQueues, type AdoptionRecord, type Catalogue, type MapRecord, type PublicationRecord } from '@qms/storage';
import type { FastifyBaseLogger } from 'fastify';
import type { ImportRunner } from './imports.js';
import { interchange } from './interchange.js';
import type { Versions } from './versions.js';

export type PublicationStatus = PublicationRecord['status'];
export const PUBLICATION_STATUSES: readonly PublicationStatus[] = ['draft', 'adopted', 'deprecated'];

/** Packages built from frozen versions kept in memory (per version, CASE version and base URI). */
const CACHED_PACKAGES = 64;

export class PublicationError extends Error {
  constructor(
    readonly problem: 'not-found' | 'never-adopted',
    message: string,
  ) {
    super(message);
    this.name = 'PublicationError';
  }
}

/** A map as the CASE provider serves it: its adoptions' packages, newest last. */
export interface ServedMap {
  record: MapRecord;
  publication: PublicationRecord;
}

/**
 * Publication of maps through the CASE provider (`/ims/case/…`). Adopting a map saves a named
 * version of it (the versions machinery: never pruned) and serves that frozen state; adopting it
 * again serves the new version as a new CFDocument, which the one before is `replacedBy`. A
 * deprecated map is still served (its current adoption says so); a draft one is not served at all.
 *
 * The status lives in the map's catalogue record (`publication`), beside its versions: owner-only,
 * changed by the server only, and so out of reach of the document's editors.
 */
export class Publications {
  readonly #catalogue: Catalogue;
  readonly #versions: Versions;
  readonly #log: FastifyBaseLogger;
  readonly #runner: ImportRunner;
  readonly #queues = new SerialQueues();
  /** Built packages by `versionId|caseVersion|base|documentIdentifier`, oldest first (an LRU by re-insertion). */
  readonly #packages = new Map<string, Promise<CasePackage>>();

  constructor(options: { catalogue: Catalogue; versions: Versions; log: FastifyBaseLogger; runner: ImportRunner }) {
    this.#runner = options.runner;
    this.#catalogue = options.catalogue;
    this.#versions = options.versions;
    this.#log = options.log;
  }

  /** The map's publication as stored, or a draft never adopted. */
  static of(record: MapRecord): PublicationRecord {
    return record.publication ?? { status: 'draft', changedAt: record.createdAt, adoptions: [] };
  }

  /**
   * Sets the status. `adopted` freezes the live map as a new named version and serves it (a map
   * adopted before gets a new adoption, which replaces the previous one); `deprecated` keeps the
   * current adoption served, marked so; `draft` stops serving the map. Runs in the map's queue.
   */
  set(mapId: string, status: PublicationStatus, by: string): Promise<PublicationRecord> {
    return this.#queues.run(mapId, async () => {
      const record = await this.#catalogue.get(mapId);
      if (!record) throw new PublicationError('not-found', `There is no map "${mapId.slice(0, 80)}".`);
      const current = Publications.of(record);
      let next: PublicationRecord;
      if (status === 'adopted') {
        const index = current.adoptions.length;
        const version = await this.#versions.create(mapId, { name: `Adopted for publication (${index + 1})`, createdBy: by });
        const own = (await this.#build(mapId, version.id, '1.1', 'urn:qms', undefined, version.createdAt)).CFDocument.identifier;
        const { adoptionDocumentIdentifier } = await interchange();
        const adoption: AdoptionRecord = { versionId: version.id, adoptedAt: version.createdAt, documentIdentifier: adoptionDocumentIdentifier(mapId, version.id, index, own) };
        next = { status, changedAt: Date.now(), adoptions: [...current.adoptions, adoption] };
      } else {
        if (status === 'deprecated' && current.adoptions.length === 0) {
          throw new PublicationError('never-adopted', 'A map that was never adopted cannot be deprecated: adopt it first.');
        }
        next = { ...current, status, changedAt: current.status === status ? current.changedAt : Date.now() };
      }
      if ((await this.#catalogue.update(mapId, { publication: next })) === undefined) {
        throw new PublicationError('not-found', `There is no map "${mapId.slice(0, 80)}".`);
      }
      this.#log.info({ mapId, status, adoptions: next.adoptions.length }, 'publication changed');
      return next;
    });
  }

  /** The maps the provider serves (adopted or deprecated, with an adoption), by title. */
  async served(): Promise<ServedMap[]> {
    const records = await this.#catalogue.list();
    return records
      .flatMap((record) => {
        const publication = record.publication;
        return publication && publication.status !== 'draft' && publication.adoptions.length > 0 ? [{ record, publication }] : [];
      })
      .sort((a, b) => a.record.title.localeCompare(b.record.title) || (a.record.id < b.record.id ? -1 : 1));
  }

  /**
   * The package of one adoption as built from its frozen version, with the provider's URIs and the
   * adoption's document identifier. Built once per version, CASE version and base, then cached.
   */
  packageOf(mapId: string, adoption: AdoptionRecord, version: CaseVersion, base: string): Promise<CasePackage> {
    return this.#build(mapId, adoption.versionId, version, base, adoption.documentIdentifier, adoption.adoptedAt);
  }

  #build(mapId: string, versionId: string, version: CaseVersion, base: string, documentIdentifier: string | undefined, frozenAt: number): Promise<CasePackage> {
    const key = `${versionId}|${version}|${base}|${documentIdentifier ?? ''}`;
    const cached = this.#packages.get(key);
    if (cached) {
      this.#packages.delete(key);
      this.#packages.set(key, cached);
      return cached;
    }
    const building = (async () => {
      const update = await this.#versions.load(mapId, versionId);
      // Built in a worker with an import's budget (a large map takes a while); dated when it was
      // frozen, so the same version always reads the same.
      const built = await this.#runner.runCaseBuild({ update, version, mapId, base, frozenAt, ...(documentIdentifier === undefined ? {} : { documentIdentifier }) });
      if (!built.ok) throw new Error(`The CASE package of version ${versionId} could not be built: ${built.message}`);
      return JSON.parse(built.json) as CasePackage;
    })();
    this.#packages.set(key, building);
    // A failed build is not kept: the next request tries again.
    building.catch(() => this.#packages.delete(key));
    while (this.#packages.size > CACHED_PACKAGES) this.#packages.delete(this.#packages.keys().next().value!);
    return building;
  }

  /** Stops builds under way (the server is stopping). */
  close(): Promise<void> {
    return this.#runner.close();
  }

}
