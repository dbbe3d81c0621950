import { snapshotOf, type MapSnapshot } from '@qms/model';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { describeMap, outcomesOf } from '../src/describe.js';
import { docxFormat } from '../src/documents/index.js';
import { CONTEXT, SAMPLES, sampleMap } from './fixtures.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (xml: string) =>
  xml.replace(/&(#x?[0-9a-f]+|\w+);/gi, (all, name: string) =>
    name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name] ?? all),
  );

/** The text of a WordprocessingML part: runs joined, one line per paragraph, non-breaking spaces as spaces. */
function wordText(xml: string): string {
  return xml
    .split('</w:p>')
    .map((paragraph) => [...paragraph.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
    .join('\n')
    .replace(/\u00a0/g, ' ');
}

async function open(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const part = async (name: string) => {
    const file = zip.file(name);
    if (!file) throw new Error(`${name} is missing from the .docx`);
    return file.async('string');
  };
  const xml = await part('word/document.xml');
  return { zip, part, xml, text: wordText(xml) };
}

/** Everything a partner must find in the document, from the map itself. */
function expectedTexts(snapshot: MapSnapshot): string[] {
  const map = describeMap(snapshot);
  const outcomes = [...map.units.flatMap(outcomesOf), ...map.ungroupedOutcomes];
  expect(outcomes.length).toBeGreaterThan(0);
  return [
    map.qualification!.title,
    ...map.units.flatMap((u) => [u.code, u.title, ...u.assessmentCriteria]),
    ...outcomes.flatMap((lo) => [lo.code, lo.statement, `${lo.code} — ${lo.statement}`, ...lo.assessmentCriteria]),
  ];
}

describe('unit descriptions as a Word document', () => {
  it('is described as the docx export', () => {
    expect(docxFormat).toMatchObject({
      id: 'docx',
      extension: 'docx',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      label: 'Unit descriptions (Word)',
      text: false,
    });
  });

  for (const { name, build } of SAMPLES) {
    it(`holds every unit, outcome and criterion of the ${name} sample`, async () => {
      const { snapshot } = sampleMap(build);
      const bytes = await docxFormat.run(snapshot, CONTEXT);
      expect(bytes).toBeInstanceOf(Uint8Array);
      const data = bytes as Uint8Array;
      expect(String.fromCharCode(data[0]!, data[1]!)).toBe('PK');
      const { text, xml, part } = await open(data);
      for (const expected of expectedTexts(snapshot)) expect(text).toContain(expected);

      const map = describeMap(snapshot);
      const sum = map.units.reduce((total, u) => total + (u.points ?? 0), 0);
      if (map.units.length > 0) expect(text).toMatch(new RegExp(`Total of the units\\n${sum}\\n`));
      expect(text).toContain('Total ECVET points');
      expect(text).toContain('23 November 2026');
      for (const label of ['Personal Transcript', 'Unit of learning outcomes', 'Learning outcomes', 'Assessed by', 'Date', 'Result']) expect(text).toContain(label);
      expect(text.includes('Illustrative sample: the statements are examples, not an official standard.')).toBe(map.sample === 'illustrative');

      // A4, a repeated header row on the grids, one page break per unit and per later section.
      expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
      expect(xml).toContain('<w:tblHeader/>');
      const sections = map.units.length + (map.ungroupedOutcomes.length > 0 ? 1 : 0) + 1;
      expect(xml.match(/<w:pageBreakBefore\/>/g)).toHaveLength(sections);
      const footer = await part('word/footer1.xml');
      expect(footer).toMatch(/PAGE/);
      expect(footer).toMatch(/NUMPAGES/);
    });
  }

  it('writes Russian labels for a Russian map', async () => {
    const { doc } = sampleMap(SAMPLES[1].build);
    doc.getMap('meta').set('language', 'ru');
    const snapshot = snapshotOf(doc);
    const { text, part } = await open((await docxFormat.run(snapshot, CONTEXT)) as Uint8Array);
    for (const label of [
      'Единица результатов обучения',
      'Кредиты ECVET',
      'Знания',
      'Умения',
      'Ответственность и самостоятельность',
      'Критерии оценки',
      'Индивидуальная ведомость (Personal Transcript)',
      'Кто оценил',
      '23 ноября 2026 г.',
    ]) {
      expect(text).toContain(label);
    }
    expect(text).not.toContain('Assessment criteria');
    expect(await part('word/styles.xml')).toContain('w:val="ru-RU"');
  });

  it('is quick enough for the hairdresser sample', async () => {
    const { snapshot } = sampleMap(SAMPLES[1].build);
    await docxFormat.run(snapshot, CONTEXT); // loads docx
    const start = performance.now();
    const bytes = (await docxFormat.run(snapshot, CONTEXT)) as Uint8Array;
    const ms = performance.now() - start;
    console.log(`docx, hairdresser sample: ${bytes.byteLength} bytes in ${ms.toFixed(0)} ms`);
    expect(bytes.byteLength).toBeGreaterThan(5_000);
    expect(bytes.byteLength).toBeLessThan(500_000);
  });
});
