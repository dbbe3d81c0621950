import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { fieldsOf, kindSpec, snapshotOf, type MapSnapshot } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { case11Format, caseFormat, casePackage } from '../src/case/export.js';
import { importCase } from '../src/case/import.js';
import { UUID_1_1, type CasePackage } from '../src/case/shared.js';
import { writeImportedMap } from '../src/imported.js';
import { CONTEXT, SAMPLES, fixture, hasFixtures, sampleMap } from './fixtures.js';

/** Every CASE file of the shared fixtures (not the schemas, not the CSV). */
const CASE_FIXTURES = [
  'Utf8TestFramework.json',
  'Ordering.json',
  'SequenceNumberFramework.json',
  'SmartLevelFramework.json',
  'common-core-math-opensalt-export.json',
] as const;

/** See case-export.test.ts: OpenSALT's 1.0 schema only compiles non-strict; 1.1 compiles strict. */
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

/** The loosely typed JSON of a CASE file, as far as these tests read it. */
interface AnyPackage {
  CFDocument: { identifier: string; title: string };
  CFItems: Array<{ identifier: string; fullStatement: string; humanCodingScheme?: string; CFItemType?: string; extensions?: Record<string, unknown> }>;
  CFAssociations: Array<{ associationType: string; sequenceNumber?: number | string; originNodeURI: { identifier: string }; destinationNodeURI: { identifier: string } }>;
}

function importIntoMap(text: string): MapSnapshot {
  const doc = new Y.Doc();
  writeImportedMap(doc, importCase(text));
  return snapshotOf(doc);
}

const childOfPairs = (pkg: AnyPackage) =>
  pkg.CFAssociations.filter((a) => a.associationType === 'isChildOf')
    .map((a) => `${a.originNodeURI.identifier} → ${a.destinationNodeURI.identifier}`)
    .sort();

/** For each parent, its children that have a sequence number, in that order, with the numbers. */
function sequenced(pkg: AnyPackage, only?: Set<string>): Record<string, Array<[string, number]>> {
  const byParent: Record<string, Array<[string, number]>> = {};
  for (const a of pkg.CFAssociations) {
    if (a.associationType !== 'isChildOf' || a.sequenceNumber === undefined) continue;
    if (only && !only.has(a.originNodeURI.identifier)) continue;
    // Number(): common-core-math writes its sequence numbers as strings ("1").
    (byParent[a.destinationNodeURI.identifier] ??= []).push([a.originNodeURI.identifier, Number(a.sequenceNumber)]);
  }
  for (const list of Object.values(byParent)) list.sort((x, y) => x[1] - y[1]);
  return byParent;
}

describe.skipIf(!hasFixtures)('CASE round trips of the real-world fixtures', () => {
  const validate = hasFixtures ? validators() : undefined!;

  for (const file of CASE_FIXTURES) {
    describe(file, () => {
      const text = hasFixtures ? fixture(`case/${file}`) : '{}';
      const original = JSON.parse(text) as AnyPackage;
      const snapshot = hasFixtures ? importIntoMap(text) : undefined!;

      it('comes back from import → map → CASE 1.0 with the same items, tree and order', async () => {
        const exported = JSON.parse((await caseFormat.run(snapshot, CONTEXT)) as string) as AnyPackage;
        expect(exported.CFDocument.identifier).toBe(original.CFDocument.identifier);
        expect(exported.CFDocument.title).toBe(original.CFDocument.title);
        // the CFDocument's own qualification node did not become an item
        expect(exported.CFItems.map((i) => i.identifier).sort()).toEqual(original.CFItems.map((i) => i.identifier).sort());
        const mine = new Map(exported.CFItems.map((i) => [i.identifier, i]));
        for (const item of original.CFItems) {
          const back = mine.get(item.identifier)!;
          expect(back.fullStatement).toBe(item.fullStatement);
          expect(back.humanCodingScheme).toBe(item.humanCodingScheme);
          if (item.CFItemType !== undefined) expect(back.CFItemType).toBe(item.CFItemType);
          else {
            // An item the source left untyped now has the type of the kind the import gave it:
            // the export names every item's type (CASE allows leaving it out; we prefer to say it).
            const node = snapshot.nodes.find((n) => n.sourceId === item.identifier)!;
            expect(back.CFItemType).toBe(kindSpec(node.kind)!.caseItemType!.title);
          }
        }
        expect(childOfPairs(exported)).toEqual(childOfPairs(original));
        // Where the source numbered siblings, the same numbers (and so the same order) come back.
        const numbered = new Set(original.CFAssociations.filter((a) => a.associationType === 'isChildOf' && a.sequenceNumber !== undefined).map((a) => a.originNodeURI.identifier));
        expect(sequenced(exported, numbered)).toEqual(sequenced(original));
      });

      it('exports CASE 1.0 that validates against the 1.0 schema', () => {
        // The fixtures themselves do not all validate (common-core-math writes dates without a time
        // zone, which format date-time refuses): what we write from them does.
        const pkg = casePackage(snapshot, CONTEXT, '1.0');
        expect(validate['1.0'](pkg), JSON.stringify(validate['1.0'].errors?.slice(0, 5), null, 2)).toBe(true);
      });

      it('exports CASE 1.1 that validates, keeping identifiers 1.1 refuses as extensions, and imports back to them', async () => {
        const text11 = (await case11Format.run(snapshot, CONTEXT)) as string;
        const pkg = JSON.parse(text11) as AnyPackage & CasePackage;
        expect(validate['1.1'](pkg), JSON.stringify(validate['1.1'].errors?.slice(0, 5), null, 2)).toBe(true);
        for (const item of pkg.CFItems) {
          expect(item.identifier).toMatch(UUID_1_1);
          const kept = item.extensions?.['qms:sourceId'];
          expect(original.CFItems.some((o) => o.identifier === (kept ?? item.identifier))).toBe(true);
        }
        // Through 1.1 and back: the original identifiers are the nodes' sourceIds again.
        const again = importIntoMap(text11);
        expect(again.nodes.map((n) => n.sourceId).sort()).toEqual([original.CFDocument.identifier, ...original.CFItems.map((i) => i.identifier)].sort());
        expect(childOfPairs(JSON.parse((await caseFormat.run(again, CONTEXT)) as string))).toEqual(childOfPairs(original));
      });
    });
  }
});

describe('CASE round trips of the sample maps', () => {
  /** A node by what a methodologist sees: its kind and code (the root has the code Q 1). */
  const nodeKey = (snapshot: MapSnapshot, id: string) => {
    const node = snapshot.nodes.find((n) => n.id === id)!;
    return `${node.kind}:${node.code}`;
  };
  const links = (snapshot: MapSnapshot) => snapshot.edges.map((e) => `${nodeKey(snapshot, e.source)} ${e.kind} ${nodeKey(snapshot, e.target)}`).sort();
  /** What people edit on a node, without its position and the source fields an import adds. */
  const content = (snapshot: MapSnapshot) =>
    Object.fromEntries(
      snapshot.nodes.map((n) => [
        `${n.kind}:${n.code}`,
        { title: n.title, ...Object.fromEntries(fieldsOf(n.kind).filter((f) => f !== 'code' && f !== 'title' && n[f] !== undefined).map((f) => [f, n[f]])) },
      ]),
    );

  for (const { name, build } of SAMPLES) {
    it(`the ${name} sample comes back whole through CASE 1.1`, async () => {
      const { snapshot } = sampleMap(build);
      const text = (await case11Format.run(snapshot, CONTEXT)) as string;
      const back = importIntoMap(text);
      expect(back.meta.title).toBe(snapshot.meta.title);
      expect(content(back)).toEqual(content(snapshot));
      expect(links(back)).toEqual(links(snapshot));
    });

    it(`the ${name} sample keeps its structure through CASE 1.0, without points and levels`, async () => {
      const { snapshot } = sampleMap(build);
      const back = importIntoMap((await caseFormat.run(snapshot, CONTEXT)) as string);
      // 1.0 has no extensions: the root's code and the nodes' ECVET fields stay behind.
      const rootless = (list: string[]) => list.map((l) => l.replace('qualification:Q 1', 'qualification:'));
      expect(links(back)).toEqual(rootless(links(snapshot)));
      expect(back.nodes.filter((n) => n.kind !== 'qualification').map((n) => [n.kind, n.code, n.title]).sort()).toEqual(
        snapshot.nodes.filter((n) => n.kind !== 'qualification').map((n) => [n.kind, n.code, n.title]).sort(),
      );
      expect(back.nodes.some((n) => n.points !== undefined && n.kind === 'unit')).toBe(false);
      const root = back.nodes.find((n) => n.kind === 'qualification')!;
      const originalRoot = snapshot.nodes.find((n) => n.kind === 'qualification')!;
      expect(root).toMatchObject({ title: snapshot.meta.title, keyPurpose: originalRoot.keyPurpose });
    });

    it(`exporting the ${name} sample again after a CASE 1.1 round trip gives the same framework`, async () => {
      const { snapshot } = sampleMap(build);
      const first = casePackage(snapshot, CONTEXT, '1.1');
      const back = importIntoMap(JSON.stringify(first));
      const second = casePackage(back, CONTEXT, '1.1');
      expect(second.CFItems).toEqual(first.CFItems);
      expect(second.CFDefinitions).toEqual(first.CFDefinitions);
      // Only the map's "illustrative sample" mark (meta.sample, written as notes) does not travel.
      const { notes: _notes, ...document } = first.CFDocument;
      expect(second.CFDocument).toEqual(document);
      const associations = (pkg: CasePackage) =>
        pkg.CFAssociations.map((a) => `${a.associationType} ${a.originNodeURI.identifier} ${a.destinationNodeURI.identifier} ${a.sequenceNumber ?? ''}`).sort();
      expect(associations(second)).toEqual(associations(first));
    });
  }
});
