import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, createMap, joinMap, nodeWithCode, screenshot, selectByCode, waitForNode } from './harness.js';

describe.skipIf(!hasChromium)('a workshop on the map', () => {
  const suite = browserSuite({ localTrust: false });

  it('a facilitator runs a timed stage; three participants add cards and rate; a card is promoted; the heat map shows', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — workshop' });
    const size = { width: 1440, height: 900 };
    const [anna, ...participants] = await joinMap(suite.browser, map, [
      { size, name: 'Anna', role: 'owner' },
      { size, name: 'Boris', role: 'commenter' },
      { size, name: 'Vera', role: 'commenter' },
      { size, name: 'Gulnara', role: 'commenter' },
    ]);

    // Everyone sees the whole tree (a large map opens folded to its first level).
    for (const p of [anna, ...participants]) await p.page.locator('[data-testid=unfold-all]').click();

    // Anna starts the workshop and the first stage's timer.
    await anna.page.click('[data-testid=open-workshop]');
    await anna.page.click('[data-testid=workshop-start]');
    await anna.page.click('[data-testid=timer-start]');
    for (const p of [anna, ...participants]) {
      await expect.poll(() => p.page.locator('[data-testid=workshop-countdown]').getAttribute('data-status')).toBe('running');
    }

    // Each participant joins by name and adds a card; they see their own.
    const ideas = ['Check the client’s scalp', 'Disinfect the tools', 'Advise on home care'];
    for (const [i, p] of participants.entries()) {
      await p.page.click('[data-testid=open-workshop]');
      await p.page.click('[data-testid=workshop-join]');
      await p.page.fill('[data-testid=idea-text]', ideas[i]!);
      await p.page.click('[data-testid=idea-add]');
      await expect.poll(() => p.page.locator('[data-testid=idea-card]').filter({ hasText: ideas[i]! }).count()).toBe(1);
    }

    // Anna sees all three and promotes one into a work action under MF 1.
    await expect.poll(() => anna.page.locator('[data-testid=idea-card]').count()).toBe(3);
    await selectByCode(anna.page, 'MF 1');
    await anna.page.locator('[data-testid=idea-card]', { has: anna.page.locator('p', { hasText: ideas[1]! }) }).locator('[data-testid=idea-promote]').click();
    await waitForNode(anna.page, ideas[1]!);
    await expect.poll(() => anna.page.locator('[data-testid=idea-card][data-status=promoted]').count()).toBe(1);

    // The three rate WA 1.
    for (const [i, p] of participants.entries()) {
      await selectByCode(p.page, 'WA 1');
      await p.page.click(`[data-testid=rate-criticality-${3 + i}]`);
      await p.page.click('[data-testid=rate-frequency-4]');
      await p.page.click('[data-testid=rate-difficulty-2]');
      await p.page.selectOption('[data-testid=rate-need]', 'school');
    }

    // Anna sees the mean and spread on WA 1, and turns the heat map on.
    const badge = nodeWithCode(anna.page, 'WA 1').locator('[data-testid=rating-badge]');
    await expect.poll(() => badge.textContent()).toBe('4.0 ±0.8');
    await anna.page.click('[data-testid=workshop-heat]');
    await expect.poll(() => nodeWithCode(anna.page, 'WA 1').getAttribute('data-heat')).toBe('4');
    await screenshot(anna.page, 'workshop-heat-map');

    for (const p of [anna, ...participants]) expect(p.errors).toEqual([]);
  });
});

