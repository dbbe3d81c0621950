import { checkFieldValue, type FieldName, type FieldValue, type NodeKind } from '@qms/model';
import { ImportError, type ImportedEdge, type ImportedMap, type ImportedNode } from '../imported.js';
import { normalise } from './columns.js';
import { isEmptyCell, stemOf, type TableRow } from './read.js';
import type { SpreadsheetImportOptions } from './options.js';

/**
 * OpenSALT's spreadsheet layout of a CASE framework (its "import a spreadsheet" format: one row
 * per CFItem, association columns):
 *
 *   "Identifier","fullStatement","Human Coding Scheme","sequenceNumber","Abbreviated Statement",
 *   "ConceptKeywords","Notes","Is Child Of","IsPartOf","replacedBy","Exemplar","hasSkillLevel","IsRelatedTo"
 *
 * "Is Child Of" names the parent by its Human Coding Scheme (an Identifier is accepted too); an
 * empty one makes a top-level item. CASE items have no kind of this app, so kinds come from the
 * place in the tree: top-level items become key functions, leaves work actions, the items between
 * main functions; a new qualification, titled from the options or the file name, holds the top.
 * Identifier is kept in `sourceId`, sequenceNumber in `sequence` (and orders siblings).
 */
const SUPPORTED = {
  identifier: 'identifier',
  fullstatement: 'fullStatement',
  humancodingscheme: 'humanCodingScheme',
  sequencenumber: 'sequenceNumber',
  ischildof: 'isChildOf',
} as const;
type Supported = (typeof SUPPORTED)[keyof typeof SUPPORTED];

/** Our reading of the layout: a fullStatement column and an Identifier or Is Child Of one. */
export function isOpenSaltHeader(headers: readonly string[]): boolean {
  const names = new Set(headers.map(normalise));
  return names.has('fullstatement') && (names.has('identifier') || names.has('ischildof') || names.has('humancodingscheme'));
}

interface Item {
  row: TableRow;
  key: string;
  identifier?: string;
  code: string;
  title: string;
  sequence?: number;
  parentRef?: string;
  parent?: Item;
  children: Item[];
}

export function importOpenSalt(headers: string[], headerRow: number, body: TableRow[], readWarnings: string[], options: SpreadsheetImportOptions): ImportedMap {
  const warnings = [...readWarnings];
  const at = new Map<Supported, number>();
  const unsupported = new Map<number, string>();
  headers.forEach((text, index) => {
    if (!text) return;
    const known = SUPPORTED[normalise(text) as keyof typeof SUPPORTED];
    if (known && !at.has(known)) at.set(known, index);
    else unsupported.set(index, text);
  });
  if (body.length === 0) throw new ImportError('The file has a header but no rows below it.');
  const where = (row: TableRow, column: Supported) => `Row ${row.number}, column "${headers[at.get(column)!] ?? column}"`;

  const items: Item[] = [];
  const byIdentifier = new Map<string, Item>();
  const unsupportedCounts = new Map<string, number>();
  for (const row of body) {
    const text = (column: Supported): string | undefined => {
      const index = at.get(column);
      const cell = index === undefined ? undefined : row.cells[index];
      return isEmptyCell(cell) ? undefined : String(cell).trim();
    };
    const check = (field: FieldName, column: Supported, value: unknown): FieldValue => {
      const result = checkFieldValue(field, value);
      if (!result.ok) throw new ImportError(result.message, where(row, column));
      return result.value;
    };
    const identifier = text('identifier');
    const code = (check('code', 'humanCodingScheme', text('humanCodingScheme')) as string | undefined) ?? '';
    const title = (check('title', 'fullStatement', text('fullStatement')) as string | undefined) ?? '';
    if (!code && !title) throw new ImportError('the row has neither a fullStatement nor a Human Coding Scheme.', `Row ${row.number}`);
    if (identifier) check('sourceId', 'identifier', identifier);
    const sequence = check('sequence', 'sequenceNumber', text('sequenceNumber')) as number | undefined;
    const item: Item = {
      row,
      key: identifier ?? `row ${row.number}`,
      ...(identifier ? { identifier } : {}),
      code,
      title,
      ...(sequence !== undefined ? { sequence } : {}),
      ...(text('isChildOf') ? { parentRef: text('isChildOf')! } : {}),
      children: [],
    };
    if (identifier) {
      const other = byIdentifier.get(identifier);
      if (other) throw new ImportError(`the Identifier "${identifier}" is already used on row ${other.row.number}.`, where(row, 'identifier'));
      byIdentifier.set(identifier, item);
    }
    items.push(item);
    for (const [index, name] of unsupported) {
      if (!isEmptyCell(row.cells[index])) unsupportedCounts.set(name, (unsupportedCounts.get(name) ?? 0) + 1);
    }
  }
  // Made-up keys must not take an identifier.
  for (const item of items) {
    if (item.identifier) continue;
    while (byIdentifier.has(item.key)) item.key = `${item.key}'`;
    byIdentifier.set(item.key, item);
  }

  const byCode = new Map<string, Item[]>();
  for (const item of items) {
    if (!item.code) continue;
    const list = byCode.get(item.code);
    if (list) list.push(item);
    else byCode.set(item.code, [item]);
  }
  for (const item of items) {
    if (!item.parentRef) continue;
    const ref = item.parentRef;
    const sameCode = byCode.get(ref) ?? [];
    if (sameCode.length > 1) {
      throw new ImportError(`rows ${sameCode.map((i) => i.row.number).join(', ')} all have the Human Coding Scheme "${ref}".`, where(item.row, 'isChildOf'));
    }
    const parent = sameCode[0] ?? (byIdentifier.get(ref)?.identifier === ref ? byIdentifier.get(ref) : undefined);
    if (!parent) throw new ImportError(`no item has the Human Coding Scheme or Identifier "${ref}".`, where(item.row, 'isChildOf'));
    if (parent === item) throw new ImportError('an item cannot be its own parent.', where(item.row, 'isChildOf'));
    item.parent = parent;
    parent.children.push(item);
  }
  // A cycle has no top: walk up from every item, stopping at items already known to reach one.
  const settled = new Set<Item>();
  for (const item of items) {
    const seen: Item[] = [];
    const onPath = new Set<Item>();
    for (let current: Item | undefined = item; current && !settled.has(current); current = current.parent) {
      if (onPath.has(current)) {
        const cycle = seen.slice(seen.indexOf(current));
        throw new ImportError(
          `the parents go round in a circle: rows ${cycle.map((i) => i.row.number).join(' → ')} → ${current.row.number}.`,
          where(cycle[0]!.row, 'isChildOf'),
        );
      }
      seen.push(current);
      onPath.add(current);
    }
    for (const member of seen) settled.add(member);
  }

  const title = options.title?.trim() || stemOf(options.fileName) || 'Imported framework';
  let rootKey = 'qualification';
  while (byIdentifier.has(rootKey)) rootKey = `${rootKey}'`;
  const nodes: ImportedNode[] = [{ key: rootKey, kind: 'qualification', code: '', title }];
  const edges: ImportedEdge[] = [];
  const bySequence = (a: Item, b: Item) => (a.sequence ?? Infinity) - (b.sequence ?? Infinity) || a.row.number - b.row.number;
  // Depth first, parents before children, siblings in sequence order; with a stack of its own
  // rather than recursion, so that a chain thousands of items deep cannot overflow the call stack.
  const stack: Array<{ item: Item; parentKey: string }> = items
    .filter((i) => !i.parent)
    .sort(bySequence)
    .reverse()
    .map((item) => ({ item, parentKey: rootKey }));
  while (stack.length > 0) {
    const { item, parentKey } = stack.pop()!;
    const kind: NodeKind = !item.parent ? 'keyFunction' : item.children.length === 0 ? 'workAction' : 'mainFunction';
    const fields: Partial<Record<FieldName, FieldValue>> = {};
    if (item.identifier) fields.sourceId = item.identifier;
    if (item.sequence !== undefined) fields.sequence = item.sequence;
    nodes.push({ key: item.key, kind, code: item.code, title: item.title, fields });
    edges.push({ kind: 'childOf', source: item.key, target: parentKey });
    const children = [...item.children].sort(bySequence);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ item: children[i]!, parentKey: item.key });
  }

  warnings.push(
    `OpenSALT items have no kinds of their own: the top-level items became key functions, the items without children work actions, the others main functions, all under a new qualification "${title}" (row ${headerRow} is the header).`,
  );
  if (unsupportedCounts.size > 0) {
    // In the order of the header (the counts were filled in the order of first use).
    const inHeaderOrder = [...unsupported.values()].filter((name) => unsupportedCounts.has(name)).map((name) => [name, unsupportedCounts.get(name)!] as const);
    const list = inHeaderOrder.map(([name, count]) => `"${name}" (${count} ${count === 1 ? 'row' : 'rows'})`).join(', ');
    warnings.push(`Columns this app does not keep were left out: ${list}.`);
  }
  return { title, language: options.language ?? 'en', nodes, edges, warnings };
}
