import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { snapshotOf, type MapSnapshot } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { casePackage } from '../src/case/export.js';
import { importCase } from '../src/case/import.js';
import type { CasePackage, CaseVersion } from '../src/case/shared.js';
import { writeImportedMap } from '../src/imported.js';
import { CONTEXT, fixture, hasFixtures } from './fixtures.js';

/**
 * Every association of a package comes back from import → map → export: its type, its origin,
 * its destination's identifier and URI and its sequence number (isChildOf: where the source
 * numbered it; the export numbers every child). Before the map kept associations, the
 * common-core fixture lost 23 of its 39 (16 exactMatchOf, 3 precedes, 2 exemplar, 2 isRelatedTo).
 */

const CASE_FIXTURES = ['Utf8TestFramework.json', 'Ordering.json', 'SequenceNumberFramework.json', 'SmartLevelFramework.json', 'common-core-math-opensalt-export.json'] as const;

function validators(): Record<CaseVersion, ValidateFunction> {
  const v10 = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(v10);
  const v11 = new Ajv2019({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv2019) => void)(v11);
  return {
    '1.0': v10.compile(JSON.parse(fixture('case/case-v1p0-cfpackage-schema.json'))),
    '1.1': v11.compile(JSON.parse(fixture('case/case-v1p1-cfpackage-schema.json'))),
  };
}

interface Link {
  identifier: string;
  uri: string;
}
interface AnyAssociation {
  identifier: string;
  associationType: string;
  sequenceNumber?: number | string;
  originNodeURI: Link;
  destinationNodeURI: Link;
  CFAssociationGroupingURI?: { title: string };
}
interface AnyPackage {
  CFDocument: Link & { extensions?: Record<string, unknown> };
  CFItems: Array<Link & { extensions?: Record<string, unknown> }>;
  CFAssociations: AnyAssociation[];
}

function importIntoMap(text: string): MapSnapshot {
  const doc = new Y.Doc();
  writeImportedMap(doc, importCase(text));
  return snapshotOf(doc);
}

/**
 * Each association as a line: type, origin, destination identifier and URI, sequence number.
 * Ends inside the package are named by their original identifier (a 1.1 export keeps an identifier
 * it may not use as qms:sourceId) and their URI by "(own)": the package's URI for its item.
 */
function lines(pkg: AnyPackage, numbered?: Set<string>): string[] {
  const original = new Map<string, string>();
  const own = new Set<string>();
  for (const node of [pkg.CFDocument, ...pkg.CFItems]) {
    original.set(node.identifier, String(node.extensions?.['qms:sourceId'] ?? node.identifier));
    own.add(node.identifier);
  }
  const type = (a: AnyAssociation) => (a.associationType === 'isRelatedTo' && a.CFAssociationGroupingURI?.title.startsWith('ext:') ? a.CFAssociationGroupingURI.title : a.associationType);
  const end = (link: Link) => (own.has(link.identifier) ? `${original.get(link.identifier)} (own)` : `${link.identifier} ${link.uri}`);
  // isChildOf the source did not number gets a number on export (siblings in order): left out unless in `numbered`.
  const keep = (a: AnyAssociation) => !numbered || a.associationType !== 'isChildOf' || numbered.has(`${original.get(a.originNodeURI.identifier)} ${original.get(a.destinationNodeURI.identifier)}`);
  return pkg.CFAssociations.map((a) => `${type(a)} ${end(a.originNodeURI)} → ${end(a.destinationNodeURI)} #${keep(a) && a.sequenceNumber !== undefined ? Number(a.sequenceNumber) : ''}`).sort();
}

/** "origin destination" of the source's numbered isChildOf associations. */
function numberedChildren(pkg: AnyPackage): Set<string> {
  return new Set(pkg.CFAssociations.filter((a) => a.associationType === 'isChildOf' && a.sequenceNumber !== undefined).map((a) => `${a.originNodeURI.identifier} ${a.destinationNodeURI.identifier}`));
}

const countByType = (pkg: AnyPackage) => pkg.CFAssociations.reduce<Record<string, number>>((counts, a) => ({ ...counts, [a.associationType]: (counts[a.associationType] ?? 0) + 1 }), {});

describe.skipIf(!hasFixtures)('CASE round trips keep every association of the real-world fixtures', () => {
  const validate = hasFixtures ? validators() : undefined!;
  for (const file of CASE_FIXTURES) {
    for (const version of ['1.0', '1.1'] as const) {
      it(`${file} through CASE ${version}: the same associations, type by type`, () => {
        const original = JSON.parse(fixture(`case/${file}`)) as AnyPackage;
        const exported = casePackage(importIntoMap(fixture(`case/${file}`)), CONTEXT, version) as unknown as AnyPackage;
        expect(validate[version](exported), JSON.stringify(validate[version].errors?.slice(0, 3))).toBe(true);
        expect(countByType(exported)).toEqual(countByType(original));
        const own = new Set([original.CFDocument.identifier, ...original.CFItems.map((i) => i.identifier)]);
        const originalLines = original.CFAssociations.map((a) => {
          const end = (link: Link) => (own.has(link.identifier) ? `${link.identifier} (own)` : `${link.identifier} ${link.uri}`);
          return `${a.associationType} ${end(a.originNodeURI)} → ${end(a.destinationNodeURI)} #${a.sequenceNumber !== undefined ? Number(a.sequenceNumber) : ''}`;
        });
        expect(lines(exported, numberedChildren(original))).toEqual(originalLines.sort());
        // UUID identifiers of associations are kept (a 1.1 export derives its own for the others).
        const kept = new Set(exported.CFAssociations.map((a) => a.identifier));
        const nonChild = original.CFAssociations.filter((a) => a.associationType !== 'isChildOf');
        expect(nonChild.filter((a) => !kept.has(a.identifier))).toEqual([]);
      });
    }
  }

  it('common-core: the 23 associations the map did not keep before all come back', () => {
    const original = JSON.parse(fixture('case/common-core-math-opensalt-export.json')) as AnyPackage;
    const exported = casePackage(importIntoMap(fixture('case/common-core-math-opensalt-export.json')), CONTEXT, '1.0') as unknown as AnyPackage;
    const nonChild = (pkg: AnyPackage) => pkg.CFAssociations.filter((a) => a.associationType !== 'isChildOf');
    expect(nonChild(original)).toHaveLength(23);
    expect(lines({ ...exported, CFAssociations: nonChild(exported) })).toEqual(lines({ ...original, CFAssociations: nonChild(original) }));
  });
});

describe('CASE round trips keep every association type, inside and outside the package', () => {
  const item = (id: string, type?: string) => ({ identifier: id, uri: `https://example.org/items/${id}`, fullStatement: `Statement ${id}`, ...(type ? { CFItemType: type } : {}), lastChangeDateTime: '2020-01-01T00:00:00Z' });
  const link = (id: string, title = id) => ({ title, identifier: id, uri: `https://example.org/items/${id}` });
  const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const [DOC, A, B, C, U1, U2] = [1, 2, 3, 4, 5, 6].map(uuid) as [string, string, string, string, string, string];
  const OUT = 'f0000000-0000-4000-8000-000000000001';
  let n = 100;
  const association = (type: string, origin: string, destination: string, extra: Record<string, unknown> = {}) => ({
    identifier: uuid(n++),
    uri: `https://example.org/associations/${n}`,
    associationType: type,
    originNodeURI: link(origin),
    destinationNodeURI: link(destination, destination === OUT ? 'Another framework' : destination),
    ...extra,
    lastChangeDateTime: '2020-01-01T00:00:00Z',
  });
  const source = {
    CFDocument: { identifier: DOC, uri: 'https://example.org/doc', creator: 'Test', title: 'Every association', lastChangeDateTime: '2020-01-01T00:00:00Z' },
    CFItems: [item(A), item(B), item(C), item(U1, 'Unit of Learning Outcomes'), item(U2, 'Unit of Learning Outcomes')],
    CFAssociations: [
      association('isChildOf', A, DOC, { sequenceNumber: 1 }),
      association('isChildOf', B, DOC, { sequenceNumber: 2 }),
      association('isChildOf', C, A, { sequenceNumber: 1 }),
      association('isChildOf', C, B, { sequenceNumber: 4 }), // a second parent
      association('isChildOf', U1, DOC, { sequenceNumber: 3 }),
      association('isChildOf', U2, DOC, { sequenceNumber: 4 }),
      association('precedes', A, B, { sequenceNumber: 7 }),
      association('isPeerOf', B, A),
      association('isRelatedTo', C, A),
      association('replacedBy', C, OUT),
      association('hasSkillLevel', A, OUT),
      association('exemplar', B, 'https://example.org/task/1'),
      association('exactMatchOf', A, OUT),
      association('exactMatchOf', U1, U2), // a match between two units: the map's own link
      association('exactMatchOf', C, B), // between two items that are not units: kept as it came
      association('isRelatedTo', DOC, OUT), // from the CFDocument
      association('precedes', OUT, A), // into the package from outside
      association('ext:hasPrerequisite', C, B, { sequenceNumber: 2 }),
      association('ext:alignsTo', B, OUT),
    ],
  };
  const validate = hasFixtures ? validators() : undefined;

  for (const version of ['1.0', '1.1'] as const) {
    it(`through CASE ${version} (and back through the other version)`, () => {
      const first = casePackage(importIntoMap(JSON.stringify(source)), CONTEXT, version) as unknown as AnyPackage;
      if (validate) expect(validate[version](first), JSON.stringify(validate[version].errors?.slice(0, 3))).toBe(true);
      expect(lines(first, numberedChildren(source as unknown as AnyPackage))).toEqual(lines(source as unknown as AnyPackage));
      if (version === '1.0') {
        // 1.0 has no ext: types: isRelatedTo in a grouping named after the type
        const ext = first.CFAssociations.filter((a) => a.CFAssociationGroupingURI?.title.startsWith('ext:'));
        expect(ext.map((a) => [a.associationType, a.CFAssociationGroupingURI!.title]).sort()).toEqual([
          ['isRelatedTo', 'ext:alignsTo'],
          ['isRelatedTo', 'ext:hasPrerequisite'],
        ]);
      }
      const other = version === '1.0' ? '1.1' : '1.0';
      const second = casePackage(importIntoMap(JSON.stringify(first)), CONTEXT, other) as unknown as AnyPackage;
      if (validate) expect(validate[other](second), JSON.stringify(validate[other].errors?.slice(0, 3))).toBe(true);
      expect(lines(second)).toEqual(lines(first));
      // The kept associations keep their identifiers both ways (the map's own links get derived ones).
      const structural = new Set([0, 1, 2, 4, 5, 13].map((i) => source.CFAssociations[i]!.identifier));
      const keptIds = source.CFAssociations.map((a) => a.identifier).filter((id) => !structural.has(id));
      for (const pkg of [first, second]) expect(keptIds.filter((id) => !pkg.CFAssociations.some((a) => a.identifier === id))).toEqual([]);
    });
  }

  it('keeps them on the map: links between its nodes (light lines), the rest on the nodes', () => {
    const snapshot = importIntoMap(JSON.stringify(source));
    const key = (id: string) => snapshot.nodes.find((node) => node.id === id)!.sourceId;
    expect(snapshot.edges.filter((e) => e.kind === 'association').map((e) => `${key(e.source)} ${e.associationType} ${key(e.target)}`).sort()).toEqual(
      [`${A} precedes ${B}`, `${B} isPeerOf ${A}`, `${C} isRelatedTo ${A}`, `${C} exactMatchOf ${B}`, `${C} ext:hasPrerequisite ${B}`, `${C} isChildOf ${B}`].sort(),
    );
    expect(snapshot.edges.filter((e) => e.kind === 'matches')).toHaveLength(1);
    const root = snapshot.nodes.find((node) => node.sourceId === DOC)!;
    expect(root.externalAssociations).toEqual([{ type: 'isRelatedTo', destinationIdentifier: OUT, destinationUri: `https://example.org/items/${OUT}`, title: 'Another framework', identifier: uuid(115) }]);
  });

  it('a translated package carries them too, with identifiers of its own', () => {
    const doc = new Y.Doc();
    writeImportedMap(doc, importCase(JSON.stringify(source)));
    const snapshot = snapshotOf(doc);
    const original = casePackage(snapshot, CONTEXT, '1.1') as CasePackage;
    // a translation needs a target language
    const languages = doc.getMap('meta').get('languages') as Y.Array<string>;
    languages.push(['ru']);
    const translated = casePackage(snapshotOf(doc), { ...CONTEXT, language: 'ru' }, '1.1') as CasePackage;
    const types = ['precedes', 'isPeerOf', 'replacedBy', 'hasSkillLevel', 'exemplar', 'ext:hasPrerequisite', 'ext:alignsTo'];
    const kept = (pkg: CasePackage) => pkg.CFAssociations.filter((a) => types.includes(a.associationType));
    expect(kept(translated).map((a) => a.associationType).sort()).toEqual(kept(original).map((a) => a.associationType).sort());
    expect(kept(translated)).toHaveLength(8);
    const ids = new Set(kept(original).map((a) => a.identifier));
    expect(kept(translated).filter((a) => ids.has(a.identifier))).toEqual([]);
  });
});
