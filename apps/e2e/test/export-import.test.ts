import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { allNodes, browserSuite, hasChromium, person, screenshot } from './harness.js';

/** Waits until the export dialog has prepared a file whose name matches (its download button names it). */
async function waitForExport(page: Page, fileName: RegExp): Promise<void> {
  await expect.poll(() => page.locator('[data-testid=export-preview]').getAttribute('data-phase')).toBe('ready');
  await expect.poll(() => page.locator('[data-testid=export-download]').textContent()).toMatch(fileName);
}

describe.skipIf(!hasChromium)('exports from the editor', () => {
  const suite = browserSuite({ seedSamples: true });

  it('previews the units JSON and downloads a PNG picture of the map', async () => {
    const { context, page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    await context.grantPermissions([]);
    await page.goto(`${suite.app.url}/maps/sample-hairdresser`);
    await expect.poll(() => allNodes(page).count()).toBeGreaterThan(50);
    // The first export of a fresh server loads its converters: the preview takes a while.
    await page.click('[data-testid=open-export]');
    await waitForExport(page, /\.json$/);
    expect(await page.locator('.export-preview__text').textContent()).toContain('"format": "qms-units"');

    await page.locator('input[name=format][value=png]').check();
    await waitForExport(page, /\.png$/);
    expect(await page.locator('[data-testid=export-preview] img').count()).toBe(1);
    await screenshot(page, 'export-dialog-png');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-download]')]);
    expect(download.suggestedFilename()).toMatch(/^Sample-illustrative-Hairdresser-EQF-4\.png$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // PNG signature
    expect(bytes.byteLength).toBeGreaterThan(20_000);

    // A server-side format through the same dialog: the Word unit descriptions.
    await page.locator('input[name=format][value=docx]').check();
    await waitForExport(page, /\.docx$/);
    const [word] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-download]')]);
    expect(word.suggestedFilename()).toMatch(/\.docx$/);
    expect((await readFile((await word.path())!)).subarray(0, 2).toString()).toBe('PK');
    expect(errors).toEqual([]);
  });

  it('imports a spreadsheet from the map list and opens the new map', async () => {
    const { app, browser } = suite;
    const csv = await fetch(`${app.url}/api/maps/sample-hairdresser/export?format=csv`).then((r) => r.text());
    const { page, errors } = await person(browser, { size: { width: 1440, height: 900 } });
    await page.goto(app.url);
    await page.click('[data-testid=open-import]');
    await page.setInputFiles('[data-testid=import-file]', { name: 'hairdresser.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    expect(await page.locator('[data-testid=import-format]').inputValue()).toBe('csv');
    await page.click('[data-testid=import-start]');
    await page.waitForURL(/\/maps\/(?!sample)/);
    await expect.poll(() => allNodes(page).count()).toBeGreaterThan(100);
    expect(await page.locator('[data-testid=checks-count]').textContent()).toBe('0');

    // A broken file: the dialog says why, and no map appears.
    await page.goto(app.url);
    await expect.poll(() => page.locator('[data-testid=map-card]').count()).toBeGreaterThanOrEqual(3); // two samples and the import
    const before = await page.locator('[data-testid=map-card]').count();
    await page.click('[data-testid=open-import]');
    await page.setInputFiles('[data-testid=import-file]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"CFDocument": ') });
    await page.click('[data-testid=import-start]');
    await expect.poll(() => page.locator('[data-testid=import-error]').textContent()).toMatch(/Nothing was imported/);
    await page.keyboard.press('Escape');
    await page.reload();
    await expect.poll(() => page.locator('[data-testid=map-card]').count()).toBe(before);
    expect(errors.filter((e) => !/400/.test(e))).toEqual([]);
  });
});
