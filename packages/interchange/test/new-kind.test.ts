import { MapEditor, buildHairdresser, checkMap, fieldsOf, registerKind, snapshotOf, type KindSpec, type MapSnapshot } from '@qms/model';
import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { importCase } from '../src/case/import.js';
import type { CasePackage } from '../src/case/shared.js';
import { describeMap } from '../src/describe.js';
import { buildOutline } from '../src/documents/index.js';
import { writeImportedMap, type ImportedMap } from '../src/imported.js';
import { EXPORT_FORMATS } from '../src/registry.js';
import { importSpreadsheet } from '../src/spreadsheet/index.js';
import { CONTEXT } from './fixtures.js';

/**
 * Every export in the registry, and the importers, on a map holding kinds taught at run time
 * (registerKind): each format carries a kind or leaves it out as the kind table says (`exported`,
 * `caseItemType`), and what it carries reads back.
 *
 * - an idea card: no code, no links, not checked, not exported;
 * - an element, below a work action: a code prefix, a field, a `childOf` link into the tree,
 *   exported, with a CASE item type.
 */
const IDEA_CARD: KindSpec = {
  label: 'Idea card',
  codePrefix: '',
  treeLevel: null,
  fields: [],
  links: {},
  lenses: ['teacher'],
  checked: false,
  exported: false,
  caseItemType: null,
  size: { width: 180, height: 80 },
  color: '#6b7280',
};

const ELEMENT: KindSpec = {
  label: 'Element',
  codePrefix: 'EL',
  treeLevel: 4,
  fields: ['performanceCriteria'],
  links: { childOf: ['workAction'] },
  lenses: ['employer', 'teacher'],
  checked: true,
  exported: true,
  caseItemType: { title: 'Element', description: 'A part of a work action (functional analysis).' },
  size: { width: 200, height: 80 },
  color: '#0e7490',
};

let forget: Array<() => void> = [];
beforeEach(() => {
  forget = [registerKind('ideaCard', IDEA_CARD), registerKind('element', ELEMENT)];
});
afterEach(() => {
  for (const unregister of forget) unregister();
});

const IDEA = 'Ask the salon owners about beard care';
const ELEMENTS = ['Ask open questions', 'Record the answers'];

/** The hairdresser sample, and the same map with an idea card and two elements under WA 1. */
function maps(): { base: MapSnapshot; withKinds: MapSnapshot } {
  const doc = new Y.Doc();
  buildHairdresser(doc);
  const base = snapshotOf(doc);
  const wa1 = base.nodes.find((n) => n.code === 'WA 1')!;
  const editor = new MapEditor(doc, 'test');
  editor.addNode({ kind: 'ideaCard', title: IDEA, position: { x: 0, y: 0 } });
  for (const title of ELEMENTS) {
    const id = editor.addNode({ kind: 'element', title, position: { x: 0, y: 0 }, fields: { performanceCriteria: [`${title}, done well`] } });
    expect(editor.connect({ kind: 'childOf', source: id, target: wa1.id }).ok).toBe(true);
  }
  return { base, withKinds: snapshotOf(doc) };
}

const text = (output: Uint8Array | string) => (typeof output === 'string' ? output : new TextDecoder().decode(output));

/** Imports what an importer read into a new document, as the server does; returns the warnings and the map. */
function written(imported: ImportedMap): { warnings: string[]; snapshot: MapSnapshot } {
  const doc = new Y.Doc();
  const warnings = writeImportedMap(doc, imported);
  return { warnings, snapshot: snapshotOf(doc) };
}

/** The elements of a map as "code title ← parent code", and whether an idea card came along. */
function elementsOf(snapshot: MapSnapshot) {
  const byId = new Map(snapshot.nodes.map((n) => [n.id, n]));
  const parent = (id: string) => byId.get(snapshot.edges.find((e) => e.kind === 'childOf' && e.source === id)?.target ?? '')?.code;
  return {
    elements: snapshot.nodes
      .filter((n) => n.kind === 'element')
      .map((n) => `${n.code} ${n.title} [${(n.performanceCriteria ?? []).join('; ')}] ← ${parent(n.id)}`)
      .sort(),
    ideaCards: snapshot.nodes.filter((n) => n.kind === 'ideaCard' || n.title === IDEA).length,
    workActionUnderElements: snapshot.nodes.find((n) => n.code === 'WA 1')?.kind,
  };
}

const EXPECTED_ELEMENTS = ['EL 1 Ask open questions [Ask open questions, done well] ← WA 1', 'EL 2 Record the answers [Record the answers, done well] ← WA 1'];

type Check = (output: Uint8Array | string, base: Uint8Array | string, maps: { base: MapSnapshot; withKinds: MapSnapshot }) => Promise<void> | void;

/** The unit formats have no place for either kind: their output is the map's without them. */
const sameAsWithout: Check = (output, base) => {
  expect(text(output)).toEqual(text(base));
  for (const title of [IDEA, ...ELEMENTS]) expect(text(output)).not.toContain(title);
};

/** A zipped or compressed document: neither kind's text in it, and about as long as the map's without them. */
const notIn: Check = async (output, base) => {
  const bytes = output as Uint8Array;
  if (text(bytes.subarray(0, 2)) === 'PK') {
    const zip = await JSZip.loadAsync(bytes);
    for (const name of Object.keys(zip.files)) {
      const content = await zip.file(name)?.async('string');
      for (const title of [IDEA, ...ELEMENTS]) expect(content ?? '').not.toContain(title);
    }
  }
  expect(bytes.length).toBeGreaterThan(0.9 * (base as Uint8Array).length);
  expect(bytes.length).toBeLessThan(1.1 * (base as Uint8Array).length);
};

/** A spreadsheet has a row per exported node: the elements come back under WA 1, the idea card does not. */
const spreadsheet =
  (format: 'csv' | 'xlsx'): Check =>
  async (output) => {
    const bytes = typeof output === 'string' ? new TextEncoder().encode(output) : output;
    const imported = await importSpreadsheet(bytes, format, { title: 'Hairdresser' });
    expect(imported.nodes.filter((n) => n.kind === 'element').map((n) => n.title)).toEqual(ELEMENTS);
    expect(imported.nodes.some((n) => n.title === IDEA)).toBe(false);
    const { warnings, snapshot } = written(imported);
    expect(warnings.filter((w) => /element|EL \d/i.test(w))).toEqual([]);
    expect(elementsOf(snapshot)).toEqual({ elements: EXPECTED_ELEMENTS, ideaCards: 0, workActionUnderElements: 'workAction' });
  };

/** CASE carries the elements as items of their own type below WA 1, and reads them back as elements. */
const casePackage =
  (version: '1.0' | '1.1'): Check =>
  (output) => {
    const pkg = JSON.parse(text(output)) as CasePackage;
    const elements = pkg.CFItems.filter((item) => item.CFItemType === 'Element');
    expect(elements.map((item) => [item.humanCodingScheme, item.fullStatement])).toEqual([
      ['EL 1', ELEMENTS[0]],
      ['EL 2', ELEMENTS[1]],
    ]);
    expect(pkg.CFItems.some((item) => item.fullStatement === IDEA)).toBe(false);
    const type = pkg.CFDefinitions.CFItemTypes.find((t) => t.title === 'Element')!;
    expect(type).toMatchObject({ description: ELEMENT.caseItemType!.description, hierarchyCode: '8' }); // after the seven built-in kinds CASE carries
    const wa1 = pkg.CFItems.find((item) => item.humanCodingScheme === 'WA 1')!;
    for (const element of elements) {
      expect(pkg.CFAssociations).toContainEqual(
        expect.objectContaining({ associationType: 'isChildOf', originNodeURI: expect.objectContaining({ identifier: element.identifier }), destinationNodeURI: expect.objectContaining({ identifier: wa1.identifier }) }),
      );
      if (version === '1.1') expect(element.extensions).toEqual({ 'qms:performanceCriteria': [`${element.fullStatement}, done well`] });
      else expect(element.extensions).toBeUndefined();
    }
    const imported = importCase(text(output));
    expect(imported.warnings.filter((w) => /element|imported as/i.test(w))).toEqual([]);
    const { warnings, snapshot } = written(imported);
    expect(warnings.filter((w) => /element|EL \d/i.test(w))).toEqual([]);
    const criteria = version === '1.1' ? EXPECTED_ELEMENTS : EXPECTED_ELEMENTS.map((e) => e.replace(/\[.*\]/, '[]'));
    expect(elementsOf(snapshot)).toEqual({ elements: criteria, ideaCards: 0, workActionUnderElements: 'workAction' });
  };

/** What each export does with the two kinds; every format of the registry must be named here. */
const EXPECTATIONS: Record<string, Check> = {
  'units-json': (output, base) => {
    expect(JSON.parse(text(output))).toEqual(JSON.parse(text(base)));
    sameAsWithout(output, base, undefined as never);
  },
  docx: async (output, base, { base: baseMap, withKinds }) => {
    expect(buildOutline(withKinds, CONTEXT)).toEqual(buildOutline(baseMap, CONTEXT));
    const xml = await (await JSZip.loadAsync(output as Uint8Array)).file('word/document.xml')!.async('string');
    for (const title of [IDEA, ...ELEMENTS]) expect(xml).not.toContain(title);
    expect((output as Uint8Array).length).toBeGreaterThan(0.9 * (base as Uint8Array).length);
  },
  pdf: (output, base, { base: baseMap, withKinds }) => {
    expect(buildOutline(withKinds, CONTEXT)).toEqual(buildOutline(baseMap, CONTEXT));
    expect(text((output as Uint8Array).subarray(0, 5))).toBe('%PDF-');
    expect((output as Uint8Array).length).toBeGreaterThan(0.9 * (base as Uint8Array).length);
  },
  xlsx: spreadsheet('xlsx'),
  csv: spreadsheet('csv'),
  case: casePackage('1.0'),
  'case-1.1': casePackage('1.1'),
  'loq-xml': sameAsWithout,
  'canvas-csv': sameAsWithout,
  'moodle-csv': sameAsWithout,
  'correspondence-csv': sameAsWithout,
  // Bilingual: refused without a target language (the loop below); on a translated map in languages.test.ts.
  'annex-bilingual-docx': () => undefined,
  'annex-bilingual-pdf': () => undefined,
  // The DACUM chart and the minutes list key functions and work actions: neither kind has a place there.
  'dacum-csv': sameAsWithout,
  'dacum-xlsx': notIn,
  'dacum-docx': notIn,
  'dacum-pdf': notIn,
  'workshop-minutes-docx': notIn,
  'workshop-minutes-pdf': notIn,
};

describe('kinds taught at run time, in every export and import', () => {
  it('names every format of the registry', () => {
    expect(Object.keys(EXPECTATIONS).sort()).toEqual(EXPORT_FORMATS.map((f) => f.id).sort());
  });

  for (const format of EXPORT_FORMATS) {
    it(`${format.id}: carries or leaves out each kind as the kind table says`, async () => {
      const both = maps();
      if (format.bilingual) return void (await expect(format.run(both.withKinds, CONTEXT)).rejects.toThrow(/choose one of the map's target languages/));
      const output = await format.run(both.withKinds, CONTEXT);
      const base = await format.run(both.base, CONTEXT);
      expect(output.length).toBeGreaterThan(0);
      await EXPECTATIONS[format.id]!(output, base, both);
    }, 60_000); // two renderings of the sample (the PDF takes a few seconds on a busy machine)
  }

  it('describes units as if neither kind were there, and checks the map as before', () => {
    const { base, withKinds } = maps();
    expect(describeMap(withKinds)).toEqual(describeMap(base));
    expect(checkMap(withKinds).issues).toEqual(checkMap(base).issues);
    expect(fieldsOf('element')).toContain('performanceCriteria');
  });
});
