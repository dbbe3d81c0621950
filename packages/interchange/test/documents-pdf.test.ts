import { snapshotOf, type MapSnapshot } from '@qms/model';
import { describe, expect, it } from 'vitest';
import { describeMap, outcomesOf } from '../src/describe.js';
import { decodeBase64 } from '../src/documents/pdf.js';
import { unitSections } from '../src/documents/outline.js';
import { pdfFormat, unitDescriptionsPdf } from '../src/documents/index.js';
import { CONTEXT, SAMPLES, sampleMap } from './fixtures.js';
import { pdfText, squash } from './read-documents.js';

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

function expectedTexts(snapshot: MapSnapshot): string[] {
  const map = describeMap(snapshot);
  const outcomes = [...map.units.flatMap(outcomesOf), ...map.ungroupedOutcomes];
  return [
    map.qualification!.title,
    ...map.units.flatMap((u) => [`${u.code}: ${u.title}`, ...u.assessmentCriteria]),
    ...outcomes.flatMap((lo) => [`${lo.code} — ${lo.statement}`, ...lo.assessmentCriteria]),
  ];
}

describe('unit descriptions as a PDF', () => {
  it('is described as the pdf export', () => {
    expect(pdfFormat).toMatchObject({ id: 'pdf', extension: 'pdf', mediaType: 'application/pdf', label: 'Unit descriptions (PDF)', text: false });
  });

  it('decodes base64 as the standard says', () => {
    const text = (b64: string) => new TextDecoder().decode(decodeBase64(b64));
    expect(text('')).toBe('');
    expect(text('Zg==')).toBe('f');
    expect(text('Zm8=')).toBe('fo');
    expect(text('Zm9v')).toBe('foo');
    expect(text('0JfQvdCw0L3QuNGP\n')).toBe('Знания');
  });

  for (const { name, build } of SAMPLES) {
    it(`has a cover, one page per unit and the transcript for the ${name} sample`, async () => {
      const { snapshot } = sampleMap(build);
      const map = describeMap(snapshot);
      const bytes = (await pdfFormat.run(snapshot, CONTEXT)) as Uint8Array;
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(latin1(bytes.subarray(0, 5))).toBe('%PDF-');
      expect(latin1(bytes.subarray(-6))).toMatch(/%%EOF\s*$/);
      const pageCount = latin1(bytes).match(/\/Type \/Page\b/g)?.length ?? 0;
      const sections = 1 + map.units.length + (map.ungroupedOutcomes.length > 0 ? 1 : 0) + 1;
      expect(pageCount).toBeGreaterThanOrEqual(sections);
      expect(latin1(bytes)).toContain('/MediaBox [0 0 595.28 841.89]'); // A4
      expect(bytes.byteLength).toBeGreaterThan(10_000);
      expect(bytes.byteLength).toBeLessThan(1_000_000);
    });

    it(`shows every unit, outcome and criterion of the ${name} sample (uncompressed, text decoded)`, async () => {
      const { snapshot } = sampleMap(build);
      const map = describeMap(snapshot);
      const { pages, notdef } = pdfText(await unitDescriptionsPdf(snapshot, CONTEXT, { compress: false }));
      expect(notdef).toBe(0);
      const all = squash(pages.join(''));
      for (const expected of expectedTexts(snapshot)) expect(all).toContain(squash(expected));
      for (const label of ['Personal Transcript', 'Assessed by', 'Result', '23 November 2026']) expect(all).toContain(squash(label));
      if (map.units.length > 0) expect(all).toContain(squash(`Total of the units ${map.units.reduce((t, u) => t + (u.points ?? 0), 0)}`));
      // Each unit starts its own page; the footer numbers the pages.
      // A unit group's section starts a page with its heading, its first unit under it.
      const starts = unitSections(map).flatMap(({ group, units }) =>
        units.map((unit, i) => (group && i === 0 ? `Unit group ${group.code}:` : `Unit of learning outcomes ${unit.code}:`)),
      );
      starts.forEach((start, i) => expect(squash(pages[1 + i]!)).toMatch(new RegExp(`^${squash(start)}`)));
      expect(squash(pages[0]!)).toContain(squash(`Page 1 of ${pages.length}`));
      expect(squash(pages.at(-1)!)).toContain(squash('Personal Transcript'));
    });
  }

  it('renders Russian labels with the fonts’ Cyrillic glyphs', async () => {
    const { doc } = sampleMap(SAMPLES[1].build);
    doc.getMap('meta').set('language', 'ru');
    const { pages, notdef } = pdfText(await unitDescriptionsPdf(snapshotOf(doc), CONTEXT, { compress: false }));
    expect(notdef).toBe(0);
    const all = squash(pages.join(''));
    for (const label of [
      'Единица результатов обучения',
      'Кредиты ECVET',
      'Знания',
      'Умения',
      'Ответственность и самостоятельность',
      'Критерии оценки',
      'Индивидуальная ведомость (Personal Transcript)',
      '23 ноября 2026 г.',
      'Стр. 1 из 11',
    ]) {
      expect(all).toContain(squash(label));
    }
  });

  it('is reproducible: the same map and date give the same bytes', async () => {
    const { snapshot } = sampleMap(SAMPLES[0].build);
    const [a, b] = await Promise.all([pdfFormat.run(snapshot, CONTEXT), pdfFormat.run(snapshot, CONTEXT)]);
    expect(Buffer.from(a as Uint8Array).equals(Buffer.from(b as Uint8Array))).toBe(true);
  });

  it('is quick enough for the hairdresser sample', async () => {
    const { snapshot } = sampleMap(SAMPLES[1].build);
    await pdfFormat.run(snapshot, CONTEXT); // loads pdfmake and the fonts
    const start = performance.now();
    const bytes = (await pdfFormat.run(snapshot, CONTEXT)) as Uint8Array;
    const ms = performance.now() - start;
    const uncompressed = await unitDescriptionsPdf(snapshot, CONTEXT, { compress: false });
    console.log(`pdf, hairdresser sample: ${bytes.byteLength} bytes in ${ms.toFixed(0)} ms (uncompressed ${uncompressed.byteLength} bytes)`);
    expect(bytes.byteLength).toBeLessThan(uncompressed.byteLength);
  });
});
