import { describe, expect, it } from 'vitest';
import { allNodes, browserSuite, createMap, hasChromium, nodeWithCode, joinMap, screenshot, selectByCode } from './harness.js';

describe.skipIf(!hasChromium)('a partner review', () => {
  const suite = browserSuite({ localTrust: false });

  it('a commenter comments and signs off units; the owner sees it all, replies, and an edit makes an agreement stale', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — partner review' });
    const size = { width: 1440, height: 900 };
    const [anna, boris] = await joinMap(suite.browser, map, [
      { size, name: 'Anna', institution: 'Nova College', role: 'owner' },
      { size, name: 'Boris', institution: 'Tver College', role: 'commenter' },
    ]);
    for (const p of [anna.page, boris.page]) await expect.poll(() => allNodes(p).count()).toBeGreaterThan(100);

    // Boris comments on unit U 2, mentioning Anna.
    await selectByCode(boris.page, 'U 2');
    await boris.page.click('[data-testid=comments-tab]');
    await boris.page.locator('[data-testid=new-thread-text]').fill('Please add a criterion on beard care. @Anna');
    await boris.page.click('[data-testid=post-thread]');
    await expect.poll(() => boris.page.locator('[data-testid=thread]').count()).toBe(1);

    // Anna sees an unread comment on the node and in the tab, replies and resolves it.
    await expect.poll(() => nodeWithCode(anna.page, 'U 2').locator('[data-testid=comment-badge]').count()).toBe(1);
    expect(await nodeWithCode(anna.page, 'U 2').locator('[data-testid=comment-badge]').getAttribute('class')).toContain('has-unread');
    await anna.page.click('[data-testid=comments-tab]');
    await anna.page.locator('[data-testid=thread]').first().click();
    await anna.page.locator('[data-testid=thread] textarea').fill('Added to U 2, thank you.');
    await anna.page.click('[data-testid=send-reply]');
    await anna.page.click('[data-testid=resolve-thread]');
    // Boris finds it among the resolved threads, with Anna's reply.
    await boris.page.click('[data-testid=toggle-resolved]');
    await boris.page.locator('[data-testid=thread] .thread__summary').first().click();
    await expect.poll(() => boris.page.locator('[data-testid=comment]').count()).toBe(2);

    // Anna opens a review round for U 1 and U 2.
    await anna.page.click('[data-testid=review-tab]');
    await anna.page.click('[data-testid=open-round]');
    await anna.page.fill('[data-testid=round-title]', 'Before the mobility to Tver');
    const units = anna.page.locator('[data-testid=round-unit]');
    await units.nth(0).check();
    await units.nth(1).check();
    await anna.page.click('[data-testid=start-round]');

    // Boris agrees to U 1 and asks for changes to U 2.
    await boris.page.click('[data-testid=review-tab]');
    await expect.poll(() => boris.page.locator('[data-testid=round-unit-row]').count()).toBe(2);
    await boris.page.locator('[data-testid=round-unit-row]').nth(0).locator('[data-testid=decide]').click();
    await boris.page.click('[data-testid=decision-agreed]');
    await boris.page.click('[data-testid=save-decision]');
    await boris.page.locator('[data-testid=round-unit-row]').nth(1).locator('[data-testid=decide]').click();
    await boris.page.click('[data-testid=decision-changes]');
    await boris.page.fill('[data-testid=decision-comment]', 'The points look high for two weeks abroad.');
    await boris.page.click('[data-testid=save-decision]');

    await expect.poll(() => nodeWithCode(anna.page, 'U 1').locator('[data-testid=review-state]').getAttribute('data-state')).toBe('agreed');
    expect(await nodeWithCode(anna.page, 'U 2').locator('[data-testid=review-state]').getAttribute('data-state')).toBe('changes-requested');
    await screenshot(anna.page, 'review-round');
    // The longest state label does not push the unit's header down over its first outcome.
    const header = await anna.page.evaluate(() => {
      const unit = document.querySelector('[data-testid=map-node][data-code="U 2"]')!;
      const block = unit.getBoundingClientRect();
      const title = unit.querySelector('.map-node__title')!.getBoundingClientRect();
      const outcomes = Array.from(document.querySelectorAll('[data-testid=map-node][data-kind=learningOutcome]'))
        .map((element) => element.getBoundingClientRect())
        .filter((r) => r.left >= block.left && r.right <= block.right && r.top >= block.top && r.top <= block.bottom);
      return { titleBottom: title.bottom, firstOutcomeTop: Math.min(...outcomes.map((r) => r.top)), outcomes: outcomes.length };
    });
    expect(header.outcomes).toBeGreaterThan(0);
    expect(header.titleBottom).toBeLessThanOrEqual(header.firstOutcomeTop);
    // The table fits the side panel: nothing, the decision buttons least of all, behind a scroll.
    for (const page of [anna.page, boris.page]) {
      const fit = await page.locator('.round__table-wrap').first().evaluate((wrap) => ({ scroll: wrap.scrollWidth, width: wrap.clientWidth }));
      expect(fit.scroll).toBeLessThanOrEqual(fit.width);
    }

    // Anna changes U 1's points: Boris's agreement is now stale, for both of them.
    await selectByCode(anna.page, 'U 1');
    await anna.page.click('[data-testid=review-tab]');
    await anna.page.keyboard.press('Escape');
    await selectByCode(anna.page, 'U 1');
    await anna.page.click('text=Details');
    await anna.page.locator('[data-testid=inspector] [data-field=points] input').fill('25');
    await anna.page.locator('[data-testid=inspector] [data-field=points] input').press('Enter');
    for (const p of [anna.page, boris.page]) {
      await expect.poll(() => nodeWithCode(p, 'U 1').locator('[data-testid=review-state]').getAttribute('data-state')).toBe('stale');
    }
    await boris.page.click('[data-testid=review-tab]');
    await expect.poll(() => boris.page.locator('[data-testid=stale]').count()).toBe(1);
    await screenshot(boris.page, 'review-stale');
    // A commenter cannot change the map itself.
    expect(await boris.page.locator('[data-testid=add-unit]').count()).toBe(0);
  });
});
