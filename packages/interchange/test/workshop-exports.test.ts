import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { ExportContext } from '../src/format.js';
import { WorkshopRoot, buildHairdresser, ratingKey, readWorkshopSnapshot, voteKey, type MapSnapshot, type WorkshopSnapshot } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportFormatById } from '../src/registry.js';
import { DACUM_CSV_HEADERS, dacumCsv } from '../src/workshop/index.js';
import { CONTEXT, sampleMap } from './fixtures.js';
import { docxText, pdfText, squash } from './read-documents.js';

/**
 * The hairdresser map with a workshop in its review document: WA 1 rated by three participants,
 * WA 4 by one and decided "not trained", one rule, stages, idea cards, dots and a log.
 */
function workshopMap(): { snapshot: MapSnapshot; workshop: WorkshopSnapshot } {
  const { snapshot } = sampleMap(buildHairdresser);
  const id = (code: string) => snapshot.nodes.find((n) => n.code === code)!.id;
  const review = new Y.Doc();
  const ratings = review.getMap<unknown>(WorkshopRoot.ratings);
  ratings.set(ratingKey(id('WA 1'), 'p1'), { criticality: 5, frequency: 4, difficulty: 2, trainingNeed: 'school' });
  ratings.set(ratingKey(id('WA 1'), 'p2'), { criticality: 4, frequency: 4, difficulty: 3, trainingNeed: 'school' });
  ratings.set(ratingKey(id('WA 1'), 'p3'), { criticality: 3, frequency: 1, difficulty: 4, trainingNeed: 'both' });
  ratings.set(ratingKey(id('WA 4'), 'p1'), { criticality: 2, frequency: 2, difficulty: 1, trainingNeed: 'none' });
  const participants = review.getMap<unknown>(WorkshopRoot.participants);
  participants.set('p1', { name: 'Aigerim Sadykova', joinedAt: 1 });
  participants.set('p2', { name: 'Bekzod Karimov', joinedAt: 2 });
  participants.set('p3', { name: 'Olga Ivanova', joinedAt: 3 });
  const session = review.getMap<unknown>(WorkshopRoot.workshop);
  session.set('stages', [{ kind: 'functions', minutes: 30 }, { kind: 'rating', title: 'Rate the work actions', minutes: 45 }]);
  session.set('stage', 1);
  session.set('timer', { status: 'paused', durationMs: 45 * 60000, remainingMs: 60000 });
  session.set('hideRatings', true);
  session.set('rules', [{ id: 'critical', minCriticality: 3.5 }]);
  session.set('facilitator', { name: 'Nadia Facilitator' });
  session.set('startedAt', Date.UTC(2026, 10, 23, 9, 0));
  review.getMap<unknown>(WorkshopRoot.decisions).set(id('WA 4'), { decision: 'not-trained', reason: 'Done by the receptionist', by: 'p2', at: Date.UTC(2026, 10, 23, 9, 40) });
  const ideas = review.getMap<unknown>(WorkshopRoot.ideas);
  ideas.set('i1', { text: 'Ask about allergies', author: 'p1', createdAt: 10, status: 'promoted', promotedTo: id('WA 3') });
  ideas.set('i2', { text: 'Check allergies first', author: 'p2', createdAt: 11, status: 'merged', mergedInto: 'i1' });
  ideas.set('i3', { text: 'Offer coffee', author: 'p3', createdAt: 12, status: 'open' });
  review.getMap<unknown>(WorkshopRoot.votes).set(voteKey('i1', 'p3'), 2);
  review.getArray<unknown>(WorkshopRoot.log).push([
    { at: Date.UTC(2026, 10, 23, 9, 0), type: 'start', by: 'Nadia Facilitator' },
    { at: Date.UTC(2026, 10, 23, 9, 30), type: 'stage', detail: { stage: 1 } },
    { at: Date.UTC(2026, 10, 23, 9, 35), type: 'reveal-ratings', detail: { ratings: 4 } },
  ]);
  return { snapshot, workshop: readWorkshopSnapshot(review) };
}

const context = (workshop: WorkshopSnapshot, language?: string) => ({ ...CONTEXT, workshop, ...(language ? { language } : {}) });
const run = async (id: string, snapshot: MapSnapshot, ctx: ExportContext) => exportFormatById(id)!.run(snapshot, ctx);
const parse = (csv: string) => Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });

describe('the DACUM chart as CSV (dacum-csv)', () => {
  it('has one row per work action with its key function, the number of ratings and each mean', async () => {
    const { snapshot, workshop } = workshopMap();
    const csv = (await run('dacum-csv', snapshot, context(workshop))) as string;
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    const parsed = parse(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([...DACUM_CSV_HEADERS]);
    const workActions = snapshot.nodes.filter((n) => n.kind === 'workAction');
    expect(parsed.data).toHaveLength(workActions.length);
    const wa1 = parsed.data.find((row) => row.Code === 'WA 1')!;
    expect(wa1).toMatchObject({
      'Key function code': 'KF 1',
      'Key function': 'Consult clients and plan hair services',
      Ratings: '3',
      'Criticality mean': '4',
      'Frequency mean': '3',
      'Difficulty mean': '3',
      'Training need (majority)': 'school',
      Decision: '',
      Rule: 'critical',
    });
    expect(wa1['Work action']).toMatch(/^Identify the client's wishes/);
    expect(parsed.data.find((row) => row.Code === 'WA 4')).toMatchObject({ Ratings: '1', 'Criticality mean': '2', 'Training need (majority)': 'none', Decision: 'not-trained', Rule: '' });
    const unrated = parsed.data.find((row) => row.Code === 'WA 6')!;
    expect(unrated).toMatchObject({ 'Key function code': 'KF 2', Ratings: '0', 'Criticality mean': '', Decision: '' });
    // Chart order: the key functions' work actions in turn.
    expect(parsed.data.slice(0, 3).map((row) => row.Code)).toEqual(['WA 1', 'WA 2', 'WA 3']);
  });

  it('writes a title that starts like a formula as text, and reads an empty workshop without ratings', async () => {
    const { snapshot } = workshopMap();
    const tricky = { ...snapshot, nodes: snapshot.nodes.map((n) => (n.code === 'WA 2' ? { ...n, title: '=HYPERLINK("http://x")' } : n)) };
    const parsed = parse(dacumCsv(tricky, CONTEXT));
    const row = parsed.data.find((r) => r.Code === 'WA 2')!;
    expect(row['Work action']).toBe(`'=HYPERLINK("http://x")`);
    expect(parsed.data.every((r) => r.Ratings === '0' && r['Criticality mean'] === '')).toBe(true);
  });
});

describe('the DACUM chart as Excel (dacum-xlsx)', () => {
  it('draws a row per key function with its tiles, and a ratings sheet with the means as numbers', async () => {
    const { snapshot, workshop } = workshopMap();
    const bytes = (await run('dacum-xlsx', snapshot, context(workshop))) as Uint8Array;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['DACUM chart', 'Ratings']);

    const chart = workbook.getWorksheet('DACUM chart')!;
    const rows: string[][] = [];
    chart.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? '' : String(v)))));
    const kf1 = rows.find((r) => r[0] === 'KF 1 Consult clients and plan hair services')!;
    // KF 1 has five work actions: all on its row.
    expect(kf1.slice(1).filter(Boolean)).toHaveLength(5);
    expect(kf1[1]).toContain('WA 1 Identify');
    expect(kf1[1]).toContain('3 ratings');
    expect(kf1[1]).toContain('Criticality: 4 ± 0.82');
    expect(kf1[1]).toContain('Frequency: 3 ± 1.41');
    expect(kf1[1]).toContain('Training need: at school');
    expect(kf1[4]).toContain('Decision: not trained');
    expect(kf1[2]).toContain('Not rated');

    const ratings = workbook.getWorksheet('Ratings')!;
    const header = (ratings.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual(['Code', 'Work action', 'Key function (Code)', 'Key function', 'Ratings', 'Criticality (mean)', 'Frequency (mean)', 'Difficulty (mean)']);
    const wa1 = (ratings.getRow(2).values as unknown[]).slice(1);
    expect(wa1[0]).toBe('WA 1');
    expect(wa1.slice(4, 11)).toEqual([3, 4, 3, 3, 0.82, 1.41, 0.82]);
    expect(ratings.rowCount).toBe(1 + snapshot.nodes.filter((n) => n.kind === 'workAction').length);
  });

  it('writes the labels in the map’s language', async () => {
    const { snapshot, workshop } = workshopMap();
    const russian = { ...snapshot, meta: { ...snapshot.meta, language: 'ru' } };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await run('dacum-xlsx', russian, context(workshop))) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Карта DACUM', 'Оценки']);
    const cells: string[] = [];
    workbook.getWorksheet('Карта DACUM')!.eachRow((row) => row.eachCell((c) => void cells.push(String(c.value))));
    expect(cells.join('\n')).toContain('3 оценки');
    expect(cells.join('\n')).toContain('Важность: 4 ± 0,82');
  });
});

describe('the DACUM chart as Word and PDF (dacum-docx, dacum-pdf)', () => {
  it('prints each key function with its work actions and their ratings', async () => {
    const { snapshot, workshop } = workshopMap();
    const word = await docxText((await run('dacum-docx', snapshot, context(workshop))) as Uint8Array);
    expect(word).toContain('DACUM chart');
    expect(word).toContain('KF 1 Consult clients and plan hair services');
    expect(word).toContain('KF 4 Perform perming and neutralising services');
    expect(word).toContain('WA 1 Identify the client');
    expect(word).toContain('Criticality: 4 ± 0.82');
    expect(word).toContain('Difficulty: 1 ± 0'); // WA 4's single rating
    expect(word).toContain('Decision: not trained');
    expect(word.match(/3 ratings/g)).toHaveLength(1);

    const pdf = pdfText((await run('dacum-pdf', snapshot, context(workshop))) as Uint8Array);
    expect(pdf.notdef).toBe(0);
    const all = squash(pdf.pages.join(' '));
    for (const expected of ['KF 1 Consult clients and plan hair services', 'WA 1 Identify', '3 ratings', 'Criticality: 4 ± 0.82', 'Frequency: 3 ± 1.41', 'Decision: not trained']) {
      expect(all).toContain(squash(expected));
    }
  });

  it('is in Kazakh for a Kazakh map, with every glyph in the font', async () => {
    const { snapshot, workshop } = workshopMap();
    const kazakh = { ...snapshot, meta: { ...snapshot.meta, language: 'kk' } };
    const pdf = pdfText((await run('dacum-pdf', kazakh, context(workshop))) as Uint8Array);
    expect(pdf.notdef).toBe(0);
    const all = squash(pdf.pages.join(' '));
    expect(all).toContain(squash('DACUM картасы'));
    expect(all).toContain(squash('Маңыздылық: 4 ± 0,82'));
  });
});

describe('the workshop minutes (workshop-minutes-docx, workshop-minutes-pdf)', () => {
  it('records the session, stages, idea cards, ratings, rules, decisions and the log', async () => {
    const { snapshot, workshop } = workshopMap();
    const word = await docxText((await run('workshop-minutes-docx', snapshot, context(workshop))) as Uint8Array);
    for (const expected of [
      'Workshop minutes',
      'Nadia Facilitator',
      'Participants (3)',
      'Aigerim Sadykova',
      '2026-11-23 09:00',
      'Rate the work actions (Current stage)',
      '45 min',
      'paused (45 min)',
      '3 idea cards: 1 promoted onto the map, 1 merged, 1 still open.',
      'Became: WA 3 Test the hair',
      'Merged into: Ask about allergies',
      '4 ± 0.82',
      '3 ± 1.41',
      'Criticality ≥ 3.5; Training need: training need other than none',
      'Done by the receptionist',
      'Bekzod Karimov',
      'Ratings revealed',
      'Stage: Rate the work actions',
    ]) {
      expect(word, expected).toContain(expected);
    }
    // The rule applies to WA 1 only (WA 4's mean criticality is 2).
    expect(word).toMatch(/critical\nCriticality ≥ 3\.5; [^\n]*\nWA 1\n/);

    const pdf = pdfText((await run('workshop-minutes-pdf', snapshot, context(workshop))) as Uint8Array);
    expect(pdf.notdef).toBe(0);
    const all = squash(pdf.pages.join(' '));
    for (const expected of ['Workshop minutes', 'Nadia Facilitator', 'Became: WA 3', 'Done by the receptionist', 'Ratings revealed', '4 ± 0.82']) {
      expect(all).toContain(squash(expected));
    }
  });

  it('says "none recorded" for a map without a workshop, in Russian for a Russian map', async () => {
    const { snapshot } = workshopMap();
    const russian = { ...snapshot, meta: { ...snapshot.meta, language: 'ru' } };
    const word = await docxText((await run('workshop-minutes-docx', russian, CONTEXT)) as Uint8Array);
    expect(word).toContain('Протокол семинара');
    expect(word).toContain('Карточек идей: 0');
    expect(word.match(/Не записано\./g)!.length).toBeGreaterThanOrEqual(5);
  });
});

describe('the workshop formats', () => {
  it('are registered under their contract ids and read the workshop', () => {
    for (const id of ['dacum-csv', 'dacum-xlsx', 'dacum-docx', 'dacum-pdf', 'workshop-minutes-docx', 'workshop-minutes-pdf']) {
      expect(exportFormatById(id), id).toMatchObject({ id, needsWorkshop: true });
    }
    expect(exportFormatById('dacum-csv')).toMatchObject({ mediaType: 'text/csv; charset=utf-8', text: true, extension: 'dacum.csv' });
  });
});
