import { MAX_ID_LENGTH } from './limits.js';

/**
 * Each map has these documents on the sync endpoint: the map (`/sync/<mapId>`, written by
 * editors), its review (`/sync/<mapId>/review`: comments, sign-offs and the workshop, written by
 * commenters too), and, during a workshop, one private document per participant
 * (`/sync/<mapId>/workshop/<participantId>`: hidden ratings and cards until the facilitator
 * reveals them), read only by that participant and the facilitators.
 */
export const DocumentKind = {
  /** The map itself: nodes, links, fields, title. */
  Map: 'map',
  /** The map's comments, unit sign-offs and workshop. */
  Review: 'review',
  /** One workshop participant's private ratings and idea cards. */
  Workshop: 'workshop',
} as const;
export type DocumentKind = (typeof DocumentKind)[keyof typeof DocumentKind];

/** Where the sync endpoint listens; a stock client connects to `ws://HOST:PORT/sync` + room name. */
export const SYNC_PATH = '/sync';

/** The last segment of a review document's socket path and of its storage id. */
export const REVIEW_SUFFIX = 'review';

/** The segment of a private workshop document's socket path and storage id before the participant id. */
export const WORKSHOP_SEGMENT = 'workshop';

/** A participant id as it appears in a document id (participant.ts: PARTICIPANT_ID_PATTERN). */
const PARTICIPANT_ID = '[0-9a-f]{32}';

function participantOf(kind: DocumentKind, participantId: string | undefined): string {
  if (kind !== DocumentKind.Workshop) return '';
  if (participantId === undefined || participantId === '') throw new Error('a private workshop document needs a participant id');
  return participantId;
}

/**
 * The room name a stock y-websocket client passes for a document: `<mapId>`, `<mapId>/review` or
 * `<mapId>/workshop/<participantId>`
 * (`new WebsocketProvider(url + SYNC_PATH, syncRoomName(mapId, kind), doc)`).
 */
export function syncRoomName(mapId: string, kind: DocumentKind = DocumentKind.Map, participantId?: string): string {
  if (kind === DocumentKind.Review) return `${mapId}/${REVIEW_SUFFIX}`;
  if (kind === DocumentKind.Workshop) return `${mapId}/${WORKSHOP_SEGMENT}/${participantOf(kind, participantId)}`;
  return mapId;
}

/** The socket path of a document: `/sync/<mapId>`, `/sync/<mapId>/review` or `/sync/<mapId>/workshop/<participantId>`. */
export function syncPath(mapId: string, kind: DocumentKind = DocumentKind.Map, participantId?: string): string {
  return `${SYNC_PATH}/${syncRoomName(mapId, kind, participantId)}`;
}

/**
 * The id under which the server keeps a document (its room and its storage): `<mapId>`,
 * `<mapId>.review` or `<mapId>.workshop.<participantId>`.
 */
export function documentId(mapId: string, kind: DocumentKind = DocumentKind.Map, participantId?: string): string {
  if (kind === DocumentKind.Review) return reviewDocumentId(mapId);
  if (kind === DocumentKind.Workshop) return workshopDocumentId(mapId, participantOf(kind, participantId));
  return mapId;
}

/** The storage id of a map's review document. */
export function reviewDocumentId(mapId: string): string {
  return `${mapId}.${REVIEW_SUFFIX}`;
}

/** The storage id of a participant's private workshop document. */
export function workshopDocumentId(mapId: string, participantId: string): string {
  return `${mapId}.${WORKSHOP_SEGMENT}.${participantId}`;
}

const WORKSHOP_ID = new RegExp(`^([A-Za-z0-9_-]+)\\.${WORKSHOP_SEGMENT}\\.(${PARTICIPANT_ID})$`);

/** Which kind of document a stored document id names. */
export function documentKindOf(id: string): DocumentKind {
  if (id.endsWith(`.${REVIEW_SUFFIX}`)) return DocumentKind.Review;
  if (WORKSHOP_ID.test(id)) return DocumentKind.Workshop;
  return DocumentKind.Map;
}

/** The map, kind and (for a private workshop document) participant a stored document id names. */
export function parseDocumentId(id: string): { mapId: string; kind: DocumentKind; participantId?: string } {
  const workshop = WORKSHOP_ID.exec(id);
  if (workshop) return { mapId: workshop[1]!, kind: DocumentKind.Workshop, participantId: workshop[2]! };
  if (id.endsWith(`.${REVIEW_SUFFIX}`)) return { mapId: id.slice(0, -REVIEW_SUFFIX.length - 1), kind: DocumentKind.Review };
  return { mapId: id, kind: DocumentKind.Map };
}

/** A stored document id: a map id, a map id + ".review", or a map id + ".workshop." + a participant id. */
export const DOCUMENT_ID_PATTERN = new RegExp(`^[A-Za-z0-9_-]{1,${MAX_ID_LENGTH}}(\\.${REVIEW_SUFFIX}|\\.${WORKSHOP_SEGMENT}\\.${PARTICIPANT_ID})?$`);

export function isValidDocumentId(value: unknown): value is string {
  return typeof value === 'string' && DOCUMENT_ID_PATTERN.test(value);
}
