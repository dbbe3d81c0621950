import { describe, expect, it } from 'vitest';
import { isValidMapId } from '../src/index.js';

describe('map ids', () => {
  it('accepts ids made of letters, digits, - and _', () => {
    for (const id of ['a', 'sample-ruecvet-course', 'X_9', 'a'.repeat(64)]) expect(isValidMapId(id)).toBe(true);
  });
  it('refuses anything that could escape a directory or confuse a URL', () => {
    for (const id of ['', '..', '../etc', 'a/b', 'a\\b', 'a.b', 'a b', 'é', 'a'.repeat(65), '%2e%2e', null, 3]) {
      expect(isValidMapId(id)).toBe(false);
    }
  });
});
