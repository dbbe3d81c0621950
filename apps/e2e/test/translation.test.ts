import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addNode, browserSuite, createMap, hasChromium, joinMap, mapNode, person, screenshot, typeTitle, WAIT_MS, type App } from './harness.js';

interface StoredNode {
  title: string;
  translations?: Record<string, Record<string, unknown>>;
}

/** The map as the server holds it: its meta and nodes as plain JSON. */
const stored = (app: App, mapId: string) =>
  app.server.rooms.with(mapId, (room) => ({
    meta: room.doc.getMap('meta').toJSON() as { language: string; languages?: string[] },
    nodes: Object.values(room.doc.getMap('nodes').toJSON()) as StoredNode[],
  }));

const rows = (page: Page) => page.locator('[data-testid=translation-row]');

/** The text of a Word file's table cells, one line per cell (the annex's two columns are two lines). */
async function docxCells(bytes: Buffer): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map(([, cell]) => [...cell!.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
}

describe.skipIf(!hasChromium)('a map in two languages', () => {
  const suite = browserSuite();

  it('creates a Russian map, translates a unit and its two outcomes into English side by side, reads the map in English and exports the bilingual annex', async () => {
    const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    await page.goto(suite.app.url);
    await page.fill('[data-testid=new-map-title]', 'Сварщик, EQF 3');
    await page.locator('[data-testid=new-map-language]').selectOption('ru');
    await page.click('[data-testid=create-map]');
    await page.waitForURL(/\/maps\//);
    const mapId = new URL(page.url()).pathname.split('/').pop()!;
    // A unit with two outcomes inside it, by the keyboard: Tab makes the first, Enter its sibling.
    await addNode(page, 'unit', 'Прихватка');
    await page.keyboard.press('Tab');
    await typeTitle(page, 'Выполнять прихватку деталей');
    await page.keyboard.press('Enter');
    await typeTitle(page, 'Читать сварочный чертёж');
    await expect.poll(async () => (await stored(suite.app, mapId)).meta.language, { timeout: WAIT_MS }).toBe('ru');

    // The translation view: add English, then type the three titles, Enter going from one to the next.
    await page.click('[data-testid=open-translate]');
    // The map says what it is written in, and could be told otherwise here.
    expect(await page.locator('[data-testid=source-language]').inputValue()).toBe('ru');
    await page.fill('[data-testid=add-language]', 'en');
    await page.click('[data-testid=add-language-button]');
    await expect.poll(() => rows(page).count()).toBe(3);
    // English is a target now: it is no longer offered as the language the map is written in.
    expect(await page.locator('[data-testid=source-language] option[value=en]').count()).toBe(0);
    expect(await page.locator('#translation-title').textContent()).toBe('Translate from Russian');
    const statuses = () => rows(page).evaluateAll((all) => all.map((row) => row.getAttribute('data-status')));
    expect(await statuses()).toEqual(['missing', 'missing', 'missing']);
    const english: Record<string, string> = { Прихватка: 'Tack welding', 'Выполнять прихватку деталей': 'Tack-weld the parts', 'Читать сварочный чертёж': 'Read the welding drawing' };
    const order = await rows(page).evaluateAll((all) => all.map((row) => row.querySelector('.translation-table__source')?.textContent?.trim() ?? ''));
    await rows(page).first().locator('[data-testid=translation-input]').click();
    for (const [index, source] of order.entries()) {
      await page.keyboard.type(english[source]!);
      if (index < order.length - 1) await page.keyboard.press('Enter');
    }
    await expect.poll(statuses).toEqual(['current', 'current', 'current']);
    await expect.poll(() => page.locator('[data-testid=translation-progress]').textContent()).toMatch(/3 of 3/);
    await screenshot(page, 'translation-view');
    await page.click('[data-testid=translation-close]');

    // The canvas in English: the translations, nothing shown from the source; the switch says how far English is.
    expect(await page.locator('[data-testid=content-language] option[value=en]').textContent()).toBe('English · 3/3');
    await page.locator('[data-testid=content-language]').selectOption('en');
    await mapNode(page, 'Tack-weld the parts').waitFor({ timeout: WAIT_MS });
    await mapNode(page, 'Read the welding drawing').waitFor({ timeout: WAIT_MS });
    expect(await page.locator('[data-testid=language-mark]').count()).toBe(0);
    // The inspector shows the selected node's English text and its status above the Russian fields.
    await mapNode(page, 'Tack-weld the parts').click();
    const inEnglish = page.locator('[data-testid=inspector-translation] [data-field=title]');
    await expect.poll(() => inEnglish.getAttribute('data-status')).toBe('current');
    expect(await inEnglish.textContent()).toContain('Tack-weld the parts');

    // Back in Russian, a statement changes: its English translation is outdated, and says so on the card.
    await page.locator('[data-testid=content-language]').selectOption('ru');
    await mapNode(page, 'Читать сварочный чертёж').click();
    await page.keyboard.press('F2');
    await page.keyboard.press('End');
    await page.keyboard.type(' и эскиз');
    await page.keyboard.press('Enter');
    await mapNode(page, 'Читать сварочный чертёж и эскиз').waitFor({ timeout: WAIT_MS });
    await page.locator('[data-testid=content-language]').selectOption('en');
    await expect.poll(() => mapNode(page, 'Read the welding drawing').locator('[data-testid=language-mark]').getAttribute('data-mark')).toBe('outdated');

    // The bilingual annex from the export dialog: Russian beside English, row by row.
    await page.click('[data-testid=open-export]');
    await page.locator('input[name=format][value=annex-bilingual-docx]').check();
    expect(await page.locator('[data-testid=export-language]').inputValue()).toBe('en');
    await expect.poll(() => page.locator('[data-testid=export-preview]').getAttribute('data-phase'), { timeout: WAIT_MS }).toBe('ready');
    const [annex] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-download]')]);
    expect(annex.suggestedFilename()).toMatch(/\.docx$/);
    const cells = await docxCells(await readFile((await annex.path())!));
    const beside = (ru: string, en: string) => cells.some((cell, i) => cell.includes(ru) && (cells[i + 1] ?? '').includes(en));
    expect(beside('Выполнять прихватку деталей', 'Tack-weld the parts')).toBe(true);
    // The outdated translation is printed, and marked as made from an earlier source.
    expect(cells.some((cell) => cell.includes('Read the welding drawing') && cell.includes('(translation outdated'))).toBe(true);
    await page.keyboard.press('Escape');

    // As the server stores it: the translation beside the source, with the source it was made from.
    const map = await stored(suite.app, mapId);
    const translated = map.nodes.find((n) => n.title === 'Выполнять прихватку деталей')!;
    expect(translated.translations?.en?.title).toBe('Tack-weld the parts');
    expect(map.meta.languages).toEqual(['en']);
    expect(errors).toEqual([]);
  });

  it('two translators typing in one field at once lose nothing', async () => {
    const map = await createMap(suite.app, { title: 'Сварщик', language: 'ru' });
    const [anna, boris] = await joinMap(suite.browser, map, [{ name: 'Anna' }, { name: 'Boris' }]);
    await addNode(anna.page, 'learningOutcome', 'Выполнять прихватку деталей');
    await anna.page.click('[data-testid=open-translate]');
    await anna.page.fill('[data-testid=add-language]', 'en');
    await anna.page.click('[data-testid=add-language-button]');
    await boris.page.click('[data-testid=open-translate]');
    for (const page of [anna.page, boris.page]) {
      await expect.poll(() => rows(page).count()).toBe(1);
      await rows(page).first().locator('[data-testid=translation-input]').click();
    }
    const [mine, theirs] = ['Tack weld ', 'the parts'];
    await Promise.all([anna.page.keyboard.type(mine, { delay: 40 }), boris.page.keyboard.type(theirs, { delay: 40 })]);
    const letters = (text: string) => [...text].sort().join('');
    const storedTitle = async () => {
      const { nodes } = await stored(suite.app, map.id);
      return String(nodes[0]?.translations?.en?.title ?? '');
    };
    await expect.poll(async () => letters(await storedTitle()), { timeout: WAIT_MS }).toBe(letters(mine + theirs));
    // Both see the merged text.
    for (const page of [anna.page, boris.page]) {
      await expect.poll(() => rows(page).first().locator('[data-testid=translation-input]').inputValue()).toBe(await storedTitle());
    }
    for (const one of [anna, boris]) expect(one.errors).toEqual([]);
  });
});
