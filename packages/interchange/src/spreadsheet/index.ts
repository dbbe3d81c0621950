export { COLUMNS, columnForHeader, kindLabel, spreadsheetKinds, type Column, type ColumnKey } from './columns.js';
export { orderNodes, spreadsheetTable, LIST_SEPARATOR, REFERENCE_SEPARATOR, type SpreadsheetTable, type CellValue } from './rows.js';
export { xlsxFormat, csvFormat, spreadsheetCsv, spreadsheetXlsx, SPREADSHEET_FORMAT } from './export.js';
export { importSpreadsheet, importTable, type SpreadsheetImportOptions } from './import.js';
export { isOpenSaltHeader } from './opensalt.js';
