import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { ImportError } from '../imported.js';
import { ABOUT_LABELS, FORMULA_START, SHEET } from './export.js';
import { checkZipLimits } from './zip.js';

// The package compiles against ES2022 alone (no DOM, no Node types); TextDecoder is in every
// browser and in Node, so it is declared here rather than pulled in with a whole library.
declare const TextDecoder: new (label?: string, options?: { fatal?: boolean }) => { decode(input: Uint8Array): string };

/** A cell as read: text, a number or a boolean from Excel, or nothing. */
export type Cell = string | number | boolean | undefined;

export interface TableRow {
  /** The row number a spreadsheet program shows (the header is usually 1). */
  number: number;
  cells: Cell[];
}

/** A sheet read from a CSV or xlsx file, before anything is interpreted. */
export interface Table {
  rows: TableRow[];
  /** From the About sheet of our own xlsx export. */
  title?: string;
  language?: string;
  warnings: string[];
}

export function isEmptyCell(cell: Cell): boolean {
  return cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function isEmptyRow(row: TableRow): boolean {
  return row.cells.every(isEmptyCell);
}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * The text of a CSV file: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark
 * (Excel's "Unicode text"), or else Windows-1252 (Excel's "CSV" on a Western-European Windows),
 * with a warning.
 */
export function decodeText(bytes: Uint8Array | string, warnings: string[]): string {
  if (typeof bytes === 'string') return bytes.replace(/^\uFEFF/, '');
  if (startsWith(bytes, ZIP_SIGNATURE)) {
    throw new ImportError('This is an Excel workbook (or another zip file), not a CSV file: import it as an Excel spreadsheet (.xlsx).');
  }
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const sample = bytes.subarray(0, 8192);
  if (sample.includes(0)) throw new ImportError('This file is not a spreadsheet: it holds binary data, not comma-separated text.');
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    warnings.push('The file is not in UTF-8; it was read as Windows-1252 (Western European). Check accented letters, or save it as "CSV UTF-8" next time.');
    return new TextDecoder('windows-1252').decode(body);
  }
}

/** Comma, semicolon (Excel in many European languages) or tab: whichever the first line has most of. */
function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  const [best] = [...counts].sort((a, b) => b[1] - a[1]);
  return best && best[1] > 0 ? best[0] : ',';
}

/** The apostrophe our CSV export puts before text that looks like a formula. */
function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

export function readCsv(bytes: Uint8Array | string): Table {
  const warnings: string[] = [];
  const text = decodeText(bytes, warnings);
  if (text.trim() === '') throw new ImportError('The file is empty.');
  const parsed = Papa.parse<string[]>(text, { delimiter: delimiterOf(text), header: false, skipEmptyLines: false, dynamicTyping: false });
  const fatal = parsed.errors.find((e) => e.type === 'Quotes');
  if (fatal) {
    const row = fatal.row === undefined ? '' : `Row ${fatal.row + 1}`;
    throw new ImportError(`the quotes do not match (${fatal.message}); the file is not valid CSV.`, row || undefined);
  }
  const rows = parsed.data.map((cells, i) => ({ number: i + 1, cells: cells.map((c) => (c === '' ? undefined : unescapeFormula(c))) }));
  return { rows, warnings };
}

type ExcelValue = ExcelJS.CellValue;

function excelCell(value: ExcelValue, where: () => string): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('');
    if ('error' in value) throw new ImportError(`the cell holds the Excel error ${String(value.error)}.`, where());
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (result !== null && typeof result === 'object' && 'error' in result) {
        throw new ImportError(`the formula gives the Excel error ${String((result as { error: unknown }).error)}.`, where());
      }
      return excelCell(result as ExcelValue, where);
    }
    if ('text' in value) return excelCell((value as { text: ExcelValue }).text, where);
  }
  return String(value);
}

/**
 * Reads the map sheet of a workbook ("Map", or the first sheet that is not "About") and the map's
 * title and language from the About sheet when there is one.
 */
export async function readXlsx(bytes: Uint8Array | string): Promise<Table> {
  if (typeof bytes === 'string') throw new ImportError('An Excel spreadsheet must be given as bytes, not text.');
  if (bytes.length === 0) throw new ImportError('The file is empty.');
  if (!startsWith(bytes, ZIP_SIGNATURE)) throw new ImportError('This file is not an Excel spreadsheet (.xlsx).');
  // Before JSZip inflates anything: refuse what would inflate past the limits (zip bombs).
  checkZipLimits(bytes);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own `Buffer`; any Uint8Array works at run time (JSZip reads it).
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new ImportError(`This file is not a readable Excel spreadsheet (.xlsx): ${error instanceof Error ? error.message : String(error)}`);
  }
  const sheets = workbook.worksheets;
  const isAbout = (ws: ExcelJS.Worksheet) => ws.name.trim().toLowerCase() === SHEET.about.toLowerCase();
  const sheet = sheets.find((ws) => ws.name.trim().toLowerCase() === SHEET.map.toLowerCase()) ?? sheets.find((ws) => !isAbout(ws));
  if (!sheet) throw new ImportError('The workbook has no sheet to import.');

  const rows: TableRow[] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= Math.max(width, row.cellCount); c++) {
      const letter = sheet.getColumn(c).letter;
      cells.push(excelCell(row.getCell(c).value, () => `Sheet "${sheet.name}", cell ${letter}${r}`));
    }
    rows.push({ number: r, cells });
  }
  const table: Table = { rows, warnings: [] };

  const about = sheets.find(isAbout);
  if (about) {
    about.eachRow((row) => {
      const label = row.getCell(1).value;
      const value = excelCell(row.getCell(2).value, () => `Sheet "${about.name}", row ${row.number}`);
      if (typeof label !== 'string' || value === undefined) return;
      const name = label.trim().toLowerCase();
      if (name === ABOUT_LABELS.title.toLowerCase()) table.title = String(value).trim();
      if (name === ABOUT_LABELS.language.toLowerCase()) table.language = String(value).trim();
    });
  }
  return table;
}

/** "Hairdresser_framework.csv" → "Hairdresser framework": a title when the file has none. */
export function stemOf(fileName: string | undefined): string {
  if (!fileName) return '';
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.[^.]+$/, '').replace(/_+/g, ' ').trim();
}
