import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { addTargetLanguage, buildHairdresser, localizedNodes, markTranslationReviewed, nodeTranslationStatus, setField, setTranslation, snapshotOf } from '@qms/model';
import * as Y from 'yjs';
import {
  LABELS,
  annexBilingualDocxFormat,
  annexBilingualPdfFormat,
  buildBilingualOutline,
  buildOutline,
  addCaseTranslation,
  caseTranslation,
  casePackage, documentLanguage, docxFormat, importCase, importSpreadsheet, loqXmlFormat, outlineText, spreadsheetCsv, spreadsheetXlsx, unitsJsonFormat, writeImportedMap } from '../src/index.js';
import { CONTEXT, FIXTURES, TRANSLATED, fixture, hasFixtures, sampleMap, translatedMap } from './fixtures.js';

/** Exports of a map in several languages (the export's `language`, ExportContext). */

const ru = { ...CONTEXT, language: 'ru' };

describe('units-json in a language', () => {
  const schema = JSON.parse(readFileSync(new URL('../schemas/units.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const validate = ajv.compile(schema);

  it('says its language, gives the translations, and names the fields still in the source language', async () => {
    const { snapshot, unit, outcome } = translatedMap();
    const json = JSON.parse((await unitsJsonFormat.run(snapshot, ru)) as string);
    expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(json.language).toBe('ru');
    expect(json.map).toMatchObject({ language: 'ru', sourceLanguage: 'en' });
    const first = json.units.find((u: { id: string }) => u.id === unit.id);
    expect(first.title).toBe(TRANSLATED.unitRu);
    expect(first.assessmentCriteria).toEqual(TRANSLATED.unitCriteriaRu);
    expect(first.untranslated).toBeUndefined();
    const outcomes = Object.values(first.learningOutcomes).flat() as Array<{ id: string; statement: string; untranslated?: string[] }>;
    const translated = outcomes.find((lo) => lo.id === outcome.id)!;
    expect(translated.statement).toBe(TRANSLATED.outcomeRu);
    // Its statement is translated; the other outcomes' are the source's, named as such.
    expect(translated.untranslated ?? []).not.toContain('title');
    const other = outcomes.find((lo) => lo.id !== outcome.id)!;
    expect(other.untranslated).toContain('title');
    const source = snapshot.nodes.find((node) => node.id === other.id)!;
    expect(other.statement).toBe(source.title);
  });

  it('is unchanged in the source language: no untranslated fields, the source language as its language', async () => {
    const { snapshot } = translatedMap();
    const json = JSON.parse((await unitsJsonFormat.run(snapshot, CONTEXT)) as string);
    expect(validate(json), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(json.language).toBe('en');
    expect(JSON.stringify(json)).not.toContain('untranslated');
    expect(JSON.stringify(json)).not.toContain(TRANSLATED.unitRu);
  });
});

describe('unit descriptions in a language', () => {
  it('has labels for en, ru, uz (Latin) and kk, chosen by the export language', () => {
    expect(documentLanguage('uz-Latn')).toBe('uz-Latn');
    expect(documentLanguage('uz')).toBe('uz-Latn');
    expect(documentLanguage('kk')).toBe('kk');
    expect(documentLanguage('kk-KZ')).toBe('kk');
    const keys = Object.keys(LABELS.en).sort();
    for (const language of ['ru', 'uz-Latn', 'kk'] as const) {
      expect(Object.keys(LABELS[language]).sort()).toEqual(keys);
      // Each label set is its own language: no English label left in it (codes such as "ECVET" aside).
      expect(LABELS[language].learningOutcomes).not.toBe(LABELS.en.learningOutcomes);
      expect(LABELS[language].assessmentCriteria).not.toBe(LABELS.en.assessmentCriteria);
    }
  });

  it('reads back from the .docx in Russian: Russian labels, the translations, the source text marked [en]', async () => {
    const { snapshot, outcome } = translatedMap();
    const bytes = (await docxFormat.run(snapshot, ru)) as Uint8Array;
    const zip = await JSZip.loadAsync(bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').replace(/\u00a0/g, ' ');
    expect(text).toContain(LABELS.ru.learningOutcomes);
    expect(text).toContain(LABELS.ru.assessmentCriteria);
    expect(text).not.toContain(LABELS.en.learningOutcomes);
    expect(text).toContain(TRANSLATED.qualificationRu);
    expect(text).toContain(`${LABELS.ru.unit} U 1: ${TRANSLATED.unitRu}`);
    expect(text).toContain(`${outcome.code} — ${TRANSLATED.outcomeRu}`);
    for (const criterion of TRANSLATED.unitCriteriaRu) expect(text).toContain(criterion);
    expect(text).toContain(LABELS.ru.untranslatedNote('en'));
    // An untranslated unit title: the English one, marked.
    const unit2 = snapshot.nodes.find((node) => node.code === 'U 2')!;
    expect(text).toContain(`${unit2.title} [en]`);
    expect(await zip.file('word/styles.xml')!.async('string')).toContain('w:lang w:val="ru-RU"');
  });

  it('writes Kazakh and Uzbek labels, and no [mark] in the source language', () => {
    const { snapshot } = translatedMap();
    const kk = outlineText(buildOutline(snapshot, { ...CONTEXT, language: 'kk' }));
    expect(kk).toContain(LABELS.kk.learningOutcomes);
    expect(kk).toContain(TRANSLATED.outcomeKk);
    expect(kk).toContain(LABELS.kk.untranslatedNote('en'));
    const source = outlineText(buildOutline(snapshot, CONTEXT));
    expect(source).toContain(LABELS.en.learningOutcomes);
    expect(source).not.toContain('[en]');
    expect(source).not.toContain(TRANSLATED.outcomeKk);
    expect(LABELS['uz-Latn'].learningOutcomes).toBe("Ta'lim natijalari");
  });
});

// ---------------------------------------------------------------------------------------------
// LOQ XML: every language in one file, validated by xmllint against the official loq.xsd.

const XSD = `${FIXTURES}elm/loq-xsd/loq.xsd`;
const probe = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
const canValidate = hasFixtures && existsSync(XSD) && probe.error === undefined && probe.status === 0;
const workDir = mkdtempSync(join(tmpdir(), 'qms-loq-languages-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('LOQ XML in several languages', () => {
  it('tags every text with its language, the translations beside the source, the export language first', async () => {
    const { snapshot } = translatedMap();
    const xml = (await loqXmlFormat.run(snapshot, ru)) as string;
    expect(xml).toContain(`<title language="ru">${TRANSLATED.outcomeRu}</title>`);
    expect(xml).toContain(`<title language="kk">${TRANSLATED.outcomeKk}</title>`);
    expect(xml).toContain(`<title language="ru">${TRANSLATED.qualificationRu}</title>`);
    for (const criterion of TRANSLATED.unitCriteriaRu) expect(xml).toContain(`<noteLiteral language="ru">${criterion}</noteLiteral>`);
    // The export language first, then the source.
    const qualification = snapshot.nodes.find((node) => node.kind === 'qualification')!;
    expect(xml.indexOf(`<title language="ru">${TRANSLATED.qualificationRu}`)).toBeLessThan(xml.indexOf(`<title language="en">${qualification.title}`));
    // Every language of the map on the specifications; no Kazakh title where there is no Kazakh text.
    for (const code of ['ENG', 'RUS', 'KAZ']) expect(xml).toContain(`<language uri="http://publications.europa.eu/resource/authority/language/${code}"/>`);
    expect(xml.match(/<title language="kk">/g)).toHaveLength(1);
  });

  it.runIf(canValidate)('validates against loq.xsd with three languages', async () => {
    const { snapshot } = translatedMap();
    for (const language of ['en', 'ru', 'kk']) {
      const xml = (await loqXmlFormat.run(snapshot, { ...CONTEXT, language })) as string;
      const file = join(workDir, `hairdresser-${language}.loq.xml`);
      writeFileSync(file, xml, 'utf8');
      const run = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
      const output = `${run.stdout}${run.stderr}`;
      expect(output, output).toContain(`${file} validates`);
      expect(run.status, output).toBe(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// CASE: one package per language, a translation linked to the source package.

describe.runIf(hasFixtures)('CASE in a language', () => {
  const v10 = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => void)(v10);
  const v11 = new Ajv2019({ allErrors: true, strict: true });
  (addFormats as unknown as (a: Ajv2019) => void)(v11);
  const validate = {
    '1.0': v10.compile(JSON.parse(fixture('case/case-v1p0-cfpackage-schema.json'))),
    '1.1': v11.compile(JSON.parse(fixture('case/case-v1p1-cfpackage-schema.json'))),
  };

  for (const version of ['1.0', '1.1'] as const) {
    it(`CASE ${version}: a Russian package, schema-valid, each item a translation of the source package's`, () => {
      const { snapshot, outcome } = translatedMap();
      const source = casePackage(snapshot, CONTEXT, version);
      const russian = casePackage(snapshot, ru, version);
      expect(validate[version](russian), JSON.stringify(validate[version].errors?.slice(0, 5), null, 2)).toBe(true);
      expect(source.CFDocument.language).toBe('en');
      expect(russian.CFDocument.language).toBe('ru');
      expect(russian.CFDocument.title).toBe(TRANSLATED.qualificationRu);
      // Its own identifiers: none of the source package's.
      const sourceIds = new Set([source.CFDocument.identifier, ...source.CFItems.map((item) => item.identifier)]);
      expect(sourceIds.has(russian.CFDocument.identifier)).toBe(false);
      for (const item of russian.CFItems) expect(sourceIds.has(item.identifier)).toBe(false);
      // One translation association from the document and from every item, to its source counterpart.
      const translations = russian.CFAssociations.filter((a) =>
        version === '1.1' ? a.associationType === 'isTranslationOf' : a.CFAssociationGroupingURI?.title === 'qms:isTranslationOf',
      );
      expect(translations).toHaveLength(russian.CFItems.length + 1);
      const byCode = new Map(source.CFItems.map((item) => [item.humanCodingScheme, item.identifier]));
      for (const item of russian.CFItems) {
        const link = translations.find((a) => a.originNodeURI.identifier === item.identifier)!;
        expect(link.destinationNodeURI.identifier).toBe(byCode.get(item.humanCodingScheme));
      }
      expect(translations.find((a) => a.originNodeURI.identifier === russian.CFDocument.identifier)!.destinationNodeURI.identifier).toBe(source.CFDocument.identifier);
      // The translated outcome in Russian; an untranslated item keeps the English text, said to be English.
      const translated = russian.CFItems.find((item) => item.humanCodingScheme === outcome.code)!;
      expect(translated).toMatchObject({ fullStatement: TRANSLATED.outcomeRu, language: 'ru' });
      const untranslated = russian.CFItems.find((item) => item.humanCodingScheme === 'U 2')!;
      const sourceU2 = source.CFItems.find((item) => item.humanCodingScheme === 'U 2')!;
      expect(untranslated).toMatchObject({ fullStatement: sourceU2.fullStatement, language: 'en' });
      // The source package has no translation links.
      expect(source.CFAssociations.some((a) => a.associationType === 'isTranslationOf' || a.CFAssociationGroupingURI?.title === 'qms:isTranslationOf')).toBe(false);
    });
  }

  it('a translated package still imports as a map of its own, in its language', () => {
    const { snapshot } = translatedMap();
    const imported = importCase(JSON.stringify(casePackage(snapshot, ru, '1.1')));
    expect(imported.language).toBe('ru');
    expect(imported.nodes.some((node) => node.title === TRANSLATED.outcomeRu)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// The bilingual annex: source and target side by side.

describe('the bilingual annex', () => {
  const docxText = async (bytes: Uint8Array) => {
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    // One line per table cell: the two columns of a row are two lines.
    return [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)]
      .map(([, cell]) => [...cell!.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
      .join('\n')
      .replace(/\u00a0/g, ' ')
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  };

  it('prints each outcome and criterion in the source and in Russian, in two columns; a missing translation said so', async () => {
    const { snapshot, outcome, unit } = translatedMap();
    const lines = (await docxText((await annexBilingualDocxFormat.run(snapshot, ru)) as Uint8Array)).split('\n');
    expect(lines).toContain(`${LABELS.ru.original} (en)`);
    expect(lines).toContain(`${LABELS.ru.translation} (ru)`);
    // The translated outcome: its English cell, then its Russian cell.
    const english = lines.indexOf(`${outcome.code} — ${outcome.title}`);
    expect(english).toBeGreaterThan(-1);
    expect(lines[english + 1]).toBe(`${outcome.code} — ${TRANSLATED.outcomeRu}`);
    // The translation has the first two criteria.
    unit.assessmentCriteria!.slice(0, 2).forEach((criterion, i) => {
      const at = lines.indexOf(criterion);
      expect(at).toBeGreaterThan(-1);
      expect(lines[at + 1]).toBe(TRANSLATED.unitCriteriaRu[i]);
    });
    // An untranslated outcome: its English text, and "not translated yet" beside it.
    const other = snapshot.nodes.find((node) => node.kind === 'learningOutcome' && node.id !== outcome.id)!;
    const at = lines.indexOf(`${other.code} — ${other.title}`);
    expect(at).toBeGreaterThan(-1);
    expect(lines[at + 1]).toBe(LABELS.ru.notTranslated);
  });

  it('marks a translation made from an older source as outdated', async () => {
    const { doc, outcome } = translatedMap();
    expect(setField(doc, outcome.id, 'title', `${outcome.title} safely`).ok).toBe(true);
    const lines = (await docxText((await annexBilingualDocxFormat.run(snapshotOf(doc), ru)) as Uint8Array)).split('\n');
    expect(lines).toContain(`${outcome.code} — ${TRANSLATED.outcomeRu} (${LABELS.ru.outdated})`);
  });

  it('refuses the source language: there would be nothing beside it', async () => {
    const { snapshot } = translatedMap();
    await expect(annexBilingualDocxFormat.run(snapshot, CONTEXT)).rejects.toThrow("choose one of the map's target languages (language=ru, kk)");
  });

  it('renders as a PDF', async () => {
    const { snapshot } = translatedMap();
    const pdf = (await annexBilingualPdfFormat.run(snapshot, { ...CONTEXT, language: 'kk' })) as Uint8Array;
    expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe('%PDF-');
    expect(outlineText(buildBilingualOutline(snapshot, { ...CONTEXT, language: 'kk' }))).toContain(TRANSLATED.outcomeKk);
  }, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Spreadsheets: a column per translated field and language, read back into translations.

describe('spreadsheets with translations', () => {
  for (const format of ['xlsx', 'csv'] as const) {
    it(`${format}: a column per field and target language, imported back as current translations`, async () => {
      const { snapshot, unit, outcome } = translatedMap();
      const exported = format === 'xlsx' ? await spreadsheetXlsx(snapshot, CONTEXT) : spreadsheetCsv(snapshot);
      if (format === 'csv') {
        const header = (exported as string).split('\r\n')[0]!;
        expect(header).toContain('Title [ru] (title@ru)');
        expect(header).toContain('Assessment criteria [kk] (assessmentCriteria@kk)');
      }
      const imported = await importSpreadsheet(exported, format, { language: 'en' });
      expect(imported.languages).toEqual(['ru', 'kk']);
      const doc = new Y.Doc();
      writeImportedMap(doc, imported);
      const back = snapshotOf(doc);
      expect(back.meta.languages).toEqual(['ru', 'kk']);
      const byCode = (code: string) => back.nodes.find((node) => node.code === code)!;
      expect(byCode(unit.code).translations?.ru?.title?.value).toBe(TRANSLATED.unitRu);
      expect(byCode(unit.code).translations?.ru?.assessmentCriteria?.value).toEqual(TRANSLATED.unitCriteriaRu);
      expect(byCode(outcome.code).translations?.kk?.title?.value).toBe(TRANSLATED.outcomeKk);
      expect(nodeTranslationStatus(byCode(unit.code), 'ru')).toMatchObject({ title: 'current', assessmentCriteria: 'current' });
      // What was missing stays missing.
      expect(nodeTranslationStatus(byCode('U 2'), 'ru').title).toBe('missing');
      // Read in Russian, the re-imported map says what the original says.
      expect(localizedNodes(back, 'ru').nodes.find((node) => node.code === outcome.code)!.title).toBe(TRANSLATED.outcomeRu);
    });
  }

  for (const format of ['xlsx', 'csv'] as const) {
    it(`${format}: an outdated translation comes back outdated and a reviewed one reviewed (the status column), the rest current`, async () => {
      const { doc, unit, outcome, qualification } = translatedMap();
      expect(setField(doc, outcome.id, 'title', `${outcome.title} safely`).ok).toBe(true); // its Russian and Kazakh are outdated now
      expect(markTranslationReviewed(doc, unit.id, 'ru', 'title', true).ok).toBe(true);
      const snapshot = snapshotOf(doc);
      const exported = format === 'xlsx' ? await spreadsheetXlsx(snapshot, CONTEXT) : spreadsheetCsv(snapshot);
      if (format === 'csv') {
        const [header, ...lines] = (exported as string).split('\r\n');
        expect(header).toContain('Translation status [ru] (status@ru)');
        expect(lines.find((line) => line.includes(`,${outcome.code},`))).toContain('title: outdated');
      }
      const back = new Y.Doc();
      writeImportedMap(back, await importSpreadsheet(exported, format, { language: 'en' }));
      const byCode = (code: string) => snapshotOf(back).nodes.find((node) => node.code === code)!;
      expect(nodeTranslationStatus(byCode(outcome.code), 'ru').title).toBe('outdated');
      expect(byCode(outcome.code).translations?.ru?.title?.value).toBe(TRANSLATED.outcomeRu);
      expect(nodeTranslationStatus(byCode(unit.code), 'ru')).toMatchObject({ title: 'reviewed', assessmentCriteria: 'current' });
      expect(nodeTranslationStatus(byCode(outcome.code), 'kk').title).toBe('outdated');
      expect(nodeTranslationStatus(snapshotOf(back).nodes.find((node) => node.title === qualification.title)!, 'ru').title).toBe('current');
    });
  }

  it('refuses a status cell it cannot read, naming the row; a status without its translation says nothing', async () => {
    const csv = (status: string) => `Kind,Code,Title,Title [ru] (title@ru),Translation status [ru] (status@ru)\r\nunit,U 1,Cutting,Стрижка,${status}\r\nunit,U 2,Colouring,,title: outdated\r\n`;
    await expect(importSpreadsheet(csv('title outdated'), 'csv')).rejects.toThrow(/Row 2.*is not "field: status"/);
    await expect(importSpreadsheet(csv('code: outdated'), 'csv')).rejects.toThrow(/"code" has no translations/);
    await expect(importSpreadsheet(csv('title: stale'), 'csv')).rejects.toThrow(/"stale" is not a status/);
    const fine = await importSpreadsheet(csv('Title: Outdated'), 'csv', { language: 'en' });
    expect(fine.nodes.map((node) => node.translationStatus)).toEqual([{ ru: { title: 'outdated' } }, undefined]);
  });

  it('refuses a translation column of a field that has none, or in no language, or in the source language', async () => {
    const csv = (header: string) => `Kind,Code,Title,${header}\r\nunit,U 1,Cutting,Стрижка\r\n`;
    await expect(importSpreadsheet(csv('Code [ru] (code@ru)'), 'csv')).rejects.toThrow(/"code" has no translations/);
    await expect(importSpreadsheet(csv('title@not_a_tag!'), 'csv')).rejects.toThrow(/not a BCP 47 language tag/);
    await expect(importSpreadsheet(csv('Title [en] (title@en)'), 'csv', { language: 'en' })).rejects.toThrow(/cannot hold a translation into en/);
    const fine = await importSpreadsheet(csv('Title [ru] (title@RU)'), 'csv', { language: 'en' });
    expect(fine.nodes[0]!.translations).toEqual({ ru: { title: 'Стрижка' } });
  });

  it('has no translation columns for a map without target languages', () => {
    const { snapshot } = sampleMap(buildHairdresser);
    expect(spreadsheetCsv(snapshot).split('\r\n')[0]).not.toContain('@');
  });
});

// ---------------------------------------------------------------------------------------------
// A CASE package in another language added to an existing map as its translation.

describe('a CASE package as the translation of an existing map', () => {
  /** The hairdresser map, and a copy of it (same node ids) translated in part into Russian. */
  function twoCopies() {
    const { doc } = sampleMap(buildHairdresser);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(addTargetLanguage(copy, 'ru').ok).toBe(true);
    const nodes = snapshotOf(copy).nodes;
    const unit = nodes.find((node) => node.code === 'U 1')!;
    const qualification = nodes.find((node) => node.kind === 'qualification')!;
    expect(setTranslation(copy, unit.id, 'ru', 'title', TRANSLATED.unitRu).ok).toBe(true);
    expect(setTranslation(copy, qualification.id, 'ru', 'title', TRANSLATED.qualificationRu).ok).toBe(true);
    return { doc, copy, unit, qualification };
  }

  for (const version of ['1.0', '1.1'] as const) {
    it(`CASE ${version}: the items linked by isTranslationOf become the map's Russian translations; untranslated ones are left out`, () => {
      const { doc, copy, unit, qualification } = twoCopies();
      const text = JSON.stringify(casePackage(snapshotOf(copy), ru, version));
      const translation = caseTranslation(text, snapshotOf(doc), CONTEXT);
      expect(translation.language).toBe('ru');
      expect(translation.fields).toEqual(
        expect.arrayContaining([
          { nodeId: unit.id, field: 'title', value: TRANSLATED.unitRu },
          { nodeId: qualification.id, field: 'title', value: TRANSLATED.qualificationRu },
        ]),
      );
      expect(translation.fields).toHaveLength(2);
      expect(translation.warnings.join(' ')).toMatch(/not translated \(in the source language\)/);
      addCaseTranslation(doc, translation);
      const back = snapshotOf(doc);
      expect(back.meta.languages).toEqual(['ru']);
      expect(nodeTranslationStatus(back.nodes.find((node) => node.id === unit.id)!, 'ru').title).toBe('current');
      expect(localizedNodes(back, 'ru').nodes.find((node) => node.id === unit.id)!.title).toBe(TRANSLATED.unitRu);
    });
  }

  it('matches items by code when the package has no isTranslationOf links (a partner’s own package)', () => {
    const { doc, unit } = twoCopies();
    const pkg = {
      CFDocument: { identifier: 'x', title: 'Парикмахер', language: 'ru-RU' },
      CFItems: [{ identifier: 'a', humanCodingScheme: 'U 1', fullStatement: 'Консультация клиента', language: 'ru' }, { identifier: 'b', humanCodingScheme: 'NOPE 9', fullStatement: 'Что-то' }],
      CFAssociations: [],
    };
    const translation = caseTranslation(JSON.stringify(pkg), snapshotOf(doc), CONTEXT);
    expect(translation.language).toBe('ru-RU');
    expect(translation.fields).toContainEqual({ nodeId: unit.id, field: 'title', value: 'Консультация клиента' });
    expect(translation.warnings).toContain('1 item of the package match no node of this map and were left out.');
  });

  it('refuses a package in the map’s own language, without a language, or matching nothing, and changes nothing', () => {
    const { doc } = twoCopies();
    const before = Y.encodeStateAsUpdate(doc);
    const snapshot = snapshotOf(doc);
    const pkg = (language: string | undefined, items: unknown[] = []) => JSON.stringify({ CFDocument: { identifier: 'x', title: 'T', ...(language ? { language } : {}) }, CFItems: items, CFAssociations: [] });
    expect(() => caseTranslation(pkg('en'), snapshot, CONTEXT)).toThrow(/the map's own language: import it as a new map instead/);
    expect(() => caseTranslation(pkg(undefined), snapshot, CONTEXT)).toThrow(/has no language/);
    expect(() => caseTranslation(pkg('ru', [{ identifier: 'q', humanCodingScheme: 'ZZ', fullStatement: 'Нет' }]), snapshot, CONTEXT)).toThrow(/No item of the package matches a node of this map/);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
