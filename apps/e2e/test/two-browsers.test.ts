import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addNode,
  browserSuite,
  connect,
  drag,
  editTitle,
  fitMap,
  hasChromium,
  mapNode,
  person,
  pointAt,
  screenshot,
  startApp,
  waitForEdges,
  waitForNode,
  waitForSyncStatus,
} from './harness.js';

/** The node's position on the canvas, read from React Flow's transform. */
async function positionOf(page: Page, title: string): Promise<{ x: number; y: number }> {
  const transform = await page
    .locator('.react-flow__node', { has: page.getByText(title, { exact: true }) })
    .evaluate((el) => (el as HTMLElement).style.transform);
  const match = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec(transform);
  if (!match) throw new Error(`no position in "${transform}"`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

describe.skipIf(!hasChromium)('two people in two browsers', () => {
  const suite = browserSuite();

  it('see each other’s add, rename, move, connect and delete, live', async () => {
    const { app, browser } = suite;
    const anna = await person(browser);
    const boris = await person(browser);

    // Anna creates a map from the list page and shares its URL with Boris.
    await anna.page.goto(app.url);
    await anna.page.fill('[data-testid=new-map-title]', 'Hairdresser workshop');
    await anna.page.click('[data-testid=create-map]');
    await anna.page.waitForURL(/\/maps\/[A-Za-z0-9_-]+$/);
    const mapUrl = anna.page.url();
    await boris.page.goto(mapUrl);
    for (const { page } of [anna, boris]) await waitForSyncStatus(page, 'saved');
    expect(await boris.page.inputValue('.editor-header__title')).toBe('Hairdresser workshop');

    // Add and rename.
    await addNode(anna.page, 'workAction', 'Cut hair');
    await waitForNode(boris.page, 'Cut hair');
    await addNode(boris.page, 'mainFunction', 'Provide haircuts');
    await waitForNode(anna.page, 'Provide haircuts');

    // Move: Anna drags "Provide haircuts" up and to the left; Boris sees it land there.
    await fitMap(anna.page);
    const before = await positionOf(boris.page, 'Provide haircuts');
    const grip = await pointAt(mapNode(anna.page, 'Provide haircuts').locator('.map-node__head'));
    await drag(anna.page, grip, { x: grip.x - 150, y: grip.y - 160 });
    await pointAt(mapNode(anna.page, 'Provide haircuts')); // landed: no longer moving
    const moved = await positionOf(anna.page, 'Provide haircuts');
    expect(moved.y).toBeLessThan(before.y - 50);
    await expect.poll(() => positionOf(boris.page, 'Provide haircuts')).toEqual(moved);

    // Connect: Boris drags from the function's bottom handle to the work action's top handle. Anna's
    // move may have taken the function out of his view: he fits the map first, as anyone would.
    await fitMap(boris.page);
    await connect(
      boris.page,
      mapNode(boris.page, 'Provide haircuts').locator('.react-flow__handle-bottom'),
      mapNode(boris.page, 'Cut hair').locator('.react-flow__handle-top'),
    );
    await waitForEdges(anna.page, 1, 'childOf');

    // Both edit the same title at the same moment: neither edit is lost.
    await fitMap(anna.page);
    await editTitle(anna.page, mapNode(anna.page, 'Cut hair'));
    await editTitle(boris.page, mapNode(boris.page, 'Cut hair'));
    await anna.page.keyboard.press('End');
    await boris.page.keyboard.press('Home');
    await Promise.all([anna.page.keyboard.type(' safely'), boris.page.keyboard.type('Wash and ')]);
    await anna.page.keyboard.press('Enter');
    await boris.page.keyboard.press('Enter');
    for (const { page } of [anna, boris]) await waitForNode(page, 'Wash and Cut hair safely');
    await screenshot(anna.page, 'skeleton-two-browsers-anna');
    await screenshot(boris.page, 'skeleton-two-browsers-boris');

    // Delete: Boris selects the work action and presses Delete; it and its link vanish for Anna.
    await mapNode(boris.page, 'Wash and Cut hair safely').click();
    await boris.page.keyboard.press('Delete');
    await waitForNode(anna.page, 'Wash and Cut hair safely', 0);
    await waitForEdges(anna.page, 0);

    for (const { page } of [anna, boris]) await waitForSyncStatus(page, 'saved');
    expect(anna.errors).toEqual([]);
    expect(boris.errors).toEqual([]);
  });

  it('shows the sample map on the list page of a fresh instance and opens it', async () => {
    const sampleApp = await startApp({ seedSamples: true });
    try {
      const { page, errors } = await person(suite.browser);
      await page.goto(sampleApp.url);
      await page.getByRole('link', { name: 'Sample: Application of ECVET in VET' }).click();
      await page.waitForURL(/\/maps\/sample-ruecvet-course$/);
      await expect.poll(() => page.locator('[data-testid=map-node][data-kind=workAction]').count()).toBe(12);
      expect(await page.locator('[data-testid=map-node][data-kind=learningOutcome]').count()).toBe(4);
      expect(await page.locator('[data-testid=map-node][data-kind=qualification]').count()).toBe(1);
      await screenshot(page, 'skeleton-sample-map');
      expect(errors).toEqual([]);
    } finally {
      await sampleApp.close();
    }
  });
});
