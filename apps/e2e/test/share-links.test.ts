import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch, person, screenshot, startApp, type App } from './harness.js';

const node = (page: Page, title: string) => page.locator('[data-testid=map-node]', { hasText: title });

describe.skipIf(!hasChromium)('share links in the browser', () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    // As on a workshop network: nobody is trusted for being local.
    app = await startApp({ localTrust: false });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('an owner edits and shares; a viewer follows live, cannot edit, and loses access when the link is replaced', async () => {
    const created = (await fetch(`${app.url}/api/maps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'ruecvet-course', title: 'Shared course' }),
    }).then((r) => r.json())) as { id: string; tokens: Record<string, string> };

    const stranger = await person(browser);
    await stranger.page.goto(`${app.url}/maps/${created.id}`);
    await expect.poll(() => stranger.page.locator('[data-testid=unavailable]').getAttribute('data-reason')).toBe('unauthorized');

    const owner = await person(browser, { width: 1440, height: 900 });
    await owner.page.goto(`${app.url}/maps/${created.id}#token=${created.tokens.owner}`);
    await expect.poll(() => owner.page.locator('[data-testid=map-node]').count()).toBe(17);
    expect(new URL(owner.page.url()).hash).toBe(''); // the token left the address bar

    const viewer = await person(browser);
    await viewer.page.goto(`${app.url}/maps/${created.id}#token=${created.tokens.viewer}`);
    await expect.poll(() => viewer.page.locator('[data-testid=role-banner]').count()).toBe(1);
    expect(await viewer.page.locator('[data-testid=add-workAction]').count()).toBe(0);
    // Double-click does not open editing for a viewer.
    await node(viewer.page, 'Develop a functional qualification map').dblclick();
    expect(await viewer.page.locator('.title-editor').count()).toBe(0);

    // The owner's edit reaches the viewer live.
    await node(owner.page, 'Develop a functional qualification map').dblclick();
    await owner.page.keyboard.press('End');
    await owner.page.keyboard.type(' together');
    await owner.page.keyboard.press('Enter');
    await expect.poll(() => node(viewer.page, 'Develop a functional qualification map together').count()).toBe(1);

    // Share dialog: the viewer link is replaced; the old one stops working at once.
    await owner.page.click('[data-testid=open-share]');
    await owner.page.click('[data-testid=renew-viewer]');
    await expect.poll(() => owner.page.locator('[data-testid=link-viewer]').inputValue()).toMatch(/#token=[A-Za-z0-9_-]{43}$/);
    // A new link shows its QR code at once, for the projector.
    await expect.poll(() => owner.page.locator('[data-testid=qr-viewer] svg').count()).toBe(1);
    await screenshot(owner.page, 'share-dialog');
    await expect.poll(() => viewer.page.locator('[data-testid=unavailable]').getAttribute('data-reason')).toBe('unauthorized');

    const newLink = await owner.page.locator('[data-testid=link-viewer]').inputValue();
    const second = await person(browser);
    await second.page.goto(newLink.replace(/^https?:\/\/[^/]+/, app.url));
    await expect.poll(() => second.page.locator('[data-testid=role-banner]').count()).toBe(1);
  });
});
