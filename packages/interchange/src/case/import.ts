import { FIELDS, edgeAllowed, kindSpec, type EdgeKind, type ExternalAssociation, type FieldName, type FieldValue } from '@qms/model';
import { ImportError, type ImportedAssociation, type ImportedEdge, type ImportedMap, type ImportedNode } from '../imported.js';
import { keptAssociations, typeFromGrouping, type KeptAssociation } from './associations.js';
import {
  COVERS_GROUPING_TITLE,
  COVERS_TYPE_1_1,
  DOCUMENT_SOURCE_TYPE,
  EXTENSION_PREFIX,
  EXT_CODE,
  EXT_KIND,
  EXT_SOURCE_ID,
  EXT_TITLE,
  asKnownKind,
  isExtensionField,
  itemTypeReader,
} from './shared.js';

/**
 * Reads a CASE CFPackage (1.0 or 1.1) into an ImportedMap.
 *
 * Tolerant of what real publishers write (CFPackageURI as a plain string, `educationalLevel`,
 * dates without a time zone, extra properties, identifiers that are not UUIDs, no sequence numbers,
 * associations that point into other frameworks), strict about what would make the map wrong:
 * a structural association (isChildOf, isPartOf, covers) naming an item the package does not
 * have, a cycle in the tree, a package with nothing in it. A file either imports whole or not at all.
 *
 * The CFDocument becomes the root qualification; CFItems become nodes whose kind comes from their
 * CFItemType when it is one of ours (and fits where the item sits), otherwise from their place in
 * the tree; the original type and identifier stay in `sourceType` / `sourceId` for the next export.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
/** A string with something in it. */
const filled = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
/** Identifiers compare as UUIDs do: without case and surrounding blanks. */
const normal = (identifier: string) => identifier.trim().toLowerCase();

const DOCUMENT = Symbol('CFDocument');

interface Item {
  index: number;
  identifier: string;
  json: Json;
  /** The kind its CFItemType (or our 1.1 `qms:kind`) asks for. */
  declared?: string;
  /** What declared it, for warnings. */
  declaredBy?: string;
  parent?: Item | typeof DOCUMENT;
  sequence?: number;
  children: Item[];
  kind?: string;
}

/**
 * "a key function" / "key functions", from the kind's label. Only the kinds an item falls back to
 * are named this way (functions and work actions), whose English names take "a" and a plain plural.
 */
function kindName(kind: string, one: boolean): string {
  const name = (kindSpec(kind)?.label ?? kind).toLowerCase();
  return one ? `a ${name}` : `${name}s`;
}

const ADOPTION_STATUS: Record<string, string> = { draft: 'draft', 'private draft': 'draft', adopted: 'approved' };

export function parseJson(text: string): unknown {
  if (typeof text !== 'string') throw new ImportError('Expected the text of a CASE JSON file.');
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') throw new ImportError('The file is empty: expected a CASE CFPackage (JSON).');
  try {
    return JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // V8 says "… in JSON at position 57" (newer versions add "(line 3 column 5)"), or "Unexpected
    // end of JSON input" for a cut-off file: the end is then where it went wrong.
    const at = /at position (\d+)/.exec(message);
    const reason = message
      .replace(/\s*\(line \d+ column \d+\)/, '')
      .replace(/,? (in JSON )?at position \d+/, '')
      .replace(/^JSON\.parse: /, '');
    const position = at ? Number(at[1]) : /end of JSON input/.test(message) ? source.length : undefined;
    if (position === undefined) throw new ImportError(`The file is not valid JSON: ${reason}`);
    const before = source.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    throw new ImportError(`The file is not valid JSON: ${reason}`, `line ${line}, column ${column}`);
  }
}

function readSequence(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** Our 1.1 extensions (`qms:…`) on an item or the CFDocument. */
function readExtensions(value: unknown) {
  const fields: Partial<Record<FieldName, FieldValue>> = {};
  const result: { fields: typeof fields; kind?: string; sourceId?: string; code?: string; title?: string } = { fields };
  if (!isObject(value)) return result;
  for (const [key, raw] of Object.entries(value)) {
    if (!key.startsWith(EXTENSION_PREFIX)) continue;
    const name = key.slice(EXTENSION_PREFIX.length);
    if (key === EXT_KIND) result.kind = asKnownKind(raw);
    else if (key === EXT_SOURCE_ID && filled(raw)) result.sourceId = raw as string;
    else if (key === EXT_CODE && typeof raw === 'string') result.code = raw;
    else if (key === EXT_TITLE && filled(raw)) result.title = raw as string;
    // Values are checked again when written (checkFieldValue): a bad one is simply left out.
    else if (isExtensionField(name)) fields[name] = raw as FieldValue;
  }
  return result;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function importCase(text: string): ImportedMap {
  const json = parseJson(text);
  const kindOfItemType = itemTypeReader();
  const warnings: string[] = [];

  // ---- the package
  if (!isObject(json)) {
    throw new ImportError(`This is not a CASE CFPackage: expected a JSON object with a CFDocument, found ${json === null ? 'null' : Array.isArray(json) ? 'a list' : typeof json}.`);
  }
  const document = json.CFDocument;
  if (!isObject(document)) {
    const hint = 'identifier' in json && 'creator' in json ? ' It looks like a lone CFDocument: export the whole CFPackage instead.' : '';
    throw new ImportError(`This is not a CASE CFPackage: it has no CFDocument.${hint}`);
  }
  if (json.CFItems != null && !Array.isArray(json.CFItems)) throw new ImportError('CFItems must be a list of items.');
  if (json.CFAssociations != null && !Array.isArray(json.CFAssociations)) {
    throw new ImportError('CFAssociations must be a list of associations.');
  }
  const rawItems = (json.CFItems ?? []) as unknown[];
  const rawAssociations = (json.CFAssociations ?? []) as unknown[];
  // A framework with a CFDocument and nothing else yet (OpenSALT's EmptyExternalFramework) is a
  // qualification without a map: it imports as that.
  if (rawItems.length === 0) warnings.push('The CFPackage has no CFItems: the map holds its qualification only.');

  // ---- the document
  const documentId = filled(document.identifier);
  if (!documentId) throw new ImportError('The CFDocument has no identifier.');
  let title = filled(document.title);
  if (!title) {
    title = 'Untitled CASE framework';
    warnings.push(`The CFDocument has no title: the map is called "${title}".`);
  }

  // ---- items
  const items: Item[] = [];
  const byId = new Map<string, Item>();
  const byUri = new Map<string, Item | typeof DOCUMENT>();
  if (filled(document.uri)) byUri.set((document.uri as string).trim(), DOCUMENT);
  const untitled: string[] = [];
  rawItems.forEach((raw, index) => {
    if (!isObject(raw)) throw new ImportError(`CFItems[${index}] is not an object.`);
    const identifier = filled(raw.identifier);
    if (!identifier) throw new ImportError(`CFItems[${index}] has no identifier.`);
    if (normal(identifier) === normal(documentId)) throw new ImportError(`CFItem ${identifier} has the identifier of the CFDocument.`);
    if (byId.has(normal(identifier))) throw new ImportError(`Two CFItems have the identifier ${identifier}.`);
    const extensions = readExtensions(raw.extensions);
    const typeKind = kindOfItemType(raw.CFItemType);
    const item: Item = { index, identifier, json: raw, children: [] };
    if (extensions.kind) Object.assign(item, { declared: extensions.kind, declaredBy: 'qms:kind' });
    else if (typeKind) Object.assign(item, { declared: typeKind, declaredBy: `type "${raw.CFItemType as string}"` });
    if (!filled(raw.fullStatement)) untitled.push(identifier);
    items.push(item);
    byId.set(normal(identifier), item);
    if (filled(raw.uri) && !byUri.has((raw.uri as string).trim())) byUri.set((raw.uri as string).trim(), item);
  });
  if (untitled.length > 0) {
    warnings.push(
      `${plural(untitled.length, 'item has', 'items have')} no fullStatement; the abbreviatedStatement or the identifier became the title: ${untitled.slice(0, 5).join(', ')}${untitled.length > 5 ? ', …' : ''}.`,
    );
  }
  const describe = (item: Item) => (filled(item.json.humanCodingScheme) ? `${item.json.humanCodingScheme as string} (${item.identifier})` : item.identifier);

  /** An association's end: by identifier, else by URI; `label` names what was asked for. */
  const resolve = (link: unknown): { node?: Item | typeof DOCUMENT; label: string } => {
    const identifier = isObject(link) ? filled(link.identifier) : filled(link);
    const uri = isObject(link) ? filled(link.uri) : filled(link);
    if (identifier && normal(identifier) === normal(documentId)) return { node: DOCUMENT, label: identifier };
    const found = (identifier && byId.get(normal(identifier))) || (uri && byUri.get(uri.trim()));
    return found ? { node: found, label: identifier ?? uri! } : { label: identifier ?? uri ?? '(nothing)' };
  };

  // ---- associations: CFAssociationGroupings that mark our 1.0 covers
  const coversGroupings = new Set<string>();
  const definitions = json.CFDefinitions;
  const groupings = isObject(definitions) && Array.isArray(definitions.CFAssociationGroupings) ? definitions.CFAssociationGroupings : [];
  for (const grouping of groupings) {
    if (isObject(grouping) && grouping.title === COVERS_GROUPING_TITLE && filled(grouping.identifier)) coversGroupings.add(normal(grouping.identifier as string));
  }
  const inCoversGrouping = (association: Json) => {
    const link = association.CFAssociationGroupingURI;
    if (!isObject(link)) return false;
    return link.title === COVERS_GROUPING_TITLE || (filled(link.identifier) !== undefined && coversGroupings.has(normal(link.identifier as string)));
  };
  const groupingTitles = new Map<string, string>();
  for (const grouping of groupings) {
    if (isObject(grouping) && filled(grouping.identifier) && typeof grouping.title === 'string') groupingTitles.set(normal(grouping.identifier as string), grouping.title);
  }
  /** Every association the map keeps as it came, besides those that build it (associations.ts). */
  const kept: KeptAssociation<Item | typeof DOCUMENT>[] = [];
  const keep = (raw: Json, type: string, origin: { node?: Item | typeof DOCUMENT }, destination: { node?: Item | typeof DOCUMENT }, sequence = readSequence(raw.sequenceNumber)) => {
    const identifier = filled(raw.identifier);
    kept.push({
      type,
      origin: { ...(origin.node ? { node: origin.node } : {}), link: raw.originNodeURI },
      destination: { ...(destination.node ? { node: destination.node } : {}), link: raw.destinationNodeURI },
      ...(sequence === undefined ? {} : { sequenceNumber: sequence }),
      ...(identifier ? { identifier } : {}),
    });
  };

  const skipped = new Map<string, { count: number; reason?: string }>();
  const skip = (type: string, reason?: string) => {
    const entry = skipped.get(type) ?? { count: 0, ...(reason ? { reason } : {}) };
    entry.count++;
    skipped.set(type, entry);
  };
  const parents = new Map<Item, Array<{ parent: Item | typeof DOCUMENT; sequence?: number; index: number; raw: Json }>>();
  const pending: Array<{ role: 'partOf' | 'covers' | 'matches' | 'requires'; type: string; origin?: Item; destination?: Item; raw: Json }> = [];

  rawAssociations.forEach((raw, index) => {
    if (!isObject(raw)) return skip('(malformed)', 'they are not objects');
    const id = filled(raw.identifier) ?? `CFAssociations[${index}]`;
    const written = typeof raw.associationType === 'string' ? raw.associationType.trim() : '';
    // A type CASE 1.0 has no name for travels there as isRelatedTo in a grouping named after it.
    const type = (written.toLowerCase() === 'isrelatedto' && !inCoversGrouping(raw) && typeFromGrouping(raw.CFAssociationGroupingURI, groupingTitles)) || written;
    const lower = type.toLowerCase();
    const role =
      lower === 'ischildof'
        ? 'childOf'
        : lower === 'ispartof'
          ? 'partOf'
          : lower === COVERS_TYPE_1_1 || (lower === 'isrelatedto' && inCoversGrouping(raw))
            ? 'covers'
            : lower === 'exactmatchof'
              ? 'matches'
              : lower === 'precedes'
                ? 'requires'
                : undefined;
    const origin = resolve(raw.originNodeURI);
    const destination = resolve(raw.destinationNodeURI);
    if (!role) return type ? keep(raw, type, origin, destination) : skip('(untyped)');
    // A match or a precedes may point outside the package (precedes builds a prerequisite only between two units).
    if ((role === 'matches' || role === 'requires') && (!origin.node || !destination.node || origin.node === DOCUMENT || destination.node === DOCUMENT)) return keep(raw, type, origin, destination);
    if (role !== 'matches' && role !== 'requires') {
      // These build the map: dropping one silently would reshape it. (exactMatchOf, like the
      // types we skip, routinely points into other frameworks.)
      for (const end of [origin, destination]) {
        if (!end.node) {
          throw new ImportError(`Association ${id} (${type}) points to ${end.label}, which is neither an item nor the CFDocument of this package.`);
        }
      }
    }
    if (role === 'childOf') {
      if (origin.node === DOCUMENT) return keep(raw, type, origin, destination);
      const child = origin.node as Item;
      if (destination.node === child) throw new ImportError(`isChildOf associations form a cycle: ${describe(child)} is its own parent (association ${id}).`);
      const sequence = readSequence(raw.sequenceNumber);
      const entry: { parent: Item | typeof DOCUMENT; sequence?: number; index: number; raw: Json } = { parent: destination.node!, index, raw, ...(sequence === undefined ? {} : { sequence }) };
      const list = parents.get(child);
      if (list) list.push(entry);
      else parents.set(child, [entry]);
      return;
    }
    const ends = {
      ...(origin.node && origin.node !== DOCUMENT ? { origin: origin.node } : {}),
      ...(destination.node && destination.node !== DOCUMENT ? { destination: destination.node } : {}),
    };
    pending.push({ role, type, raw, ...ends });
  });

  // ---- the tree: one parent each (the first by sequence number, then file order)
  for (const [child, candidates] of parents) {
    const sorted = [...candidates].sort((a, b) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity) || a.index - b.index);
    const first = sorted[0]!;
    child.parent = first.parent;
    if (first.sequence !== undefined) child.sequence = first.sequence;
    const others = new Set(sorted.map((c) => c.parent));
    if (others.size > 1) {
      const name = (p: Item | typeof DOCUMENT) => (p === DOCUMENT ? `the CFDocument (${documentId})` : describe(p));
      warnings.push(`${describe(child)} has ${others.size} isChildOf parents: it was placed under ${name(first.parent)}; the others are kept as associations.`);
    }
    // The other parents stay as isChildOf associations (drawn as light links), so the export writes them again.
    for (const other of sorted.slice(1)) {
      if (other.parent !== first.parent) keep(other.raw, 'isChildOf', { node: child }, { node: other.parent }, other.sequence);
    }
  }
  // A cycle would leave part of the tree hanging from nothing: refuse it, naming its members.
  const settled = new Set<Item>();
  for (const item of items) {
    const path: Item[] = [];
    const onPath = new Set<Item>();
    let current: Item | typeof DOCUMENT | undefined = item;
    while (current && current !== DOCUMENT && !settled.has(current)) {
      if (onPath.has(current)) {
        const cycle = path.slice(path.indexOf(current));
        throw new ImportError(`isChildOf associations form a cycle: ${[...cycle, cycle[0]!].map(describe).join(' → ')}.`);
      }
      path.push(current);
      onPath.add(current);
      current = current.parent;
    }
    for (const member of path) settled.add(member);
  }
  for (const item of items) if (item.parent && item.parent !== DOCUMENT) item.parent.children.push(item);
  const orphans = items.filter((item) => !item.parent);
  if (orphans.length > 0) {
    warnings.push(`${plural(orphans.length, 'item has', 'items have')} no isChildOf association and ${orphans.length === 1 ? 'was' : 'were'} imported without a parent.`);
  }

  // ---- kinds, from the root down: the declared kind where it fits, else the item's place.
  // Every choice below yields a childOf pair that edgeAllowed accepts, whatever the depth:
  // non-leaves under the root are key functions, deeper non-leaves main functions (which may
  // nest), leaves work actions (allowed under any function or the qualification).
  const fits = (item: Item, declared: string, parent: string): boolean => {
    const leaf = item.children.length === 0;
    // A work action is a leaf of the functional map: only items declared as kinds that may sit
    // under it (kinds.ts) may hang from it.
    const onlyChildrenOf = (kind: string) => item.children.every((c) => c.declared !== undefined && edgeAllowed('childOf', c.declared, kind));
    switch (declared) {
      case 'qualification':
        return parent === 'root';
      case 'unit':
        // Outcomes may hang from their unit (read as partOf); nothing else can. A unit hangs from
        // the document or from its unit group (read as partOf too).
        return (parent === 'root' || edgeAllowed('partOf', declared, parent)) && item.children.every((c) => c.declared !== undefined && edgeAllowed('partOf', c.declared, declared) && c.children.length === 0);
      case 'unitGroup':
        // Units hang from their group; the group from the document.
        return parent === 'root' && item.children.every((c) => c.declared !== undefined && edgeAllowed('partOf', c.declared, declared));
      case 'learningOutcome':
        return leaf && (parent === 'root' || edgeAllowed('partOf', declared, parent));
      default:
        return edgeAllowed('childOf', declared, parent === 'root' ? 'qualification' : parent) && (declared !== 'workAction' || onlyChildrenOf(declared));
    }
  };
  const overridden = new Map<string, number>();
  const queue = items.filter((item) => item.parent === DOCUMENT || !item.parent);
  for (let i = 0; i < queue.length; i++) {
    const item = queue[i]!;
    const parent: string = item.parent && item.parent !== DOCUMENT ? item.parent.kind! : 'root';
    if (item.declared && fits(item, item.declared, parent)) item.kind = item.declared;
    else {
      item.kind = item.children.length === 0 ? 'workAction' : parent === 'root' || parent === 'qualification' ? 'keyFunction' : 'mainFunction';
      if (item.declared) {
        const key = `${item.declaredBy} → ${item.kind}`;
        overridden.set(key, (overridden.get(key) ?? 0) + 1);
      }
    }
    for (const child of item.children) queue.push(child);
  }
  for (const [key, count] of overridden) {
    const [by, kind] = key.split(' → ') as [string, string];
    const one = count === 1;
    warnings.push(`${plural(count, 'item', 'items')} of ${by} ${one ? 'was' : 'were'} imported as ${kindName(kind, one)} to fit ${one ? 'its' : 'their'} place in the tree.`);
  }

  // ---- nodes
  const docExtensions = readExtensions(document.extensions);
  const rootFields: Partial<Record<FieldName, FieldValue>> = {
    sourceId: docExtensions.sourceId ?? documentId,
    sourceType: DOCUMENT_SOURCE_TYPE,
  };
  if (filled(document.description)) rootFields.keyPurpose = document.description as string;
  const status = typeof document.adoptionStatus === 'string' ? ADOPTION_STATUS[document.adoptionStatus.trim().toLowerCase()] : undefined;
  if (status) rootFields.status = status;
  Object.assign(rootFields, docExtensions.fields);
  const rootKey = documentId;
  const nodes: ImportedNode[] = [{ key: rootKey, kind: 'qualification', code: docExtensions.code ?? '', title: docExtensions.title ?? title, fields: rootFields }];
  for (const item of items) {
    const extensions = readExtensions(item.json.extensions);
    const fields: Partial<Record<FieldName, FieldValue>> = { sourceId: extensions.sourceId ?? item.identifier };
    if (filled(item.json.CFItemType)) fields.sourceType = item.json.CFItemType as string;
    if (item.sequence !== undefined && item.sequence >= FIELDS.sequence.min && item.sequence <= FIELDS.sequence.max) fields.sequence = item.sequence;
    Object.assign(fields, extensions.fields);
    const statement = filled(item.json.fullStatement) ?? filled(item.json.abbreviatedStatement) ?? item.identifier;
    const code = typeof item.json.humanCodingScheme === 'string' ? item.json.humanCodingScheme : '';
    nodes.push({ key: item.identifier, kind: item.kind!, code, title: statement, fields });
  }

  // ---- edges
  const edges: ImportedEdge[] = [];
  const edgeKeys = new Set<string>();
  const link = (kind: EdgeKind, source: string, target: string) => {
    const key = `${kind} ${source} ${target}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push({ kind, source, target });
  };
  const unitOf = new Map<Item, Item>();
  for (const item of items) {
    // Kinds of the tree below its top hang from their parent; an outcome under a unit is part of it.
    if (kindSpec(item.kind!)?.links.childOf) {
      if (item.parent === DOCUMENT) link('childOf', item.identifier, rootKey);
      else if (item.parent) link('childOf', item.identifier, item.parent.identifier);
    } else if (item.parent && item.parent !== DOCUMENT && edgeAllowed('partOf', item.kind!, item.parent.kind!)) {
      unitOf.set(item, item.parent);
      link('partOf', item.identifier, item.parent.identifier);
    }
  }
  const asKept = (raw: Json, type: string, origin?: Item, destination?: Item) =>
    keep(raw, type, { node: origin ?? DOCUMENT }, { node: destination ?? DOCUMENT });
  for (const { role, type, origin, destination, raw } of pending) {
    if (role === 'partOf') {
      if (!origin || !destination || !edgeAllowed('partOf', origin.kind!, destination.kind!)) {
        asKept(raw, type, origin, destination);
        continue;
      }
      const unit = unitOf.get(origin);
      if (unit && unit !== destination) {
        warnings.push(`${describe(origin)} is part of more than one unit: it was placed in ${describe(unit)}; the other is kept as an association.`);
        asKept(raw, type, origin, destination);
        continue;
      }
      unitOf.set(origin, destination);
      link('partOf', origin.identifier, destination.identifier);
    } else if (role === 'covers') {
      if (!origin || !destination || !edgeAllowed('covers', origin.kind!, destination.kind!)) {
        asKept(raw, type, origin, destination);
        continue;
      }
      link('covers', origin.identifier, destination.identifier);
    } else if (role === 'requires') {
      // "A precedes B": B requires A.
      if (!origin || !destination || !edgeAllowed('requires', destination.kind!, origin.kind!)) {
        asKept(raw, type, origin, destination);
        continue;
      }
      link('requires', destination.identifier, origin.identifier);
    } else {
      if (!origin || !destination || !edgeAllowed('matches', origin.kind!, destination.kind!)) {
        asKept(raw, type, origin, destination);
        continue;
      }
      link('matches', origin.identifier, destination.identifier);
    }
  }
  // ---- what the map keeps as it came: links between its nodes, and each node's to items outside
  const keyOf = (node: Item | typeof DOCUMENT) => (node === DOCUMENT ? rootKey : node.identifier);
  const outcome = keptAssociations(kept, keyOf);
  for (const [type, reason] of outcome.skipped) skip(type, reason);
  const external = outcome.external;
  for (const node of nodes) {
    const list: ExternalAssociation[] | undefined = external.get(node.key);
    if (list) node.externalAssociations = list;
  }
  const associations: ImportedAssociation[] = outcome.internal;
  for (const [type, { count, reason }] of skipped) {
    warnings.push(`${plural(count, `${type} association was`, `${type} associations were`)} not imported${reason ? ` (${reason})` : ''}.`);
  }

  const language = filled(document.language) ?? items.map((item) => filled(item.json.language)).find((l) => l !== undefined);
  return { title, ...(language ? { language: language.trim() } : {}), nodes, edges, ...(associations.length > 0 ? { associations } : {}), warnings };
}
