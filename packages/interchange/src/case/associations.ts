import { checkExternalAssociation, isAssociationType, type ExternalAssociation, type MapEdge, type MapNode } from '@qms/model';
import type { ImportedAssociation } from '../imported.js';
import { COVERS_GROUPING_TITLE, deriveIdentifier, isCaseIdentifier, type CaseAssociation, type CaseAssociationGrouping, type CaseLink, type CaseVersion } from './shared.js';

/**
 * The CASE associations a map keeps as they came, so that a package comes back whole: every
 * association that does not build the map (precedes, exemplar, isRelatedTo, isPeerOf, replacedBy,
 * hasSkillLevel, exactMatchOf, ext:…, and the isChildOf / isPartOf / covers the map cannot hold
 * as its own links: a second parent, a CFDocument that is a child).
 *
 * - Both ends in the package: an `association` link of the map (the model's associations.ts),
 *   the CFDocument's end being the root qualification.
 * - One end outside (another framework's item, a web page): an entry of the inside node's
 *   `externalAssociations`, with the far end's identifier, URI and title as written.
 *
 * On export each goes out again with its type, ends and sequence number, and its own identifier
 * when the version accepts it. CASE 1.0 names only nine types: any other (an `ext:` type,
 * isTranslationOf) travels there as `isRelatedTo` in a CFAssociationGrouping titled after it
 * (`ext:…` as it is, others as `qms:<type>`), which the import reads back as the type.
 */

/** The associationTypes CASE 1.0 knows (OpenSALT's schema: a closed enum). */
export const CASE_1_0_TYPES: readonly string[] = ['isChildOf', 'isPeerOf', 'isPartOf', 'exactMatchOf', 'precedes', 'isRelatedTo', 'replacedBy', 'exemplar', 'hasSkillLevel'];
/** CASE 1.1 adds isTranslationOf, and any `ext:` name. */
const CASE_1_1_TYPES: readonly string[] = [...CASE_1_0_TYPES, 'isTranslationOf'];
const EXT = /^ext:[A-Za-z0-9._-]+$/;

function writable(type: string, version: CaseVersion): boolean {
  return version === '1.0' ? CASE_1_0_TYPES.includes(type) : CASE_1_1_TYPES.includes(type) || EXT.test(type);
}

/** The grouping title that carries a type the version has no name for. */
export function groupingTitleOf(type: string): string {
  return type.startsWith('ext:') ? type : `qms:${type}`;
}

/** The type an isRelatedTo association stands for, from the grouping it points to (undefined: plain isRelatedTo). */
export function typeFromGrouping(link: unknown, titles: ReadonlyMap<string, string>): string | undefined {
  if (typeof link !== 'object' || link === null) return undefined;
  const { title, identifier } = link as { title?: unknown; identifier?: unknown };
  const named = typeof title === 'string' ? title : typeof identifier === 'string' ? titles.get(identifier.trim().toLowerCase()) : undefined;
  if (named === undefined || named === COVERS_GROUPING_TITLE) return undefined;
  const type = named.startsWith('ext:') ? named : named.startsWith('qms:') ? named.slice('qms:'.length) : undefined;
  return type && type !== 'isRelatedTo' && isAssociationType(type) ? type : undefined;
}

// ---------------------------------------------------------------------------------------------
// Import

/** One association as the import found it: its ends resolved to the package's nodes where they are. */
export interface KeptAssociation<N> {
  type: string;
  origin: { node?: N; link: unknown };
  destination: { node?: N; link: unknown };
  sequenceNumber?: number;
  identifier?: string;
}

/** A LinkGenURI (or a bare string) as written: its identifier, URI and title, where present. */
function farEnd(link: unknown): { identifier?: string; uri?: string; title?: string } {
  const filled = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  if (typeof link === 'string') return /^[a-z][a-z0-9+.-]*:/i.test(link.trim()) ? { uri: link.trim() } : { identifier: link.trim() };
  if (typeof link !== 'object' || link === null) return {};
  const { identifier, uri, title } = link as Record<string, unknown>;
  return { ...(filled(identifier) ? { identifier: filled(identifier)! } : {}), ...(filled(uri) ? { uri: filled(uri)! } : {}), ...(filled(title) ? { title: filled(title)! } : {}) };
}

/**
 * Sorts kept associations into links between nodes (keys from `keyOf`) and each node's external
 * ones; what cannot be kept (both ends outside the package, a far end that names nothing, values
 * too long to store) is counted by type with the reason.
 */
export function keptAssociations<N>(
  kept: readonly KeptAssociation<N>[],
  keyOf: (node: N) => string,
): { internal: ImportedAssociation[]; external: Map<string, ExternalAssociation[]>; skipped: Array<[string, string]> } {
  const internal: ImportedAssociation[] = [];
  const external = new Map<string, ExternalAssociation[]>();
  const skipped: Array<[string, string]> = [];
  for (const association of kept) {
    const { type, origin, destination } = association;
    const extra = {
      ...(association.sequenceNumber === undefined ? {} : { sequenceNumber: association.sequenceNumber }),
      ...(association.identifier === undefined ? {} : { identifier: association.identifier }),
    };
    if (!isAssociationType(type)) {
      skipped.push([type, 'its type is not a CASE association type']);
      continue;
    }
    if (origin.node !== undefined && destination.node !== undefined && keyOf(origin.node) !== keyOf(destination.node)) {
      internal.push({
        type,
        source: keyOf(origin.node),
        target: keyOf(destination.node),
        ...(extra.sequenceNumber === undefined ? {} : { sequenceNumber: extra.sequenceNumber }),
        ...(extra.identifier === undefined ? {} : { sourceId: extra.identifier }),
      });
      continue;
    }
    let key: string;
    let entry: Record<string, unknown>;
    if (origin.node !== undefined) {
      // To something outside (or to itself): the far end as written.
      const end = farEnd(destination.link);
      key = keyOf(origin.node);
      entry = { type, ...(end.identifier ? { destinationIdentifier: end.identifier } : {}), ...(end.uri ? { destinationUri: end.uri } : {}), ...(end.title ? { title: end.title } : {}), ...extra };
    } else if (destination.node !== undefined) {
      const end = farEnd(origin.link);
      key = keyOf(destination.node);
      entry = { type, ...(end.identifier ? { originIdentifier: end.identifier } : {}), ...(end.uri ? { originUri: end.uri } : {}), ...(end.title ? { title: end.title } : {}), ...extra };
    } else {
      skipped.push([type, 'neither end is in this package']);
      continue;
    }
    const checked = checkExternalAssociation(entry);
    if (!checked.ok) {
      skipped.push([type, checked.message.replace(/\.$/, '')]);
      continue;
    }
    const list = external.get(key);
    if (list) list.push(checked.value);
    else external.set(key, [checked.value]);
  }
  return { internal, external, skipped };
}

// ---------------------------------------------------------------------------------------------
// Export

export interface KeptExportInput {
  version: CaseVersion;
  /** The document's and each exported node's link (id → link; the root is under `documentKey`). */
  links: ReadonlyMap<string, CaseLink>;
  /** The node the CFDocument stands for, and the key `links` has it under. */
  rootId: string | undefined;
  documentKey: string;
  /** Exported nodes in reading order (their associations come out in that order). */
  nodes: readonly MapNode[];
  edges: readonly MapEdge[];
  /** Identifiers already given in the package (lower case): a kept identifier must not repeat one. */
  used: Set<string>;
  /** Derives an identifier from a name (the package's own derivation, language included). */
  derive: (name: string) => string;
  /** For a translated package: its own identifiers, derived from the source's. */
  rename?: (identifier: string) => string;
  uri: (collection: 'CFAssociations' | 'CFAssociationGroupings', identifier: string) => string;
  when: string;
}

/** The kept associations as CFAssociations, with the groupings that carry types 1.0 cannot name. */
export function keptCaseAssociations(input: KeptExportInput): { associations: CaseAssociation[]; groupings: CaseAssociationGrouping[] } {
  const { version, links, when } = input;
  const associations: CaseAssociation[] = [];
  const groupings = new Map<string, CaseAssociationGrouping>();
  const linkOf = (id: string) => links.get(id === input.rootId ? input.documentKey : id);
  const identifierFor = (sourceId: string | undefined, name: string) => {
    let identifier = sourceId && isCaseIdentifier(sourceId, version) && !input.used.has(sourceId.toLowerCase()) ? sourceId : input.derive(name);
    if (input.rename) identifier = input.rename(identifier);
    input.used.add(identifier.toLowerCase());
    return identifier;
  };
  const typed = (type: string): Pick<CaseAssociation, 'associationType' | 'CFAssociationGroupingURI'> => {
    if (writable(type, version)) return { associationType: type };
    const title = groupingTitleOf(type);
    let grouping = groupings.get(title);
    if (!grouping) {
      const identifier = deriveIdentifier(`association-grouping/${title}`);
      grouping = {
        identifier,
        uri: input.uri('CFAssociationGroupings', identifier),
        title,
        description: `Associations of type ${type}, which CASE ${version} cannot name: isRelatedTo associations marked by this grouping.`,
        lastChangeDateTime: when,
      };
      groupings.set(title, grouping);
    }
    return { associationType: 'isRelatedTo', CFAssociationGroupingURI: { title: grouping.title, identifier: grouping.identifier, uri: grouping.uri } };
  };
  const push = (identifier: string, type: string, origin: CaseLink, destination: CaseLink, sequenceNumber: number | undefined) => {
    associations.push({
      identifier,
      uri: input.uri('CFAssociations', identifier),
      ...typed(type),
      originNodeURI: origin,
      destinationNodeURI: destination,
      ...(sequenceNumber !== undefined && Number.isInteger(sequenceNumber) && Math.abs(sequenceNumber) <= 2147483647 ? { sequenceNumber } : {}),
      lastChangeDateTime: when,
    });
  };
  // A far end as a LinkGenURI: both schemas want a title, an identifier and a URI.
  const farLink = (identifier: string | undefined, uri: string | undefined, title: string | undefined): CaseLink => {
    const id = identifier ?? deriveIdentifier(`external/${uri}`);
    return { title: title ?? id, identifier: id, uri: uri ?? `urn:uuid:${id}` };
  };

  const order = new Map(input.nodes.map((node, i) => [node.id, i]));
  const edges = input.edges
    .filter((edge) => edge.kind === 'association' && edge.associationType && linkOf(edge.source) && linkOf(edge.target))
    .sort((a, b) => order.get(a.source)! - order.get(b.source)! || order.get(a.target)! - order.get(b.target)! || (a.id < b.id ? -1 : 1));
  for (const edge of edges) {
    push(identifierFor(edge.sourceId, `association/${edge.id}`), edge.associationType!, linkOf(edge.source)!, linkOf(edge.target)!, edge.sequenceNumber);
  }
  for (const node of input.nodes) {
    const own = linkOf(node.id);
    if (!own) continue;
    (node.externalAssociations ?? []).forEach((entry, i) => {
      const identifier = identifierFor(entry.identifier, `external-association/${node.id}/${i}`);
      const inbound = entry.originIdentifier !== undefined || entry.originUri !== undefined;
      if (inbound) push(identifier, entry.type, farLink(entry.originIdentifier, entry.originUri, entry.title), own, entry.sequenceNumber);
      else push(identifier, entry.type, own, farLink(entry.destinationIdentifier, entry.destinationUri, entry.title), entry.sequenceNumber);
    });
  }
  return { associations, groupings: [...groupings.values()] };
}
