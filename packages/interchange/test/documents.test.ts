import { initMapDocument, snapshotOf, type MapNode, type MapSnapshot } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeMap, outcomesOf } from '../src/describe.js';
import { LABELS, buildOutline, docxFormat, documentLanguage, formatDate, outlineText, pdfFormat, type Block } from '../src/documents/index.js';
import { CONTEXT, SAMPLES, buildCourseWithoutUnits, sampleMap } from './fixtures.js';

const [, HAIRDRESSER] = SAMPLES;
const tables = (blocks: readonly Block[]) => blocks.filter((b): b is Extract<Block, { kind: 'table' }> => b.kind === 'table');
const headings = (blocks: readonly Block[]) => blocks.filter((b): b is Extract<Block, { kind: 'heading' }> => b.kind === 'heading');
const cellText = (cell: readonly { runs: readonly { text: string }[] }[]) => cell.map((p) => p.runs.map((r) => r.text).join('')).join('\n');
const withNodes = (snapshot: MapSnapshot, change: (node: MapNode) => MapNode): MapSnapshot => ({ ...snapshot, nodes: snapshot.nodes.map(change) });

describe('unit descriptions: the outline both documents are drawn from', () => {
  it('follows the map language: Russian for ru…, English otherwise', () => {
    expect(documentLanguage('ru')).toBe('ru');
    expect(documentLanguage('ru-RU')).toBe('ru');
    expect(documentLanguage('RU')).toBe('ru');
    expect(documentLanguage('en')).toBe('en');
    expect(documentLanguage('lt')).toBe('en');
    expect(documentLanguage('')).toBe('en');
    expect(documentLanguage(undefined)).toBe('en');
  });

  it('writes the date plainly, in UTC', () => {
    expect(formatDate(CONTEXT.generatedAt, LABELS.en)).toBe('23 November 2026');
    expect(formatDate(CONTEXT.generatedAt, LABELS.ru)).toBe('23 ноября 2026 г.');
    expect(formatDate(new Date('2026-01-01T00:30:00+02:00'), LABELS.en)).toBe('31 December 2025');
  });

  it('has the same keys in every language', () => {
    expect(Object.keys(LABELS.ru).sort()).toEqual(Object.keys(LABELS.en).sort());
  });

  it('lays out the hairdresser: cover with points table, one new page per unit, the Personal Transcript', () => {
    const { snapshot } = sampleMap(HAIRDRESSER.build);
    const outline = buildOutline(snapshot, CONTEXT);
    const map = describeMap(snapshot);
    expect(outline.language).toBe('en');
    expect(outline.blocks[0]).toMatchObject({ kind: 'title', text: 'Hairdresser' });
    expect(outline.blocks[1]).toMatchObject({ kind: 'paragraph', tone: 'warning' });
    expect(outlineText(outline)).toContain('Illustrative sample: the statements are examples, not an official standard.');

    const [cover, points, ...rest] = tables(outline.blocks);
    expect(cellText(cover!.rows.find((r) => cellText(r.cells[0]!) === 'Date')!.cells[1]!)).toBe('23 November 2026');
    expect(cellText(cover!.rows.find((r) => cellText(r.cells[0]!) === 'ISCO code')!.cells[1]!)).toBe('5141');
    expect(points!.header).toEqual(['Code', 'Unit of learning outcomes', 'EQF level', 'ECVET points']);
    // The mandatory units, then the group of electives under its own row.
    expect(points!.rows.map((r) => cellText(r.cells[0]!))).toEqual([
      'U 1', 'U 2', 'U 3', 'U 5', 'U 6', 'U 7',
      'G 1 Elective units — Optional: choose at least 15 ECVET points',
      'U 4', 'U 8', '', '', '',
    ]);
    expect(points!.rows[6]).toMatchObject({ kind: 'group' });
    const [all, total, qualification] = points!.rows.slice(-3);
    expect(cellText(all!.cells[1]!)).toBe('Total of the units');
    expect(cellText(all!.cells[3]!)).toBe('195');
    expect(total).toMatchObject({ kind: 'total' });
    expect(cellText(total!.cells[1]!)).toBe('Mandatory units and the minimum of the optional groups');
    expect(cellText(total!.cells[3]!)).toBe('180');
    expect(outlineText(outline)).not.toContain('do not add up');
    expect(cellText(qualification!.cells[1]!)).toBe('Total ECVET points of the qualification');
    expect(cellText(qualification!.cells[3]!)).toBe('180');

    const sections = headings(outline.blocks).filter((h) => h.newPage);
    // A page per mandatory unit; the group's section starts a page, its first unit under its heading.
    const unitHeading = (code: string) => `Unit of learning outcomes ${code}: ${map.units.find((u) => u.code === code)!.title}`;
    expect(sections.map((h) => h.text)).toEqual([
      ...['U 1', 'U 2', 'U 3', 'U 5', 'U 6', 'U 7'].map(unitHeading),
      'Unit group G 1: Elective units',
      unitHeading('U 8'),
      'Personal Transcript',
    ]);
    const groupAt = outline.blocks.findIndex((b) => b.kind === 'heading' && b.text === 'Unit group G 1: Elective units');
    expect(outline.blocks[groupAt + 1]).toMatchObject({ kind: 'paragraph', para: { runs: [{ text: 'Optional: choose at least 15 ECVET points' }] } });
    expect(outline.blocks[groupAt + 2]).toMatchObject({ kind: 'heading', text: unitHeading('U 4'), newPage: false });
    // A prerequisite is named in the unit's table.
    const u3 = tables(outline.blocks).find((t) => t.rows.some((r) => cellText(r.cells[0]!) === 'Code' && cellText(r.cells[1]!) === 'U 3'))!;
    expect(cellText(u3.rows.find((r) => cellText(r.cells[0]!) === 'Requires')!.cells[1]!)).toBe('U 1');
    expect(outlineText(outline)).not.toContain('Learning outcomes not yet in a unit');

    const u1 = rest[0]!;
    expect(u1.rows.map((r) => cellText(r.cells[0]!))).toEqual([
      'Code',
      'Title',
      'EQF level',
      'ECVET points',
      'Learning outcomes',
      'Knowledge',
      'Skills',
      'Responsibility and autonomy',
      'Assessment criteria',
      'Validity',
    ]);
    const first = map.units[0]!.outcomes.knowledge[0]!;
    expect(cellText(u1.rows[5]!.cells[1]!).split('\n')[0]).toBe(`${first.code} — ${first.statement} (${first.bloomLevel})`);

    const transcript = rest.at(-1)!;
    expect(transcript.header).toEqual(['Unit of learning outcomes', 'Learning outcomes', 'Assessed by', 'Date', 'Result']);
    expect(transcript.rows).toHaveLength(map.units.length);
    // In the order of the document: the mandatory units, then each group's.
    const inOrder = ['U 1', 'U 2', 'U 3', 'U 5', 'U 6', 'U 7', 'U 4', 'U 8'].map((code) => map.units.find((u) => u.code === code)!);
    for (const [i, row] of transcript.rows.entries()) {
      const unit = inOrder[i]!;
      expect(row.kind).toBe('blank');
      expect(cellText(row.cells[0]!).replace(/\u00a0/g, ' ')).toBe(`${unit.code} — ${unit.title}`);
      expect(cellText(row.cells[1]!).replace(/\u00a0/g, ' ')).toBe(outcomesOf(unit).map((lo) => lo.code).join(', '));
      expect(row.cells.slice(2)).toEqual([[], [], []]);
    }
  });

  it('lists the outcomes of a map with no units yet, and gives them a transcript row', () => {
    const { snapshot } = sampleMap(buildCourseWithoutUnits);
    const outline = buildOutline(snapshot, CONTEXT);
    const text = outlineText(outline);
    expect(text).toContain('The map has no units of learning outcomes yet.');
    expect(text).not.toContain('Illustrative sample');
    expect(headings(outline.blocks).map((h) => h.text)).toEqual(['ECVET points by unit', 'Learning outcomes not yet in a unit', 'Personal Transcript']);
    for (const lo of describeMap(snapshot).ungroupedOutcomes) expect(text).toContain(`${lo.code} — ${lo.statement}`);
    const transcript = tables(outline.blocks).at(-1)!;
    expect(transcript.rows).toHaveLength(1);
    expect(cellText(transcript.rows[0]!.cells[0]!)).toBe('Not yet in a unit');
    expect(cellText(transcript.rows[0]!.cells[1]!).replace(/\u00a0/g, ' ')).toBe('LO 1, LO 2, LO 3, LO 4');
  });

  it('shows unclassified outcomes, outcome criteria and a points mismatch; leaves out an unset validity', () => {
    const { snapshot } = sampleMap(HAIRDRESSER.build);
    const changed = withNodes(snapshot, (node) => {
      if (node.code === 'LO 1') return { ...node, domain: undefined, assessmentCriteria: ['Names four hair types'] };
      if (node.kind === 'qualification') return { ...node, points: 200 };
      if (node.code === 'U 1') return { ...node, validity: undefined };
      return node;
    });
    const outline = buildOutline(changed, CONTEXT);
    const u1 = tables(outline.blocks)[2]!;
    const labels = u1.rows.map((r) => cellText(r.cells[0]!));
    expect(labels).toContain('Not yet classified');
    expect(labels).not.toContain('Validity');
    expect(cellText(u1.rows.find((r) => cellText(r.cells[0]!) === 'Not yet classified')!.cells[1]!)).toMatch(/^LO 1 — /);
    expect(cellText(u1.rows.find((r) => cellText(r.cells[0]!) === 'Assessment criteria')!.cells[1]!)).toContain('LO 1: Names four hair types');
    expect(outlineText(outline)).toContain("The mandatory units and the optional groups' minimum (180) do not add up to the qualification's total (200).");
    // Without the group, the units' own sum is compared.
    const loose = { ...changed, nodes: changed.nodes.filter((n) => n.kind !== 'unitGroup') };
    expect(outlineText(buildOutline(loose, CONTEXT))).toContain("The units' points (195) do not add up to the qualification's total (200).");
  });

  it('uses Russian labels for a Russian map', () => {
    const { doc } = sampleMap(HAIRDRESSER.build);
    doc.getMap('meta').set('language', 'ru');
    const outline = buildOutline(snapshotOf(doc), CONTEXT);
    const text = outlineText(outline);
    expect(outline.language).toBe('ru');
    for (const label of ['Единица результатов обучения', 'Кредиты ECVET', 'Знания', 'Умения', 'Ответственность и самостоятельность', 'Критерии оценки', 'Индивидуальная ведомость (Personal Transcript)', '23 ноября 2026 г.', '(применение)']) {
      expect(text).toContain(label);
    }
    expect(text).not.toContain('Assessment criteria');
  });

  it('renders a new, empty map: the map title, dashes for every field, an empty transcript grid', async () => {
    const doc = new Y.Doc();
    initMapDocument(doc, { title: 'New map', language: 'en' });
    const snapshot = snapshotOf(doc);
    const outline = buildOutline(snapshot, CONTEXT);
    expect(outline.blocks[0]).toMatchObject({ kind: 'title', text: 'New map' });
    const cover = tables(outline.blocks)[0]!;
    expect(cover.rows.filter((r) => cellText(r.cells[0]!) !== 'Date').every((r) => cellText(r.cells[1]!) === '—')).toBe(true);
    expect(tables(outline.blocks).at(-1)!.rows).toEqual([]);
    const [docx, pdf] = await Promise.all([docxFormat.run(snapshot, CONTEXT), pdfFormat.run(snapshot, CONTEXT)]);
    expect((docx as Uint8Array).byteLength).toBeGreaterThan(1_000);
    expect((pdf as Uint8Array).byteLength).toBeGreaterThan(1_000);
  });
});
