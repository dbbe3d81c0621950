import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, openMap, person } from './harness.js';

/**
 * The editor's chrome holds its layout in every UI language at 1440 × 900: the toolbar, the header,
 * the side panel's tabs and the checks' toggle each stay on one line (measured: every item of a row
 * starts at the same height, and no button is taller than one line of text).
 */

/** The rows the visible children of `selector` take (the top of each), and the tallest button. */
async function rows(page: Page, selector: string): Promise<{ tops: number[]; tallest: number; lineHeight: number }> {
  return page.locator(selector).first().evaluate((row) => {
    const items = Array.from(row.querySelectorAll<HTMLElement>(':scope > *, :scope > .map-actions > *')).filter((item) => item.offsetParent !== null && item.getBoundingClientRect().width > 0);
    // Items of one row overlap vertically (they may be centred at different heights); an item
    // that starts below the bottom of the row so far starts a new row.
    const boxes = items.map((item) => item.getBoundingClientRect()).sort((a, b) => a.top - b.top);
    const tops: number[] = [];
    let bottom = -Infinity;
    for (const box of boxes) {
      if (box.top >= bottom - 1) tops.push(Math.round(box.top));
      bottom = Math.max(box.top >= bottom - 1 ? box.bottom : bottom, box.bottom);
    }
    const buttons = items.filter((item) => item.tagName === 'BUTTON');
    const tallest = Math.max(0, ...buttons.map((item) => item.getBoundingClientRect().height));
    const lineHeight = buttons[0] ? parseFloat(getComputedStyle(buttons[0]).lineHeight) || parseFloat(getComputedStyle(buttons[0]).fontSize) * 1.4 : 0;
    return { tops, tallest, lineHeight };
  });
}

describe.skipIf(!hasChromium)('the editor in every UI language', () => {
  const suite = browserSuite();

  for (const language of ['en', 'ru']) {
    it(`keeps the toolbar, header, tabs and toggles on one line in ${language}`, async () => {
      const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
      // The RUECVET course sample has checks to show, so the toggle is measured too.
      const map = await createMap(suite.app, { template: 'ruecvet-course' });
      await openMap(page, map.url);
      await page.selectOption('[data-testid=language-switch]', language);
      await page.click('[data-testid=checks-tab]');
      await page.locator('[data-testid=checks-panel]').waitFor();
      // The sample is clean; the toggle between all checks and errors shows once there is one.
      const toggle = (await page.locator('.checks-panel .segmented').count()) > 0 ? ['.checks-panel .segmented'] : [];
      for (const selector of ['.map-toolbar', '.editor-header', '.side-panel__tabs', ...toggle]) {
        const measured = await rows(page, selector);
        expect(measured.tops, `${selector} in ${language}`).toHaveLength(1);
        // A button with its text on two lines is twice as tall as its line of text and padding.
        expect(measured.tallest, `${selector} buttons in ${language}`).toBeLessThan(measured.lineHeight * 2 + 4);
      }
      expect(errors).toEqual([]);
    });
  }
});
