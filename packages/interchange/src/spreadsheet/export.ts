import ExcelJS from 'exceljs';
import { BLOOM_LEVELS, DOMAINS, QUALIFICATION_STATUSES, type MapSnapshot } from '@qms/model';
import { toCsv } from '../csv.js';
import type { ExportContext, ExportFormat } from '../format.js';
import { COLUMNS, kindLabel, spreadsheetKinds } from './columns.js';
import { spreadsheetTable, type CellValue } from './rows.js';

/** Identifies the layout, in the About sheet. */
export const SPREADSHEET_FORMAT = { format: 'qms-spreadsheet', version: 1 } as const;

/** Sheet names and the labels of the About sheet's first rows (the importer reads them back). */
export const SHEET = { map: 'Map', about: 'About' } as const;
export const ABOUT_LABELS = { title: 'Map title', language: 'Language', exported: 'Exported', format: 'Format' } as const;

/** Written before text that looks like a formula; the one definition is in csv.ts. */
export { FORMULA_START } from '../csv.js';

function csvCell(value: CellValue): string | number | boolean {
  if (value === undefined) return '';
  return typeof value === 'boolean' ? String(value) : value;
}

/**
 * The map as CSV, one row per node: UTF-8 with a byte order mark (so that Excel reads the accents
 * right), comma separated, RFC 4180 quoting, CRLF line ends. Numbers are written with a dot.
 */
export function spreadsheetCsv(snapshot: MapSnapshot): string {
  const table = spreadsheetTable(snapshot);
  const columns = [...table.columns, ...table.translations, ...table.statuses];
  const csv = toCsv(
    columns.map((c) => c.header),
    table.rows.map((row) => columns.map((c) => csvCell(row[c.key]))),
  );
  return `\uFEFF${csv}\r\n`;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };

/** The map as an Excel workbook: a "Map" sheet with one row per node and an "About" sheet. */
export async function spreadsheetXlsx(snapshot: MapSnapshot, context: ExportContext): Promise<Uint8Array> {
  const table = spreadsheetTable(snapshot);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qualification Map Studio';
  workbook.created = context.generatedAt;
  workbook.modified = context.generatedAt;
  workbook.title = snapshot.meta.title;

  const sheet = workbook.addWorksheet(SHEET.map, { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  const columns = [...table.columns, ...table.translations, ...table.statuses];
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    style: { alignment: { vertical: 'top', wrapText: c.wrap } },
  }));
  for (const row of table.rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, row[c.key] ?? null])));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'top', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  addChoices(sheet, table.rows.length);

  writeAbout(workbook, snapshot, context);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

/**
 * Drop-down lists for the columns with fixed choices, down to a little below the last row. A
 * warning (not a refusal) on other values: the importer also accepts the friendly names.
 */
function addChoices(sheet: ExcelJS.Worksheet, rowCount: number): void {
  const choices: Record<string, readonly string[]> = {
    kind: spreadsheetKinds(),
    status: QUALIFICATION_STATUSES,
    domain: DOMAINS,
    bloomLevel: BLOOM_LEVELS,
    transversal: ['true', 'false'],
  };
  const last = rowCount + 200;
  // exceljs 4.4 writes range validations but does not declare `dataValidations` in its types.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void } }).dataValidations;
  COLUMNS.forEach((column, index) => {
    const options = choices[column.key];
    if (!options) return;
    const letter = sheet.getColumn(index + 1).letter;
    validations.add(`${letter}2:${letter}${last}`, {
      type: 'list',
      allowBlank: true,
      formulae: [`"${options.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: column.label,
      error: `Usually one of: ${options.join(', ')}.`,
    });
  });
}

function writeAbout(workbook: ExcelJS.Workbook, snapshot: MapSnapshot, context: ExportContext): void {
  const about = workbook.addWorksheet(SHEET.about);
  about.columns = [
    { key: 'a', width: 26, style: { alignment: { vertical: 'top', wrapText: true } } },
    { key: 'b', width: 24, style: { alignment: { vertical: 'top', wrapText: true } } },
    { key: 'c', width: 90, style: { alignment: { vertical: 'top', wrapText: true } } },
  ];
  const title = about.addRow(['Qualification map spreadsheet']);
  title.font = { bold: true, size: 14 };
  about.addRow([]);
  about.addRow([ABOUT_LABELS.title, snapshot.meta.title]);
  about.addRow([ABOUT_LABELS.language, snapshot.meta.language]);
  about.addRow([ABOUT_LABELS.exported, context.generatedAt.toISOString()]);
  about.addRow([ABOUT_LABELS.format, `${SPREADSHEET_FORMAT.format} ${SPREADSHEET_FORMAT.version}`]);
  for (const r of [3, 4, 5, 6]) {
    about.getCell(r, 1).font = { bold: true };
    // Unwrapped, so that a long title runs on into the empty column beside it.
    about.getCell(r, 2).alignment = { vertical: 'top', wrapText: false };
  }
  about.addRow([]);
  const notes = [
    `The sheet "${SHEET.map}" holds the map: one row for each item of the map (the qualification, its functions and work actions, the units and their learning outcomes).`,
    'The rows follow the functional map from the top (qualification, then each key function with what sits under it), then each unit followed by its learning outcomes.',
    'You can change any cell, add rows and delete rows, then import the file again as a new map. The order of the rows and of the columns does not matter when importing, and columns you add yourself are ignored.',
    'The first row names the columns. The word in brackets is the column\'s key: the import recognises a column by its name or by its key, so keep at least one of them.',
    'Links between rows (Parent, Unit, Covers, Matches) name the other row by its code, or by its id when codes repeat or are empty.',
    `Kinds: ${spreadsheetKinds().map((k) => `${k} (${kindLabel(k)})`).join(', ')}.`,
    'Change the map title above to name the imported map differently.',
  ];
  for (const note of notes) {
    const row = about.addRow([note]);
    about.mergeCells(row.number, 1, row.number, 3);
    // Excel does not grow merged cells to fit their text: give the row its lines' height.
    row.height = 15 * Math.ceil(note.length / 120);
  }
  about.addRow([]);
  const head = about.addRow(['Column', 'Key', 'What it holds']);
  head.font = { bold: true };
  head.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  for (const column of COLUMNS) about.addRow([column.label, column.key, column.about]);
}

export const xlsxFormat: ExportFormat = {
  id: 'xlsx',
  extension: 'xlsx',
  mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  label: 'Spreadsheet (Excel)',
  text: false,
  run: (snapshot, context) => spreadsheetXlsx(snapshot, context),
};

export const csvFormat: ExportFormat = {
  id: 'csv',
  extension: 'csv',
  mediaType: 'text/csv; charset=utf-8',
  label: 'Spreadsheet (CSV)',
  text: true,
  async run(snapshot) {
    return spreadsheetCsv(snapshot);
  },
};
