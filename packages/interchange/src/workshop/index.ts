/** The workshop's documents: the DACUM chart (CSV, Excel, Word, PDF) and the minutes (Word, PDF). */
export { readChart, type DacumChart, type ChartRow, type ChartTile } from './chart.js';
export { DACUM_CSV_HEADERS, dacumCsv, dacumXlsx, dacumCsvFormat, dacumXlsxFormat } from './spreadsheet.js';
export { buildChartOutline, buildMinutesOutline, dacumDocxFormat, dacumPdfFormat, workshopMinutesDocxFormat, workshopMinutesPdfFormat } from './documents.js';
export { WORKSHOP_LABELS, type WorkshopLabels } from './labels.js';
