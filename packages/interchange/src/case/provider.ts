import type { MapSnapshot } from '@qms/model';
import { casePackage } from './export.js';
import { deriveIdentifier, type CaseAssociation, type CaseDocument, type CaseItem, type CaseLink, type CasePackage, type CaseVersion } from './shared.js';

/**
 * What a CASE provider (1EdTech CASE Service, `/ims/case/v1p0/…` and `/ims/case/v1p1/…`) serves
 * for a published map, with no I/O: the server keeps the frozen versions and the HTTP side.
 *
 * - One CFDocument per adoption of a map. The first keeps the identifier the map's own export
 *   gives its document (an imported framework's own, so a consumer that had it sees the same
 *   framework); each later adoption is a new CFDocument, `deriveIdentifier("<mapId>/adoption/<versionId>")`.
 *   Items and associations keep the map's identifiers across adoptions.
 * - URIs point into the provider: `<base>/CFItems/<identifier>`, `<base>/CFDocuments/…`.
 * - A replaced adoption and its successor are linked by a `replacedBy` association (origin: the
 *   older CFDocument, destination: the newer), which both packages carry.
 * - CASE 1.0 answers add `CFPackageURI` to a document and `CFDocumentURI` to items and
 *   associations (as OpenSALT serves them; the 1.0 schema allows them). CASE 1.1 answers are the
 *   package's own objects, which its official schema describes strictly.
 */

export interface ServedPackageInput {
  snapshot: MapSnapshot;
  version: CaseVersion;
  mapId: string;
  /** The provider's base for this version: `https://host/ims/case/v1p0`. */
  base: string;
  /** The CFDocument's identifier as served (adoptionDocumentIdentifier). */
  documentIdentifier: string;
  generatedAt: Date;
}

/** The identifier of an adoption's CFDocument: the package's own for the first, a derived one after. */
export function adoptionDocumentIdentifier(mapId: string, versionId: string, index: number, ownIdentifier: string): string {
  return index === 0 ? ownIdentifier : deriveIdentifier(`${mapId}/adoption/${versionId}`);
}

/** The frozen version's package with the provider's URIs and the adoption's document identifier. */
export function servedPackage(input: ServedPackageInput): CasePackage {
  const pkg = casePackage(input.snapshot, { generatedAt: input.generatedAt, mapId: input.mapId, caseUriBase: input.base }, input.version);
  const own = pkg.CFDocument.identifier;
  if (own === input.documentIdentifier) return pkg;
  const uri = `${input.base}/CFDocuments/${encodeURIComponent(input.documentIdentifier)}`;
  const link: CaseLink = { title: pkg.CFDocument.title, identifier: input.documentIdentifier, uri };
  const end = (other: CaseLink) => (other.identifier === own ? link : other);
  return {
    ...pkg,
    CFDocument: { ...pkg.CFDocument, identifier: input.documentIdentifier, uri },
    CFAssociations: pkg.CFAssociations.map((a) => ({ ...a, originNodeURI: end(a.originNodeURI), destinationNodeURI: end(a.destinationNodeURI) })),
  };
}

/** CASE's adoptionStatus as a provider states it. */
export type ServedStatus = 'Adopted' | 'Deprecated';

/**
 * The package as served now: its status, and the replacedBy associations to the adoption before
 * it (`replaces`) and after it (`replacedBy`). Cheap: the package itself is not copied deeply.
 */
export function publishedPackage(pkg: CasePackage, status: ServedStatus, links: { replaces?: CaseLink; replacedBy?: CaseLink; base: string; when: Date }): CasePackage {
  const self: CaseLink = { title: pkg.CFDocument.title, identifier: pkg.CFDocument.identifier, uri: pkg.CFDocument.uri };
  const replacement = (older: CaseLink, newer: CaseLink): CaseAssociation => {
    const identifier = deriveIdentifier(`replacedBy/${older.identifier}/${newer.identifier}`);
    return {
      identifier,
      uri: `${links.base}/CFAssociations/${identifier}`,
      associationType: 'replacedBy',
      originNodeURI: older,
      destinationNodeURI: newer,
      lastChangeDateTime: links.when.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  };
  const extra = [...(links.replaces ? [replacement(links.replaces, self)] : []), ...(links.replacedBy ? [replacement(self, links.replacedBy)] : [])];
  return { ...pkg, CFDocument: { ...pkg.CFDocument, adoptionStatus: status }, CFAssociations: extra.length > 0 ? [...pkg.CFAssociations, ...extra] : pkg.CFAssociations };
}

/** The link to a package's CFDocument. */
export function documentLink(pkg: CasePackage): CaseLink {
  return { title: pkg.CFDocument.title, identifier: pkg.CFDocument.identifier, uri: pkg.CFDocument.uri };
}

// ---- the objects of the service's answers

export function servedDocument(pkg: CasePackage, version: CaseVersion, base: string): CaseDocument & { CFPackageURI?: CaseLink } {
  if (version !== '1.0') return pkg.CFDocument;
  const identifier = pkg.CFDocument.identifier;
  return { ...pkg.CFDocument, CFPackageURI: { title: pkg.CFDocument.title, identifier, uri: `${base}/CFPackages/${encodeURIComponent(identifier)}` } };
}

export function servedItem(pkg: CasePackage, item: CaseItem, version: CaseVersion): CaseItem & { CFDocumentURI?: CaseLink } {
  return version === '1.0' ? { ...item, CFDocumentURI: documentLink(pkg) } : item;
}

export function servedAssociation(pkg: CasePackage, association: CaseAssociation, version: CaseVersion): CaseAssociation & { CFDocumentURI?: CaseLink } {
  return version === '1.0' ? { ...association, CFDocumentURI: documentLink(pkg) } : association;
}

/** What `/CFItemAssociations/{id}` answers: the item and every association it is an end of. */
export function itemAssociations(pkg: CasePackage, identifier: string, version: CaseVersion): { CFItem: CaseItem; CFAssociations: CaseAssociation[] } | undefined {
  const item = pkg.CFItems.find((candidate) => candidate.identifier === identifier);
  if (!item) return undefined;
  return {
    CFItem: servedItem(pkg, item, version),
    CFAssociations: pkg.CFAssociations.filter((a) => a.originNodeURI.identifier === identifier || a.destinationNodeURI.identifier === identifier).map((a) => servedAssociation(pkg, a, version)),
  };
}

/** The imsx_StatusInfo body of a failed request (1EdTech's common status payload). */
export function statusInfo(codeMinor: 'unknownobject' | 'invalid_selection_field' | 'invalid_sort_field' | 'invalid_uuid' | 'internal_server_error', description: string) {
  return {
    imsx_codeMajor: 'failure',
    imsx_severity: 'error',
    imsx_description: description,
    imsx_codeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'sourcedId', imsx_codeMinorFieldValue: codeMinor }] },
  };
}
