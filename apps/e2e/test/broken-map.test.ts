import { describe, expect, it } from 'vitest';
import { allNodes, browserSuite, createMap, hasChromium, joinMap, screenshot } from './harness.js';

/**
 * A map an editor broke for everyone (issue 12, finding 5): a node stored as a plain string and a
 * schema version of 99, written straight into the server's copy as a hostile client's update would
 * have. Browsers used to crash on the string and reconnect in a loop on the stamp.
 */
describe.skipIf(!hasChromium)('a broken map', () => {
  const suite = browserSuite({ localTrust: false });

  it('opens read-only with a warning, and the owner brings it back by restoring a version', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — broken' });
    const saved = await fetch(`${suite.app.url}/api/maps/${map.id}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${map.tokens.owner}` },
      body: JSON.stringify({ name: 'Before it broke' }),
    });
    expect(saved.status).toBe(201);
    await suite.app.server.rooms.with(map.id, async (room) => {
      room.change((doc) => {
        doc.getMap('nodes').set('broken', 'just a string');
        doc.getMap('meta').set('schemaVersion', 99);
      });
      await room.whenDurable();
    });

    const size = { width: 1440, height: 900 };
    const [owner, editor] = await joinMap(suite.browser, map, [
      { size, name: 'Anna', role: 'owner' },
      { size, name: 'Boris', role: 'editor' },
    ]);
    for (const { page } of [owner, editor]) {
      // The rest of the map is drawn; both warnings say what is wrong, and nothing offers edits.
      await expect.poll(() => allNodes(page).count()).toBeGreaterThan(100);
      await expect.poll(() => page.locator('[data-testid=schema-banner]').getAttribute('data-reason')).toBe('newer-schema');
      expect(await page.locator('[data-testid=unreadable-banner]').getAttribute('data-count')).toBe('1');
      expect(await page.locator('[data-testid=add-unit]').count()).toBe(0);
    }
    expect(await owner.page.locator('[data-testid=schema-banner]').textContent()).toContain('Restore an earlier version');
    expect(await editor.page.locator('[data-testid=schema-banner]').textContent()).toContain('owner can restore');
    await owner.page.click('[data-testid=checks-tab]');
    await expect.poll(() => owner.page.locator('[data-testid=issue][data-rule=unreadable]').count()).toBe(1);
    await screenshot(owner.page, 'broken-map');

    // The owner restores the version saved before: both browsers get an ordinary map back.
    await owner.page.click('[data-testid=history-tab]');
    const version = owner.page.locator('[data-testid=history-version]', { hasText: 'Before it broke' });
    await version.locator('[data-testid=history-restore]').click();
    await owner.page.locator('.confirm-dialog button.danger').click();
    for (const { page } of [owner, editor]) {
      await expect.poll(() => page.locator('[data-testid=schema-banner]').count()).toBe(0);
      await expect.poll(() => page.locator('[data-testid=unreadable-banner]').count()).toBe(0);
      await expect.poll(() => page.locator('[data-testid=add-unit]').count()).toBe(1);
    }
    // Nothing crashed along the way.
    expect(owner.errors).toEqual([]);
    expect(editor.errors).toEqual([]);
  });
});
