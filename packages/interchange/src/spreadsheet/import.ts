import { FIELDS, kindSpec, checkFieldValue, edgeAllowed, hasField, type EdgeKind, type FieldName, type FieldValue, type TranslatableField } from '@qms/model';
import { ImportError, type ImportedEdge, type ImportedMap, type ImportedNode } from '../imported.js';
import { columnForHeader, kindLabel, normalise, parseStatusCell, spreadsheetKinds, translationForHeader, translationStatusForHeader, type Column, type ColumnKey } from './columns.js';
import { isOpenSaltHeader, importOpenSalt } from './opensalt.js';
import type { SpreadsheetImportOptions } from './options.js';
import { isEmptyCell, isEmptyRow, readCsv, readXlsx, stemOf, type Cell, type Table, type TableRow } from './read.js';

export type { SpreadsheetImportOptions } from './options.js';

/**
 * Reads a map spreadsheet — our own xlsx or csv export, one a teacher edited or wrote from scratch,
 * or OpenSALT's CASE spreadsheet layout — into an ImportedMap. Throws ImportError naming the row and
 * column of the first problem; a file that imports at all imports whole.
 */
export async function importSpreadsheet(bytes: Uint8Array | string, format: 'csv' | 'xlsx', options: SpreadsheetImportOptions = {}): Promise<ImportedMap> {
  const table = format === 'xlsx' ? await readXlsx(bytes) : readCsv(bytes);
  return importTable(table, options);
}

/** Interprets a table read from either kind of file. */
export function importTable(table: Table, options: SpreadsheetImportOptions = {}): ImportedMap {
  const texts = (row: TableRow) => row.cells.map((cell) => (isEmptyCell(cell) ? '' : String(cell).trim()));
  const filled = table.rows.map((row, index) => ({ row, index })).filter(({ row }) => !isEmptyRow(row));
  if (filled.length === 0) throw new ImportError('The file is empty.');
  // The header is the first row that names our columns (or OpenSALT's); a title line above it is skipped.
  const found = filled.slice(0, 10).find(({ row }) => isOpenSaltHeader(texts(row)) || isMapHeader(texts(row))) ?? filled[0]!;
  const headerTexts = texts(found.row);
  const body = table.rows.slice(found.index + 1).filter((row) => !isEmptyRow(row));
  const warnings = [...table.warnings];
  if (found !== filled[0]) warnings.push(`The ${found.row.number === 2 ? 'first row was' : `first ${found.row.number - 1} rows were`} skipped: the column names are on row ${found.row.number}.`);
  if (isOpenSaltHeader(headerTexts)) return importOpenSalt(headerTexts, found.row.number, body, warnings, options);
  return importMapRows(headerTexts, found.row.number, body, { ...table, warnings }, options);
}

/** A row that names at least the kind and the title or code columns. */
function isMapHeader(headers: readonly string[]): boolean {
  const keys = new Set(headers.map((h) => (h ? columnForHeader(h)?.key : undefined)));
  return keys.has('kind') && (keys.has('title') || keys.has('code'));
}

interface ParsedRow {
  row: TableRow;
  key: string;
  /** The id from the file, if the row has one (otherwise the key is made up). */
  id?: string;
  kind: string;
  code: string;
  title: string;
  fields: Partial<Record<FieldName, FieldValue>>;
  refs: Partial<Record<'parent' | 'unit' | 'covers' | 'matches' | 'requires', string>>;
  translations?: ImportedNode['translations'];
  translationStatus?: ImportedNode['translationStatus'];
}

/** Other names people write in the Kind column. */
const KIND_ALIASES: Readonly<Record<string, string>> = { outcome: 'learningOutcome', unitoflearningoutcomes: 'unit' };

/** Kinds by the names the Kind column may give them: the kind, its label, or an alias (kinds.ts as it is now). */
function kindsByName(): Map<string, string> {
  const byName = new Map<string, string>();
  for (const kind of spreadsheetKinds()) {
    byName.set(normalise(kind), kind);
    byName.set(normalise(kindLabel(kind)), kind);
  }
  for (const [alias, kind] of Object.entries(KIND_ALIASES)) if (kindSpec(kind)?.exported) byName.set(alias, kind);
  return byName;
}

/** Spellings people use for the fixed choices. */
const CHOICE_ALIASES: Record<string, string> = {
  analyze: 'analyse',
  skill: 'skills',
  competence: 'autonomy',
  responsibilityandautonomy: 'autonomy',
  review: 'in-review',
};

const TRUE = new Set(['true', 'yes', 'y', '1', 'x', 'wahr', 'vrai', 'да']);
const FALSE = new Set(['false', 'no', 'n', '0', 'falsch', 'faux', 'нет']);

function importMapRows(headers: string[], headerRow: number, body: TableRow[], table: Table, options: SpreadsheetImportOptions): ImportedMap {
  const warnings = [...table.warnings];
  const kinds = kindsByName();
  // Which column of the file holds which of ours.
  const columnAt = new Map<number, Column>();
  const seen = new Map<ColumnKey, number>();
  const unknown: string[] = [];
  // Translation columns ("Title [ru] (title@ru)"): which field in which language.
  const translationAt = new Map<number, { field: TranslatableField; language: string }>();
  const translationSeen = new Map<string, number>();
  // Status columns ("Translation status [ru] (status@ru)"): which translations were outdated or reviewed.
  const statusAt = new Map<number, string>();
  headers.forEach((text, index) => {
    if (!text) return;
    const status = translationStatusForHeader(text);
    if (status) {
      if ('error' in status) throw new ImportError(status.error, `Row ${headerRow}, column "${text}"`);
      if ([...statusAt.values()].includes(status.language)) throw new ImportError(`two columns give the translation status in ${status.language}; keep one.`, `Row ${headerRow}`);
      statusAt.set(index, status.language);
      return;
    }
    const translation = translationForHeader(text);
    if (translation) {
      if ('error' in translation) throw new ImportError(translation.error, `Row ${headerRow}, column "${text}"`);
      const key = `${translation.field}@${translation.language}`;
      const before = translationSeen.get(key);
      if (before !== undefined) throw new ImportError(`the columns "${headers[before]}" and "${text}" are both ${key}; keep one.`, `Row ${headerRow}`);
      translationSeen.set(key, index);
      translationAt.set(index, translation);
      return;
    }
    const column = columnForHeader(text);
    if (!column) {
      unknown.push(text);
      return;
    }
    const before = seen.get(column.key);
    if (before !== undefined) {
      throw new ImportError(`the columns "${headers[before]}" and "${text}" are both ${column.label}; keep one.`, `Row ${headerRow}`);
    }
    seen.set(column.key, index);
    columnAt.set(index, column);
  });
  if (!seen.has('kind') || (!seen.has('title') && !seen.has('code'))) {
    throw new ImportError(
      `This is not a qualification map spreadsheet: row ${headerRow} should name the columns, with at least "Kind" and "Title" (found: ${headers.filter(Boolean).slice(0, 8).map((h) => `"${h}"`).join(', ') || 'nothing'}).`,
    );
  }
  if (body.length === 0) throw new ImportError('The file has a header but no rows below it.');
  if (unknown.length > 0) warnings.push(`Columns not recognised and left out: ${unknown.map((h) => `"${h}"`).join(', ')}.`);

  const headerOf = (key: ColumnKey) => headers[seen.get(key)!] ?? key;
  const where = (row: TableRow, key: ColumnKey) => `Row ${row.number}, column "${headerOf(key)}"`;
  const ignored = new Map<string, number[]>();
  const untitled: number[] = [];

  const parsed: ParsedRow[] = body.map((row) => {
    const cell = (key: ColumnKey): Cell => {
      const index = seen.get(key);
      return index === undefined ? undefined : row.cells[index];
    };
    const text = (key: ColumnKey): string | undefined => {
      const value = cell(key);
      return isEmptyCell(value) ? undefined : String(value);
    };

    const codeCheck = checkFieldValue('code', text('code'));
    if (!codeCheck.ok) throw new ImportError(codeCheck.message, where(row, 'code'));
    const code = (codeCheck.value as string | undefined) ?? '';
    const titleCheck = checkFieldValue('title', text('title'));
    if (!titleCheck.ok) throw new ImportError(titleCheck.message, where(row, 'title'));
    const title = (titleCheck.value as string | undefined) ?? '';
    const id = text('id')?.trim();
    // A row with an id comes from a map (where a node may have been left blank): kept, with a warning.
    if (!code && title.trim() === '') {
      if (!id) throw new ImportError('the row has neither a title nor a code.', `Row ${row.number}`);
      untitled.push(row.number);
    }

    const kind = kindOf(kinds, text('kind'), code, () => where(row, 'kind'));

    const fields: Partial<Record<FieldName, FieldValue>> = {};
    for (const [index, column] of columnAt) {
      const field = column.field;
      if (!field || field === 'code' || field === 'title') continue;
      const raw = row.cells[index];
      if (isEmptyCell(raw)) continue;
      if (!hasField(kind, field)) {
        const key = `${column.label}|${kind}`;
        const rows = ignored.get(key);
        if (rows) rows.push(row.number);
        else ignored.set(key, [row.number]);
        continue;
      }
      const check = checkFieldValue(field, cellToFieldValue(field, raw));
      if (!check.ok) throw new ImportError(check.message, where(row, column.key));
      if (check.value !== undefined && !(Array.isArray(check.value) && check.value.length === 0)) fields[field] = check.value;
    }
    const translations: NonNullable<ImportedNode['translations']> = {};
    for (const [index, { field, language }] of translationAt) {
      const raw = row.cells[index];
      if (isEmptyCell(raw)) continue;
      const header = headers[index]!;
      if (field !== 'title' && !hasField(kind, field)) {
        warnings.push(`${header} is not used for a ${kindLabel(kind).toLowerCase()}: the value was left out on row ${row.number}.`);
        continue;
      }
      const check = checkFieldValue(field, cellToFieldValue(field, raw));
      if (!check.ok) throw new ImportError(check.message, `Row ${row.number}, column "${header}"`);
      if (check.value === undefined || (Array.isArray(check.value) && check.value.length === 0)) continue;
      (translations[language] ??= {})[field] = check.value as string | readonly string[];
    }
    const translationStatus: NonNullable<ImportedNode['translationStatus']> = {};
    for (const [index, language] of statusAt) {
      const raw = row.cells[index];
      if (isEmptyCell(raw)) continue;
      const read = parseStatusCell(String(raw));
      if ('error' in read) throw new ImportError(read.error, `Row ${row.number}, column "${headers[index]}"`);
      // A status without its translation says nothing: the translation is missing.
      const kept = Object.entries(read.statuses).filter(([field]) => translations[language]?.[field as TranslatableField] !== undefined);
      if (kept.length > 0) translationStatus[language] = Object.fromEntries(kept);
    }
    const refs: ParsedRow['refs'] = {};
    for (const key of ['parent', 'unit', 'covers', 'matches', 'requires'] as const) {
      const value = text(key)?.trim();
      if (value) refs[key] = value;
    }
    return {
      row,
      key: id ?? '',
      ...(id ? { id } : {}),
      kind,
      code,
      title,
      fields,
      refs,
      ...(Object.keys(translations).length > 0 ? { translations } : {}),
      ...(Object.keys(translationStatus).length > 0 ? { translationStatus } : {}),
    };
  });

  if (untitled.length > 0) warnings.push(`${untitled.length === 1 ? 'Row' : 'Rows'} ${untitled.join(', ')} ${untitled.length === 1 ? 'has' : 'have'} neither a title nor a code.`);
  for (const [key, rows] of ignored) {
    const [label, kind] = key.split('|') as [string, string];
    warnings.push(`${label} is not used for a ${kindLabel(kind).toLowerCase()}: the value was left out on ${rows.length === 1 ? 'row' : 'rows'} ${rows.join(', ')}.`);
  }

  // Keys: the file's ids, which must be unique; rows without one get "row <n>" (unless an id took it).
  const byKey = new Map<string, ParsedRow>();
  for (const row of parsed) {
    if (!row.id) continue;
    const other = byKey.get(row.id);
    if (other) throw new ImportError(`the id "${row.id}" is already used on row ${other.row.number}.`, where(row.row, 'id'));
    byKey.set(row.id, row);
  }
  for (const row of parsed) {
    if (row.id) continue;
    let key = `row ${row.row.number}`;
    while (byKey.has(key)) key = `${key}'`;
    row.key = key;
    byKey.set(key, row);
  }

  const resolve = referenceResolver(parsed, byKey);
  const edges: ImportedEdge[] = [];
  const edgeKeys = new Set<string>();
  const parentOf = new Map<string, ParsedRow>();
  const link = (kind: EdgeKind, column: 'parent' | 'unit' | 'covers' | 'matches' | 'requires', row: ParsedRow, target: ParsedRow) => {
    if (target === row) throw new ImportError(`a row cannot name itself.`, where(row.row, column));
    if (!edgeAllowed(kind, row.kind, target.kind)) {
      throw new ImportError(`${describe(row)} cannot ${RELATION_WORDS[kind]} ${describe(target)} (row ${target.row.number}).`, where(row.row, column));
    }
    const key = `${kind}\u0000${row.key}\u0000${target.key}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push({ kind, source: row.key, target: target.key });
  };
  for (const row of parsed) {
    for (const [column, kind] of REFERENCE_COLUMNS) {
      const acceptable = linkTargets(kind);
      const value = row.refs[column];
      if (!value) continue;
      const tokens = splitReferences(value, (token) => resolve(token, acceptable) !== undefined);
      if (tokens.length > 1 && (column === 'parent' || column === 'unit')) {
        throw new ImportError(`name only one row here ("${value}" names ${tokens.length}).`, where(row.row, column));
      }
      for (const token of tokens) {
        const target = resolve(token, acceptable, () => where(row.row, column));
        if (!target) throw new ImportError(`no row has the code or id "${token}".`, where(row.row, column));
        link(kind, column, row, target);
        if (column === 'parent') parentOf.set(row.key, target);
      }
    }
  }
  checkCycles(parsed, parentOf, where);

  const nodes: ImportedNode[] = parsed.map((row) => ({
    key: row.key,
    kind: row.kind,
    code: row.code,
    title: row.title,
    fields: row.fields,
    ...(row.translations ? { translations: row.translations } : {}),
    ...(row.translationStatus ? { translationStatus: row.translationStatus } : {}),
  }));
  const qualification = parsed.find((row) => row.kind === 'qualification' && row.title.trim());
  const title = options.title?.trim() || table.title || qualification?.title.trim() || stemOf(options.fileName) || 'Imported map';
  const language = options.language ?? table.language ?? 'en';
  const languages = [...new Set([...translationAt.values()].map((t) => t.language))];
  if (languages.includes(language)) {
    throw new ImportError(`the map's source language is ${language}, so its texts are the Title, Key purpose… columns: a column cannot hold a translation into ${language}.`, `Row ${headerRow}`);
  }
  return { title, language, ...(languages.length > 0 ? { languages } : {}), nodes, edges, warnings };
}

/** The columns that name other rows, and the link each makes. */
const REFERENCE_COLUMNS = [
  ['parent', 'childOf'],
  ['unit', 'partOf'],
  ['covers', 'covers'],
  ['matches', 'matches'],
  ['requires', 'requires'],
] as const satisfies ReadonlyArray<readonly ['parent' | 'unit' | 'covers' | 'matches' | 'requires', EdgeKind]>;

/** The kinds a link of this kind may point to (kinds.ts): what a reference column may name. */
function linkTargets(link: EdgeKind): string[] {
  return [...new Set(spreadsheetKinds().flatMap((kind) => kindSpec(kind)!.links[link] ?? []))];
}

const RELATION_WORDS: Record<EdgeKind, string> = {
  childOf: 'sit under',
  partOf: 'be part of',
  covers: 'cover',
  matches: 'match',
  requires: 'require',
  association: 'be associated with',
};

function describe(row: ParsedRow): string {
  const kind = kindLabel(row.kind).toLowerCase();
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}${row.code ? ` (${row.code})` : ''}`;
}

/** "WA 1; WA 2", one per line, or — when that names nothing — "WA 1, WA 2". */
function splitReferences(value: string, known: (token: string) => boolean): string[] {
  const tokens = value.split(/[;\r\n]+/).map((t) => t.trim()).filter(Boolean);
  return tokens.flatMap((token) => {
    if (known(token) || !token.includes(',')) return [token];
    const parts = token.split(',').map((t) => t.trim()).filter(Boolean);
    return parts.every(known) ? parts : [token];
  });
}

/**
 * Finds the row a reference names: an id first, then a code written exactly, then a code with
 * other spaces or case ("wa1" for "WA 1"). When several rows share a code, only those of a kind
 * that fits the column count; if that still leaves several, the reference is ambiguous.
 */
function referenceResolver(rows: ParsedRow[], byKey: Map<string, ParsedRow>) {
  const byCode = new Map<string, ParsedRow[]>();
  const byLooseCode = new Map<string, ParsedRow[]>();
  for (const row of rows) {
    if (!row.code) continue;
    for (const [index, code] of [
      [byCode, row.code],
      [byLooseCode, normalise(row.code)],
    ] as const) {
      const list = index.get(code);
      if (list) list.push(row);
      else index.set(code, [row]);
    }
  }
  return (token: string, acceptable: readonly string[], where?: () => string): ParsedRow | undefined => {
    const byId = byKey.get(token);
    if (byId?.id === token) return byId;
    for (const candidates of [byCode.get(token), byLooseCode.get(normalise(token))]) {
      if (!candidates || candidates.length === 0) continue;
      if (candidates.length === 1) return candidates[0];
      const fitting = candidates.filter((c) => acceptable.includes(c.kind));
      if (fitting.length === 1) return fitting[0];
      if (!where) return candidates[0];
      throw new ImportError(
        `rows ${(fitting.length > 0 ? fitting : candidates).map((c) => c.row.number).join(', ')} all have the code "${token}": write the id of the one you mean.`,
        where(),
      );
    }
    return undefined;
  };
}

function checkCycles(rows: ParsedRow[], parentOf: Map<string, ParsedRow>, where: (row: TableRow, key: ColumnKey) => string): void {
  const done = new Set<string>();
  for (const start of rows) {
    const path: ParsedRow[] = [];
    const onPath = new Set<string>();
    let current: ParsedRow | undefined = start;
    while (current && !done.has(current.key)) {
      if (onPath.has(current.key)) {
        const cycle = path.slice(path.indexOf(current));
        throw new ImportError(
          `the parents go round in a circle: rows ${cycle.map((r) => r.row.number).join(' → ')} → ${current.row.number}.`,
          where(cycle[0]!.row, 'parent'),
        );
      }
      onPath.add(current.key);
      path.push(current);
      current = parentOf.get(current.key);
    }
    for (const row of path) done.add(row.key);
  }
}

function kindOf(kinds: ReadonlyMap<string, string>, value: string | undefined, code: string, where: () => string): string {
  if (value === undefined || value.trim() === '') {
    // Guess from the code's prefix: "WA 3" is a work action.
    const prefix = /^([A-Za-z]+)\s*\d/.exec(code)?.[1]?.toUpperCase();
    const guessed = prefix ? spreadsheetKinds().find((kind) => kindSpec(kind)?.codePrefix === prefix) : undefined;
    if (guessed) return guessed;
    throw new ImportError(`the kind is empty (write one of ${spreadsheetKinds().join(', ')}).`, where());
  }
  const kind = kinds.get(normalise(value));
  if (!kind) throw new ImportError(`unknown kind "${value.trim()}" (expected one of ${spreadsheetKinds().join(', ')}).`, where());
  return kind;
}

/** A cell as the value checkFieldValue expects for the field (which then decides if it is valid). */
function cellToFieldValue(field: FieldName, raw: Cell): unknown {
  const spec = FIELDS[field];
  switch (spec.type) {
    case 'number':
      return typeof raw === 'string' ? raw.trim() : raw;
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      const text = String(raw).trim().toLowerCase();
      if (TRUE.has(text)) return true;
      if (FALSE.has(text)) return false;
      return text; // refused by checkFieldValue with its message
    }
    case 'list':
      return String(raw)
        .split(/\r\n|\r|\n/)
        .map((item) => item.trim())
        .filter(Boolean);
    case 'enum': {
      const text = String(raw).trim();
      const wanted = normalise(CHOICE_ALIASES[normalise(text)] ?? text);
      return spec.options.find((option) => normalise(option) === wanted) ?? text;
    }
    case 'text':
    case 'string':
      return String(raw);
  }
}
