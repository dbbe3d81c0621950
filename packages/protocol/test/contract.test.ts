import { describe, expect, it } from 'vitest';
import {
  ApiErrorCode,
  DOCUMENT_ID_PATTERN,
  DocumentKind,
  ID_PATTERN,
  MAX_ID_LENGTH,
  MAX_MAP_TITLE_LENGTH,
  MAX_VERSION_NAME_LENGTH,
  SYNC_PATH,
  VersionKind,
  AUTOMATIC_CHECKPOINT_NAME,
  beforeRestoringName,
  documentId,
  documentKindOf,
  isValidDocumentId,
  isValidVersionId,
  parseDocumentId,
  syncPath,
  syncRoomName,
  versionKindOf,
} from '../src/index.js';

describe('the document paths', () => {
  it('builds the socket path, the room name and the storage id of a map and of its review', () => {
    expect(SYNC_PATH).toBe('/sync');
    expect(syncPath('abc')).toBe('/sync/abc');
    expect(syncPath('abc', DocumentKind.Review)).toBe('/sync/abc/review');
    expect(syncRoomName('abc')).toBe('abc');
    expect(syncRoomName('abc', DocumentKind.Review)).toBe('abc/review');
    expect(documentId('abc')).toBe('abc');
    expect(documentId('abc', DocumentKind.Review)).toBe('abc.review');
    expect(documentKindOf('abc')).toBe(DocumentKind.Map);
    expect(documentKindOf(documentId('abc', DocumentKind.Review))).toBe(DocumentKind.Review);
    expect(DOCUMENT_ID_PATTERN.test(documentId('a'.repeat(MAX_ID_LENGTH), DocumentKind.Review))).toBe(true);
  });
});

describe('the private workshop documents', () => {
  const pid = '0123456789abcdef0123456789abcdef';
  it('have a socket path and a storage id of their own, beside the map and its review', () => {
    expect(syncPath('abc', DocumentKind.Workshop, pid)).toBe(`/sync/abc/workshop/${pid}`);
    expect(syncRoomName('abc', DocumentKind.Workshop, pid)).toBe(`abc/workshop/${pid}`);
    expect(documentId('abc', DocumentKind.Workshop, pid)).toBe(`abc.workshop.${pid}`);
    expect(documentKindOf(`abc.workshop.${pid}`)).toBe(DocumentKind.Workshop);
    expect(parseDocumentId(`abc.workshop.${pid}`)).toEqual({ mapId: 'abc', kind: DocumentKind.Workshop, participantId: pid });
    expect(parseDocumentId('abc.review')).toEqual({ mapId: 'abc', kind: DocumentKind.Review });
    expect(parseDocumentId('abc')).toEqual({ mapId: 'abc', kind: DocumentKind.Map });
    expect(isValidDocumentId(documentId('a'.repeat(MAX_ID_LENGTH), DocumentKind.Workshop, pid))).toBe(true);
    // A map may be named "workshop"; only a participant id after it makes a private document.
    expect(documentKindOf('workshop')).toBe(DocumentKind.Map);
    for (const bad of [`abc.workshop.${pid.toUpperCase()}`, `abc.workshop.${pid}0`, 'abc.workshop.', `abc.review.workshop.${pid}`, `../workshop.${pid}`]) {
      expect(isValidDocumentId(bad)).toBe(false);
    }
    expect(() => documentId('abc', DocumentKind.Workshop)).toThrow();
  });
});

describe('the limits', () => {
  it('are the numbers the API documents', () => {
    expect([MAX_MAP_TITLE_LENGTH, MAX_VERSION_NAME_LENGTH, MAX_ID_LENGTH]).toEqual([200, 120, 64]);
    expect(ID_PATTERN.test('a'.repeat(64))).toBe(true);
    expect(ID_PATTERN.test('a'.repeat(65))).toBe(false);
    for (const bad of ['../escape', 'a/b', '', '.', 'a.b']) expect(isValidVersionId(bad)).toBe(false);
  });
});

describe('API error codes', () => {
  it('are unique, kebab-case strings', () => {
    const codes = Object.values(ApiErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
    expect(ApiErrorCode.NotFound).toBe('not-found');
  });
});

describe('version kinds', () => {
  it('are read from the record when it has one', () => {
    expect(versionKindOf({ name: 'Before restoring “x”', auto: false, kind: VersionKind.Named })).toEqual({ kind: VersionKind.Named });
    expect(versionKindOf({ name: 'anything', auto: true, kind: VersionKind.Backup, restoredName: 'x' })).toEqual({ kind: VersionKind.Backup, restoredName: 'x' });
  });

  it('are migrated from the server’s old names on records written before they existed', () => {
    expect(versionKindOf({ name: AUTOMATIC_CHECKPOINT_NAME, auto: true })).toEqual({ kind: VersionKind.Auto });
    expect(versionKindOf({ name: beforeRestoringName('After workshop 1'), auto: true })).toEqual({ kind: VersionKind.Backup, restoredName: 'After workshop 1' });
    // A person may name their own version like that: it stays theirs.
    expect(versionKindOf({ name: beforeRestoringName('x'), auto: false })).toEqual({ kind: VersionKind.Named });
    expect(versionKindOf({ name: AUTOMATIC_CHECKPOINT_NAME, auto: false })).toEqual({ kind: VersionKind.Named });
  });
});
