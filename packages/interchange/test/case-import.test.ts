import { edgeAllowed, snapshotOf } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importCase } from '../src/case/import.js';
import { ImportError, writeImportedMap, type ImportedMap } from '../src/imported.js';
import { fixture, hasFixtures } from './fixtures.js';

/** Every CASE file of the shared fixtures (not the schemas, not the CSV). */
const CASE_FIXTURES = [
  'Utf8TestFramework.json',
  'Ordering.json',
  'SequenceNumberFramework.json',
  'SmartLevelFramework.json',
  'common-core-math-opensalt-export.json',
] as const;

type Spec = { id: string; type?: string; code?: string; text?: unknown; abbreviated?: string; extensions?: Record<string, unknown> };
type Link = [type: string, origin: string, destination: string, sequence?: number];

/** A CFPackage written the way CASE tools write them; the document's identifier is "doc". */
function casePackage(items: Spec[], links: Link[], document: Record<string, unknown> = {}) {
  const node = (id: string) => ({ title: id, identifier: id, uri: `https://example.org/${id}` });
  return JSON.stringify({
    CFDocument: { identifier: 'doc', uri: 'https://example.org/doc', creator: 'Test', title: 'Test framework', lastChangeDateTime: '2020-01-01T00:00:00Z', ...document },
    CFItems: items.map((item) => ({
      identifier: item.id,
      uri: `https://example.org/${item.id}`,
      ...(item.text === undefined ? { fullStatement: `Statement ${item.id}` } : item.text === null ? {} : { fullStatement: item.text }),
      ...(item.abbreviated ? { abbreviatedStatement: item.abbreviated } : {}),
      ...(item.type ? { CFItemType: item.type } : {}),
      ...(item.code ? { humanCodingScheme: item.code } : {}),
      ...(item.extensions ? { extensions: item.extensions } : {}),
      lastChangeDateTime: '2020-01-01T00:00:00Z',
    })),
    CFAssociations: links.map(([type, origin, destination, sequence], i) => ({
      identifier: `assoc-${i + 1}`,
      uri: `https://example.org/assoc-${i + 1}`,
      associationType: type,
      originNodeURI: node(origin),
      destinationNodeURI: node(destination),
      ...(sequence === undefined ? {} : { sequenceNumber: sequence }),
      lastChangeDateTime: '2020-01-01T00:00:00Z',
    })),
  });
}

const nodeOf = (map: ImportedMap, key: string) => map.nodes.find((n) => n.key === key)!;
const kinds = (map: ImportedMap) => Object.fromEntries(map.nodes.map((n) => [n.key, n.kind]));
const edges = (map: ImportedMap, kind?: string) => map.edges.filter((e) => !kind || e.kind === kind).map((e) => `${e.source} ${e.kind} ${e.target}`);

/** Every childOf pair the import produces must be one the model accepts. */
function expectAllowedLinks(map: ImportedMap) {
  const kind = new Map(map.nodes.map((n) => [n.key, n.kind]));
  for (const edge of map.edges) expect(edgeAllowed(edge.kind, kind.get(edge.source)!, kind.get(edge.target)!), `${edge.source} ${edge.kind} ${edge.target}`).toBe(true);
}

function expectImportError(text: string, ...patterns: RegExp[]) {
  let caught: unknown;
  try {
    importCase(text);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ImportError);
  for (const pattern of patterns) expect((caught as Error).message).toMatch(pattern);
}

describe.skipIf(!hasFixtures)('CASE import of the real-world fixtures', () => {
  for (const file of CASE_FIXTURES) {
    it(`imports ${file} and writes it into a map the model accepts`, () => {
      const imported = importCase(fixture(`case/${file}`));
      expectAllowedLinks(imported);
      const doc = new Y.Doc();
      const warnings = writeImportedMap(doc, imported);
      // writeImportedMap adds a warning for every link the model refuses: there must be none.
      expect(warnings).toEqual(imported.warnings);
      const snapshot = snapshotOf(doc);
      const source = JSON.parse(fixture(`case/${file}`));
      expect(snapshot.nodes).toHaveLength(source.CFItems.length + 1);
      expect(snapshot.meta.title).toBe(source.CFDocument.title);
      const root = snapshot.nodes.find((n) => n.sourceType === 'CFDocument')!;
      expect(root).toMatchObject({ kind: 'qualification', title: source.CFDocument.title, sourceId: source.CFDocument.identifier });
      for (const item of source.CFItems) {
        const node = snapshot.nodes.find((n) => n.sourceId === item.identifier)!;
        expect(node, item.identifier).toBeDefined();
        expect(node.title).toBe(item.fullStatement);
        expect(node.code).toBe(item.humanCodingScheme ?? '');
        expect(node.sourceType).toBe(item.CFItemType);
      }
    });
  }

  it('keeps characters outside the BMP (Utf8TestFramework)', () => {
    const imported = importCase(fixture('case/Utf8TestFramework.json'));
    expect(imported.title).toBe('UTF8 𝑑 Test');
    expect(nodeOf(imported, '00000000-0000-0000-0000-000000000001')).toMatchObject({ title: 'Item 𝑑 1', kind: 'workAction', code: '' });
    // a leaf right under the document: a work action directly under the qualification
    expect(edges(imported)).toEqual(['00000000-0000-0000-0000-000000000001 childOf d0000000-0000-0000-0000-000000000000']);
    expect(imported.warnings).toEqual([]);
  });

  it('keeps sequence numbers (SequenceNumberFramework)', () => {
    const imported = importCase(fixture('case/SequenceNumberFramework.json'));
    expect(nodeOf(imported, 'e144c2e6-c0ea-11e7-95f7-5d664f4d8844').fields!.sequence).toBe(2);
    expect(nodeOf(imported, 'ea98ab46-c0ea-11e7-820f-a71b35976453').fields!.sequence).toBe(1);
  });

  it('gives a five-level tree allowed kinds by depth (Ordering)', () => {
    const imported = importCase(fixture('case/Ordering.json'));
    const byCode = (code: string) => imported.nodes.find((n) => n.code === code)!;
    expect(byCode('H.A.MATH.GM').kind).toBe('keyFunction');
    expect(byCode('H.A.MATH.GM.PF').kind).toBe('mainFunction');
    expect(byCode('H.A.MATH.GM.PF.2DFP').kind).toBe('mainFunction');
    expect(byCode('H.A.MATH.GM.PF.2DFP.L1').kind).toBe('mainFunction');
    expect(byCode('H.A.MATH.GM.PF.2DFP.L1.7').kind).toBe('workAction');
    // Ordering.json has no sequenceNumber at all, despite its name: no sequence is invented
    expect(imported.nodes.some((n) => n.fields?.sequence !== undefined)).toBe(false);
    expect(imported.language).toBeUndefined();
  });

  it('reads a real OpenSALT export with its quirks (common-core-math)', () => {
    const imported = importCase(fixture('case/common-core-math-opensalt-export.json'));
    expect(imported.language).toBe('en');
    const root = nodeOf(imported, '20c5134f-423d-4097-a971-3dd5152bf507');
    expect(root.fields).toMatchObject({ sourceType: 'CFDocument', status: 'draft' });
    const cluster = nodeOf(imported, 'edfce0e7-dbbf-40d5-af1a-baccabef85e9');
    expect(cluster).toMatchObject({ kind: 'keyFunction', code: 'CCSS.Math.Content.6.RP.A', fields: { sourceType: 'Cluster', sequence: 1 } });
    // escaped slashes are plain JSON: nothing of "\/" survives in what was read
    expect(JSON.stringify(imported)).not.toContain('\\/');
    // every association is kept: the 2 precedes inside the package as links, the other 21 (to
    // items of other frameworks and to web pages) on their origin nodes
    expect(imported.warnings).toEqual([]);
    expect(imported.associations!.map((a) => a.type)).toEqual(['precedes', 'precedes']);
    const external = imported.nodes.flatMap((n) => n.externalAssociations ?? []);
    expect(external.map((a) => a.type).sort()).toEqual([...Array(16).fill('exactMatchOf'), ...Array(2).fill('exemplar'), ...Array(2).fill('isRelatedTo'), 'precedes']);
    expect(nodeOf(imported, 'edfce0e7-dbbf-40d5-af1a-baccabef85e9').externalAssociations).toContainEqual({
      type: 'exemplar',
      destinationIdentifier: '5586f197-b5fc-53c6-89cd-ec2d106082bf',
      destinationUri: 'http://opensalt-staging.opened.com/uri/https://www.illustrativemathematics.org/content-standards/6/RP/A/1/tasks/1181',
      title: 'Destination',
      identifier: '02b65381-825f-4515-9f99-b757a6c770b9',
    });
  });
});

describe('CASE import: a framework with no items', () => {
  // OpenSALT's EmptyExternalFramework: a CFDocument and empty lists.
  const empty = JSON.stringify({
    CFDocument: { identifier: 'c1d3e8a0-5a8e-4d47-9c3a-0a5f4b4b1e01', uri: 'https://example.org/doc', creator: 'OpenSALT', title: 'Empty External Framework', lastChangeDateTime: '2020-01-01T00:00:00+00:00', adoptionStatus: 'Draft' },
    CFItems: [],
    CFAssociations: [],
    CFDefinitions: { CFConcepts: [], CFSubjects: [], CFLicenses: [], CFItemTypes: [], CFAssociationGroupings: [] },
  });

  it('imports as a map holding the qualification alone', () => {
    const imported = importCase(empty);
    expect(imported.nodes).toEqual([
      { key: 'c1d3e8a0-5a8e-4d47-9c3a-0a5f4b4b1e01', kind: 'qualification', code: '', title: 'Empty External Framework', fields: { sourceId: 'c1d3e8a0-5a8e-4d47-9c3a-0a5f4b4b1e01', sourceType: 'CFDocument', status: 'draft' } },
    ]);
    expect(imported.edges).toEqual([]);
    expect(imported.warnings).toEqual(['The CFPackage has no CFItems: the map holds its qualification only.']);
    const doc = new Y.Doc();
    writeImportedMap(doc, imported);
    const snapshot = snapshotOf(doc);
    expect(snapshot.meta.title).toBe('Empty External Framework');
    expect(snapshot.nodes.map((n) => [n.kind, n.title])).toEqual([['qualification', 'Empty External Framework']]);
  });

  it('a document alone, without even the empty lists', () => {
    expect(importCase('{"CFDocument": {"identifier": "d", "title": "T"}}').nodes.map((n) => n.kind)).toEqual(['qualification']);
  });
});

describe('CASE import: kinds and links', () => {
  it('uses our CFItemTypes, case-insensitively, with isPartOf, ext:covers and exactMatchOf', () => {
    const imported = importCase(
      casePackage(
        [
          { id: 'kf', type: 'Key Function' },
          { id: 'mf', type: 'main function' },
          { id: 'wa', type: 'WORK ACTION' },
          { id: 'lo', type: 'Learning Outcome' },
          { id: 'comp', type: 'Competency' },
          { id: 'u1', type: 'Unit of Learning Outcomes' },
          { id: 'u2', type: 'Unit' },
          { id: 'q2', type: 'Qualification' },
        ],
        [
          ['isChildOf', 'kf', 'doc', 1],
          ['isChildOf', 'mf', 'kf', 1],
          ['isChildOf', 'wa', 'mf', 1],
          ['isChildOf', 'lo', 'doc', 2],
          ['isChildOf', 'comp', 'doc', 3],
          ['isChildOf', 'u1', 'doc', 4],
          ['isChildOf', 'u2', 'doc', 5],
          ['isChildOf', 'q2', 'doc', 6],
          ['isPartOf', 'lo', 'u1'],
          ['ext:covers', 'lo', 'wa'],
          ['ext:covers', 'comp', 'wa'],
          ['exactMatchOf', 'u1', 'u2'],
        ],
      ),
    );
    expect(kinds(imported)).toEqual({
      doc: 'qualification',
      kf: 'keyFunction',
      mf: 'mainFunction',
      wa: 'workAction',
      lo: 'learningOutcome',
      comp: 'learningOutcome',
      u1: 'unit',
      u2: 'unit',
      q2: 'qualification',
    });
    // Outcomes, units and a second qualification hang from the document in CASE but not in the map.
    expect(edges(imported)).toEqual([
      'kf childOf doc',
      'mf childOf kf',
      'wa childOf mf',
      'lo partOf u1',
      'lo covers wa',
      'comp covers wa',
      'u1 matches u2',
    ]);
    expect(nodeOf(imported, 'mf').fields).toEqual({ sourceId: 'mf', sourceType: 'main function', sequence: 1 });
    expect(imported.warnings).toEqual([]);
    expectAllowedLinks(imported);
  });

  it('gives items without one of our types their kind from their place, at any depth', () => {
    const chain = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const imported = importCase(
      casePackage(
        [...chain.map((id) => ({ id, type: 'Standard' })), { id: 'leaf', type: 'Standard' }, { id: 'x' }, { id: 'lone' }],
        [
          ['isChildOf', 'a', 'doc'],
          ...chain.slice(1).map((id, i): Link => ['isChildOf', id, chain[i]!]),
          ['isChildOf', 'leaf', 'a'],
          ['isChildOf', 'x', 'doc'],
        ],
      ),
    );
    expect(kinds(imported)).toMatchObject({
      a: 'keyFunction',
      b: 'mainFunction',
      c: 'mainFunction',
      f: 'mainFunction',
      g: 'workAction',
      leaf: 'workAction',
      x: 'workAction',
      lone: 'workAction',
    });
    expectAllowedLinks(imported);
    expect(edges(imported)).toContain('x childOf doc');
    expect(edges(imported).some((e) => e.startsWith('lone '))).toBe(false);
    expect(imported.warnings).toEqual(['1 item has no isChildOf association and was imported without a parent.']);
  });

  it('overrides a declared kind that does not fit its place, and says so', () => {
    const imported = importCase(
      casePackage(
        [
          { id: 'wa', type: 'Work Action' },
          { id: 'kf', type: 'Key Function' },
          { id: 'lo', type: 'Learning Outcome' },
          { id: 'leaf' },
        ],
        [
          ['isChildOf', 'wa', 'doc'], // a work action with children…
          ['isChildOf', 'kf', 'wa'], // …and a key function below the root's children
          ['isChildOf', 'lo', 'kf'], // an outcome inside the tree
          ['isChildOf', 'leaf', 'lo'],
        ],
      ),
    );
    expect(kinds(imported)).toMatchObject({ wa: 'keyFunction', kf: 'mainFunction', lo: 'mainFunction', leaf: 'workAction' });
    expectAllowedLinks(imported);
    expect(imported.warnings).toEqual([
      '1 item of type "Work Action" was imported as a key function to fit its place in the tree.',
      '1 item of type "Key Function" was imported as a main function to fit its place in the tree.',
      '1 item of type "Learning Outcome" was imported as a main function to fit its place in the tree.',
    ]);
  });

  it('reads outcomes that are isChildOf a unit as partOf', () => {
    const imported = importCase(
      casePackage(
        [
          { id: 'u', type: 'Unit of Learning Outcomes' },
          { id: 'lo1', type: 'Learning Outcome' },
          { id: 'lo2', type: 'Learning Outcome' },
        ],
        [
          ['isChildOf', 'u', 'doc'],
          ['isChildOf', 'lo1', 'u', 1],
          ['isChildOf', 'lo2', 'u', 2],
          ['isPartOf', 'lo1', 'u'],
        ],
      ),
    );
    expect(kinds(imported)).toMatchObject({ u: 'unit', lo1: 'learningOutcome', lo2: 'learningOutcome' });
    expect(edges(imported)).toEqual(['lo1 partOf u', 'lo2 partOf u']);
  });

  it('reads a "Unit group" with units isChildOf it as a group, and precedes between units as requires', () => {
    const imported = importCase(
      casePackage(
        [
          { id: 'g', type: 'Unit group', code: 'G 1', text: 'Elective units' },
          { id: 'u1', type: 'Unit of Learning Outcomes' },
          { id: 'u2', type: 'Unit of Learning Outcomes' },
          { id: 'u3', type: 'Unit of Learning Outcomes' },
          { id: 'lo', type: 'Learning Outcome' },
          { id: 'x' },
        ],
        [
          ['isChildOf', 'g', 'doc'],
          ['isChildOf', 'u1', 'g', 1],
          ['isChildOf', 'u2', 'g', 2],
          ['isChildOf', 'u3', 'doc'],
          ['isChildOf', 'lo', 'u3'],
          ['isChildOf', 'x', 'doc'],
          // U 1 must be taken before U 3; a precedes that is no prerequisite between units stays an association.
          ['precedes', 'u1', 'u3'],
          ['precedes', 'x', 'u3'],
        ],
      ),
    );
    expect(kinds(imported)).toMatchObject({ g: 'unitGroup', u1: 'unit', u2: 'unit', u3: 'unit', lo: 'learningOutcome' });
    expect(edges(imported, 'partOf')).toEqual(['u1 partOf g', 'u2 partOf g', 'lo partOf u3']);
    expect(edges(imported, 'requires')).toEqual(['u3 requires u1']);
    expect(imported.associations!.map((a) => `${a.source} ${a.type} ${a.target}`)).toEqual(['x precedes u3']);
    expectAllowedLinks(imported);
  });

  it('reads our 1.0 covers: isRelatedTo in the qms:covers grouping', () => {
    const text = JSON.parse(
      casePackage(
        [
          { id: 'wa', type: 'Work Action' },
          { id: 'lo', type: 'Learning Outcome' },
          { id: 'other' },
        ],
        [
          ['isChildOf', 'wa', 'doc'],
          ['isChildOf', 'lo', 'doc'],
          ['isChildOf', 'other', 'doc'],
          ['isRelatedTo', 'lo', 'wa'],
          ['isRelatedTo', 'other', 'wa'],
        ],
      ),
    );
    const grouping = { identifier: '0d7cc5c4-4cd1-5a4a-8d36-2f0f8c4b1a11', uri: 'urn:uuid:0d7cc5c4-4cd1-5a4a-8d36-2f0f8c4b1a11', title: 'qms:covers' };
    text.CFDefinitions = { CFAssociationGroupings: [{ ...grouping, lastChangeDateTime: '2020-01-01T00:00:00Z' }] };
    text.CFAssociations[3].CFAssociationGroupingURI = grouping;
    const imported = importCase(JSON.stringify(text));
    expect(edges(imported, 'covers')).toEqual(['lo covers wa']);
    // the plain isRelatedTo stays what it was
    expect(imported.associations).toEqual([{ type: 'isRelatedTo', source: 'other', target: 'wa', sourceId: 'assoc-5' }]);
    expect(imported.warnings).toEqual([]);
  });

  it('keeps the first of two parents (by sequence) and warns', () => {
    const imported = importCase(
      casePackage(
        [{ id: 'a', code: 'A' }, { id: 'b', code: 'B' }, { id: 'x', code: 'X' }, { id: 'a1' }, { id: 'b1' }],
        [
          ['isChildOf', 'a', 'doc', 1],
          ['isChildOf', 'b', 'doc', 2],
          ['isChildOf', 'x', 'a', 5],
          ['isChildOf', 'x', 'b', 3],
          ['isChildOf', 'a1', 'a'],
          ['isChildOf', 'b1', 'b'],
        ],
      ),
    );
    expect(edges(imported)).toContain('x childOf b');
    expect(edges(imported)).not.toContain('x childOf a');
    expect(nodeOf(imported, 'x').fields!.sequence).toBe(3);
    expect(imported.warnings).toEqual(['X (x) has 2 isChildOf parents: it was placed under B (b); the others are kept as associations.']);
    expect(imported.associations).toEqual([{ type: 'isChildOf', source: 'x', target: 'a', sequenceNumber: 5, sourceId: 'assoc-3' }]);
  });

  it('titles an item without a usable fullStatement from its abbreviatedStatement or identifier, and warns', () => {
    const imported = importCase(
      casePackage(
        [
          { id: 'a', text: null, abbreviated: 'Short' },
          { id: 'b', text: 42 },
          { id: 'c', text: '   ' },
        ],
        [
          ['isChildOf', 'a', 'doc'],
          ['isChildOf', 'b', 'doc'],
          ['isChildOf', 'c', 'doc'],
        ],
      ),
    );
    expect(['a', 'b', 'c'].map((k) => nodeOf(imported, k).title)).toEqual(['Short', 'b', 'c']);
    expect(imported.warnings).toEqual(['3 items have no fullStatement; the abbreviatedStatement or the identifier became the title: a, b, c.']);
  });

  it('keeps every other association: between its items as links, to items outside on the node', () => {
    const imported = importCase(
      casePackage(
        [{ id: 'a' }, { id: 'b' }],
        [
          ['isChildOf', 'a', 'doc'],
          ['isChildOf', 'b', 'doc'],
          ...Array.from({ length: 12 }, (): Link => ['isRelatedTo', 'a', 'b']),
          ['precedes', 'a', 'b'],
          ['isPeerOf', 'a', 'elsewhere'],
          ['isPartOf', 'a', 'b'],
          ['exactMatchOf', 'a', 'outside-this-package'],
        ],
      ),
    );
    expect(imported.warnings).toEqual([]);
    expect(imported.associations!.map((a) => `${a.source} ${a.type} ${a.target}`)).toEqual([
      ...Array.from({ length: 12 }, () => 'a isRelatedTo b'),
      'a precedes b',
      'a isPartOf b',
    ]);
    expect(nodeOf(imported, 'a').externalAssociations).toEqual([
      { type: 'isPeerOf', destinationIdentifier: 'elsewhere', destinationUri: 'https://example.org/elsewhere', title: 'elsewhere', identifier: 'assoc-16' },
      { type: 'exactMatchOf', destinationIdentifier: 'outside-this-package', destinationUri: 'https://example.org/outside-this-package', title: 'outside-this-package', identifier: 'assoc-18' },
    ]);
  });

  it('keeps associations into the package from outside, and refuses to keep only those with no end in it', () => {
    const text = JSON.parse(casePackage([{ id: 'a' }], [['isChildOf', 'a', 'doc'], ['replacedBy', 'old', 'a'], ['isPeerOf', 'x', 'y'], ['hasSkillLevel', 'doc', 'level-3']]));
    const imported = importCase(JSON.stringify(text));
    expect(nodeOf(imported, 'a').externalAssociations).toEqual([{ type: 'replacedBy', originIdentifier: 'old', originUri: 'https://example.org/old', title: 'old', identifier: 'assoc-2' }]);
    expect(nodeOf(imported, 'doc').externalAssociations).toEqual([
      { type: 'hasSkillLevel', destinationIdentifier: 'level-3', destinationUri: 'https://example.org/level-3', title: 'level-3', identifier: 'assoc-4' },
    ]);
    expect(imported.warnings).toEqual(['1 isPeerOf association was not imported (neither end is in this package).']);
  });

  it('reads back the extensions our CASE 1.1 export writes', () => {
    const imported = importCase(
      casePackage(
        [
          {
            id: '3f2d8c1e-0000-5000-8000-000000000001',
            type: 'Unit of Learning Outcomes',
            code: 'U 1',
            extensions: { 'qms:points': 20, 'qms:eqfLevel': 4, 'qms:assessmentCriteria': ['Safe', 'Tidy'], 'qms:validity': '5 years', 'vendor:other': 1 },
          },
          { id: 'n2', type: 'Cluster', extensions: { 'qms:kind': 'keyFunction', 'qms:sourceId': 'Math.Fractions' } },
          { id: 'n3', type: 'Cluster' },
        ],
        [
          ['isChildOf', '3f2d8c1e-0000-5000-8000-000000000001', 'doc', 1],
          ['isChildOf', 'n2', 'doc', 2],
          ['isChildOf', 'n3', 'n2', 1],
        ],
        { description: 'Keep people safe.', extensions: { 'qms:code': 'Q 1', 'qms:title': 'Hairdresser', 'qms:points': 180, 'qms:sourceId': 'old-doc-id' } },
      ),
    );
    expect(nodeOf(imported, 'doc')).toMatchObject({
      kind: 'qualification',
      code: 'Q 1',
      title: 'Hairdresser',
      fields: { sourceId: 'old-doc-id', sourceType: 'CFDocument', keyPurpose: 'Keep people safe.', points: 180 },
    });
    expect(imported.title).toBe('Test framework');
    expect(nodeOf(imported, '3f2d8c1e-0000-5000-8000-000000000001').fields).toEqual({
      sourceId: '3f2d8c1e-0000-5000-8000-000000000001',
      sourceType: 'Unit of Learning Outcomes',
      sequence: 1,
      points: 20,
      eqfLevel: 4,
      assessmentCriteria: ['Safe', 'Tidy'],
      validity: '5 years',
    });
    expect(nodeOf(imported, 'n2')).toMatchObject({ kind: 'keyFunction', fields: { sourceId: 'Math.Fractions', sourceType: 'Cluster' } });
    // qms:kind names a kind: a "Cluster" with no children would otherwise be a work action
    expect(nodeOf(imported, 'n3').kind).toBe('workAction');
  });
});

describe('CASE import: files it refuses', () => {
  it('invalid JSON, with where', () => {
    expectImportError('{\n  "CFDocument": {\n    "identifier": "x",\n  }\n}', /not valid JSON/, /line 4, column 3/);
    expectImportError('{"CFDocument": ', /not valid JSON/, /line 1, column 16/);
    expectImportError('{"CFDocument": {}} x', /not valid JSON/, /line 1, column 20/);
    expectImportError('   ', /empty/);
  });

  it('JSON that is not a CFPackage', () => {
    expectImportError('[1, 2]', /not a CASE CFPackage/, /a list/);
    expectImportError('"hello"', /not a CASE CFPackage/);
    expectImportError('{"CFItems": []}', /not a CASE CFPackage: it has no CFDocument/);
    expectImportError('{"identifier": "d", "creator": "x", "title": "A document"}', /lone CFDocument/);
    expectImportError('{"CFDocument": {"identifier": "d"}, "CFItems": {"a": 1}}', /CFItems must be a list/);
  });

  it('a package without a CFDocument identifier', () => {
    expectImportError('{"CFDocument": {"title": "T"}}', /CFDocument has no identifier/);
  });

  it('items without identifiers, or two items with one identifier', () => {
    expectImportError(casePackage([{ id: '' }], []), /CFItems\[0\] has no identifier/);
    expectImportError(casePackage([{ id: 'a' }, { id: 'A' }], []), /Two CFItems have the identifier A/);
    expectImportError(casePackage([{ id: 'doc' }], []), /identifier of the CFDocument/);
    expectImportError(casePackage([{ id: 'a' }], [], { identifier: undefined }), /CFDocument has no identifier/);
  });

  it('a dangling structural association, naming the association and the missing identifier', () => {
    expectImportError(casePackage([{ id: 'a' }], [['isChildOf', 'a', 'ghost']]), /assoc-1/, /isChildOf/, /ghost/);
    expectImportError(casePackage([{ id: 'a' }], [['isChildOf', 'a', 'doc'], ['isChildOf', 'missing-child', 'a']]), /assoc-2/, /missing-child/);
    expectImportError(casePackage([{ id: 'a', type: 'Learning Outcome' }], [['isChildOf', 'a', 'doc'], ['isPartOf', 'a', 'no-such-unit']]), /assoc-2/, /no-such-unit/);
    expectImportError(casePackage([{ id: 'a' }], [['isChildOf', 'a', 'doc'], ['ext:covers', 'a', 'gone']]), /assoc-2/, /gone/);
  });

  it('a cycle in isChildOf, naming its members', () => {
    expectImportError(
      casePackage(
        [{ id: 'a', code: 'A' }, { id: 'b', code: 'B' }, { id: 'c', code: 'C' }, { id: 'd' }],
        [
          ['isChildOf', 'd', 'doc'],
          ['isChildOf', 'a', 'b'],
          ['isChildOf', 'b', 'c'],
          ['isChildOf', 'c', 'a'],
        ],
      ),
      /cycle/,
      /A \(a\) → B \(b\) → C \(c\) → A \(a\)/,
    );
    expectImportError(casePackage([{ id: 'a' }], [['isChildOf', 'a', 'a']]), /cycle/, /a is its own parent \(association assoc-1\)/);
  });
});
