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
export { MAP_ID_PATTERN, VERSION_ID_PATTERN, isValidMapId, isValidVersionId } from './map-id.js';
export { ROLES, Permission, isRole, can, type Role } from './access.js';
export {
  DocumentKind,
  SYNC_PATH,
  REVIEW_SUFFIX,
  DOCUMENT_ID_PATTERN,
  syncRoomName,
  syncPath,
  documentId,
  documentKindOf,
  reviewDocumentId,
  isValidDocumentId,
} from './documents.js';
export {
  ID_PATTERN,
  MAX_ID_LENGTH,
  MAX_MAP_TITLE_LENGTH,
  MAX_VERSION_NAME_LENGTH,
  MAX_PATH_ID_LENGTH,
  ANSWER_BYTES_PER_SECOND,
  ANSWER_BYTES_BURST,
  MAX_BUFFERED_BYTES,
  MAX_ROLE_NAME_LENGTH,
  MAX_FORMAT_ID_LENGTH,
  MAX_BODY_BYTES,
  MAX_UPLOAD_BYTES,
  MAX_FRAME_BYTES,
} from './limits.js';
export { ApiErrorCode, type ErrorBody } from './api-errors.js';
export { VersionKind, AUTOMATIC_CHECKPOINT_NAME, beforeRestoringName, versionKindOf, type VersionKindSource } from './versions.js';
export type {
  Tokens,
  MapSummary,
  MapListResponse,
  CreateMapRequest,
  CreatedMap,
  RenameMapRequest,
  ImportedMapResponse,
  TemplateListResponse,
  AccessResponse,
  NewLinkResponse,
  ReviewLinkInfo,
  ReviewLinksResponse,
  NewReviewLinkResponse,
  PublicationStatus,
  PublicationRequest,
  PublicationResponse,
  AdoptionInfo,
  FormatInfo,
  FormatsResponse,
  ReportIssue,
  ReportResponse,
  VersionInfo,
  VersionListResponse,
  CreateVersionRequest,
  RestoreResponse,
  HealthResponse,
  InstanceResponse,
  ReadinessResponse,
} from './http.js';
export { splitUpdate } from './split-update.js';
