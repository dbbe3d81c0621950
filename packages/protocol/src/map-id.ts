import { ID_PATTERN } from './limits.js';

/**
 * Map ids appear in URLs and become directory names on the server, so they are restricted to
 * characters that are safe in both: letters, digits, `-` and `_`, 1–64 of them.
 */
export const MAP_ID_PATTERN = ID_PATTERN;

export function isValidMapId(value: unknown): value is string {
  return typeof value === 'string' && MAP_ID_PATTERN.test(value);
}

/** Version ids become file names (`versions/<id>.bin`): the same rule as map ids. */
export const VERSION_ID_PATTERN = ID_PATTERN;

export function isValidVersionId(value: unknown): value is string {
  return typeof value === 'string' && VERSION_ID_PATTERN.test(value);
}
