export { MessageType, CloseCode, closeReason, type CloseCodeName } from './codes.js';
export {
  SaveState,
  encodeSaveStatusRequest,
  encodeSaveStatus,
  readSaveStatus,
  isCoveredBy,
  type SaveStatus,
  type StateVector,
} from './save-status.js';
export { MAP_ID_PATTERN, isValidMapId } from './map-id.js';
