import { getRandomValues } from 'lib0/webcrypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random words drawn from the system in blocks: one call per id character would cost a system call each. */
const pool = new Uint32Array(1024);
let used = pool.length;

function randomWord(): number {
  if (used === pool.length) {
    getRandomValues(pool);
    used = 0;
  }
  return pool[used++]!;
}

/**
 * A short random id (12 base-62 characters, ~71 bits) for nodes and edges. Short ids keep every
 * update that names a node small; collisions between peers are practically impossible.
 */
export function newId(length = 12): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ALPHABET[randomWord() % ALPHABET.length];
  return id;
}
