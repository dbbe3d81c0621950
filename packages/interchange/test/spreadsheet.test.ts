import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { FIELD_NAMES, addNodes, connect, initMapDocument, snapshotOf, type MapSnapshot } from '@qms/model';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { writeImportedMap, type ImportedMap } from '../src/imported.js';
import { COLUMNS, csvFormat, importSpreadsheet, orderNodes, xlsxFormat } from '../src/spreadsheet/index.js';
import { CONTEXT, SAMPLES, sampleMap } from './fixtures.js';

const FORMATS = [
  { format: csvFormat, kind: 'csv' as const },
  { format: xlsxFormat, kind: 'xlsx' as const },
];

function parseCsv(text: string): string[][] {
  return Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { header: false, skipEmptyLines: true }).data;
}

async function loadXlsx(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return workbook;
}

describe('spreadsheet round trip', () => {
  for (const { name, build } of SAMPLES) {
    for (const { format, kind } of FORMATS) {
      it(`re-imports its own ${kind} export of the ${name} sample to the same map`, async () => {
        const { snapshot } = sampleMap(build);
        const file = await format.run(snapshot, CONTEXT);
        // CSV has no place for the map's title: it is a parameter (the xlsx keeps it in its About sheet).
        const imported = await importSpreadsheet(file, kind, kind === 'csv' ? { title: snapshot.meta.title } : {});
        expect(imported.warnings).toEqual([]);
        const back = written(imported);
        expect(back.warnings).toEqual([]);
        expect(normalised(back.snapshot)).toEqual(normalised(snapshot));
      });
    }
  }

  for (const { format, kind } of FORMATS) {
    it(`keeps every field, link and odd text of a richer map through ${kind}`, async () => {
      const snapshot = richMap();
      const file = await format.run(snapshot, CONTEXT);
      const imported = await importSpreadsheet(file, kind, kind === 'csv' ? { title: snapshot.meta.title, language: 'lt' } : {});
      expect(imported.warnings).toEqual([expect.stringMatching(/^Row \d+ has neither a title nor a code\.$/)]);
      const back = written(imported);
      expect(back.warnings).toHaveLength(1);
      expect(normalised(back.snapshot)).toEqual(normalised(snapshot));
      // The things most likely to go wrong, spelled out.
      const q = back.snapshot.nodes.find((n) => n.kind === 'qualification')!;
      expect(q).toMatchObject({ title: 'Kirpėjas, "Friseur" — Парикмахер', iscoCode: '0110', points: 90.5, status: 'in-review', keyPurpose: 'Provide hair care;\nsafely, for every client.' });
      expect(back.snapshot.nodes.find((n) => n.code === 'WA 1')!.performanceCriteria).toEqual(['Water is warm', 'Client is comfortable; asked twice', '@mention-like', "'+already quoted"]);
      expect(back.snapshot.nodes.find((n) => n.code === 'KF 1')).toMatchObject({ title: '=SUM(A1:A9) is not a formula', sourceId: 'case:1', sourceType: 'Domain', sequence: 2 });
      expect(back.snapshot.edges.filter((e) => e.kind === 'matches')).toHaveLength(1);
      expect(back.snapshot.nodes.find((n) => n.code === 'U 2')).toMatchObject({ points: 0, validity: "'=already quoted" });
    });
  }

  it('names linked rows by code, or by id when the code is empty or repeated', async () => {
    const snapshot = richMap();
    const rows = parseCsv((await csvFormat.run(snapshot, CONTEXT)) as string);
    const [header, ...body] = rows as [string[], ...string[][]];
    const col = (label: string) => header.indexOf(label);
    const row = (code: string, title?: string) => body.find((r) => r[col('Code')] === code && (title === undefined || r[col('Title')] === title))!;
    const idOf = (title: string) => body.find((r) => r[col('Title')] === title)![col('Id')]!;
    expect(row('KF 1')[col('Parent')]).toBe('Q 1');
    // Two main functions are "MF 1": their children name them by id.
    expect(row('WA 1')[col('Parent')]).toBe(idOf("'-dash at the start")); // (the apostrophe defuses a formula)
    expect(row('LO 1')[col('Covers')]).toBe(`WA 1; ${idOf('A work action without a code')}`);
    expect(row('LO 1')[col('Unit')]).toBe('U 1');
    expect(row('U 1')[col('Matches')]).toBe('U 2');
    expect(row('LO 1')[col('Transversal')]).toBe('false');
    expect(row('LO 2')[col('Transversal')]).toBe('true');
    expect(row('LO 1')[col('ESCO skills (escoSkills)')]).toBe('http://data.europa.eu/esco/skill/a\nhttp://data.europa.eu/esco/skill/b');
  });
});

describe('spreadsheet layout', () => {
  it('has one column per FIELDS entry besides the links, with friendly names and keys', () => {
    expect(COLUMNS.map((c) => c.key)).toEqual([
      'id',
      'kind',
      'code',
      'title',
      'parent',
      'unit',
      'covers',
      ...FIELD_NAMES.filter((f) => f !== 'code' && f !== 'title'),
      'matches',
      'requires',
    ]);
    const headers = COLUMNS.map((c) => c.header);
    expect(headers.slice(0, 7)).toEqual(['Id', 'Kind', 'Code', 'Title', 'Parent', 'Unit', 'Covers']);
    expect(headers).toContain('EQF level (eqfLevel)');
    expect(headers).toContain('ECVET points (points)');
    expect(headers).toContain('Assessment criteria (assessmentCriteria)');
    for (const column of COLUMNS) expect(column.about.length).toBeGreaterThan(10);
  });

  it('orders rows: the functional map depth first, then units each with its outcomes, then the rest', () => {
    const { snapshot } = sampleMap(SAMPLES[1].build);
    const codes = orderNodes(snapshot).map((n) => n.code);
    expect(codes.slice(0, 8)).toEqual(['Q 1', 'KF 1', 'MF 1', 'WA 1', 'WA 2', 'WA 3', 'MF 2', 'WA 4']);
    const firstUnit = codes.indexOf('U 1');
    expect(codes.slice(firstUnit, firstUnit + 3)).toEqual(['U 1', 'LO 1', 'LO 2']);
    expect(codes.slice(0, firstUnit).every((c) => /^(Q|KF|MF|WA) \d+$/.test(c))).toBe(true);
    expect(codes.filter((c) => c.startsWith('U ')).length).toBe(8);
    expect(codes.at(-1)).toBe('G 1'); // the unit group after the units
    expect(codes).toHaveLength(snapshot.nodes.length);

    const rich = orderNodes(richMap()).map((n) => n.code || n.title);
    expect(rich.slice(-2)).toEqual(['LO 3', '']); // outcomes in no unit come last
  });

  it('writes CSV with a BOM, commas, CRLF and RFC 4180 quotes, defusing formula-like text', async () => {
    const csv = (await csvFormat.run(richMap(), CONTEXT)) as string;
    expect(csv.startsWith('\uFEFFId,Kind,Code,Title,Parent,Unit,Covers,')).toBe(true);
    expect(csv).toContain('\r\n');
    expect(csv).toContain('"Line one\nline two, with ""quotes"""');
    expect(csv).toContain(`"'=SUM(A1:A9) is not a formula"`);
    expect(csv).toContain(`"'-dash at the start"`);
    expect(csv).toContain(`,"''=already quoted",`); // one apostrophe more, so that the importer gets it back
    expect(csv).toContain(',-1.5,'); // numbers are not "defused"
  });

  it('writes an Excel workbook a teacher can work in: bold frozen header, widths, wrapping, an About sheet', async () => {
    const { snapshot } = sampleMap(SAMPLES[1].build);
    const workbook = await loadXlsx((await xlsxFormat.run(snapshot, CONTEXT)) as Uint8Array);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Map', 'About']);
    const sheet = workbook.getWorksheet('Map')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('Id');
    expect(sheet.getRow(1).getCell(9).value).toBe('EQF level (eqfLevel)');
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(4).width).toBe(60);
    expect(sheet.getRow(2).getCell(4).alignment?.wrapText).toBe(true);
    expect(sheet.rowCount).toBe(snapshot.nodes.length + 1);
    expect(sheet.getRow(2).getCell(9).value).toBe(4); // numbers are numbers
    const about = workbook.getWorksheet('About')!;
    const texts: string[] = [];
    about.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts).toContain('Map title');
    expect(texts).toContain(snapshot.meta.title);
    expect(texts.some((t) => /Assessment criteria/.test(t))).toBe(true);
    expect(texts.some((t) => /One item per line inside the cell/.test(t))).toBe(true);
  });
});

describe('spreadsheets written by people', () => {
  it('reads friendly names, keys, any case, no ids, a semicolon CSV and guesses kinds from codes', async () => {
    const csv = [
      'kind;CODE;statement;parent;Unit code;covers;eqflevel;ECVET POINTS;Domain;Bloom level;Transversal;assessment criteria;Comments',
      'Qualification;Q 1;Barber;;;;4;60;;;;;my note',
      'key function;KF 1;Cut hair;q1;;;;;;;;;',
      ';WA 1;Cut with scissors;KF 1;;;;;;;;;',
      ';WA 2;Cut with clippers;KF 1;;;;;;;;;',
      'unit;U 1;Cutting;;;;4;60;;;;"One\nTwo";',
      'Learning outcome;LO 1;Cut hair to a plan;;U 1;WA 1, WA 2;4;;Skills;Analyze;yes;;',
    ].join('\r\n');
    const imported = await importSpreadsheet(new TextEncoder().encode(csv), 'csv');
    expect(imported.title).toBe('Barber');
    expect(imported.warnings).toEqual(['Columns not recognised and left out: "Comments".']);
    expect(imported.nodes.map((n) => [n.kind, n.code])).toEqual([
      ['qualification', 'Q 1'],
      ['keyFunction', 'KF 1'],
      ['workAction', 'WA 1'],
      ['workAction', 'WA 2'],
      ['unit', 'U 1'],
      ['learningOutcome', 'LO 1'],
    ]);
    expect(imported.nodes[4]!.fields).toEqual({ eqfLevel: 4, points: 60, assessmentCriteria: ['One', 'Two'] });
    expect(imported.nodes[5]!.fields).toEqual({ eqfLevel: 4, domain: 'skills', bloomLevel: 'analyse', transversal: true });
    const key = (code: string) => imported.nodes.find((n) => n.code === code)!.key;
    expect(imported.edges).toEqual(
      expect.arrayContaining([
        { kind: 'childOf', source: key('KF 1'), target: key('Q 1') },
        { kind: 'childOf', source: key('WA 1'), target: key('KF 1') },
        { kind: 'childOf', source: key('WA 2'), target: key('KF 1') },
        { kind: 'partOf', source: key('LO 1'), target: key('U 1') },
        { kind: 'covers', source: key('LO 1'), target: key('WA 1') },
        { kind: 'covers', source: key('LO 1'), target: key('WA 2') },
      ]),
    );
    expect(imported.edges).toHaveLength(6);
    expect(new Set(imported.nodes.map((n) => n.key)).size).toBe(6);
  });

  it('skips a title line above the column names', async () => {
    const csv = 'Barber map,,\r\n,,\r\nKind,Code,Title\r\nqualification,Q 1,Barber\r\n';
    const imported = await importSpreadsheet(csv, 'csv');
    expect(imported.nodes.map((n) => n.title)).toEqual(['Barber']);
    expect(imported.warnings).toEqual(['The first 2 rows were skipped: the column names are on row 3.']);
  });

  it('takes the title from a parameter first, then the About sheet, the qualification, the file name', async () => {
    const csv = 'Kind,Title\nworkAction,Wash hair\n';
    expect((await importSpreadsheet(csv, 'csv', { fileName: 'C:\\maps\\Barber_map.csv' })).title).toBe('Barber map');
    expect((await importSpreadsheet(csv, 'csv', { title: ' Given ', fileName: 'x.csv' })).title).toBe('Given');
    expect((await importSpreadsheet(csv, 'csv')).title).toBe('Imported map');
  });

  it('reads a workbook a teacher typed: plain header, numbers typed as numbers, rich text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow(['Kind', 'Code', 'Title', 'ISCO code', 'EQF level', 'NQF level', 'Parent']);
    sheet.addRow(['qualification', 'Q 1', { richText: [{ text: 'Hair' }, { text: 'dresser', font: { bold: true } }] }, 5141, 4, 4]);
    sheet.addRow(['keyFunction', 'KF 1', 'Style hair', null, null, null, 'Q 1']);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const imported = await importSpreadsheet(bytes, 'xlsx');
    expect(imported.nodes[0]).toMatchObject({ kind: 'qualification', title: 'Hairdresser', fields: { iscoCode: '5141', eqfLevel: 4, nqfLevel: '4' } });
    expect(imported.edges).toEqual([{ kind: 'childOf', source: imported.nodes[1]!.key, target: imported.nodes[0]!.key }]);
    expect(imported.title).toBe('Hairdresser');
  });

  it('warns about values in columns a kind does not have and leaves them out', async () => {
    const csv = 'Kind,Code,Title,EQF level\nworkAction,WA 1,Wash,3\nworkAction,WA 2,Dry,4\n';
    const imported = await importSpreadsheet(csv, 'csv');
    expect(imported.nodes.every((n) => Object.keys(n.fields ?? {}).length === 0)).toBe(true);
    expect(imported.warnings).toEqual(['EQF level is not used for a work action: the value was left out on rows 2, 3.']);
  });
});

/**
 * A map as plain data with nothing that a round trip may change: no ids, no positions; links named
 * by "kind|code|title" of their ends.
 */
export function normalised(snapshot: MapSnapshot) {
  const byId = new Map(snapshot.nodes.map((n) => [n.id, n]));
  const label = (id: string) => {
    const n = byId.get(id)!;
    return `${n.kind}|${n.code}|${n.title}`;
  };
  const nodes = snapshot.nodes
    .map(({ id: _id, position: _position, ...rest }) => JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)))))
    .sort();
  const edges = snapshot.edges.map((e) => `${e.kind}: ${label(e.source)} → ${label(e.target)}`).sort();
  return { title: snapshot.meta.title, language: snapshot.meta.language, nodes, edges };
}

/** Writes an imported map into a new document the way the app does, and reads it back. */
export function written(imported: ImportedMap): { snapshot: MapSnapshot; warnings: string[] } {
  const doc = new Y.Doc();
  const warnings = writeImportedMap(doc, imported);
  return { snapshot: snapshotOf(doc), warnings };
}

/**
 * A small map with everything the samples lack: unit matches, performance criteria, source fields,
 * booleans both ways, repeated and empty codes, and texts with commas, quotes, line breaks,
 * formula-like starts and letters outside ASCII.
 */
export function richMap(): MapSnapshot {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: 'Kirpėjas / Парикмахер, "rich" test', language: 'lt' });
  const [q, kf, mf1, mf2, wa1, wa2, wa3, u1, u2, lo1, lo2, lo3, lo4] = addNodes(doc, [
    {
      kind: 'qualification',
      code: 'Q 1',
      title: 'Kirpėjas, "Friseur" — Парикмахер',
      position: { x: 0, y: 0 },
      fields: { keyPurpose: 'Provide hair care;\nsafely, for every client.', eqfLevel: 4, nqfLevel: 'LT 4', points: 90.5, programmeYears: 1.5, iscoCode: '0110', escoOccupation: 'http://data.europa.eu/esco/occupation/x', status: 'in-review' },
    },
    { kind: 'keyFunction', code: 'KF 1', title: '=SUM(A1:A9) is not a formula', position: { x: 0, y: 0 }, fields: { sourceId: 'case:1', sourceType: 'Domain', sequence: 2 } },
    { kind: 'mainFunction', code: 'MF 1', title: '-dash at the start', position: { x: 0, y: 0 } },
    { kind: 'mainFunction', code: 'MF 1', title: 'Same code as another main function', position: { x: 0, y: 0 } },
    { kind: 'workAction', code: 'WA 1', title: 'Wash hair', position: { x: 0, y: 0 }, fields: { performanceCriteria: ['Water is warm', 'Client is comfortable; asked twice', '@mention-like', "'+already quoted"] } },
    { kind: 'workAction', code: '', title: 'A work action without a code', position: { x: 0, y: 0 } },
    { kind: 'workAction', code: 'WA 3', title: 'Line one\nline two, with "quotes"', position: { x: 0, y: 0 }, fields: { sequence: -1.5 } },
    { kind: 'unit', code: 'U 1', title: 'Plaukų priežiūra', position: { x: 0, y: 0 }, fields: { points: 30, eqfLevel: 4, assessmentCriteria: ['Criterion one', 'Criterion, two'], validity: '5 metai' } },
    { kind: 'unit', code: 'U 2', title: 'Partner unit', position: { x: 0, y: 0 }, fields: { points: 0, validity: "'=already quoted" } },
    {
      kind: 'learningOutcome',
      code: 'LO 1',
      title: 'Describe hair types',
      position: { x: 0, y: 0 },
      fields: { domain: 'knowledge', bloomLevel: 'understand', eqfLevel: 3, transversal: false, assessmentCriteria: ['Names five types'], escoSkills: ['http://data.europa.eu/esco/skill/a', 'http://data.europa.eu/esco/skill/b'] },
    },
    { kind: 'learningOutcome', code: 'LO 2', title: 'Communicate with clients', position: { x: 0, y: 0 }, fields: { domain: 'autonomy', transversal: true } },
    { kind: 'learningOutcome', code: 'LO 3', title: 'An outcome in no unit', position: { x: 0, y: 0 }, fields: { domain: 'skills', bloomLevel: 'apply' } },
    { kind: 'learningOutcome', code: '', title: '', position: { x: 0, y: 0 }, fields: { bloomLevel: 'create' } },
  ]) as [string, string, string, string, string, string, string, string, string, string, string, string, string];
  const links: Array<[Parameters<typeof connect>[1]['kind'], string, string]> = [
    ['childOf', kf, q],
    ['childOf', mf1, kf],
    ['childOf', mf2, mf1],
    ['childOf', wa1, mf1],
    ['childOf', wa2, mf2],
    ['childOf', wa3, kf],
    ['partOf', lo1, u1],
    ['partOf', lo2, u1],
    ['covers', lo1, wa1],
    ['covers', lo1, wa2],
    ['covers', lo3, wa3],
    ['covers', lo4, wa3],
    ['matches', u1, u2],
  ];
  for (const [kind, source, target] of links) {
    const result = connect(doc, { kind, source, target });
    if (!result.ok) throw new Error(result.message);
  }
  return snapshotOf(doc);
}
