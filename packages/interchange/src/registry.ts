import { case11Format, caseFormat } from './case/export.js';
import { annexBilingualDocxFormat, annexBilingualPdfFormat, docxFormat, pdfFormat } from './documents/index.js';
import { correspondenceCsvFormat } from './correspondence.js';
import type { ExportFormat } from './format.js';
import { canvasCsvFormat, moodleCsvFormat } from './lms/index.js';
import { loqXmlFormat } from './loq/index.js';
import { csvFormat, xlsxFormat } from './spreadsheet/index.js';
import { unitsJsonFormat } from './units-json.js';
import { dacumCsvFormat, dacumDocxFormat, dacumPdfFormat, dacumXlsxFormat, workshopMinutesDocxFormat, workshopMinutesPdfFormat } from './workshop/index.js';

/** Every export the server offers at GET /api/maps/:id/export?format=<id>, in menu order. */
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  unitsJsonFormat,
  docxFormat,
  pdfFormat,
  annexBilingualDocxFormat,
  annexBilingualPdfFormat,
  xlsxFormat,
  csvFormat,
  caseFormat,
  case11Format,
  loqXmlFormat,
  canvasCsvFormat,
  moodleCsvFormat,
  correspondenceCsvFormat,
  dacumCsvFormat,
  dacumXlsxFormat,
  dacumDocxFormat,
  dacumPdfFormat,
  workshopMinutesDocxFormat,
  workshopMinutesPdfFormat,
];

export function exportFormatById(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((format) => format.id === id);
}
