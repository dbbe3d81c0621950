import { FIELDS, compareCodes, type MapEdge, type MapNode, type MapSnapshot } from '@qms/model';
import { COLUMNS, type Column } from './columns.js';

/** A cell as the exporters write it: numbers and booleans stay typed (Excel shows them as such). */
export type CellValue = string | number | boolean | undefined;

/** Items of a list field inside one cell: one per line. */
export const LIST_SEPARATOR = '\n';
/** Between the codes of the Covers and Matches columns. */
export const REFERENCE_SEPARATOR = '; ';

const TREE_ORDER: Record<string, number> = { qualification: 0, keyFunction: 1, mainFunction: 2, workAction: 3, learningOutcome: 4, unit: 5 };

const byCode = (a: MapNode, b: MapNode) =>
  compareCodes(a.code, b.code) || (a.sequence ?? 0) - (b.sequence ?? 0) || a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The nodes in the order a reader expects: the functional map depth first (each qualification,
 * then its key functions, each with its subtree, siblings by code), then the units each followed by
 * its outcomes, then everything else (outcomes in no unit, functions outside the tree…) by kind and
 * code.
 */
export function orderNodes(snapshot: MapSnapshot): MapNode[] {
  const byId = new Map(snapshot.nodes.map((n) => [n.id, n]));
  const edges = [...snapshot.edges].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const parentOf = firstTargets(edges, 'childOf', byId);
  const unitOf = firstTargets(edges, 'partOf', byId);
  const children = new Map<string, MapNode[]>();
  for (const [child, parent] of parentOf) {
    const list = children.get(parent);
    if (list) list.push(byId.get(child)!);
    else children.set(parent, [byId.get(child)!]);
  }

  const ordered: MapNode[] = [];
  const placed = new Set<string>();
  const visit = (node: MapNode) => {
    if (placed.has(node.id)) return;
    placed.add(node.id);
    ordered.push(node);
    for (const child of [...(children.get(node.id) ?? [])].sort(byCode)) visit(child);
  };
  const roots = snapshot.nodes
    .filter((n) => n.kind in TREE_ORDER && TREE_ORDER[n.kind]! <= 3 && !parentOf.has(n.id))
    .sort((a, b) => TREE_ORDER[a.kind]! - TREE_ORDER[b.kind]! || byCode(a, b));
  for (const root of roots) visit(root);

  const outcomesOf = new Map<string, MapNode[]>();
  for (const [outcome, unit] of unitOf) {
    const list = outcomesOf.get(unit);
    if (list) list.push(byId.get(outcome)!);
    else outcomesOf.set(unit, [byId.get(outcome)!]);
  }
  for (const unit of snapshot.nodes.filter((n) => n.kind === 'unit').sort(byCode)) {
    if (placed.has(unit.id)) continue;
    placed.add(unit.id);
    ordered.push(unit);
    for (const outcome of [...(outcomesOf.get(unit.id) ?? [])].sort(byCode)) {
      if (placed.has(outcome.id)) continue;
      placed.add(outcome.id);
      ordered.push(outcome);
    }
  }
  const rest = snapshot.nodes
    .filter((n) => !placed.has(n.id))
    .sort((a, b) => (TREE_ORDER[a.kind] ?? 9) - (TREE_ORDER[b.kind] ?? 9) || a.kind.localeCompare(b.kind) || byCode(a, b));
  // A cycle of main functions (which the editor refuses, but a document could hold) still lands here.
  for (const node of rest) visit(node);
  return ordered;
}

/** Each source's first link of this kind (by edge id): a node has one parent and one unit. */
function firstTargets(edges: readonly MapEdge[], kind: string, byId: Map<string, MapNode>): Map<string, string> {
  const result = new Map<string, string>();
  for (const edge of edges) {
    if (edge.kind === kind && byId.has(edge.source) && byId.has(edge.target) && !result.has(edge.source)) result.set(edge.source, edge.target);
  }
  return result;
}

export interface SpreadsheetTable {
  columns: readonly Column[];
  /** One entry per node, in `orderNodes` order: column key → value. */
  rows: Array<Record<string, CellValue>>;
}

/**
 * The map as the spreadsheet's rows. References (parent, unit, covers, matches) name a node by its
 * code when that code is set and unique in the map, and by its id otherwise, so that a teacher
 * reads "WA 3" and the importer always finds the right row.
 */
export function spreadsheetTable(snapshot: MapSnapshot): SpreadsheetTable {
  const nodes = orderNodes(snapshot);
  const byId = new Map(snapshot.nodes.map((n) => [n.id, n]));
  const codeCount = new Map<string, number>();
  for (const node of snapshot.nodes) if (node.code) codeCount.set(node.code, (codeCount.get(node.code) ?? 0) + 1);
  // A code that is some other node's id would be read as that id: name such nodes by id too.
  const reference = (id: string): string => {
    const node = byId.get(id)!;
    return node.code && codeCount.get(node.code) === 1 && !byId.has(node.code) ? node.code : node.id;
  };
  const edges = [...snapshot.edges].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const parentOf = firstTargets(edges, 'childOf', byId);
  const unitOf = firstTargets(edges, 'partOf', byId);
  // Each node's links by kind, found once (filtering every link for every row grows with the square).
  const linksFrom = new Map<string, MapEdge[]>();
  for (const edge of edges) {
    const key = `${edge.kind}\u0000${edge.source}`;
    const list = linksFrom.get(key);
    if (list) list.push(edge);
    else linksFrom.set(key, [edge]);
  }
  const targets = (source: string, kind: string): string | undefined => {
    const list = (linksFrom.get(`${kind}\u0000${source}`) ?? [])
      .filter((e) => byId.has(e.target))
      .map((e) => byId.get(e.target)!)
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
          row.parent = parentOf.has(node.id) ? reference(parentOf.get(node.id)!) : undefined;
          break;
        case 'unit':
          row.unit = unitOf.has(node.id) ? reference(unitOf.get(node.id)!) : undefined;
          break;
        case 'covers':
          row.covers = targets(node.id, 'covers');
          break;
        case 'matches':
          row.matches = targets(node.id, 'matches');
          break;
        default:
          row[column.key] = fieldCell(node, column);
      }
    }
    return row;
  });
  return { columns: COLUMNS, rows };
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
