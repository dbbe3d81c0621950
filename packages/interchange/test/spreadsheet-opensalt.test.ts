import { snapshotOf } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ImportError, writeImportedMap } from '../src/imported.js';
import { importSpreadsheet } from '../src/spreadsheet/index.js';
import { fixture, hasFixtures } from './fixtures.js';

const HEADER = '"Identifier","fullStatement","Human Coding Scheme","sequenceNumber","Abbreviated Statement","ConceptKeywords","Notes","Is Child Of","IsPartOf","replacedBy","Exemplar","hasSkillLevel","IsRelatedTo"';

describe.skipIf(!hasFixtures)('OpenSALT spreadsheet layout (fixtures/case/sample_case.csv)', () => {
  it('imports the tree with kinds by position under a new qualification, in sequence order', async () => {
    const imported = await importSpreadsheet(fixture('case/sample_case.csv'), 'csv', { fileName: 'sample_case.csv' });
    expect(imported.title).toBe('sample case');
    const byCode = new Map(imported.nodes.map((n) => [n.code, n]));
    const parentOf = (code: string) => {
      const edge = imported.edges.find((e) => e.kind === 'childOf' && e.source === byCode.get(code)!.key)!;
      return imported.nodes.find((n) => n.key === edge.target)!;
    };
    // "Is Child Of" names the parent's Human Coding Scheme.
    expect(parentOf('M.F').code).toBe('M');
    expect(parentOf('M.F.1-2').code).toBe('M.F');
    expect(parentOf('M.F.1-2.S1b').code).toBe('M.F.1-2.S1');
    expect(parentOf('M.F.C2.S1').code).toBe('M.F.C2');
    // Top-level items hang under the new qualification.
    for (const top of ['M', 'M.E', 'M.E.C1']) expect(parentOf(top)).toMatchObject({ kind: 'qualification', title: 'sample case' });

    expect(imported.nodes.map((n) => [n.code, n.kind])).toEqual([
      ['', 'qualification'],
      ['M', 'keyFunction'],
      ['M.F', 'mainFunction'],
      ['M.F.1-2', 'mainFunction'],
      ['M.F.1-2.S1', 'mainFunction'],
      ['M.F.1-2.S1a', 'workAction'],
      ['M.F.1-2.S1b', 'workAction'],
      ['M.F.C2', 'mainFunction'],
      ['M.F.C2.S1', 'workAction'],
      // Siblings by sequenceNumber: M.E.C1 (1) comes before M.E (2); M (1) stays first by file order.
      ['M.E.C1', 'keyFunction'],
      ['M.E', 'keyFunction'],
    ]);
    expect(byCode.get('M.F.1-2')).toMatchObject({ title: 'Students understand operations on fractions.', fields: { sourceId: 'Math.Fractions.Cluster1', sequence: 1 } });
    expect(byCode.get('M.F.C2')!.fields).toEqual({ sourceId: 'Math.Fractions.Cluster2', sequence: 2 });
  });

  it('sums up the columns it leaves out in one warning', async () => {
    const imported = await importSpreadsheet(fixture('case/sample_case.csv'), 'csv', { title: 'Maths' });
    const left = imported.warnings.filter((w) => w.startsWith('Columns this app does not keep'));
    expect(left).toEqual(['Columns this app does not keep were left out: "Abbreviated Statement" (7 rows), "Notes" (4 rows), "Exemplar" (1 row), "IsRelatedTo" (3 rows).']);
    expect(imported.title).toBe('Maths');
  });

  it('writes a map the model accepts: every link allowed', async () => {
    const imported = await importSpreadsheet(fixture('case/sample_case.csv'), 'csv');
    const doc = new Y.Doc();
    const warnings = writeImportedMap(doc, imported);
    const snapshot = snapshotOf(doc);
    expect(warnings.filter((w) => w.includes('was left out'))).toEqual([]);
    expect(snapshot.edges).toHaveLength(10);
    expect(snapshot.nodes).toHaveLength(11);
  });
});

describe('OpenSALT layout errors', () => {
  const run = (...rows: string[]) => importSpreadsheet([HEADER, ...rows].join('\n'), 'csv');
  it('refuses a parent that is not in the file', async () => {
    await expect(run('"A","Alpha","A","1","","","","","","","","",""', '"B","Beta","A.B","1","","","","X","","","","",""')).rejects.toThrow(
      /^Row 3, column "Is Child Of": no item has the Human Coding Scheme or Identifier "X"/,
    );
  });
  it('refuses a cycle', async () => {
    await expect(run('"A","Alpha","A","1","","","","B","","","","",""', '"B","Beta","B","1","","","","A","","","","",""')).rejects.toThrow(
      /^Row 2, column "Is Child Of": the parents go round in a circle: rows 2 → 3 → 2/,
    );
  });
  it('refuses a duplicate identifier and a bad sequence number', async () => {
    await expect(run('"A","Alpha","A","1"', '"A","Beta","B","2"')).rejects.toThrow(/^Row 3, column "Identifier": the Identifier "A" is already used on row 2/);
    await expect(run('"A","Alpha","A","first"')).rejects.toThrow(/^Row 2, column "sequenceNumber": sequence must be a number/);
    await expect(run('"A","","","1"')).rejects.toBeInstanceOf(ImportError);
  });
  it('accepts an Identifier in "Is Child Of" too', async () => {
    const imported = await run('"id-1","Alpha","A","1"', '"id-2","Beta","","1","","","","id-1"');
    expect(imported.edges).toContainEqual({ kind: 'childOf', source: 'id-2', target: 'id-1' });
    expect(imported.nodes.find((n) => n.key === 'id-2')!.kind).toBe('workAction');
  });
});
