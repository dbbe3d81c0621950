import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { answerNameDialog, browserSuite, createMap, hasChromium, screenshot, waitForSyncStatus, type CreatedMap } from './harness.js';

/**
 * The owner's Share dialog, opened where the server's answer about its addresses may be replaced
 * (a laptop's network cannot be staged in a test; the route's own answers are server tests).
 * Service workers are blocked so that every request passes the page's routes.
 */
async function shareDialog(browser: Browser, map: CreatedMap, instance?: { publicUrl: string | null; lanUrls: string[] }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  await answerNameDialog(context, 'Organiser');
  const page = await context.newPage();
  if (instance) await page.route('**/api/instance', (route) => route.fulfill({ json: instance }));
  await page.goto(map.link('owner'));
  await waitForSyncStatus(page, 'saved');
  await page.click('[data-testid=open-share]');
  await page.click('[data-testid=renew-viewer]');
  await expect.poll(() => page.locator('[data-testid=link-viewer]').inputValue()).toMatch(/#token=/);
  return page;
}

const viewerLink = (page: Page) => page.locator('[data-testid=link-viewer]').inputValue();
const warning = (page: Page) => page.locator('[data-testid=share-local-warning]');

describe.skipIf(!hasChromium)('share links that others can open', () => {
  const suite = browserSuite();

  it('warns that a loopback link works only on this computer when the server offers no other address', async () => {
    const map = await createMap(suite.app, { template: 'ruecvet-course' });
    // The real server: listening on 127.0.0.1, no PUBLIC_URL.
    const page = await shareDialog(suite.browser, map);
    await expect.poll(() => warning(page).count()).toBe(1);
    expect(await warning(page).textContent()).toMatch(/only on this computer.*HOST=0\.0\.0\.0/);
    expect(await page.locator('[data-testid=share-address]').count()).toBe(0);
    expect(await viewerLink(page)).toMatch(new RegExp(`^${suite.app.url}/maps/${map.id}#token=`));
    await page.context().close();
  });

  it('offers the LAN addresses, puts the first in links and QR codes, and warns again if loopback is chosen', async () => {
    const map = await createMap(suite.app, { template: 'ruecvet-course' });
    const lan = ['http://192.168.1.20:8080', 'http://[2001:db8::5]:8080'];
    const page = await shareDialog(suite.browser, map, { publicUrl: null, lanUrls: lan });
    await expect.poll(() => viewerLink(page)).toMatch(new RegExp(`^http://192\\.168\\.1\\.20:8080/maps/${map.id}#token=`));
    expect(await page.locator('[data-testid=share-address] option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual([
      ...lan,
      suite.app.url,
    ]);
    expect(await warning(page).count()).toBe(0);
    // A new link shows its QR code at once: of the LAN address's link.
    await expect.poll(() => page.locator('[data-testid=qr-viewer] svg').count()).toBe(1);
    const lanCode = await page.locator('[data-testid=qr-viewer]').innerHTML();
    await screenshot(page, 'share-dialog-lan');

    await page.locator('[data-testid=share-address]').selectOption(suite.app.url);
    await expect.poll(() => warning(page).count()).toBe(1);
    expect(await warning(page).textContent()).toMatch(/Choose this computer's network address/);
    expect(await viewerLink(page)).toMatch(new RegExp(`^${suite.app.url}/`));
    // The QR code follows the address chosen.
    expect(await page.locator('[data-testid=qr-viewer]').innerHTML()).not.toBe(lanCode);
    await page.context().close();
  });

  it('uses PUBLIC_URL alone when the server has one', async () => {
    const map = await createMap(suite.app, { template: 'ruecvet-course' });
    const page = await shareDialog(suite.browser, map, { publicUrl: 'https://maps.college.example', lanUrls: [] });
    await expect.poll(() => viewerLink(page)).toMatch(new RegExp(`^https://maps\\.college\\.example/maps/${map.id}#token=`));
    expect(await warning(page).count()).toBe(0);
    expect(await page.locator('[data-testid=share-address]').count()).toBe(0);
    await page.context().close();
  });
});
