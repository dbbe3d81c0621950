import { describe, expect, it } from 'vitest';
import { addNode, browserSuite, createMap, hasChromium, openMap, person, screenshot, syncStatus, waitForNode, waitForSyncStatus } from './harness.js';

describe.skipIf(!hasChromium)('when the server goes away', () => {
  const suite = browserSuite();

  it('says offline, keeps the edits made meanwhile, and syncs them when it is back', async () => {
    const { app, browser } = suite;
    const { url } = await createMap(app, { title: 'Offline test' });
    const anna = await person(browser);
    await openMap(anna.page, url);

    await app.stop();
    await waitForSyncStatus(anna.page, 'offline');
    await expect.poll(() => anna.page.locator('[data-testid=sync-status]').textContent()).toContain(
      'Offline — your changes are kept and will sync',
    );
    await addNode(anna.page, 'unit', 'U 1 Hygiene');
    expect(await syncStatus(anna.page)).toBe('offline');
    await screenshot(anna.page, 'skeleton-offline');

    await app.restart();
    await waitForSyncStatus(anna.page, 'saved');

    // A second person who arrives now sees what was made offline.
    const boris = await person(browser);
    await boris.page.goto(url);
    await waitForNode(boris.page, 'U 1 Hygiene');
    expect(anna.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
  });
});
