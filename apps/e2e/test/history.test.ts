import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { allNodes, browserSuite, createMap, hasChromium, nodeWithCode, joinMap, screenshot, selectByCode } from './harness.js';

const pointsOf = async (page: Page, code: string) => Number((await nodeWithCode(page, code).locator('.chip--points').textContent())?.match(/\d+/)?.[0]);

describe.skipIf(!hasChromium)('versions', () => {
  const suite = browserSuite({ localTrust: false });

  it('saves a named version, compares it with the changed map, and a restore reaches everyone', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — versions' });
    const size = { width: 1440, height: 900 };
    const [anna, boris] = await joinMap(suite.browser, map, [
      { size, name: 'Anna', institution: 'Nova College', role: 'owner' },
      { size, name: 'Boris', institution: 'Tver College', role: 'editor' },
    ]);
    for (const p of [anna.page, boris.page]) await expect.poll(() => allNodes(p).count()).toBeGreaterThan(100);
    const before = await pointsOf(boris.page, 'U 1');
    expect(before).toBeGreaterThan(0);

    // Anna saves the map as it is before the workshop.
    await anna.page.click('[data-testid=history-tab]');
    await anna.page.fill('[data-testid=history-name]', 'Before the workshop');
    await anna.page.click('[data-testid=history-save]');
    const saved = anna.page.locator('[data-testid=history-version]', { hasText: 'Before the workshop' });
    await expect.poll(() => saved.count()).toBe(1);

    // Boris changes U 1's points during the workshop.
    await selectByCode(boris.page, 'U 1');
    await boris.page.locator('[data-testid=inspector] [data-field=points] input').fill(String(before + 5));
    await boris.page.locator('[data-testid=inspector] [data-field=points] input').press('Enter');
    await expect.poll(() => pointsOf(anna.page, 'U 1')).toBe(before + 5);

    // Anna compares the saved version with the map now: one node changed, its points; the canvas
    // shows the comparison read-only, without the tools that would change the map.
    await saved.locator('[data-testid=history-compare]').click();
    await expect.poll(() => anna.page.locator('[data-testid=version-canvas]').count()).toBe(1);
    await expect.poll(() => anna.page.locator('[data-testid=compare-item][data-kind=changed]').count()).toBe(1);
    expect(await anna.page.locator('[data-testid=compare-list]').textContent()).toContain('U 1');
    expect(await anna.page.locator('[data-testid=history-banner]').textContent()).toContain('Before the workshop');
    expect(await anna.page.locator('[data-testid=add-unit]').count()).toBe(0);
    expect(await anna.page.locator('[data-testid=undo]').count()).toBe(0);
    await expect.poll(() => nodeWithCode(anna.page, 'U 1').evaluate((el) => el.closest('.react-flow__node')?.className ?? '')).toContain('history-diff--changed');
    await screenshot(anna.page, 'history-compare');

    // Ctrl+Z does nothing to the live map while a version is shown.
    await anna.page.locator('[data-testid=version-canvas] .react-flow__pane').click({ position: { x: 20, y: 20 } });
    await anna.page.keyboard.press('Control+z');
    await anna.page.click('[data-testid=history-leave]');
    await expect.poll(() => anna.page.locator('[data-testid=version-canvas]').count()).toBe(0);
    expect(await pointsOf(anna.page, 'U 1')).toBe(before + 5);

    // Anna restores the version: Boris's canvas reads as it did, and the state before is kept.
    await saved.locator('[data-testid=history-restore]').click();
    await anna.page.locator('.confirm-dialog button.danger').click();
    await expect.poll(() => pointsOf(boris.page, 'U 1')).toBe(before);
    await expect.poll(() => pointsOf(anna.page, 'U 1')).toBe(before);
    await expect.poll(() => anna.page.locator('[data-testid=history-version]', { hasText: 'Before restoring' }).count()).toBe(1);
    // An editor saves versions but cannot restore one.
    await boris.page.click('[data-testid=history-tab]');
    await expect.poll(() => boris.page.locator('[data-testid=history-version]').count()).toBeGreaterThanOrEqual(2);
    expect(await boris.page.locator('[data-testid=history-restore]').count()).toBe(0);
  });
});
