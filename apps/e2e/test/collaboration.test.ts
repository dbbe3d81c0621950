import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  addNode,
  browserSuite,
  createMap,
  emptyPanePoint,
  hasChromium,
  joinMap,
  mapNode,
  pointAt,
  screenshot,
  selectByCode,
  waitForNode,
  waitForLocalCopy,
  waitForNodeCount,
  waitForStillView,
  waitForSyncStatus,
} from './harness.js';

/** The viewport transform React Flow applies (translate + scale). */
const viewportOf = (page: Page) => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);

describe.skipIf(!hasChromium)('collaboration', () => {
  const suite = browserSuite();

  it('shows each other’s cursors, selections and drags live, and follows a facilitator', async () => {
    const map = await createMap(suite.app, { template: 'ruecvet-course' });
    const [anna, boris] = await joinMap(suite.browser, map, [{ name: 'Anna' }, { name: 'Boris' }]);
    for (const p of [anna.page, boris.page]) await waitForNodeCount(p, 21);
    await expect.poll(() => anna.page.locator('[data-testid=avatar]').count()).toBe(2);

    // Anna's pointer appears on Boris's screen with her name.
    const canvas = (await anna.page.locator('.react-flow__pane').boundingBox())!;
    await anna.page.mouse.move(canvas.x + 300, canvas.y + 300);
    await anna.page.mouse.move(canvas.x + 320, canvas.y + 310, { steps: 5 });
    await expect.poll(() => boris.page.locator('[data-testid=remote-cursor]', { hasText: 'Anna' }).count()).toBe(1);

    // Her selection is outlined in her colour.
    await mapNode(anna.page, 'Develop a functional qualification map').click();
    await expect.poll(() => mapNode(boris.page, 'Develop a functional qualification map').locator('[data-testid=remote-selection]').textContent()).toBe('Anna');

    // Her drag moves the node on Boris's screen before she lets go.
    const grip = await pointAt(mapNode(anna.page, 'Develop a functional qualification map').locator('.map-node__head'));
    const before = await mapNode(boris.page, 'Develop a functional qualification map').boundingBox();
    await anna.page.mouse.move(grip.x, grip.y);
    await anna.page.mouse.down();
    await anna.page.mouse.move(grip.x, grip.y + 152, { steps: 10 });
    await expect.poll(async () => (await mapNode(boris.page, 'Develop a functional qualification map').boundingBox())!.y).toBeGreaterThan(before!.y + 40);
    await anna.page.mouse.up();

    // Boris follows Anna: her panning moves his view; his own move breaks away.
    await boris.page.locator('[data-testid=follow]').click();
    await waitForStillView(boris.page); // his view has joined hers
    const followingView = await viewportOf(boris.page);
    await waitForStillView(anna.page);
    const from = await emptyPanePoint(anna.page, { x: 600, y: 600 });
    await anna.page.mouse.move(from.x, from.y);
    await anna.page.mouse.down();
    await anna.page.mouse.move(from.x - 200, from.y - 250, { steps: 8 });
    await anna.page.mouse.up();
    await expect.poll(() => viewportOf(boris.page)).not.toBe(followingView);
    expect(await boris.page.locator('[data-testid=following]').count()).toBe(1);
    // His view has stopped following hers before he picks an empty spot: a moving view may bring a card under it.
    await waitForStillView(boris.page);
    const spot = await emptyPanePoint(boris.page, { x: 500, y: 500 });
    await boris.page.mouse.move(spot.x, spot.y);
    await boris.page.mouse.down();
    await boris.page.mouse.move(spot.x - 120, spot.y - 80, { steps: 8 });
    await boris.page.mouse.up();
    await expect.poll(() => boris.page.locator('[data-testid=following]').count()).toBe(0);

    // "Bring everyone here": Boris follows again without doing anything.
    await anna.page.locator('[data-testid=summon]').click();
    await expect.poll(() => boris.page.locator('[data-testid=following]').count()).toBe(1);
    expect(anna.errors).toEqual([]);
    expect(boris.errors).toEqual([]);
  });

  it('undo in one browser leaves the other’s edit', async () => {
    const map = await createMap(suite.app, { template: 'ruecvet-course' });
    const [anna, boris] = await joinMap(suite.browser, map, [{ name: 'Anna' }, { name: 'Boris' }]);
    for (const p of [anna.page, boris.page]) await waitForNodeCount(p, 21);
    await addNode(anna.page, 'unit', 'Anna’s unit');
    await addNode(boris.page, 'keyFunction', 'Boris’s function');
    for (const p of [anna.page, boris.page]) await waitForNodeCount(p, 23);
    // Both edits have reached both screens, and Anna has something to undo.
    await waitForNode(boris.page, 'Anna’s unit');
    await waitForNode(anna.page, 'Boris’s function');
    await anna.page.locator('[data-testid=undo]:enabled').waitFor();
    await anna.page.keyboard.press('Escape');
    await anna.page.keyboard.press('Control+z');
    for (const p of [anna.page, boris.page]) {
      await expect.poll(() => mapNode(p, 'Anna’s unit').count()).toBe(0);
      expect(await mapNode(p, 'Boris’s function').count()).toBe(1);
    }
    await anna.page.keyboard.press('Control+Shift+z');
    await expect.poll(() => mapNode(boris.page, 'Anna’s unit').count()).toBe(1);
  });

  it('keeps edits made offline, shows the map after an offline reload, and merges them back', async () => {
    const map = await createMap(suite.app, { template: 'ruecvet-course' });
    const [anna, boris] = await joinMap(suite.browser, map, [{ name: 'Anna' }, { name: 'Boris' }]);
    // Let the service worker take over the page, so that the app itself loads offline.
    await anna.page.reload();
    await expect.poll(() => anna.page.evaluate(() => Boolean(navigator.serviceWorker?.controller))).toBe(true);
    await waitForSyncStatus(anna.page, 'saved');

    await anna.context.setOffline(true);
    await waitForSyncStatus(anna.page, 'offline');
    await addNode(anna.page, 'unit', 'Made on the train');
    // Meanwhile Boris keeps working online.
    await addNode(boris.page, 'keyFunction', 'Made at school');
    await waitForSyncStatus(boris.page, 'saved');
    // Her edit is in this browser's copy of the map before she reloads.
    await waitForLocalCopy(anna.page, map.id);

    await anna.page.reload();
    await waitForNode(anna.page, 'Made on the train');
    await waitForSyncStatus(anna.page, 'offline');
    await screenshot(anna.page, 'collaboration-offline-reload');

    await anna.context.setOffline(false);
    await waitForSyncStatus(anna.page, 'saved');
    await waitForNode(boris.page, 'Made on the train');
    await waitForNode(anna.page, 'Made at school');
  });

  it('a five-person session: everyone’s cursor and selection on everyone’s screen', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser' });
    const names = ['Anna (Nova College)', 'Boris (Tver)', 'Chiara (Essenia)', 'Dilnoza (Tashkent)', 'Eero (Savo)'];
    const people = await joinMap(suite.browser, map, names.map((name) => ({ name })));
    for (const p of people) await expect.poll(() => p.page.locator('[data-testid=avatar]').count()).toBe(5);
    // Everyone points somewhere and selects a unit.
    for (const [i, p] of people.entries()) await selectByCode(p.page, `U ${i + 1}`);
    for (const [i, p] of people.entries()) {
      const pane = (await p.page.locator('.react-flow__pane').boundingBox())!;
      await p.page.mouse.move(pane.x + 200 + i * 90, pane.y + 200 + i * 40, { steps: 3 });
    }
    const first = people[0]!.page;
    await expect.poll(() => first.locator('[data-testid=remote-cursor]').count()).toBeGreaterThanOrEqual(1);
    await expect.poll(() => first.locator('[data-testid=remote-selection]').count()).toBeGreaterThanOrEqual(1);
    // Bring everyone to Anna's view for the screenshot.
    await first.locator('[data-testid=summon]').click();
    for (const p of people.slice(1)) await expect.poll(() => p.page.locator('[data-testid=following]').count()).toBe(1);
    for (const p of [people[0]!, people[3]!]) await waitForStillView(p.page);
    await screenshot(first, 'collaboration-five-people');
    await screenshot(people[3]!.page, 'collaboration-five-people-dilnoza');
    for (const p of people) await p.context.close();
  });
});
