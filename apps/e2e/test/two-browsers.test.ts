import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch, person, screenshot, startApp, type App } from './harness.js';

/** The node's position on the canvas, read from React Flow's transform. */
async function positionOf(page: Page, title: string): Promise<{ x: number; y: number }> {
  const transform = await page
    .locator('.react-flow__node', { has: page.getByText(title, { exact: true }) })
    .evaluate((el) => (el as HTMLElement).style.transform);
  const match = /translate\(([-\d.]+)px, ?([-\d.]+)px\)/.exec(transform);
  if (!match) throw new Error(`no position in "${transform}"`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

/** Where an element is once it has stopped moving (a remote move may still be settling in the canvas). */
async function settledBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  let last = await locator.boundingBox();
  for (let i = 0; i < 50; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = await locator.boundingBox();
    if (last && now && now.x === last.x && now.y === last.y) return now;
    last = now;
  }
  throw new Error('the element kept moving');
}

const node = (page: Page, title: string) => page.locator('[data-testid=map-node]', { hasText: title });

async function addNamedNode(page: Page, kind: string, title: string): Promise<void> {
  const before = await page.locator('[data-testid=map-node]').count();
  await page.click(`[data-testid=add-${kind}]`);
  await expect.poll(() => page.locator('[data-testid=map-node]').count()).toBe(before + 1);
  // A new node opens with its statement ready to type.
  await expect.poll(() => page.locator('.title-editor').count()).toBe(1);
  await page.keyboard.type(title);
  await page.keyboard.press('Enter');
  await expect.poll(() => node(page, title).count()).toBe(1);
}

describe.skipIf(!hasChromium)('two people in two browsers', () => {
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

  it('see each other’s add, rename, move, connect and delete, live', async () => {
    const anna = await person(browser);
    const boris = await person(browser);

    // Anna creates a map from the list page and shares its URL with Boris.
    await anna.page.goto(app.url);
    await anna.page.fill('[data-testid=new-map-title]', 'Hairdresser workshop');
    await anna.page.click('[data-testid=create-map]');
    await anna.page.waitForURL(/\/maps\/[A-Za-z0-9_-]+$/);
    const mapUrl = anna.page.url();
    await boris.page.goto(mapUrl);
    for (const { page } of [anna, boris]) {
      await expect.poll(() => page.locator('[data-testid=sync-status]').getAttribute('data-status')).toBe('saved');
    }
    expect(await boris.page.inputValue('.editor-header__title')).toBe('Hairdresser workshop');

    // Add and rename.
    await addNamedNode(anna.page, 'workAction', 'Cut hair');
    await expect.poll(() => node(boris.page, 'Cut hair').count()).toBe(1);
    await addNamedNode(boris.page, 'mainFunction', 'Provide haircuts');
    await expect.poll(() => node(anna.page, 'Provide haircuts').count()).toBe(1);

    // Move: Anna drags "Provide haircuts" up and to the left; Boris sees it land there.
    const card = node(anna.page, 'Provide haircuts');
    const box = (await card.boundingBox())!;
    const before = await positionOf(boris.page, 'Provide haircuts');
    await anna.page.mouse.move(box.x + box.width / 2, box.y + 12);
    await anna.page.mouse.down();
    await anna.page.mouse.move(box.x + box.width / 2 - 150, box.y + 12 - 160, { steps: 12 });
    await anna.page.mouse.up();
    const moved = await positionOf(anna.page, 'Provide haircuts');
    expect(moved.y).toBeLessThan(before.y - 50);
    await expect.poll(() => positionOf(boris.page, 'Provide haircuts')).toEqual(moved);

    // Connect: Boris drags from the function's bottom handle to the work action's top handle.
    const from = await settledBox(node(boris.page, 'Provide haircuts').locator('.react-flow__handle-bottom'));
    const to = await settledBox(node(boris.page, 'Cut hair').locator('.react-flow__handle-top'));
    await boris.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await boris.page.mouse.down();
    await boris.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 15 });
    await boris.page.mouse.up();
    await expect.poll(() => anna.page.locator('.react-flow__edge.map-edge--childOf').count()).toBe(1);

    // Both edit the same title at the same moment: neither edit is lost.
    await node(anna.page, 'Cut hair').dblclick();
    await node(boris.page, 'Cut hair').dblclick();
    await anna.page.keyboard.press('End');
    await boris.page.keyboard.press('Home');
    await Promise.all([anna.page.keyboard.type(' safely'), boris.page.keyboard.type('Wash and ')]);
    await anna.page.keyboard.press('Enter');
    await boris.page.keyboard.press('Enter');
    for (const { page } of [anna, boris]) {
      await expect.poll(() => node(page, 'Wash and Cut hair safely').count()).toBe(1);
    }
    await screenshot(anna.page, 'skeleton-two-browsers-anna');
    await screenshot(boris.page, 'skeleton-two-browsers-boris');

    // Delete: Boris selects the work action and presses Delete; it and its link vanish for Anna.
    await node(boris.page, 'Wash and Cut hair safely').click();
    await boris.page.keyboard.press('Delete');
    await expect.poll(() => node(anna.page, 'Wash and Cut hair safely').count()).toBe(0);
    await expect.poll(() => anna.page.locator('.react-flow__edge').count()).toBe(0);

    for (const { page } of [anna, boris]) {
      await expect.poll(() => page.locator('[data-testid=sync-status]').getAttribute('data-status')).toBe('saved');
    }
    expect(anna.errors).toEqual([]);
    expect(boris.errors).toEqual([]);
  });

  it('shows the sample map on the list page of a fresh instance and opens it', async () => {
    const sampleApp = await startApp({ seedSamples: true });
    try {
      const { page, errors } = await person(browser);
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
