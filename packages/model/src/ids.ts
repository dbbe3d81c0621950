import * as random from 'lib0/random';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A short random id (12 base-62 characters, ~71 bits) for nodes and edges. Short ids keep every
 * update that names a node small; collisions between peers are practically impossible.
 */
export function newId(length = 12): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[random.uint32() % ALPHABET.length];
  return id;
}
