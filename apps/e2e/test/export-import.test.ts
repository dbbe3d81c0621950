import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch, person, screenshot, startApp, type App } from './harness.js';

describe.skipIf(!hasChromium)('exports from the editor', () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp({ seedSamples: true });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('previews the units JSON and downloads a PNG picture of the map', async () => {
    const { context, page, errors } = await person(browser, { width: 1440, height: 900 });
    await context.grantPermissions([]);
    await page.goto(`${app.url}/maps/sample-hairdresser`);
    await expect.poll(() => page.locator('[data-testid=map-node]').count()).toBeGreaterThan(50);
    await page.click('[data-testid=open-export]');
    await expect.poll(() => page.locator('[data-testid=export-preview]').getAttribute('data-phase')).toBe('ready');
    expect(await page.locator('.export-preview__text').textContent()).toContain('"format": "qms-units"');

    await page.locator('input[name=format][value=png]').check();
    await expect.poll(() => page.locator('[data-testid=export-preview] img').count()).toBe(1);
    await screenshot(page, 'export-dialog-png');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-download]')]);
    expect(download.suggestedFilename()).toMatch(/^Sample-illustrative-Hairdresser-EQF-4\.png$/);
    const bytes = await readFile((await download.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // PNG signature
    expect(bytes.byteLength).toBeGreaterThan(20_000);
    expect(errors).toEqual([]);
  });
});
