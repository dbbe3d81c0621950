import { snapshotOf, type MapSnapshot } from '@qms/model';
import { describe, expect, it } from 'vitest';
import { describeMap, outcomesOf } from '../src/describe.js';
import { decodeBase64 } from '../src/documents/pdf.js';
import { pdfFormat, unitDescriptionsPdf } from '../src/documents/index.js';
import { CONTEXT, SAMPLES, sampleMap } from './fixtures.js';

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);
const squash = (text: string) => text.replace(/[\s\u00a0]+/g, '');

/**
 * The text of an uncompressed pdfkit PDF, page by page. pdfkit writes embedded TrueType text as
 * glyph ids (`[<0001000200…> 12.5 <…>] TJ` after `/F1 9.5 Tf`); each font's /ToUnicode CMap maps
 * them back (one `beginbfrange` with arrays). Glyph 0 is .notdef: a character the font lacks.
 */
function pdfText(bytes: Uint8Array): { pages: string[]; notdef: number } {
  const source = latin1(bytes);
  const objects = new Map<number, string>();
  for (const m of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2]!);
  const streamOf = (id: number) => /stream\r?\n([\s\S]*?)\r?\nendstream/.exec(objects.get(id) ?? '')?.[1] ?? '';

  const unicodeByFont = new Map<number, Map<number, string>>();
  const unicodeOf = (fontId: number) => {
    let map = unicodeByFont.get(fontId);
    if (map) return map;
    map = new Map();
    const cmapId = Number(/\/ToUnicode (\d+) 0 R/.exec(objects.get(fontId) ?? '')?.[1]);
    for (const range of streamOf(cmapId).matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
      let glyph = parseInt(range[1]!, 16);
      for (const entry of range[2]!.matchAll(/<([^>]*)>/g)) {
        map.set(glyph++, String.fromCharCode(...entry[1]!.split(' ').map((hex) => parseInt(hex, 16))));
      }
    }
    unicodeByFont.set(fontId, map);
    return map;
  };

  const kids = /\/Type \/Pages[\s\S]*?\/Kids \[([^\]]*)\]/.exec(source)?.[1] ?? '';
  let notdef = 0;
  const pages = [...kids.matchAll(/(\d+) 0 R/g)].map((kid) => {
    const page = objects.get(Number(kid[1]))!;
    const resources = objects.get(Number(/\/Resources (\d+) 0 R/.exec(page)![1]))!;
    const fonts = new Map([...resources.matchAll(/\/(F\d+) (\d+) 0 R/g)].map((m) => [m[1]!, Number(m[2])]));
    const content = streamOf(Number(/\/Contents (\d+) 0 R/.exec(page)![1]));
    let text = '';
    let unicode = new Map<number, string>();
    for (const op of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) {
        unicode = unicodeOf(fonts.get(op[1])!);
        continue;
      }
      for (const hex of op[2]!.matchAll(/<([0-9a-f]*)>/gi)) {
        for (let i = 0; i < hex[1]!.length; i += 4) {
          const glyph = parseInt(hex[1]!.slice(i, i + 4), 16);
          if (glyph === 0) notdef++;
          text += unicode.get(glyph) ?? '\ufffd';
        }
      }
      text += ' ';
    }
    return text;
  });
  return { pages, notdef };
}

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
      map.units.forEach((unit, i) => expect(squash(pages[1 + i]!)).toMatch(new RegExp(`^${squash(`Unit of learning outcomes ${unit.code}:`)}`)));
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
      'Стр. 1 из 9',
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
