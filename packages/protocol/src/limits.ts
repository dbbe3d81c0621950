/**
 * What the server accepts, written once. The server's request schemas and the web app's inputs
 * read these; so will the document model's own checks. This file imports nothing, so that any
 * package, however pure, can use it.
 */

/** Characters of an id: letters, digits, `-` and `_` (safe in a URL and as a file name). */
const ID_CHARACTERS = 'A-Za-z0-9_-';

/** Longest map, version or template id. */
export const MAX_ID_LENGTH = 64;
/** A map id or a version id: 1–64 letters, digits, `-` or `_` (ids become directory and file names). */
export const ID_PATTERN = new RegExp(`^[${ID_CHARACTERS}]{1,${MAX_ID_LENGTH}}$`);

/** Longest map title, in UTF-16 code units (as JSON Schema's `maxLength` counts). */
export const MAX_MAP_TITLE_LENGTH = 200;
/** Longest name of a saved version. */
export const MAX_VERSION_NAME_LENGTH = 120;
/** Longest `:id` or `:versionId` in a URL before it is refused unread (a real id is at most 64). */
export const MAX_PATH_ID_LENGTH = 200;
/** Longest `:role` in a URL (the longest role is "commenter"). */
export const MAX_ROLE_NAME_LENGTH = 20;
/** Longest `format=` of an export or import. */
export const MAX_FORMAT_ID_LENGTH = 40;

/** Largest JSON request body, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Largest file `POST /api/maps/import` accepts by default, in bytes (`MAX_UPLOAD_BYTES`). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Bytes per second one sync connection may ask for in answers, by default (`ANSWER_BYTES_PER_SECOND`). */
export const ANSWER_BYTES_PER_SECOND = 2 * 1024 * 1024;
/** Answer bytes one sync connection may ask for at once, by default (`ANSWER_BYTES_BURST`); a whole map always goes out. */
export const ANSWER_BYTES_BURST = 8 * 1024 * 1024;
/** Bytes a sync connection may leave unread before it is closed, by default (`MAX_BUFFERED_BYTES`); at least twice the map. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Largest WebSocket frame the sync endpoint accepts by default, in bytes (`MAX_FRAME_BYTES`). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
