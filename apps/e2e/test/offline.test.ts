import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch, person, screenshot, startApp, type App } from './harness.js';

const status = (page: Page) => page.locator('[data-testid=sync-status]').getAttribute('data-status');
const node = (page: Page, title: string) => page.locator('[data-testid=map-node]', { hasText: title });

describe.skipIf(!hasChromium)('when the server goes away', () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp();
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('says offline, keeps the edits made meanwhile, and syncs them when it is back', async () => {
    const created = await fetch(`${app.url}/api/maps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Offline test' }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    const mapUrl = `${app.url}/maps/${created.id}`;
    const anna = await person(browser);
    await anna.page.goto(mapUrl);
    await expect.poll(() => status(anna.page)).toBe('saved');

    await app.stop();
    await expect.poll(() => status(anna.page), { timeout: 15_000 }).toBe('offline');
    await expect.poll(() => anna.page.locator('[data-testid=sync-status]').textContent()).toContain(
      'Offline — your changes are kept and will sync',
    );
    await anna.page.click('[data-testid=add-unit]');
    await expect.poll(() => anna.page.locator('.title-editor').count()).toBe(1);
    await anna.page.keyboard.type('U 1 Hygiene');
    await anna.page.keyboard.press('Enter');
    expect(await status(anna.page)).toBe('offline');
    await screenshot(anna.page, 'skeleton-offline');

    await app.restart();
    await expect.poll(() => status(anna.page), { timeout: 20_000 }).toBe('saved');

    // A second person who arrives now sees what was made offline.
    const boris = await person(browser);
    await boris.page.goto(mapUrl);
    await expect.poll(() => node(boris.page, 'U 1 Hygiene').count()).toBe(1);
    expect(anna.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
  });
});
