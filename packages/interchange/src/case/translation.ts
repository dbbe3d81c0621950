import { addTargetLanguage, canonicalLanguage, checkFieldValue, setTranslation, targetLanguages, type MapSnapshot } from '@qms/model';
import type * as Y from 'yjs';
import type { ExportContext } from '../format.js';
import { ImportError } from '../imported.js';
import { sourcePackageIdentifiers } from './export.js';
import { parseJson } from './import.js';
import { TRANSLATION_GROUPING_TITLE, TRANSLATION_TYPE_1_1 } from './shared.js';

/**
 * A CASE package in another language read as a translation of an existing map: which node's
 * title (and the qualification's key purpose) it translates, into which language. Nothing is
 * written here; the caller adds the language and the translations to the map.
 *
 * An item is matched to a node by its `isTranslationOf` association (CASE 1.0: isRelatedTo in the
 * `qms:isTranslationOf` grouping) to the identifier the map's own package gives that node (what
 * our translated packages carry), else by its human coding scheme when exactly one node has that
 * code (a package a partner made from a copy). An item whose `language` is not the package's is
 * an untranslated copy of the source and is left out, as is a statement equal to the source's.
 */
export interface CaseTranslation {
  readonly language: string;
  readonly fields: ReadonlyArray<{ readonly nodeId: string; readonly field: 'title' | 'keyPurpose'; readonly value: string }>;
  readonly warnings: readonly string[];
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);
const primary = (tag: string) => tag.split('-')[0]!.toLowerCase();
const identifierOf = (link: unknown): string | undefined => (isObject(link) ? text(link.identifier)?.trim().toLowerCase() : undefined);

export function caseTranslation(input: string, snapshot: MapSnapshot, context: ExportContext): CaseTranslation {
  const json = parseJson(input);
  if (!isObject(json) || !isObject(json.CFDocument)) throw new ImportError('Expected a CASE CFPackage: an object with a CFDocument.');
  const document = json.CFDocument;
  if (text(document.language) === undefined) throw new ImportError('The CFDocument has no language: a translation needs one (CFDocument.language, e.g. "ru").');
  const tag = canonicalLanguage(document.language);
  if (!tag.ok) throw new ImportError(`CFDocument.language: ${tag.message}`);
  const language = tag.value;
  if (language === snapshot.meta.language) {
    throw new ImportError(`The package is in ${language}, the map's own language: import it as a new map instead.`);
  }

  // The map's own identifiers (both versions: an imported node's may differ) → node, or null for the document.
  const nodeOfIdentifier = new Map<string, string | null>();
  let rootId: string | undefined;
  for (const version of ['1.1', '1.0'] as const) {
    const own = sourcePackageIdentifiers(snapshot, context, version);
    rootId = own.rootId;
    for (const [key, identifier] of own.identifiers) if (!nodeOfIdentifier.has(identifier.toLowerCase())) nodeOfIdentifier.set(identifier.toLowerCase(), key);
  }
  const nodes = new Map(snapshot.nodes.map((node) => [node.id, node]));
  const byCode = new Map<string, string | null>();
  for (const node of snapshot.nodes) if (node.code) byCode.set(node.code, byCode.has(node.code) ? null : node.id);

  const groupings = new Set(
    (isObject(json.CFDefinitions) && Array.isArray(json.CFDefinitions.CFAssociationGroupings) ? json.CFDefinitions.CFAssociationGroupings : [])
      .filter((g): g is Obj => isObject(g) && g.title === TRANSLATION_GROUPING_TITLE)
      .map((g) => identifierOf(g)),
  );
  const translationOf = new Map<string, string | null>(); // package identifier → node id (null: the document's root)
  for (const association of Array.isArray(json.CFAssociations) ? json.CFAssociations : []) {
    if (!isObject(association)) continue;
    const type = text(association.associationType)?.trim().toLowerCase();
    const grouping = association.CFAssociationGroupingURI;
    const isTranslation =
      type === TRANSLATION_TYPE_1_1.toLowerCase() ||
      (type === 'isrelatedto' && isObject(grouping) && (grouping.title === TRANSLATION_GROUPING_TITLE || groupings.has(identifierOf(grouping))));
    if (!isTranslation) continue;
    const origin = identifierOf(association.originNodeURI);
    const destination = identifierOf(association.destinationNodeURI);
    if (origin && destination && nodeOfIdentifier.has(destination)) translationOf.set(origin, nodeOfIdentifier.get(destination)!);
  }

  const fields: Array<{ nodeId: string; field: 'title' | 'keyPurpose'; value: string }> = [];
  const taken = new Set<string>();
  let unmatched = 0;
  let untranslated = 0;
  for (const item of Array.isArray(json.CFItems) ? json.CFItems : []) {
    if (!isObject(item)) continue;
    const identifier = identifierOf(item);
    const linked = identifier === undefined ? undefined : translationOf.get(identifier);
    const code = text(item.humanCodingScheme)?.trim();
    const nodeId = linked ?? (code ? (byCode.get(code) ?? undefined) : undefined);
    const node = nodeId ? nodes.get(nodeId) : undefined;
    const statement = text(item.fullStatement);
    if (!node || !statement || taken.has(node.id)) {
      unmatched++;
      continue;
    }
    const itemLanguage = text(item.language) ? canonicalLanguage(item.language) : null;
    // "ru" items in an "ru-RU" package are in its language; "en" ones are the source's, untranslated.
    if ((itemLanguage && (!itemLanguage.ok || primary(itemLanguage.value) !== primary(language))) || statement.trim() === node.title.trim()) {
      untranslated++;
      continue;
    }
    taken.add(node.id);
    fields.push({ nodeId: node.id, field: 'title', value: statement });
  }
  // The document stands for the root qualification: its title and description, where they are not
  // the source's, once the package is known to be this map's (a document link or a matched item).
  const root = rootId ? nodes.get(rootId) : undefined;
  const documentLinked = [...translationOf.values()].includes(null);
  if (root && !taken.has(root.id) && (documentLinked || fields.length > 0)) {
    const title = text(document.title);
    if (title && title.trim() !== root.title.trim() && title.trim() !== snapshot.meta.title.trim()) fields.push({ nodeId: root.id, field: 'title', value: title });
    const description = text(document.description);
    if (description && description.trim() !== (root.keyPurpose ?? '').trim()) fields.push({ nodeId: root.id, field: 'keyPurpose', value: description });
  }
  if (fields.length === 0) throw new ImportError(`No item of the package matches a node of this map (by isTranslationOf or by code): nothing to add as its ${language} translation.`);
  const warnings: string[] = [];
  if (unmatched > 0) warnings.push(`${unmatched} item${unmatched === 1 ? '' : 's'} of the package match no node of this map and were left out.`);
  if (untranslated > 0) warnings.push(`${untranslated} item${untranslated === 1 ? ' is' : 's are'} not translated (in the source language) and were left out.`);
  return { language, fields, warnings };
}

/**
 * Adds a package's translation to the map's document: its language as a target language (when
 * it is not one yet) and each translated field, in one transaction. Every value is checked first,
 * so a refusal changes nothing.
 */
export function addCaseTranslation(doc: Y.Doc, translation: CaseTranslation, origin?: unknown): void {
  for (const { field, value, nodeId } of translation.fields) {
    const check = checkFieldValue(field, value);
    if (!check.ok) throw new ImportError(`${check.message} (node ${nodeId})`);
  }
  doc.transact(() => {
    if (!targetLanguages(doc).includes(translation.language)) {
      const added = addTargetLanguage(doc, translation.language, origin);
      if (!added.ok) throw new ImportError(added.message);
    }
    for (const { nodeId, field, value } of translation.fields) {
      const written = setTranslation(doc, nodeId, translation.language, field, value, origin);
      if (!written.ok) throw new ImportError(written.message);
    }
  }, origin);
}
