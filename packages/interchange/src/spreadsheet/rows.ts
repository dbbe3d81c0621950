import { FIELDS, TranslationStatus, compareCodes, graphOf, holdsMembers, kindSpec, knownKinds, nodeTranslationStatus, translationStatus, type MapNode, type MapSnapshot } from '@qms/model';
import { COLUMNS, WRITTEN_STATUSES, translationColumns, translationStatusColumns, type Column, type TranslationColumn, type TranslationStatusColumn } from './columns.js';

/** A cell as the exporters write it: numbers and booleans stay typed (Excel shows them as such). */
export type CellValue = string | number | boolean | undefined;

/** Items of a list field inside one cell: one per line. */
export const LIST_SEPARATOR = '\n';
/** Between the codes of the Covers and Matches columns. */
export const REFERENCE_SEPARATOR = '; ';

/** A kind's place in the kind table (the order of the functional analysis); kinds it does not know after every known one. */
function kindOrder(kind: string): number {
  const at = knownKinds().indexOf(kind);
  return at < 0 ? Number.MAX_SAFE_INTEGER : at;
}

const byCode = (a: MapNode, b: MapNode) =>
  compareCodes(a.code, b.code) || (a.sequence ?? 0) - (b.sequence ?? 0) || a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The nodes in the order a reader expects: the functional map depth first (each qualification,
 * then its key functions, each with its subtree, siblings by code), then the units each followed by
 * its outcomes, then everything else (outcomes in no unit, functions outside the tree…) by kind and
 * code. Parents, units and children are the model's graph index (graph.ts).
 */
export function orderNodes(snapshot: MapSnapshot): MapNode[] {
  const graph = graphOf(snapshot);
  const ordered: MapNode[] = [];
  const placed = new Set<string>();
  const visit = (node: MapNode) => {
    if (placed.has(node.id)) return;
    placed.add(node.id);
    ordered.push(node);
    // A child is listed under its parent (its first, should it have two).
    const children = graph.childrenOf(node.id).filter((child) => graph.parentOf(child.id) === node);
    for (const child of children.sort(byCode)) visit(child);
  };
  const level = (node: MapNode) => kindSpec(node.kind)!.treeLevel!;
  const roots = graph.roots().sort((a, b) => level(a) - level(b) || kindOrder(a.kind) - kindOrder(b.kind) || byCode(a, b));
  for (const root of roots) visit(root);

  // The blocks (units), each followed by the nodes drawn in it.
  const blocks = snapshot.nodes.filter((n) => holdsMembers(n.kind)).sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || byCode(a, b));
  for (const block of blocks) {
    if (placed.has(block.id)) continue;
    placed.add(block.id);
    ordered.push(block);
    for (const member of [...graph.membersOf(block.id)].sort(byCode)) {
      if (placed.has(member.id)) continue;
      placed.add(member.id);
      ordered.push(member);
    }
  }
  const rest = snapshot.nodes
    .filter((n) => !placed.has(n.id))
    .sort((a, b) => kindOrder(a.kind) - kindOrder(b.kind) || a.kind.localeCompare(b.kind) || byCode(a, b));
  // A cycle of main functions (which the editor refuses, but a document could hold) still lands here.
  for (const node of rest) visit(node);
  return ordered;
}

/** Whether the spreadsheet has a row for the node: kinds the table marks `exported`, and kinds this version does not know (kept as they are). */
function inSpreadsheet(node: MapNode): boolean {
  return kindSpec(node.kind)?.exported ?? true;
}

export interface SpreadsheetTable {
  columns: readonly Column[];
  /** After the columns: one per translatable field and target language of the map, in meta.languages order. */
  translations: readonly TranslationColumn[];
  /** After the translations: one per target language, the fields whose translation is outdated or reviewed. */
  statuses: readonly TranslationStatusColumn[];
  /** One entry per node, in `orderNodes` order: column key → value. */
  rows: Array<Record<string, CellValue>>;
}

/**
 * The map as the spreadsheet's rows. References (parent, unit, covers, matches, requires) name a node by its
 * code when that code is set and unique in the map, and by its id otherwise, so that a teacher
 * reads "WA 3" and the importer always finds the right row.
 */
export function spreadsheetTable(snapshot: MapSnapshot): SpreadsheetTable {
  const graph = graphOf(snapshot);
  const nodes = orderNodes(snapshot).filter(inSpreadsheet);
  const targetLanguages = (snapshot.meta.languages ?? []).filter((tag) => tag !== snapshot.meta.language);
  const translations = translationColumns(targetLanguages);
  const statuses = translationStatusColumns(targetLanguages);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const codeCount = new Map<string, number>();
  for (const node of nodes) if (node.code) codeCount.set(node.code, (codeCount.get(node.code) ?? 0) + 1);
  // A code that is some other node's id would be read as that id: name such nodes by id too.
  const reference = (id: string): string => {
    const node = byId.get(id)!;
    return node.code && codeCount.get(node.code) === 1 && !byId.has(node.code) ? node.code : node.id;
  };
  /** A link to a node that has a row; nothing otherwise. */
  const referenceTo = (node: MapNode | undefined): string | undefined => (node && byId.has(node.id) ? reference(node.id) : undefined);
  const targets = (source: string, kind: 'covers' | 'matches' | 'requires'): string | undefined => {
    const list = graph
      .targets(kind, source)
      .filter((n) => byId.has(n.id))
      .sort(byCode)
      .map((n) => reference(n.id));
    const unique = [...new Set(list)];
    return unique.length > 0 ? unique.join(REFERENCE_SEPARATOR) : undefined;
  };

  const rows = nodes.map((node) => {
    const row: Record<string, CellValue> = {};
    for (const column of COLUMNS) {
      switch (column.key) {
        case 'id':
          row.id = node.id;
          break;
        case 'kind':
          row.kind = node.kind;
          break;
        case 'parent':
          row.parent = referenceTo(graph.parentOf(node.id));
          break;
        case 'unit':
          // An outcome's unit; a unit's group (a card, not a block: partOf all the same).
          row.unit = referenceTo(graph.unitOf(node.id) ?? graph.targets('partOf', node.id)[0]);
          break;
        case 'covers':
          row.covers = targets(node.id, 'covers');
          break;
        case 'matches':
          row.matches = targets(node.id, 'matches');
          break;
        case 'requires':
          row.requires = targets(node.id, 'requires');
          break;
        default:
          row[column.key] = fieldCell(node, column);
      }
    }
    for (const column of translations) row[column.key] = translationCell(node, column);
    for (const column of statuses) row[column.key] = statusCell(node, column.language);
    return row;
  });
  return { columns: COLUMNS, translations, statuses, rows };
}

/** "title: outdated; assessmentCriteria: reviewed": the fields whose translation is not simply current. */
function statusCell(node: MapNode, language: string): CellValue {
  const written = Object.entries(nodeTranslationStatus(node, language)).filter(([, status]) => (WRITTEN_STATUSES as readonly string[]).includes(status));
  return written.length > 0 ? written.map(([field, status]) => `${field}: ${status}`).join('; ') : undefined;
}

/** A field's translation as written (outdated too: the status column says so), nothing when missing. */
function translationCell(node: MapNode, column: TranslationColumn): CellValue {
  const status = translationStatus(node, column.language, column.field);
  if (status === null || status === TranslationStatus.Missing) return undefined;
  const value = node.translations?.[column.language]?.[column.field]?.value;
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.join(LIST_SEPARATOR);
}

function fieldCell(node: MapNode, column: Column): CellValue {
  const field = column.field!;
  const value = (node as unknown as Record<string, unknown>)[field];
  if (value === undefined || value === null) return undefined;
  if (FIELDS[field].type === 'list') {
    const items = value as readonly string[];
    return items.length > 0 ? items.join(LIST_SEPARATOR) : undefined;
  }
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}
