export { MessageType, CloseCode, closeReason, type CloseCodeName } from './codes.js';
export {
  SaveState,
  UNPROMPTED,
  encodeSaveRequest,
  readSaveRequest,
  encodeSaveStatus,
  readSaveStatus,
  type SaveStatus,
} from './save-status.js';
export { MAP_ID_PATTERN, isValidMapId } from './map-id.js';
export {
  ROLES,
  Permission,
  REVIEW_SUFFIX,
  DOCUMENT_ID_PATTERN,
  isRole,
  can,
  reviewDocumentId,
  isValidDocumentId,
  type Role,
} from './access.js';
export { splitUpdate } from './split-update.js';
