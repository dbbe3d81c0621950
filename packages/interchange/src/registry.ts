import { case11Format, caseFormat } from './case/export.js';
import { docxFormat, pdfFormat } from './documents/index.js';
import type { ExportFormat } from './format.js';
import { loqXmlFormat } from './loq/index.js';
import { unitsJsonFormat } from './units-json.js';

/** Every export the server offers at GET /api/maps/:id/export?format=<id>, in menu order. */
export const EXPORT_FORMATS: readonly ExportFormat[] = [unitsJsonFormat, docxFormat, pdfFormat, caseFormat, case11Format, loqXmlFormat];

export function exportFormatById(id: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((format) => format.id === id);
}
