import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch, person, screenshot, startApp, type App } from './harness.js';

const node = (page: Page, title: string) => page.locator('[data-testid=map-node]', { hasText: title });
const status = (page: Page) => page.locator('[data-testid=sync-status]').getAttribute('data-status');
/** The viewport transform React Flow applies (translate + scale). */
const viewportOf = (page: Page) => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);

async function newMap(app: App, template = 'ruecvet-course'): Promise<string> {
  const created = await fetch(`${app.url}/api/maps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ template }),
  }).then((r) => r.json() as Promise<{ id: string }>);
  return `${app.url}/maps/${created.id}`;
}

describe.skipIf(!hasChromium)('collaboration', () => {
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

  it('shows each other’s cursors, selections and drags live, and follows a facilitator', async () => {
    const url = await newMap(app);
    const anna = await person(browser, { width: 1280, height: 800 }, 'Anna');
    const boris = await person(browser, { width: 1280, height: 800 }, 'Boris');
    await anna.page.goto(url);
    await boris.page.goto(url);
    for (const p of [anna.page, boris.page]) await expect.poll(() => p.locator('[data-testid=map-node]').count()).toBe(17);
    await expect.poll(() => anna.page.locator('[data-testid=avatar]').count()).toBe(2);

    // Anna's pointer appears on Boris's screen with her name.
    const canvas = (await anna.page.locator('.react-flow__pane').boundingBox())!;
    await anna.page.mouse.move(canvas.x + 300, canvas.y + 300);
    await anna.page.mouse.move(canvas.x + 320, canvas.y + 310, { steps: 5 });
    await expect.poll(() => boris.page.locator('[data-testid=remote-cursor]', { hasText: 'Anna' }).count()).toBe(1);

    // Her selection is outlined in her colour.
    await node(anna.page, 'Develop a functional qualification map').click();
    await expect.poll(() => node(boris.page, 'Develop a functional qualification map').locator('[data-testid=remote-selection]').textContent()).toBe('Anna');

    // Her drag moves the node on Boris's screen before she lets go.
    const box = (await node(anna.page, 'Develop a functional qualification map').boundingBox())!;
    const before = await node(boris.page, 'Develop a functional qualification map').boundingBox();
    await anna.page.mouse.move(box.x + 20, box.y + 8);
    await anna.page.mouse.down();
    await anna.page.mouse.move(box.x + 20, box.y + 160, { steps: 10 });
    await expect.poll(async () => (await node(boris.page, 'Develop a functional qualification map').boundingBox())!.y).toBeGreaterThan(before!.y + 40);
    await anna.page.mouse.up();

    // Boris follows Anna: her panning moves his view; his own move breaks away.
    await boris.page.locator('[data-testid=follow]').click();
    const followingView = await viewportOf(boris.page);
    await anna.page.mouse.move(canvas.x + 600, canvas.y + 600);
    await anna.page.mouse.down();
    await anna.page.mouse.move(canvas.x + 400, canvas.y + 350, { steps: 8 });
    await anna.page.mouse.up();
    await expect.poll(() => viewportOf(boris.page)).not.toBe(followingView);
    expect(await boris.page.locator('[data-testid=following]').count()).toBe(1);
    const pane = (await boris.page.locator('.react-flow__pane').boundingBox())!;
    await boris.page.mouse.move(pane.x + 500, pane.y + 500);
    await boris.page.mouse.down();
    await boris.page.mouse.move(pane.x + 450, pane.y + 450, { steps: 4 });
    await boris.page.mouse.up();
    await expect.poll(() => boris.page.locator('[data-testid=following]').count()).toBe(0);

    // "Bring everyone here": Boris follows again without doing anything.
    await anna.page.locator('[data-testid=summon]').click();
    await expect.poll(() => boris.page.locator('[data-testid=following]').count()).toBe(1);
    expect(anna.errors).toEqual([]);
    expect(boris.errors).toEqual([]);
  });

  it('undo in one browser leaves the other’s edit', async () => {
    const url = await newMap(app);
    const anna = await person(browser, undefined, 'Anna');
    const boris = await person(browser, undefined, 'Boris');
    await anna.page.goto(url);
    await boris.page.goto(url);
    for (const p of [anna.page, boris.page]) await expect.poll(() => p.locator('[data-testid=map-node]').count()).toBe(17);
    await anna.page.click('[data-testid=add-unit]');
    await anna.page.keyboard.type('Anna’s unit');
    await anna.page.keyboard.press('Enter');
    await boris.page.click('[data-testid=add-keyFunction]');
    await boris.page.keyboard.type('Boris’s function');
    await boris.page.keyboard.press('Enter');
    for (const p of [anna.page, boris.page]) await expect.poll(() => p.locator('[data-testid=map-node]').count()).toBe(19);
    await anna.page.waitForTimeout(700); // a new gesture, not merged with the typing
    await anna.page.keyboard.press('Escape');
    await anna.page.keyboard.press('Control+z');
    for (const p of [anna.page, boris.page]) {
      await expect.poll(() => node(p, 'Anna’s unit').count()).toBe(0);
      expect(await node(p, 'Boris’s function').count()).toBe(1);
    }
    await anna.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => node(boris.page, 'Anna’s unit').count()).toBe(1);
  });

  it('keeps edits made offline, shows the map after an offline reload, and merges them back', async () => {
    const url = await newMap(app);
    const anna = await person(browser, undefined, 'Anna');
    const boris = await person(browser, undefined, 'Boris');
    await anna.page.goto(url);
    await boris.page.goto(url);
    for (const p of [anna.page, boris.page]) await expect.poll(() => status(p)).toBe('saved');
    // Let the service worker take over the page, so that the app itself loads offline.
    await anna.page.reload();
    await expect.poll(() => anna.page.evaluate(() => Boolean(navigator.serviceWorker?.controller))).toBe(true);
    await expect.poll(() => status(anna.page)).toBe('saved');

    await anna.context.setOffline(true);
    await expect.poll(() => status(anna.page)).toBe('offline');
    await anna.page.click('[data-testid=add-unit]');
    await anna.page.keyboard.type('Made on the train');
    await anna.page.keyboard.press('Enter');
    // Meanwhile Boris keeps working online.
    await boris.page.click('[data-testid=add-keyFunction]');
    await boris.page.keyboard.type('Made at school');
    await boris.page.keyboard.press('Enter');

    await anna.page.reload();
    await expect.poll(() => node(anna.page, 'Made on the train').count()).toBe(1);
    await expect.poll(() => status(anna.page)).toBe('offline');
    await screenshot(anna.page, 'collaboration-offline-reload');

    await anna.context.setOffline(false);
    await expect.poll(() => status(anna.page), { timeout: 20_000 }).toBe('saved');
    await expect.poll(() => node(boris.page, 'Made on the train').count()).toBe(1);
    await expect.poll(() => node(anna.page, 'Made at school').count()).toBe(1);
  });

  it('a five-person session: everyone’s cursor and selection on everyone’s screen', async () => {
    const url = await newMap(app, 'hairdresser');
    const names = ['Anna (Nova College)', 'Boris (Tver)', 'Chiara (Essenia)', 'Dilnoza (Tashkent)', 'Eero (Savo)'];
    const people = [];
    for (const name of names) {
      const p = await person(browser, { width: 1280, height: 800 }, name);
      await p.page.goto(url);
      people.push(p);
    }
    for (const p of people) await expect.poll(() => p.page.locator('[data-testid=avatar]').count(), { timeout: 20_000 }).toBe(5);
    // Everyone points somewhere and selects a unit.
    for (const [i, p] of people.entries()) {
      await p.page.keyboard.press('Control+k');
      await p.page.keyboard.type(`U ${i + 1}`);
      await p.page.keyboard.press('Enter');
      await p.page.waitForTimeout(400);
    }
    for (const [i, p] of people.entries()) {
      const pane = (await p.page.locator('.react-flow__pane').boundingBox())!;
      await p.page.mouse.move(pane.x + 200 + i * 90, pane.y + 200 + i * 40, { steps: 3 });
    }
    const first = people[0]!.page;
    await expect.poll(() => first.locator('[data-testid=remote-cursor]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await expect.poll(() => first.locator('[data-testid=remote-selection]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    // Bring everyone to Anna's view for the screenshot.
    await first.locator('[data-testid=summon]').click();
    for (const p of people.slice(1)) await expect.poll(() => p.page.locator('[data-testid=following]').count()).toBe(1);
    await first.waitForTimeout(600);
    await screenshot(first, 'collaboration-five-people');
    await screenshot(people[3]!.page, 'collaboration-five-people-dilnoza');
    for (const p of people) await p.context.close();
  });
});
