import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, openMap, person, screenshot } from './harness.js';

/**
 * The editor's chrome holds its layout in every UI language at 1440 × 900: the toolbar, the header,
 * the side panel's tabs and the checks' toggle each stay on one line (measured: every item of a row
 * starts at the same height, no button is taller than one line of text, and no label is cut short).
 */

/** The rows the visible children of `selector` take (the top of each), and the tallest button. */
async function rows(page: Page, selector: string): Promise<{ tops: number[]; tallest: number; lineHeight: number; clipped: string[] }> {
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
    // A label cut short (an ellipsis, or text hidden by the button's edge) is not read in full.
    const clipped = [row, ...buttons].filter((item) => item.scrollWidth > item.clientWidth + 1).map((item) => (item === row ? `the whole row: ${item.textContent}` : (item.textContent ?? '')));
    return { tops, tallest, lineHeight, clipped };
  });
}

describe.skipIf(!hasChromium)('the editor in every UI language', () => {
  const suite = browserSuite();

  // React Flow's zoom button, as each catalogue names it (canvas.zoomIn).
  const zoomIn: Record<string, string> = { en: 'Zoom in', ru: 'Увеличить', 'uz-Latn': 'Kattalashtirish', kk: 'Үлкейту' };

  for (const language of ['en', 'ru', 'uz-Latn', 'kk']) {
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
        expect(measured.clipped, `${selector} labels cut short in ${language}`).toEqual([]);
      }
      // The page says which language it is in, and React Flow's own controls speak it too.
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      expect(await page.locator('.react-flow__controls-zoomin').getAttribute('aria-label')).toBe(zoomIn[language]);
      await screenshot(page, `layout-${language}`);
      expect(errors).toEqual([]);
    });
  }

  it('offers each language in its own name, and remembers the choice', async () => {
    const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    const map = await createMap(suite.app, { template: 'ruecvet-course' });
    await openMap(page, map.url);
    const options = await page.locator('[data-testid=language-switch] option').evaluateAll((all) => all.map((option) => [(option as HTMLOptionElement).value, option.textContent]));
    expect(options).toEqual([
      ['en', 'English'],
      ['ru', 'Русский'],
      ['uz-Latn', 'Oʻzbekcha'],
      ['kk', 'Қазақша'],
    ]);
    await page.selectOption('[data-testid=language-switch]', 'kk');
    await page.locator('[data-testid=checks-tab]', { hasText: 'Тексерулер' }).waitFor();
    await page.reload();
    await page.locator('[data-testid=checks-tab]', { hasText: 'Тексерулер' }).waitFor();
    expect(await page.locator('[data-testid=language-switch]').inputValue()).toBe('kk');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk');
    expect(errors).toEqual([]);
  });
});
