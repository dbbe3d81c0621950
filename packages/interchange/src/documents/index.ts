/** Unit descriptions for partners' MoU and Learning Agreement annexes: one outline, two renderers. */
export { buildOutline, outlineText, outcomeLine, type DocumentOutline, type Block, type Row, type Cell, type Para, type Run } from './outline.js';
export { LABELS, documentLanguage, formatDate, type DocumentLabels, type DocumentLanguage } from './labels.js';
export { docxFormat, annexBilingualDocxFormat, renderDocx, unitDescriptionsDocx } from './docx.js';
export { buildBilingualOutline } from './annex.js';
export { pdfFormat, annexBilingualPdfFormat, renderPdf, unitDescriptionsPdf, pdfDefinition } from './pdf.js';
export {
  buildMobilityOutline,
  buildMouOutline,
  buildLearningAgreementOutline,
  buildTranscriptOutline,
  mobilityDocument,
  MOBILITY_DOCUMENT_MEDIA_TYPES,
  type MobilityDocumentKind,
  type MobilityDocumentInput,
  type MobilityPartnerInfo,
  type MobilityLearnerInfo,
  type MobilityAgreementInfo,
} from './mobility.js';
export { MOBILITY_LABELS, type MobilityLabels } from './mobility-labels.js';
