import { describe, expect, it } from 'vitest';
import { newPublicId } from '../src/access.js';
import { newMapId } from '../src/maps.js';

describe('public ids', () => {
  it('never start with "-" or "_", so a spreadsheet does not read one as a formula', () => {
    // With plain base64url, 2 of every 64 ids would start with one of them: 3,000 draws all but surely include one.
    const ids = [...Array.from({ length: 1500 }, () => newMapId()), ...Array.from({ length: 1500 }, () => newPublicId(9))];
    expect(ids.filter((id) => !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(id))).toEqual([]);
    expect(new Set(ids.map((id) => id.length))).toEqual(new Set([16, 12]));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
