import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, joinMap, nodeWithCode, openMap, screenshot, selectByCode } from './harness.js';

/** React Flow's zoom, from the viewport's transform. */
const zoomOf = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => Number(/scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform)?.[1] ?? 'NaN'));

/** Whether an element lies wholly inside the canvas pane. */
const inPane = (page: Page, selector: string) =>
  page.evaluate((css) => {
    const pane = document.querySelector('.react-flow')!.getBoundingClientRect();
    const box = document.querySelector(css)?.getBoundingClientRect();
    return !!box && box.left >= pane.left && box.right <= pane.right && box.top >= pane.top && box.bottom <= pane.bottom;
  }, selector);

const shown = (page: Page, kind: string) => page.locator(`[data-testid=map-node][data-kind=${kind}]`).count();

describe.skipIf(!hasChromium)('reading a large map', () => {
  const suite = browserSuite();

  it('opens the hairdresser sample readable, on its qualification; folds branches for this person only', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — reading' });
    const [anna, boris] = await joinMap(suite.browser, map, [
      { name: 'Anna', size: { width: 1440, height: 900 } },
      { name: 'Boris', size: { width: 1440, height: 900 } },
    ]);
    const page = anna.page;
    await expect.poll(() => zoomOf(page)).toBeGreaterThanOrEqual(0.6);
    await expect.poll(() => inPane(page, '[data-testid=map-node][data-kind=qualification]')).toBe(true);
    await screenshot(page, 'hairdresser-opened');

    // Fold the map to its key functions: main functions and work actions leave the page.
    await page.locator('[data-testid=fold-all]').click();
    await expect.poll(() => shown(page, 'workAction')).toBe(0);
    expect(await shown(page, 'mainFunction')).toBe(0);
    await page.keyboard.press('Shift+1'); // the folded map, whole
    const kf2 = nodeWithCode(page, 'KF 2');
    // KF 2 holds MF 3–5 and their work actions: the fold says how many.
    await expect.poll(() => kf2.locator('[data-testid=branch-count]').textContent()).toMatch(/^\+\d+$/);
    const hidden = Number((await kf2.locator('[data-testid=branch-count]').textContent())!.slice(1));
    expect(hidden).toBeGreaterThan(3);
    await screenshot(page, 'hairdresser-folded');

    // Unfold one key function: its main functions are back, the others' stay folded.
    await kf2.locator('[data-testid=branch-toggle]').click();
    await expect.poll(() => nodeWithCode(page, 'MF 3').count()).toBe(1);
    expect(await nodeWithCode(page, 'MF 1').count()).toBe(0);

    // The fold is this person's: Boris still sees every work action in view, and Anna's fold survives a reload.
    await expect.poll(() => shown(boris.page, 'workAction')).toBeGreaterThan(0);
    await openMap(page, map.url);
    await expect.poll(() => nodeWithCode(page, 'MF 3').count()).toBe(1);
    expect(await nodeWithCode(page, 'MF 1').count()).toBe(0);

    // Ctrl+/ on a selected key function folds it again; Unfold all shows everything.
    await nodeWithCode(page, 'KF 2').click();
    await page.keyboard.press('Control+/');
    await expect.poll(() => nodeWithCode(page, 'MF 3').count()).toBe(0);
    await page.locator('[data-testid=unfold-all]').click();
    await expect.poll(() => nodeWithCode(page, 'MF 1').count()).toBe(1);
    expect(anna.errors).toEqual([]);
  });

  it('a selected outcome shows its whole statement, over the cards below it', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — long outcomes' });
    const [anna] = await joinMap(suite.browser, map, [{ name: 'Anna', size: { width: 1440, height: 900 } }]);
    const page = anna.page;
    await page.keyboard.press('Shift+1'); // the whole map, so every outcome card is laid out
    // An outcome whose statement runs past the three lines a card shows.
    const code = await page.evaluate(() => {
      const cards = Array.from(document.querySelectorAll<HTMLElement>('[data-testid=map-node][data-kind=learningOutcome]'));
      for (const card of cards) {
        const title = card.querySelector<HTMLElement>('.map-node__title');
        if (title && title.scrollHeight > title.clientHeight + 1) return card.dataset.code ?? null;
      }
      return null;
    });
    expect(code, 'the hairdresser sample has an outcome longer than three lines').toBeTruthy();
    await selectByCode(page, code!);
    const card = `.react-flow__node.selected [data-testid=map-node][data-code="${code}"]`;
    // Nothing of it is cut, and its last line is on top of whatever card lies below.
    await expect
      .poll(() => page.locator(`${card} .map-node__title`).evaluate((el) => el.scrollHeight <= el.clientHeight + 1))
      .toBe(true);
    const onTop = await page.locator(`${card} .map-node__title`).evaluate((el) => {
      const box = el.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.bottom - 3);
      return !!hit && el.closest('[data-testid=map-node]')!.contains(hit);
    });
    expect(onTop).toBe(true);
    await screenshot(page, 'hairdresser-outcome-selected');
    // Another selection folds it back to three lines.
    await page.keyboard.press('Escape');
    await expect
      .poll(() => page.locator(`[data-testid=map-node][data-code="${code}"] .map-node__title`).evaluate((el) => el.scrollHeight > el.clientHeight + 1))
      .toBe(true);
    expect(anna.errors).toEqual([]);
  });

  it('following someone who looks through another lens switches to it', async () => {
    const map = await createMap(suite.app, { template: 'ruecvet-course' });
    const [teacher, employer] = await joinMap(suite.browser, map, [{ name: 'Tanya' }, { name: 'Emil' }]);
    await employer.page.locator('[data-testid=lens-switch] [data-lens=employer]').click();
    await expect.poll(() => teacher.page.locator('[data-testid=follow]').count()).toBe(1);
    await teacher.page.locator('[data-testid=follow]').click();
    await expect.poll(() => teacher.page.locator('[data-testid=lens-switch] [data-lens=employer]').getAttribute('aria-checked')).toBe('true');
    await expect.poll(() => teacher.page.locator('.pointer-notice').textContent()).toMatch(/Emil/);
    expect(await shown(teacher.page, 'learningOutcome')).toBe(0);
  });
});
