import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addNode,
  allNodes,
  browserSuite,
  connect,
  createMap,
  drag,
  hasChromium,
  mapNode,
  openMap,
  person,
  pointAt,
  screenshot,
  startApp,
  typeTitle,
  waitForStillView,
} from './harness.js';

const rulesShown = async (page: Page) => {
  await page.click('[data-testid=checks-tab]');
  const rules = await page.locator('[data-testid=issue]').evaluateAll((items) => items.map((i) => i.getAttribute('data-rule')));
  return [...new Set(rules)].sort();
};
/** Drags one node by its header so that its centre lands on another's. */
async function dragOnto(page: Page, title: string, targetTitle: string) {
  const from = await pointAt(mapNode(page, title).locator('.map-node__head'));
  const to = await pointAt(mapNode(page, targetTitle));
  await drag(page, from, { x: to.x, y: to.box.y + to.box.height / 2 + 20 }, 15);
}

describe.skipIf(!hasChromium)('building a map in the editor', () => {
  const suite = browserSuite();

  it('builds a small map with the UI alone while the checks follow every step', async () => {
    const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    await page.goto(suite.app.url);
    await page.fill('[data-testid=new-map-title]', 'Barber (built in the UI)');
    await page.click('[data-testid=create-map]');
    await page.waitForURL(/\/maps\//);

    // The functional map, from the qualification down, with Tab ("add child"): where more than one
    // kind may go, Tab offers them and Enter takes the first, the next level down.
    await page.click('[data-testid=add-qualification]');
    await typeTitle(page, 'Barber');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await typeTitle(page, 'Provide grooming services');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await typeTitle(page, 'Cut and shape hair');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await typeTitle(page, 'Cut hair with clippers');
    expect(await mapNode(page, 'Cut hair with clippers').getAttribute('data-code')).toBe('WA 1');
    await expect.poll(() => rulesShown(page)).toContain('coverage');

    // Tab on a work action derives a learning outcome that covers it.
    await mapNode(page, 'Cut hair with clippers').click();
    await page.keyboard.press('Tab');
    await typeTitle(page, 'Cut hair to the agreed shape with clippers');
    await expect.poll(() => rulesShown(page)).not.toContain('coverage');
    await expect.poll(() => rulesShown(page)).toContain('grouping'); // the outcome is in no unit yet

    // A unit, then drag the outcome into its block.
    await page.click('[data-testid=add-unit]');
    await typeTitle(page, 'Clipper cutting');
    await page.keyboard.press('Shift+Digit1'); // fit the map, so that both are in view
    await dragOnto(page, 'Cut hair to the agreed shape with clippers', 'Clipper cutting');
    await expect.poll(() => rulesShown(page)).not.toContain('grouping');
    await expect.poll(() => rulesShown(page)).toContain('assessability');

    // The unit's points and criteria in the side panel.
    await mapNode(page, 'Clipper cutting').locator('.map-node__head').click({ position: { x: 4, y: 4 } });
    await page.click('text=Details');
    const inspector = page.locator('[data-testid=inspector]');
    await inspector.locator('[data-field=points] input').fill('60');
    await inspector.locator('[data-field=points] input').press('Enter');
    await inspector.locator('[data-field=assessmentCriteria] .list-editor__add input').fill('Cuts an even fade to the agreed length');
    await inspector.locator('[data-field=assessmentCriteria] .list-editor__add input').press('Enter');
    await expect.poll(() => rulesShown(page)).not.toContain('assessability');

    // The qualification's total and years: the points bar balances.
    await mapNode(page, 'Barber').locator('.map-node__head').click({ position: { x: 4, y: 4 } });
    await page.click('text=Details');
    await inspector.locator('[data-field=points] input').fill('60');
    await inspector.locator('[data-field=points] input').press('Enter');
    await inspector.locator('[data-field=programmeYears] input').fill('1');
    await inspector.locator('[data-field=programmeYears] input').press('Enter');
    await expect.poll(() => page.locator('[data-testid=points-bar]').getAttribute('data-total')).toBe('60');
    expect(await page.locator('[data-testid=points-bar]').getAttribute('data-allocated')).toBe('60');
    expect(await page.locator('[data-testid=points-bar]').getAttribute('class')).toContain('points-bar--ok');
    await expect.poll(() => rulesShown(page)).not.toContain('points-sum');

    // Shift+0 shows the map at 100 %, Shift+1 fits it again.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+Digit0');
    await waitForStillView(page);
    expect(await page.locator('.react-flow__viewport').first().evaluate((viewport) => (viewport as HTMLElement).style.transform)).toMatch(/scale\(1\)$/);

    // What is left is worth showing: screenshots of both lenses in both languages.
    await page.keyboard.press('Shift+Digit1');
    await page.click('[data-testid=checks-tab]');
    await waitForStillView(page);
    await screenshot(page, 'editor-teacher-en');
    await page.click('[data-lens=employer]');
    await expect.poll(() => page.locator('[data-testid=taught]').count()).toBe(1);
    expect(await page.locator('[data-testid=taught]').textContent()).toContain('Taught');
    expect(await mapNode(page, 'Clipper cutting').isVisible()).toBe(false);
    await screenshot(page, 'editor-employer-en');
    await page.selectOption('[data-testid=language-switch]', 'ru');
    await expect.poll(() => page.locator('[data-testid=checks-tab]').textContent()).toContain('Проверки');
    await screenshot(page, 'editor-employer-ru');
    await page.click('[data-lens=teacher]');
    await mapNode(page, 'Clipper cutting').waitFor(); // the teacher's lens shows the units again
    await screenshot(page, 'editor-teacher-ru');

    // The choice is this person's and is remembered.
    await page.reload();
    await expect.poll(() => page.locator('[data-testid=checks-tab]').textContent()).toContain('Проверки');
    expect(await page.locator('[data-lens=teacher]').getAttribute('aria-checked')).toBe('true');
    expect(errors).toEqual([]);
  });

  it('refuses a link that makes no sense, with a message at the pointer', async () => {
    const { page } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    const { url } = await createMap(suite.app, { title: 'Refusals' });
    await openMap(page, url);
    await addNode(page, 'unit', 'A unit');
    await addNode(page, 'keyFunction', 'Manage the salon');
    await connect(page, mapNode(page, 'A unit').locator('.react-flow__handle-bottom'), mapNode(page, 'Manage the salon').locator('.react-flow__handle-top'));
    await expect.poll(() => page.locator('.pointer-notice').textContent()).toMatch(/cannot be linked/);
    expect(await page.locator('.react-flow__edge').count()).toBe(0);
  });

  it('finds a node with Ctrl+K and shows it in the side panel', async () => {
    const sample = await startApp({ seedSamples: true });
    try {
      const { page } = await person(suite.browser, { size: { width: 1440, height: 900 } });
      await page.goto(`${sample.url}/maps/sample-hairdresser`);
      await expect.poll(() => allNodes(page).count()).toBeGreaterThan(50);
      expect(await page.locator('[data-testid=checks-count]').textContent()).toBe('0');
      await page.keyboard.press('Control+k');
      await page.keyboard.type('U 2');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('[data-testid=inspector] .inspector__title').textContent()).toContain('U 2');
      await screenshot(page, 'editor-hairdresser-unit');
    } finally {
      await sample.close();
    }
  });
});
