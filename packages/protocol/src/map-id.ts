/**
 * Map ids appear in URLs and become directory names on the server, so they are restricted to
 * characters that are safe in both: letters, digits, `-` and `_`, 1–64 of them.
 */
export const MAP_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function isValidMapId(value: unknown): value is string {
  return typeof value === 'string' && MAP_ID_PATTERN.test(value);
}
