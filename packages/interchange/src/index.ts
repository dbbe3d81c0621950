export { describeMap, outcomesOf, type MapDescription, type UnitDescription, type OutcomeDescription, type QualificationDescription, type WorkActionRef } from './describe.js';
export { fileNameFor, exportLanguage, mapLanguages, snapshotIn, type ExportContext, type ExportFormat } from './format.js';
export { unitsJson, unitsJsonFormat, UNITS_JSON_FORMAT } from './units-json.js';
export { correspondenceCsv, correspondenceCsvFormat, CORRESPONDENCE_HEADERS } from './correspondence.js';
export { writeImportedMap, ImportError, ImportLimitError, type ImportedMap, type ImportedNode, type ImportedEdge } from './imported.js';
export { EXPORT_FORMATS, exportFormatById } from './registry.js';
export {
  readChart,
  dacumCsv,
  dacumXlsx,
  buildChartOutline,
  buildMinutesOutline,
  DACUM_CSV_HEADERS,
  WORKSHOP_LABELS,
  type DacumChart,
  type WorkshopLabels,
} from './workshop/index.js';
export {
  docxFormat,
  pdfFormat,
  annexBilingualDocxFormat,
  annexBilingualPdfFormat,
  buildBilingualOutline,
  unitDescriptionsDocx,
  unitDescriptionsPdf,
  buildOutline,
  outlineText,
  LABELS,
  documentLanguage,
  type DocumentOutline,
  type DocumentLabels,
  type DocumentLanguage,
  buildMobilityOutline,
  mobilityDocument,
  MOBILITY_DOCUMENT_MEDIA_TYPES,
  MOBILITY_LABELS,
  type MobilityDocumentKind,
  type MobilityDocumentInput,
  type MobilityPartnerInfo,
  type MobilityLearnerInfo,
  type MobilityAgreementInfo,
  type MobilityLabels,
} from './documents/index.js';
export { loqXml, loqXmlFormat, LoqXmlError, type LoqXmlOptions, type LoqXmlContext, type LoqAgent } from './loq/index.js';
export { caseFormat, case11Format, casePackage } from './case/export.js';
export { importCase } from './case/import.js';
export {
  adoptionDocumentIdentifier,
  servedPackage,
  publishedPackage,
  documentLink,
  servedDocument,
  servedItem,
  servedAssociation,
  itemAssociations,
  statusInfo,
  type ServedStatus,
} from './case/provider.js';
export { selectRecords, type CaseSelectionQuery, type CaseSelectionError } from './case/selection.js';
export { addCaseTranslation, caseTranslation, type CaseTranslation } from './case/translation.js';
export { checkZipLimits, zipEntries, zipDataOffset, XLSX_LIMITS, type ZipEntry, type ZipLimits } from './spreadsheet/zip.js';
export { type CasePackage, type CaseVersion, type CaseLink, type CaseItem, type CaseAssociation } from './case/shared.js';
export {
  xlsxFormat,
  csvFormat,
  importSpreadsheet,
  importTable,
  spreadsheetCsv,
  spreadsheetXlsx,
  spreadsheetTable,
  orderNodes,
  COLUMNS,
  kindLabel,
  spreadsheetKinds,
  SPREADSHEET_FORMAT,
  type SpreadsheetImportOptions,
  type Column,
  type ColumnKey,
} from './spreadsheet/index.js';
export {
  canvasCsvFormat,
  canvasOutcomesCsv,
  canvasHeader,
  CANVAS_COLUMNS,
  CANVAS_RATINGS,
  moodleCsvFormat,
  moodleFrameworkCsv,
  MOODLE_HEADER,
  MOODLE_SCALE,
  MOODLE_SCALE_CONFIGURATION,
} from './lms/index.js';
