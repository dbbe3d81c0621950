import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { addNodes, connect, initMapDocument, matchAcrossMaps, matchedUnits, type MapSnapshot, type NewNode } from '@qms/model';
import { describe, expect, it } from 'vitest';
import { casePackage, case11Format, caseFormat } from '../src/case/export.js';
import { QMS_NAMESPACE, UUID_1_1, sha1, utf8, uuidV5, type CasePackage } from '../src/case/shared.js';
import { CONTEXT, FIXTURES, SAMPLES, fixture, hasFixtures, sampleMap } from './fixtures.js';

/**
 * Validators for the two official schemas. The 1.0 schema (OpenSALT's) puts schemas where ajv
 * expects keywords (`"additionalProperties": { "CFPackageURI": … }`), which ajv's strict mode
 * refuses to compile: it is compiled non-strict, and those spots then accept any value, as they did
 * for OpenSALT. The 1.1 schema compiles strict.
 */
function validators(): { '1.0': ValidateFunction; '1.1': ValidateFunction } {
  const v10 = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(v10);
  const v11 = new Ajv2019({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv2019) => void)(v11);
  return {
    '1.0': v10.compile(JSON.parse(fixture('case/case-v1p0-cfpackage-schema.json'))),
    '1.1': v11.compile(JSON.parse(fixture('case/case-v1p1-cfpackage-schema.json'))),
  };
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** A small map built through the model's own operations. */
function buildMap(specs: Array<NewNode & { id: string }>, links: Array<[kind: 'childOf' | 'covers' | 'partOf' | 'matches', string, string]>) {
  return sampleMap((doc) => {
    initMapDocument(doc, { title: 'Small map', language: 'en' });
    addNodes(doc, specs);
    for (const [kind, source, target] of links) {
      const result = connect(doc, { kind, source, target });
      if (!result.ok) throw new Error(`${kind} ${source} → ${target}: ${result.message}`);
    }
  }).snapshot;
}

const at = (x: number) => ({ x, y: 0 });

describe('identifier helpers', () => {
  it('computes SHA-1 as the standard says', () => {
    expect(hex(sha1(utf8('')))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1(utf8('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    expect(hex(sha1(utf8('a'.repeat(1000))))).toBe('291e9a6c66994949b57ba5e650361e98fc36b1ba');
    // UTF-8 of characters outside the BMP and of accented letters (checked with Python's hashlib)
    expect(hex(utf8('𝑑'))).toBe('f09d9191');
    expect(hex(sha1(utf8('𝑑 ünï')))).toBe('8596b9d3b2fe2eed65c88f417f2ecfe40151d33f');
  });

  it('derives version-5 UUIDs like RFC 9562 (same as Python’s uuid.uuid5)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(QMS_NAMESPACE).toBe('c06a3b72-92ac-5a7d-a18a-0d75d89f1ea4');
    expect(uuidV5(QMS_NAMESPACE, 'x')).toMatch(UUID_1_1);
  });
});

describe.skipIf(!hasFixtures)('CASE export', () => {
  const validate = hasFixtures ? validators() : undefined!;

  for (const { name, build } of SAMPLES) {
    for (const [format, version] of [
      [caseFormat, '1.0'],
      [case11Format, '1.1'],
    ] as const) {
      it(`${format.id}: the ${name} sample validates against the CASE ${version} schema (${FIXTURES}case/)`, async () => {
        const text = (await format.run(sampleMap(build).snapshot, CONTEXT)) as string;
        expect(text.endsWith('\n')).toBe(true);
        const json = JSON.parse(text);
        expect(validate[version](json), JSON.stringify(validate[version].errors?.slice(0, 5), null, 2)).toBe(true);
        if (version === '1.1') {
          const ids = [json.CFDocument, ...json.CFItems, ...json.CFAssociations, ...json.CFDefinitions.CFItemTypes].map((o) => o.identifier);
          for (const id of ids) expect(id).toMatch(UUID_1_1);
        }
      });
    }
  }

  it('describes both formats', () => {
    expect(caseFormat).toMatchObject({ id: 'case', extension: 'case.json', mediaType: 'application/json', text: true });
    expect(case11Format).toMatchObject({ id: 'case-1.1', extension: 'case.json', mediaType: 'application/json', text: true });
  });

  describe('the hairdresser sample', () => {
    const { snapshot } = sampleMap(SAMPLES[1].build);
    const pkg10 = casePackage(snapshot, CONTEXT, '1.0');
    const pkg11 = casePackage(snapshot, CONTEXT, '1.1');
    const root = snapshot.nodes.find((n) => n.kind === 'qualification')!;
    const itemOf = (pkg: CasePackage, code: string) => pkg.CFItems.find((i) => i.humanCodingScheme === code)!;
    const childOf = (pkg: CasePackage) => pkg.CFAssociations.filter((a) => a.associationType === 'isChildOf');

    it('makes the root qualification the CFDocument and every other node an item', () => {
      expect(pkg10.CFDocument).toMatchObject({
        title: snapshot.meta.title,
        creator: 'Qualification Map Studio',
        language: 'en',
        lastChangeDateTime: '2026-11-23T10:00:00Z',
        description: root.keyPurpose,
        adoptionStatus: 'Draft',
      });
      expect(pkg10.CFDocument.uri).toBe(`${CONTEXT.baseUri}/case/CFDocuments/${pkg10.CFDocument.identifier}`);
      expect(pkg10.CFDocument.notes).toMatch(/Illustrative/);
      expect(pkg10.CFItems).toHaveLength(snapshot.nodes.length - 1);
      const types = new Map<string, number>();
      for (const item of pkg10.CFItems) types.set(item.CFItemType!, (types.get(item.CFItemType!) ?? 0) + 1);
      expect(Object.fromEntries(types)).toEqual({
        'Key Function': 7,
        'Main Function': 17,
        'Work Action': 42,
        'Learning Outcome': 47,
        'Unit of Learning Outcomes': 8,
        'Unit group': 1,
      });
      expect(pkg10.CFDefinitions.CFItemTypes.map((t) => [t.title, t.hierarchyCode])).toEqual([
        ['Key Function', '2'],
        ['Main Function', '3'],
        ['Work Action', '4'],
        ['Learning Outcome', '5'],
        ['Unit of Learning Outcomes', '6'],
        ['Unit group', '7'],
      ]);
    });

    it('hangs every item from exactly one parent, key functions, outcomes, mandatory units and unit groups from the document', () => {
      for (const pkg of [pkg10, pkg11]) {
        const links = childOf(pkg);
        expect(links).toHaveLength(pkg.CFItems.length);
        expect(new Set(links.map((a) => a.originNodeURI.identifier)).size).toBe(pkg.CFItems.length);
        const toDocument = links.filter((a) => a.destinationNodeURI.identifier === pkg.CFDocument.identifier);
        expect(toDocument).toHaveLength(7 + 47 + 6 + 1);
        // The two electives hang from their group.
        const group = itemOf(pkg, 'G 1');
        expect(group).toMatchObject({ CFItemType: 'Unit group', fullStatement: 'Elective units' });
        const electives = links.filter((a) => a.destinationNodeURI.identifier === group.identifier).map((a) => [a.originNodeURI.title, a.sequenceNumber]);
        expect(electives).toEqual([['U 4', 1], ['U 8', 2]]);
        expect(toDocument[0]!.destinationNodeURI).toEqual({ title: pkg.CFDocument.title, identifier: pkg.CFDocument.identifier, uri: pkg.CFDocument.uri });
      }
      const mf1 = itemOf(pkg10, 'MF 1');
      const kf1 = itemOf(pkg10, 'KF 1');
      const link = childOf(pkg10).find((a) => a.originNodeURI.identifier === mf1.identifier)!;
      expect(link.destinationNodeURI).toEqual({ title: 'KF 1', identifier: kf1.identifier, uri: kf1.uri });
    });

    it('numbers siblings from 1 in code order', () => {
      const byParent = new Map<string, Array<[string, number]>>();
      const code = new Map(pkg10.CFItems.map((i) => [i.identifier, i.humanCodingScheme!]));
      for (const a of childOf(pkg10)) {
        const list = byParent.get(a.destinationNodeURI.identifier) ?? [];
        list.push([code.get(a.originNodeURI.identifier)!, a.sequenceNumber!]);
        byParent.set(a.destinationNodeURI.identifier, list);
      }
      const kf1 = byParent.get(itemOf(pkg10, 'KF 1').identifier)!;
      expect(kf1).toEqual([
        ['MF 1', 1],
        ['MF 2', 2],
      ]);
      for (const list of byParent.values()) expect(list.map(([, n]) => n)).toEqual(list.map((_, i) => i + 1));
      const underDocument = byParent.get(pkg10.CFDocument.identifier)!.map(([c]) => c);
      expect(underDocument.slice(0, 3)).toEqual(['KF 1', 'KF 2', 'KF 3']);
    });

    it('writes partOf as isPartOf and covers as ext:covers (1.1) or grouped isRelatedTo (1.0)', () => {
      const count = (kind: string) => snapshot.edges.filter((e) => e.kind === kind).length;
      const of = (pkg: CasePackage, type: string) => pkg.CFAssociations.filter((a) => a.associationType === type);
      // A unit's group is its parent (isChildOf), not an isPartOf.
      const inGroups = snapshot.edges.filter((e) => e.kind === 'partOf' && snapshot.nodes.find((n) => n.id === e.target)!.kind === 'unitGroup').length;
      expect(inGroups).toBe(2);
      for (const pkg of [pkg10, pkg11]) expect(of(pkg, 'isPartOf')).toHaveLength(count('partOf') - inGroups);
      // A prerequisite: the required unit precedes the one requiring it.
      for (const pkg of [pkg10, pkg11]) {
        expect(of(pkg, 'precedes').map((a) => `${a.originNodeURI.title} precedes ${a.destinationNodeURI.title}`)).toEqual(['U 1 precedes U 3', 'U 5 precedes U 8']);
      }
      expect(of(pkg11, 'ext:covers')).toHaveLength(count('covers'));
      expect(of(pkg11, 'isRelatedTo')).toHaveLength(0);
      expect(pkg11.CFDefinitions.CFAssociationGroupings).toBeUndefined();
      const related = of(pkg10, 'isRelatedTo');
      expect(related).toHaveLength(count('covers'));
      const grouping = pkg10.CFDefinitions.CFAssociationGroupings![0]!;
      expect(grouping.title).toBe('qms:covers');
      for (const a of related) expect(a.CFAssociationGroupingURI).toEqual({ title: grouping.title, identifier: grouping.identifier, uri: grouping.uri });
      const lo1 = itemOf(pkg10, 'LO 1');
      const u1 = itemOf(pkg10, 'U 1');
      expect(of(pkg10, 'isPartOf').some((a) => a.originNodeURI.identifier === lo1.identifier && a.destinationNodeURI.identifier === u1.identifier)).toBe(true);
    });

    it('carries points, levels and criteria as 1.1 extensions only', () => {
      expect(itemOf(pkg11, 'U 1').extensions).toMatchObject({ 'qms:points': 20, 'qms:eqfLevel': 4, 'qms:validity': '5 years' });
      expect((itemOf(pkg11, 'U 1').extensions!['qms:assessmentCriteria'] as string[]).length).toBe(3);
      expect(itemOf(pkg11, 'LO 1').extensions).toEqual({ 'qms:eqfLevel': 4, 'qms:domain': 'knowledge', 'qms:bloomLevel': 'understand' });
      expect(pkg11.CFDocument.extensions).toMatchObject({ 'qms:points': 180, 'qms:eqfLevel': 4, 'qms:iscoCode': '5141', 'qms:code': 'Q 1', 'qms:title': 'Hairdresser' });
      expect(pkg11.CFDocument.caseVersion).toBe('1.1');
      expect(JSON.stringify(pkg10)).not.toContain('"extensions"');
      expect(pkg10.CFDocument.caseVersion).toBeUndefined();
    });

    it('derives the same identifiers every time, and other ones for another map', () => {
      expect(casePackage(snapshot, CONTEXT, '1.1')).toEqual(pkg11);
      const other = casePackage(snapshot, { ...CONTEXT, mapId: 'another-map' }, '1.1');
      expect(other.CFDocument.identifier).not.toBe(pkg11.CFDocument.identifier);
      expect(other.CFItems[0]!.identifier).not.toBe(pkg11.CFItems[0]!.identifier);
      // Item types are the same things everywhere: their identifiers do not depend on the map.
      expect(other.CFDefinitions.CFItemTypes).toEqual(pkg11.CFDefinitions.CFItemTypes);
      // 1.0 and 1.1 name a map's nodes alike, so a partner can move from one to the other.
      expect(pkg10.CFItems.map((i) => i.identifier)).toEqual(pkg11.CFItems.map((i) => i.identifier));
    });
  });

  describe('maps with imported nodes and odd content', () => {
    const snapshot: MapSnapshot = buildMap(
      [
        { id: 'q', kind: 'qualification', code: 'Q', title: 'Imported framework', position: at(0), fields: { sourceId: 'd0000000-0000-0000-0000-000000000000', sourceType: 'CFDocument' } },
        { id: 'a', kind: 'keyFunction', code: 'A', title: 'Cluster A', position: at(0), fields: { sourceId: '00000000-0000-0000-0000-000000000001', sourceType: 'Cluster', sequence: 2 } },
        { id: 'b', kind: 'keyFunction', code: 'B', title: 'Cluster B', position: at(0), fields: { sourceId: 'Math.Fractions', sequence: 1 } },
        { id: 'c', kind: 'keyFunction', code: 'C', title: 'Added here', position: at(0) },
        { id: 'w1', kind: 'workAction', code: '', title: '', position: at(0), fields: { sourceId: 'e144c2e6-c0ea-11e7-95f7-5d664f4d8844' } },
        { id: 'w2', kind: 'workAction', code: 'W 2', title: '  ', position: at(0), fields: { sourceId: 'e144c2e6-c0ea-11e7-95f7-5d664f4d8844' } },
        { id: 'u1', kind: 'unit', code: 'U 1', title: 'Ours', position: at(0) },
        { id: 'u2', kind: 'unit', code: 'P 1', title: 'Partner’s', position: at(0) },
      ],
      [
        ['childOf', 'a', 'q'],
        ['childOf', 'b', 'q'],
        ['childOf', 'c', 'q'],
        ['childOf', 'w1', 'a'],
        ['childOf', 'w2', 'a'],
        ['matches', 'u1', 'u2'],
      ],
    );
    const pkg10 = casePackage(snapshot, CONTEXT, '1.0');
    const pkg11 = casePackage(snapshot, CONTEXT, '1.1');
    const item = (pkg: CasePackage, statement: string) => pkg.CFItems.find((i) => i.fullStatement === statement)!;

    it('validates in both versions', () => {
      expect(validate['1.0'](pkg10), JSON.stringify(validate['1.0'].errors, null, 2)).toBe(true);
      expect(validate['1.1'](pkg11), JSON.stringify(validate['1.1'].errors, null, 2)).toBe(true);
    });

    it('turns the node imported from a CFDocument back into the CFDocument, not an item', () => {
      expect(pkg10.CFDocument.identifier).toBe('d0000000-0000-0000-0000-000000000000');
      expect(pkg10.CFItems.map((i) => i.fullStatement)).not.toContain('Imported framework');
      expect(pkg10.CFItems).toHaveLength(snapshot.nodes.length - 1);
      // 1.1 wants a version-1–5 UUID: a derived one, with the original kept as an extension
      expect(pkg11.CFDocument.identifier).toMatch(UUID_1_1);
      expect(pkg11.CFDocument.extensions!['qms:sourceId']).toBe('d0000000-0000-0000-0000-000000000000');
    });

    it('keeps source identifiers that the version accepts, and the source’s CFItemType', () => {
      expect(item(pkg10, 'Cluster A')).toMatchObject({ identifier: '00000000-0000-0000-0000-000000000001', CFItemType: 'Cluster' });
      expect(item(pkg11, 'Cluster A').identifier).toMatch(UUID_1_1);
      expect(item(pkg11, 'Cluster A').extensions).toEqual({ 'qms:sourceId': '00000000-0000-0000-0000-000000000001', 'qms:kind': 'keyFunction' });
      // not a UUID at all: neither schema takes it
      for (const pkg of [pkg10, pkg11]) expect(item(pkg, 'Cluster B').identifier).toMatch(UUID_1_1);
      expect(item(pkg11, 'Cluster B').extensions).toEqual({ 'qms:sourceId': 'Math.Fractions' });
      expect(item(pkg10, 'Cluster B').CFItemType).toBe('Key Function');
      // a version-1 UUID is kept as it is in both (by the first of the two nodes that have it)
      for (const pkg of [pkg10, pkg11]) expect(item(pkg, 'W 2').identifier).toBe('e144c2e6-c0ea-11e7-95f7-5d664f4d8844');
    });

    it('gives two nodes with one source identifier two identifiers', () => {
      for (const pkg of [pkg10, pkg11]) {
        expect(item(pkg, '(untitled)').identifier).not.toBe('e144c2e6-c0ea-11e7-95f7-5d664f4d8844');
        const ids = pkg.CFItems.map((i) => i.identifier);
        expect(new Set(ids).size).toBe(ids.length);
      }
    });

    it('never writes an empty fullStatement', () => {
      expect(pkg10.CFItems.map((i) => i.fullStatement)).toEqual(expect.arrayContaining(['(untitled)', 'W 2']));
      expect(item(pkg10, '(untitled)').humanCodingScheme).toBeUndefined();
    });

    it('keeps imported sequence numbers and numbers new siblings after them', () => {
      const seq = (pkg: CasePackage, statement: string) =>
        pkg.CFAssociations.find((a) => a.associationType === 'isChildOf' && a.originNodeURI.identifier === item(pkg, statement).identifier)!.sequenceNumber;
      expect([seq(pkg10, 'Cluster B'), seq(pkg10, 'Cluster A'), seq(pkg10, 'Added here')]).toEqual([1, 2, 3]);
      const underDocument = pkg10.CFItems.filter((i) => ['Cluster A', 'Cluster B', 'Added here'].includes(i.fullStatement)).map((i) => i.fullStatement);
      expect(underDocument).toEqual(['Cluster B', 'Cluster A', 'Added here']);
    });

    it('writes matches as exactMatchOf', () => {
      const match = pkg10.CFAssociations.filter((a) => a.associationType === 'exactMatchOf');
      expect(match.map((a) => [a.originNodeURI.title, a.destinationNodeURI.title])).toEqual([['U 1', 'P 1']]);
    });

    it('mints urn:uuid URIs when there is no base URI', () => {
      const bare = casePackage(snapshot, { generatedAt: CONTEXT.generatedAt }, '1.1');
      expect(bare.CFItems[0]!.uri).toBe(`urn:uuid:${bare.CFItems[0]!.identifier}`);
      expect(validate['1.1'](bare)).toBe(true);
      expect(validate['1.0'](casePackage(snapshot, { generatedAt: CONTEXT.generatedAt }, '1.0'))).toBe(true);
    });
  });

  describe('matches with units of other maps', () => {
    const partnerMap = sampleMap((doc) => {
      initMapDocument(doc, { title: 'Partner', language: 'en' });
      addNodes(doc, [
        { id: 'q', kind: 'qualification', code: 'Q 1', title: 'Parrucchiere', position: at(0) },
        { id: 'pu1', kind: 'unit', code: 'UC 1', title: 'Taglio', position: at(100) },
        { id: 'pu2', kind: 'unit', code: 'UC 2', title: 'Colore', position: at(200) },
      ]);
    }).snapshot;
    const partnerContext = { ...CONTEXT, mapId: 'partner-map', baseUri: 'https://maps.example.org/maps/partner-map' };
    const home = sampleMap((doc) => {
      initMapDocument(doc, { title: 'Home', language: 'en' });
      addNodes(doc, [
        { id: 'q', kind: 'qualification', code: 'Q 1', title: 'Hairdresser', position: at(0) },
        { id: 'u1', kind: 'unit', code: 'U 1', title: 'Cut hair', position: at(100) },
        { id: 'u2', kind: 'unit', code: 'U 2', title: 'Colour hair', position: at(200) },
      ]);
      const units = matchedUnits(partnerMap);
      for (const [source, target, matchType] of [['u1', 'pu1', 'exact'], ['u2', 'pu2', 'partial'], ['u2', 'pu1', 'related']] as const) {
        const made = matchAcrossMaps(doc, { source, targetMap: 'partner-map', target: units.find((u) => u.id === target)!, matchType, takenAt: 0 });
        if (!made.ok) throw new Error(made.message);
      }
    }).snapshot;

    it('writes exactMatchOf for an exact match and isRelatedTo for a partial or related one, to the partner item’s URI', () => {
      const validate = validators();
      for (const version of ['1.0', '1.1'] as const) {
        const pkg = casePackage(home, CONTEXT, version);
        expect(validate[version](pkg), JSON.stringify(validate[version].errors)).toBe(true);
        const partnerPkg = casePackage(partnerMap, partnerContext, version);
        const partnerUri = (code: string) => partnerPkg.CFItems.find((i) => i.humanCodingScheme === code)!.uri;
        const matches = pkg.CFAssociations.filter((a) => a.destinationNodeURI.uri.includes('/maps/partner-map/'));
        expect(matches.map((a) => [a.associationType, a.originNodeURI.title, a.destinationNodeURI.title, a.destinationNodeURI.uri])).toEqual([
          ['exactMatchOf', 'U 1', 'UC 1', partnerUri('UC 1')],
          ['isRelatedTo', 'U 2', 'UC 1', partnerUri('UC 1')],
          ['isRelatedTo', 'U 2', 'UC 2', partnerUri('UC 2')],
        ]);
        expect(matches.every((a) => a.destinationNodeURI.identifier === partnerPkg.CFItems.find((i) => i.uri === a.destinationNodeURI.uri)!.identifier)).toBe(true);
      }
    });
  });

  it('exports a map that has no qualification yet', () => {
    const snapshot = buildMap([{ id: 'w', kind: 'workAction', code: 'WA 1', title: 'Cut hair', position: at(0) }], []);
    const pkg = casePackage(snapshot, CONTEXT, '1.1');
    expect(pkg.CFDocument.title).toBe('Small map');
    expect(pkg.CFItems).toHaveLength(1);
    expect(validate['1.1'](pkg)).toBe(true);
  });
});
