import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addInstitution, initMapDocument, type InstitutionSpec, institutionName, readInstitutions, removeInstitution, snapshotOf, updateInstitution } from '../src/index.js';
import { twoPeers } from './peers.js';

const vilnius = {
  name: { en: 'Vilnius VET Centre', lt: 'Vilniaus profesinio mokymo centras' },
  country: 'lt',
  city: 'Vilnius',
  role: 'host' as const,
  competences: ['assessing', 'designing'],
  contact: { name: 'Ona Kazlauskienė', email: 'ona@vpmc.lt' },
};

describe('partner institutions', () => {
  it('are added, read in the map’s languages, updated and removed', () => {
    const doc = new Y.Doc();
    initMapDocument(doc, { title: 'Welder', language: 'en' });
    const added = addInstitution(doc, vilnius);
    expect(added.ok).toBe(true);
    const id = added.ok ? added.value : '';
    const [read] = readInstitutions(doc);
    expect(read).toEqual({
      id,
      name: { en: 'Vilnius VET Centre', lt: 'Vilniaus profesinio mokymo centras' },
      country: 'LT',
      city: 'Vilnius',
      role: 'host',
      competences: ['designing', 'assessing'],
      contact: { name: 'Ona Kazlauskienė', email: 'ona@vpmc.lt' },
    });
    expect(institutionName(read!, 'lt')).toBe('Vilniaus profesinio mokymo centras');
    expect(institutionName(read!, 'it', 'en')).toBe('Vilnius VET Centre');
    expect(snapshotOf(doc).meta.institutions).toHaveLength(1);

    expect(updateInstitution(doc, id, { ...vilnius, role: 'home', competences: ['validating', 'recognising'] }).ok).toBe(true);
    expect(readInstitutions(doc)[0]).toMatchObject({ id, role: 'home', competences: ['validating', 'recognising'] });
    expect(removeInstitution(doc, id).ok).toBe(true);
    expect(readInstitutions(doc)).toEqual([]);
    expect(snapshotOf(doc).meta.institutions).toBeUndefined();
  });

  it('refuses what does not describe an institution, and changes nothing', () => {
    const doc = new Y.Doc();
    initMapDocument(doc, { title: 'Welder' });
    const before = Y.encodeStateAsUpdate(doc);
    const bads: InstitutionSpec[] = [
      { ...vilnius, name: {} },
      { ...vilnius, name: { 'not a tag!': 'X' } },
      { ...vilnius, country: 'Lithuania' },
      { ...vilnius, role: 'partner' as never },
      { ...vilnius, competences: ['teaching'] },
      { ...vilnius, contact: { email: 'not-an-address' } },
      { ...vilnius, name: { en: 'x'.repeat(201) } },
    ];
    for (const bad of bads) {
      const result = addInstitution(doc, bad);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
    expect(updateInstitution(doc, 'gone', vilnius).ok).toBe(false);
  });

  it('two partners adding institutions at once keep both', () => {
    const { a, b, sync } = twoPeers();
    initMapDocument(a, { title: 'Welder' });
    sync();
    addInstitution(a, vilnius);
    addInstitution(b, { name: { it: 'CFP Bologna' }, country: 'IT', role: 'home' });
    sync();
    expect(readInstitutions(a).map((i) => institutionName(i, 'en'))).toEqual(['CFP Bologna', 'Vilnius VET Centre']);
    expect(readInstitutions(b)).toEqual(readInstitutions(a));
  });
});

describe('the migration to schema 3', () => {
  it('gives a map its institutions map', async () => {
    const { metaOf, migrate } = await import('../src/index.js');
    const doc = new Y.Doc();
    initMapDocument(doc, { title: 'Old' });
    metaOf(doc).delete('institutions');
    metaOf(doc).set('schemaVersion', 2);
    migrate(doc);
    expect(metaOf(doc).get('institutions')).toBeInstanceOf(Y.Map);
    expect(metaOf(doc).get('schemaVersion')).toBe(3);
  });
});
