import { MAX_ID_LENGTH } from './limits.js';

/**
 * Each map has two documents on the sync endpoint: the map (`/sync/<mapId>`, written by editors)
 * and its review (`/sync/<mapId>/review`: comments and sign-offs, written by commenters too).
 */
export const DocumentKind = {
  /** The map itself: nodes, links, fields, title. */
  Map: 'map',
  /** The map's comments and unit sign-offs. */
  Review: 'review',
} as const;
export type DocumentKind = (typeof DocumentKind)[keyof typeof DocumentKind];

/** Where the sync endpoint listens; a stock client connects to `ws://HOST:PORT/sync` + room name. */
export const SYNC_PATH = '/sync';

/** The last segment of a review document's socket path and of its storage id. */
export const REVIEW_SUFFIX = 'review';

/**
 * The room name a stock y-websocket client passes for a document: `<mapId>` or `<mapId>/review`
 * (`new WebsocketProvider(url + SYNC_PATH, syncRoomName(mapId, kind), doc)`).
 */
export function syncRoomName(mapId: string, kind: DocumentKind = DocumentKind.Map): string {
  return kind === DocumentKind.Review ? `${mapId}/${REVIEW_SUFFIX}` : mapId;
}

/** The socket path of a document: `/sync/<mapId>` or `/sync/<mapId>/review`. */
export function syncPath(mapId: string, kind: DocumentKind = DocumentKind.Map): string {
  return `${SYNC_PATH}/${syncRoomName(mapId, kind)}`;
}

/** The id under which the server keeps a document (its room and its storage): `<mapId>` or `<mapId>.review`. */
export function documentId(mapId: string, kind: DocumentKind = DocumentKind.Map): string {
  return kind === DocumentKind.Review ? reviewDocumentId(mapId) : mapId;
}

/** The storage id of a map's review document. */
export function reviewDocumentId(mapId: string): string {
  return `${mapId}.${REVIEW_SUFFIX}`;
}

/** Which kind of document a stored document id names. */
export function documentKindOf(id: string): DocumentKind {
  return id.endsWith(`.${REVIEW_SUFFIX}`) ? DocumentKind.Review : DocumentKind.Map;
}

/** A stored document id: a map id, or a map id + ".review". */
export const DOCUMENT_ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_ID_LENGTH}}(\\.${REVIEW_SUFFIX})?$`);

export function isValidDocumentId(value: unknown): value is string {
  return typeof value === 'string' && DOCUMENT_ID_PATTERN.test(value);
}
