import { describe, expect, it } from 'vitest';
import { ROLES, can, isValidDocumentId, isValidMapId, reviewDocumentId } from '../src/index.js';

describe('roles', () => {
  it('grants each permission to the right roles', () => {
    const table = Object.fromEntries(ROLES.map((role) => [role, (['manage', 'edit', 'review', 'view'] as const).filter((p) => can(role, p))]));
    expect(table).toEqual({
      owner: ['manage', 'edit', 'review', 'view'],
      editor: ['edit', 'review', 'view'],
      commenter: ['review', 'view'],
      viewer: ['view'],
    });
    expect(can(null, 'view')).toBe(false);
  });

  it('names a map’s review document so that it can never be taken for a map', () => {
    expect(reviewDocumentId('abc')).toBe('abc.review');
    expect(isValidDocumentId('abc.review')).toBe(true);
    expect(isValidDocumentId('abc')).toBe(true);
    expect(isValidMapId('abc.review')).toBe(false);
    expect(isValidDocumentId('abc.review.review')).toBe(false);
    expect(isValidDocumentId('../abc')).toBe(false);
  });
});
