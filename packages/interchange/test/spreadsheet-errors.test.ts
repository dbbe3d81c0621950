import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../src/imported.js';
import { importSpreadsheet } from '../src/spreadsheet/index.js';

const HEADER = 'Id,Kind,Code,Title,Parent,Unit,Covers,EQF level (eqfLevel),ECVET points (points),Domain,Transversal';

/** A CSV with our header and these rows (row 2 onwards). */
function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\r\n');
}

async function failure(promise: Promise<unknown>): Promise<ImportError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('the import succeeded');
}

async function xlsx(rows: unknown[][], name = 'Map'): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(name);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('spreadsheet import errors name the row and the column', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['an unknown kind', csv('a,qualification,Q 1,Hairdresser', 'b,competence,X 1,Something,Q 1'), /^Row 3, column "Kind": unknown kind "competence"/],
    ['a parent that does not exist', csv('a,qualification,Q 1,Hairdresser', 'b,keyFunction,KF 1,Cut hair,Q 9'), /^Row 3, column "Parent": no row has the code or id "Q 9"/],
    ['a unit that does not exist', csv('a,learningOutcome,LO 1,Cut hair,,U 1'), /^Row 2, column "Unit": no row has the code or id "U 1"/],
    ['a covered work action that does not exist', csv('w,workAction,WA 1,Wash', 'a,learningOutcome,LO 1,Cut hair,,,WA 1; WA 7'), /^Row 3, column "Covers": no row has the code or id "WA 7"/],
    [
      'a cycle in the parents',
      csv('q,qualification,Q 1,Hairdresser', 'k,keyFunction,KF 1,Cut,Q 1', 'm1,mainFunction,MF 1,One,MF 3', 'm2,mainFunction,MF 2,Two,MF 1', 'm3,mainFunction,MF 3,Three,MF 2'),
      /^Row 4, column "Parent": the parents go round in a circle: rows 4 → 6 → 5 → 4/,
    ],
    ['two parents', csv('k1,keyFunction,KF 1,Cut', 'k2,keyFunction,KF 2,Colour', 'w,workAction,WA 1,Wash,KF 1; KF 2'), /^Row 4, column "Parent": name only one row here/],
    ['a row that is its own parent', csv('m1,mainFunction,MF 1,One,MF 1'), /^Row 2, column "Parent": a row cannot name itself/],
    ['a duplicate id', csv('a,qualification,Q 1,Hairdresser', 'b,keyFunction,KF 1,Cut,Q 1', 'a,keyFunction,KF 2,Colour,Q 1'), /^Row 4, column "Id": the id "a" is already used on row 2/],
    ['an invalid number', csv('a,unit,U 1,Cutting,,,,,many'), /^Row 2, column "ECVET points \(points\)": points must be a number/],
    ['a level out of range', csv('a,unit,U 1,Cutting,,,,9'), /^Row 2, column "EQF level \(eqfLevel\)": eqfLevel must be between 1 and 8/],
    ['a level that is not whole', csv('a,unit,U 1,Cutting,,,,"4,5"'), /^Row 2, column "EQF level \(eqfLevel\)": eqfLevel must be a whole number/],
    ['an unknown choice', csv('a,learningOutcome,LO 1,Cut,,,,,,feelings'), /^Row 2, column "Domain": domain must be one of knowledge, skills, autonomy/],
    ['a boolean that is neither', csv('a,learningOutcome,LO 1,Cut,,,,,,,maybe'), /^Row 2, column "Transversal": transversal must be true or false/],
    ['a row without a title and a code', csv('a,qualification,Q 1,Hairdresser', ',keyFunction,,,Q 1'), /^Row 3: the row has neither a title nor a code/],
    ['a link the model refuses', csv('o,learningOutcome,LO 1,Cut', 'w,workAction,WA 1,Wash,LO 1'), /^Row 3, column "Parent": a work action \(WA 1\) cannot sit under a learning outcome \(LO 1\) \(row 2\)/],
    ['an ambiguous code', csv('k1,keyFunction,KF 1,Cut', 'k2,keyFunction,KF 1,Colour', 'w,workAction,WA 1,Wash,KF 1'), /^Row 4, column "Parent": rows 2, 3 all have the code "KF 1": write the id/],
    ['a code that is too long', csv(`a,unit,${'U'.repeat(41)},Cutting`), /^Row 2, column "Code": code is longer than 40 characters/],
    ['an empty kind that no code explains', csv('a,,X 1,Something'), /^Row 2, column "Kind": the kind is empty/],
    ['quotes that do not match', `${HEADER}\r\na,unit,U 1,"Cutting\r\n`, /^Row 2: the quotes do not match/],
    ['a header without the needed columns', 'Name,Age\r\nAnna,30\r\n', /not a qualification map spreadsheet: row 1 should name the columns/],
    ['a header and nothing else', HEADER, /header but no rows/],
    ['an empty file', '', /^The file is empty\.$/],
    ['a file of blank lines', '\r\n ,, \r\n', /^The file is empty\.$/],
    ['two columns for one field', 'Kind,Title,Statement\r\nunit,A,B', /^Row 1: the columns "Title" and "Statement" are both Title/],
  ];
  for (const [name, text, message] of cases) {
    it(`refuses ${name}`, async () => {
      const error = await failure(importSpreadsheet(text, 'csv'));
      expect(error.message).toMatch(message);
    });
  }

  it('refuses files that are not spreadsheets', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect((await failure(importSpreadsheet(png, 'csv'))).message).toMatch(/not a spreadsheet: it holds binary data/);
    expect((await failure(importSpreadsheet(png, 'xlsx'))).message).toMatch(/not an Excel spreadsheet/);
    const workbook = await xlsx([['Kind', 'Title'], ['unit', 'Cutting']]);
    expect((await failure(importSpreadsheet(workbook, 'csv'))).message).toMatch(/Excel workbook .* not a CSV file/);
    const brokenZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect((await failure(importSpreadsheet(brokenZip, 'xlsx'))).message).toMatch(/not a readable Excel spreadsheet/);
    expect((await failure(importSpreadsheet('Kind,Title', 'xlsx'))).message).toMatch(/must be given as bytes/);
    expect((await failure(importSpreadsheet(new Uint8Array(), 'xlsx'))).message).toBe('The file is empty.');
    expect((await failure(importSpreadsheet(new Uint8Array(), 'csv'))).message).toBe('The file is empty.');
  });

  it('names rows and columns in workbooks too', async () => {
    const bad = await xlsx([['Kind', 'Code', 'Title', 'EQF level'], ['unit', 'U 1', 'Cutting', 4], ['unit', 'U 2', 'Colouring', 12]]);
    expect((await failure(importSpreadsheet(bad, 'xlsx'))).message).toMatch(/^Row 3, column "EQF level": eqfLevel must be between 1 and 8/);
    const errorCell = await xlsx([['Kind', 'Code', 'Title', 'ECVET points'], ['unit', 'U 1', 'Cutting', { error: '#DIV/0!' }]]);
    expect((await failure(importSpreadsheet(errorCell, 'xlsx'))).message).toMatch(/^Sheet "Map", cell D2: the cell holds the Excel error #DIV\/0!/);
    expect((await failure(importSpreadsheet(await xlsx([]), 'xlsx'))).message).toBe('The file is empty.');
  });
});
