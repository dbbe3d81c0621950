import { compareCodes, fieldsOf, graphOf, holdsMembers, knownKinds, type EdgeKind, type MapNode, type MapSnapshot } from '@qms/model';
import { exportLanguage, snapshotIn, type ExportContext, type ExportFormat } from '../format.js';
import {
  COVERS_GROUPING_TITLE,
  COVERS_TYPE_1_1,
  CREATOR,
  DOCUMENT_SOURCE_TYPE,
  EXTENSION_FIELDS,
  EXTENSION_PREFIX,
  EXT_CODE,
  EXT_KIND,
  EXT_SOURCE_ID,
  EXT_TITLE,
  TRANSLATION_GROUPING_TITLE,
  TRANSLATION_TYPE_1_1,
  caseKinds,
  deriveIdentifier,
  isCaseIdentifier,
  itemTypeOf,
  itemTypeReader,
  type CaseAssociation,
  type CaseAssociationGrouping,
  type CaseDocument,
  type CaseItem,
  type CaseItemType,
  type CaseLink,
  type CasePackage,
  type CaseVersion,
} from './shared.js';
import { keptCaseAssociations } from './associations.js';

/**
 * A map as a 1EdTech CASE CFPackage (1.0 or 1.1).
 *
 * - The root qualification is the CFDocument, not an item: a CASE framework *is* the qualification,
 *   and its top-level items (key functions, or work actions right under the qualification) are
 *   `isChildOf` the document. An item for it as well would either sit beside its own key functions
 *   or wrap the whole tree in a second root, and importing it back would add a second
 *   qualification. Its fields go to the document (key purpose → description, status →
 *   adoptionStatus; in 1.1 the rest as extensions). Any further qualification node is an item.
 * - Every other node of a kind CASE carries (`exported`, with a `caseItemType` in the model's kind
 *   table) is a CFItem; other kinds are left out. Units and learning outcomes are outside the
 *   functional tree, so they are `isChildOf` the document too (a CASE viewer shows only what hangs
 *   from the document); their real links are `isPartOf` and covers.
 * - Identifiers are kept from the source when a node was imported and the version accepts them;
 *   otherwise they are name-based UUIDs derived from the map's id and the node's id, so exporting
 *   the same map twice gives the same identifiers (partners' systems update instead of duplicating).
 * - One package per language. The source language's is the map as written; a target language's
 *   (`language=`) has its own identifiers (derived from the source package's and the language),
 *   the texts in that language, `language` on the document and on every item (the source
 *   language on an item whose text is not translated yet: it keeps the source's text), and an
 *   `isTranslationOf` association from the document and from each item to its counterpart in the
 *   source package (CASE 1.0: isRelatedTo in the `qms:isTranslationOf` grouping).
 */

/** The name every identifier of a map is derived under. */
function mapKeyOf(snapshot: MapSnapshot, context: ExportContext): string {
  return context.mapId ?? `created-${snapshot.meta.createdAt}`;
}

/** ISO 8601 without milliseconds, as CASE publishers usually write it (both schemas accept either). */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type Collection = 'CFDocuments' | 'CFItems' | 'CFAssociations' | 'CFItemTypes' | 'CFAssociationGroupings';

function uriMaker(context: ExportContext): (collection: Collection, identifier: string) => string {
  const served = context.caseUriBase?.replace(/\/+$/, '');
  if (served) return (collection, identifier) => `${served}/${collection}/${encodeURIComponent(identifier)}`;
  const base = context.baseUri?.replace(/\/+$/, '');
  // Without a base the identifier itself is the URI: both schemas want an absolute URI.
  return (collection, identifier) => (base ? `${base}/case/${collection}/${encodeURIComponent(identifier)}` : `urn:uuid:${identifier}`);
}

/**
 * The URI another map on this server gives one of its items: this map's base with the other
 * map's id in place of this one's (`…/maps/<id>` → `…/maps/<other>`), or a urn:uuid without a base.
 */
function foreignItemUri(context: ExportContext, mapId: string, identifier: string): string {
  const base = context.baseUri?.replace(/\/+$/, '');
  if (!base) return `urn:uuid:${identifier}`;
  const own = context.mapId ? `/maps/${context.mapId}` : null;
  const root = own && base.endsWith(own) ? base.slice(0, -own.length) : base.replace(/\/maps\/[^/]*$/, '');
  return `${root}/maps/${encodeURIComponent(mapId)}/case/CFItems/${encodeURIComponent(identifier)}`;
}

/** The node the CFDocument stands for: an imported CFDocument, else the first qualification. */
function rootOf(nodes: readonly MapNode[]): MapNode | undefined {
  const qualifications = nodes.filter((n) => n.kind === 'qualification');
  return (
    qualifications.find((n) => n.sourceType === DOCUMENT_SOURCE_TYPE) ??
    [...qualifications].sort((a, b) => compareCodes(a.code, b.code) || a.position.x - b.position.x || (a.id < b.id ? -1 : 1))[0]
  );
}

/** Some value worth writing: not absent, not an empty text or list. */
function present(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  return !Array.isArray(value) || value.length > 0;
}

function fieldExtensions(node: MapNode, skip: readonly string[] = []): Record<string, unknown> {
  const extensions: Record<string, unknown> = {};
  const own = fieldsOf(node.kind);
  for (const field of EXTENSION_FIELDS) {
    if (!own.includes(field) || skip.includes(field)) continue;
    const value = node[field];
    if (present(value)) extensions[`${EXTENSION_PREFIX}${field}`] = Array.isArray(value) ? [...value] : value;
  }
  return extensions;
}

const ADOPTION_STATUS: Record<string, string> = { draft: 'Draft', 'in-review': 'Draft', approved: 'Adopted' };

/** A CASE sequence number must be an integer. */
function sequenceOf(node: MapNode): number | undefined {
  return typeof node.sequence === 'number' && Number.isInteger(node.sequence) ? node.sequence : undefined;
}

const DOCUMENT = '#document';

export function casePackage(source: MapSnapshot, context: ExportContext, version: CaseVersion): CasePackage {
  return buildPackage(source, context, version).pkg;
}

/**
 * The identifiers the map's source-language package gives its document and its nodes (node id, or
 * `null` for the document → identifier), and the node the document stands for: what a translated
 * package's isTranslationOf links point to.
 */
export function sourcePackageIdentifiers(source: MapSnapshot, context: ExportContext, version: CaseVersion): { identifiers: Map<string | null, string>; rootId: string | undefined } {
  const { sourceIdentifiers, rootId } = buildPackage(source, { ...context, language: source.meta.language }, version);
  return { identifiers: new Map([...sourceIdentifiers].map(([key, identifier]) => [key === DOCUMENT ? null : key, identifier])), rootId };
}

function buildPackage(source: MapSnapshot, context: ExportContext, version: CaseVersion): { pkg: CasePackage; sourceIdentifiers: Map<string, string>; rootId: string | undefined } {
  const mapKey = mapKeyOf(source, context);
  const when = isoSeconds(context.generatedAt);
  const uri = uriMaker(context);
  const sourceLanguage = source.meta.language || undefined;
  const language = exportLanguage(source, context) || undefined;
  const translation = language !== sourceLanguage;
  const { snapshot, fallback } = snapshotIn(source, exportLanguage(source, context));
  /** An item's language: the source's where its text is shown untranslated. */
  const languageOf = (node: MapNode, field: string) => (fallback.get(node.id)?.includes(field as never) ? sourceLanguage : language);
  const v11 = version === '1.1';

  const graph = graphOf(snapshot);
  const kindOfType = itemTypeReader();
  const nodes = snapshot.nodes.filter((n) => itemTypeOf(n.kind) !== undefined);
  const root = rootOf(nodes);
  const items = nodes.filter((n) => n !== root);
  const byId = new Map(items.map((n) => [n.id, n]));

  // ---- the tree: each item's parent is its first valid childOf target (by edge id, as the model
  // reads it) that CASE carries, the document for children of the root and for items with no parent.
  const parentOf = new Map<string, string>();
  for (const node of items) {
    for (const parent of graph.parentsOf(node.id)) {
      if (parent.id === root?.id) parentOf.set(node.id, DOCUMENT);
      else if (byId.has(parent.id)) parentOf.set(node.id, parent.id);
      else continue;
      break;
    }
  }
  // A unit in a group hangs from the group (its partOf read as isChildOf), the group from the document.
  for (const node of items) {
    if (parentOf.has(node.id)) continue;
    const group = graph.targets('partOf', node.id).find((target) => byId.has(target.id) && !holdsMembers(target.kind) && holdsMembers(node.kind));
    if (group) parentOf.set(node.id, group.id);
  }
  // A cycle of childOf links (only concurrent edits could make one) is cut where it is found: that
  // node hangs from the document, so every item is reached from the document.
  for (const node of items) {
    const path = new Set<string>();
    let current = node.id;
    while (current !== DOCUMENT && !path.has(current)) {
      path.add(current);
      current = parentOf.get(current) ?? DOCUMENT;
    }
    if (current !== DOCUMENT) parentOf.set(current, DOCUMENT);
  }
  const childrenOf = new Map<string, MapNode[]>();
  for (const node of items) {
    const parent = parentOf.get(node.id) ?? DOCUMENT;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), node]);
  }

  // Siblings in order: imported sequence numbers first and as they were, then the others by code,
  // then left to right, numbered on from the highest number so far (1-based for a new map).
  // Kinds in the kind table's order (the functional analysis): key functions, outcomes, units, unit groups.
  const kinds = knownKinds();
  const kindRank = (node: MapNode) => kinds.indexOf(node.kind);
  const sequenceNumber = new Map<string, number>();
  const ordered = (parent: string): MapNode[] => {
    const children = [...(childrenOf.get(parent) ?? [])].sort((a, b) => {
      const sa = sequenceOf(a) ?? Number.POSITIVE_INFINITY;
      const sb = sequenceOf(b) ?? Number.POSITIVE_INFINITY;
      return sa - sb || kindRank(a) - kindRank(b) || compareCodes(a.code, b.code) || a.position.x - b.position.x || (a.id < b.id ? -1 : 1);
    });
    let last = 0;
    for (const child of children) {
      const number = sequenceOf(child) ?? last + 1;
      sequenceNumber.set(child.id, number);
      last = Math.max(last, number);
    }
    return children;
  };

  // Depth first from the document: CFItems read in tree order.
  const treeOrder: MapNode[] = [];
  const walk = (parent: string) => {
    for (const child of ordered(parent)) {
      treeOrder.push(child);
      walk(child.id);
    }
  };
  walk(DOCUMENT);

  // ---- identifiers: the source's when this version accepts it and no other node has it yet
  const used = new Set<string>();
  const identifiers = new Map<string, { identifier: string; original?: string }>();
  const assign = (key: string, sourceId: string | undefined, name: string) => {
    let identifier: string;
    let original: string | undefined;
    if (sourceId && isCaseIdentifier(sourceId, version)) identifier = sourceId;
    else if (sourceId) {
      // Derived from the source id, not the map, so the same source item always gets the same one.
      identifier = deriveIdentifier(`source/${sourceId}`);
      original = sourceId;
    } else identifier = deriveIdentifier(name);
    if (used.has(identifier.toLowerCase())) {
      // Two nodes with one source id (a copy of an imported node): the later one gets its own.
      identifier = deriveIdentifier(`${mapKey}/node/${key}`);
    }
    used.add(identifier.toLowerCase());
    identifiers.set(key, original === undefined ? { identifier } : { identifier, original });
  };
  const rootIsImported = root?.sourceType === DOCUMENT_SOURCE_TYPE;
  assign(DOCUMENT, rootIsImported ? root?.sourceId : undefined, `${mapKey}/document`);
  // In reading order: of two nodes with one source id, the first keeps it.
  for (const node of treeOrder) assign(node.id, node.sourceId, `${mapKey}/node/${node.id}`);
  // A translated package: identifiers of its own, each derived from the source package's (kept for isTranslationOf).
  const sourceIdentifiers = new Map([...identifiers].map(([key, { identifier }]) => [key, identifier]));
  if (translation) {
    for (const [key, entry] of identifiers) identifiers.set(key, { ...entry, identifier: deriveIdentifier(`translation/${language}/${entry.identifier}`) });
  }
  const idOf = (key: string) => identifiers.get(key)!.identifier;

  // ---- the CFDocument (a translation's title is the translated qualification's, when there is one)
  const translatedRoot = translation && root && languageOf(root, 'title') === language && root.title.trim() ? root.title : undefined;
  const title = translatedRoot || snapshot.meta.title || root?.title || 'Untitled map';
  const document: CaseDocument = {
    identifier: idOf(DOCUMENT),
    uri: uri('CFDocuments', idOf(DOCUMENT)),
    creator: CREATOR,
    title,
    lastChangeDateTime: when,
  };
  if (root?.keyPurpose) document.description = root.keyPurpose;
  if (language) document.language = language;
  if (root?.status && ADOPTION_STATUS[root.status]) document.adoptionStatus = ADOPTION_STATUS[root.status]!;
  if (snapshot.meta.sample === 'illustrative') {
    document.notes = 'Illustrative sample: its statements were written for a demonstration and are not an official standard.';
  }
  if (v11) {
    document.caseVersion = '1.1';
    const extensions: Record<string, unknown> = root ? fieldExtensions(root, ['keyPurpose']) : {};
    if (root?.code) extensions[EXT_CODE] = root.code;
    if (root && root.title !== title) extensions[EXT_TITLE] = root.title;
    const original = identifiers.get(DOCUMENT)!.original;
    if (original !== undefined) extensions[EXT_SOURCE_ID] = original;
    if (Object.keys(extensions).length > 0) document.extensions = extensions;
  }
  const documentLink: CaseLink = { title: document.title, identifier: document.identifier, uri: document.uri };

  // ---- item types: ours for the node's kind, or the one it had at its source
  const itemTypes = new Map<string, CaseItemType>();
  const ours = caseKinds().map((kind) => itemTypeOf(kind)!);
  const typeOfNode = (node: MapNode): CaseItemType => {
    const title = node.sourceType || itemTypeOf(node.kind)!.title;
    let type = itemTypes.get(title);
    if (!type) {
      const identifier = deriveIdentifier(`item-type/${title}`);
      // Ours are numbered in the kind table's order (the functional analysis), types kept from a source after them.
      const rank = ours.findIndex((t) => t.title === title);
      const foreign = [...itemTypes.keys()].filter((t) => !ours.some((o) => o.title === t)).length;
      type = {
        identifier,
        uri: uri('CFItemTypes', identifier),
        title,
        description: rank >= 0 ? ours[rank]!.description : 'An item type kept from the framework this map was imported from.',
        hierarchyCode: String(rank >= 0 ? rank + 1 : ours.length + foreign + 1),
        lastChangeDateTime: when,
      };
      itemTypes.set(title, type);
    }
    return type;
  };

  // ---- items
  const links = new Map<string, CaseLink>([[DOCUMENT, documentLink]]);
  const caseItems: CaseItem[] = treeOrder.map((node) => {
    const identifier = idOf(node.id);
    const type = typeOfNode(node);
    const item: CaseItem = {
      identifier,
      uri: uri('CFItems', identifier),
      // CASE needs a statement; an empty title would make an item nobody can read.
      fullStatement: node.title.trim() ? node.title : node.code || '(untitled)',
      ...(node.code ? { humanCodingScheme: node.code } : {}),
      CFItemType: type.title,
      CFItemTypeURI: { title: type.title, identifier: type.identifier, uri: type.uri },
      ...(languageOf(node, 'title') ? { language: languageOf(node, 'title') } : {}),
      lastChangeDateTime: when,
    };
    if (v11) {
      const extensions = fieldExtensions(node);
      if (kindOfType(type.title) !== node.kind) extensions[EXT_KIND] = node.kind;
      const original = identifiers.get(node.id)!.original;
      if (original !== undefined) extensions[EXT_SOURCE_ID] = original;
      if (Object.keys(extensions).length > 0) item.extensions = extensions;
    }
    links.set(node.id, { title: node.code || item.fullStatement, identifier, uri: item.uri });
    return item;
  });

  // ---- associations
  const associations: CaseAssociation[] = [];
  const seen = new Set<string>();
  const groupingId = deriveIdentifier(`association-grouping/${COVERS_GROUPING_TITLE}`);
  const coversGrouping: CaseAssociationGrouping = {
    identifier: groupingId,
    uri: uri('CFAssociationGroupings', groupingId),
    title: COVERS_GROUPING_TITLE,
    description:
      'A learning outcome (origin) covers a work action (destination): it was derived from it. CASE 1.0 has no extension association types, so these are isRelatedTo associations marked by this grouping.',
    lastChangeDateTime: when,
  };
  let usesCoversGrouping = false;
  const associate = (type: string, origin: string, destination: string, extra: Partial<CaseAssociation> = {}) => {
    const name = `${mapKey}/association/${type}/${origin}/${destination}`;
    if (seen.has(name)) return;
    seen.add(name);
    const identifier = deriveIdentifier(name);
    associations.push({
      identifier,
      uri: uri('CFAssociations', identifier),
      associationType: type,
      originNodeURI: links.get(origin)!,
      destinationNodeURI: links.get(destination)!,
      ...extra,
      lastChangeDateTime: when,
    });
  };
  for (const node of treeOrder) {
    associate('isChildOf', node.id, parentOf.get(node.id) ?? DOCUMENT, { sequenceNumber: sequenceNumber.get(node.id)! });
  }
  // The other links, each kind in reading order: the valid ones (the model's relations) between items.
  const position = new Map(treeOrder.map((n, i) => [n.id, i]));
  const inOrder = (kind: EdgeKind) =>
    graph
      .linksOf(kind)
      .filter((e) => byId.has(e.source) && byId.has(e.target))
      .sort((a, b) => position.get(a.source)! - position.get(b.source)! || position.get(a.target)! - position.get(b.target)!);
  for (const edge of inOrder('partOf')) if (parentOf.get(edge.source) !== edge.target) associate('isPartOf', edge.source, edge.target);
  // A prerequisite: the required unit precedes the one that requires it.
  for (const edge of inOrder('requires')) associate('precedes', edge.target, edge.source);
  for (const edge of inOrder('covers')) {
    if (v11) associate(COVERS_TYPE_1_1, edge.source, edge.target);
    else {
      usesCoversGrouping = true;
      associate('isRelatedTo', edge.source, edge.target, {
        CFAssociationGroupingURI: { title: coversGrouping.title, identifier: coversGrouping.identifier, uri: coversGrouping.uri },
      });
    }
  }
  // A match: exactMatchOf for an exact one (and one that does not say), isRelatedTo for a partial or related one.
  const matchAssociation = (matchType: string | undefined) => (matchType === 'partial' || matchType === 'related' ? 'isRelatedTo' : 'exactMatchOf');
  for (const edge of inOrder('matches')) associate(matchAssociation(edge.matchType), edge.source, edge.target);
  // A match with a unit of another map on this server: to that map's item, whose URI its own
  // package mints the same way (its id and the node's id, under the same base).
  const crossMatches = [...(source.crossMatches ?? [])]
    .filter((edge) => edge.kind === 'matches' && edge.targetMap !== undefined && byId.has(edge.source))
    .sort((a, b) => position.get(a.source)! - position.get(b.source)! || (a.targetMap! + a.target < b.targetMap! + b.target ? -1 : 1));
  for (const edge of crossMatches) {
    const identifier = deriveIdentifier(`${edge.targetMap}/node/${edge.target}`);
    const key = `${edge.targetMap}#${edge.target}`;
    const kept = edge.targetSnapshot;
    links.set(key, { title: kept ? kept.code || kept.title || identifier : identifier, identifier, uri: foreignItemUri(context, edge.targetMap!, identifier) });
    associate(matchAssociation(edge.matchType), edge.source, key);
  }
  // Associations kept from an import, as they came (associations.ts).
  const kept = keptCaseAssociations({
    version,
    links,
    rootId: root?.id,
    documentKey: DOCUMENT,
    nodes: root ? [root, ...treeOrder] : treeOrder,
    edges: snapshot.edges,
    used,
    derive: (name) => deriveIdentifier(`${mapKey}/${name}`),
    ...(translation ? { rename: (identifier: string) => deriveIdentifier(`translation/${language}/${identifier}`) } : {}),
    uri,
    when,
  });
  associations.push(...kept.associations);

  // ---- a translation: each item (and the document) isTranslationOf its counterpart in the source package
  const translationGroupingId = deriveIdentifier(`association-grouping/${TRANSLATION_GROUPING_TITLE}`);
  const translationGrouping: CaseAssociationGrouping = {
    identifier: translationGroupingId,
    uri: uri('CFAssociationGroupings', translationGroupingId),
    title: TRANSLATION_GROUPING_TITLE,
    description: `An item (origin) is a translation of the item of the source-language package (destination). CASE 1.0 has no isTranslationOf association type, so these are isRelatedTo associations marked by this grouping.`,
    lastChangeDateTime: when,
  };
  if (translation) {
    for (const key of [DOCUMENT, ...treeOrder.map((node) => node.id)]) {
      const sourceIdentifier = sourceIdentifiers.get(key)!;
      const origin = links.get(key)!;
      const identifier = deriveIdentifier(`${mapKey}/association/translation/${language}/${key}`);
      associations.push({
        identifier,
        uri: uri('CFAssociations', identifier),
        associationType: v11 ? TRANSLATION_TYPE_1_1 : 'isRelatedTo',
        originNodeURI: origin,
        destinationNodeURI: { title: origin.title, identifier: sourceIdentifier, uri: uri(key === DOCUMENT ? 'CFDocuments' : 'CFItems', sourceIdentifier) },
        ...(v11 ? {} : { CFAssociationGroupingURI: { title: translationGrouping.title, identifier: translationGrouping.identifier, uri: translationGrouping.uri } }),
        lastChangeDateTime: when,
      });
    }
  }

  const definitions: CasePackage['CFDefinitions'] = {
    CFItemTypes: [...itemTypes.values()].sort((a, b) => Number(a.hierarchyCode) - Number(b.hierarchyCode)),
  };
  const groupings = [...(usesCoversGrouping ? [coversGrouping] : []), ...(translation && !v11 ? [translationGrouping] : [])];
  for (const grouping of kept.groupings) if (!groupings.some((other) => other.identifier === grouping.identifier)) groupings.push(grouping);
  if (groupings.length > 0) definitions.CFAssociationGroupings = groupings;
  return { pkg: { CFDocument: document, CFItems: caseItems, CFAssociations: associations, CFDefinitions: definitions }, sourceIdentifiers, rootId: root?.id };
}

function format(id: string, label: string, version: CaseVersion): ExportFormat {
  return {
    id,
    extension: 'case.json',
    mediaType: 'application/json',
    label,
    text: true,
    async run(snapshot, context) {
      return `${JSON.stringify(casePackage(snapshot, context, version), null, 2)}\n`;
    },
  };
}

/** CASE 1.0: what most CASE tools (OpenSALT, older registries) read. Levels and points stay behind. */
export const caseFormat: ExportFormat = format('case', 'CASE 1.0 (JSON)', '1.0');

/** CASE 1.1: the same framework plus this app's fields as extensions, and `ext:covers`. */
export const case11Format: ExportFormat = format('case-1.1', 'CASE 1.1 (JSON)', '1.1');
