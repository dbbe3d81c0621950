import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch, person, screenshot, startApp, type App } from './harness.js';

const unitNode = (page: Page, code: string) => page.locator(`[data-testid=map-node][data-code="${code}"]`);

async function find(page: Page, query: string) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.keyboard.type(query);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(400);
}

describe.skipIf(!hasChromium)('a partner review', () => {
  let app: App;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp({ localTrust: false });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('a commenter comments and signs off units; the owner sees it all, replies, and an edit makes an agreement stale', async () => {
    const created = (await fetch(`${app.url}/api/maps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'hairdresser', title: 'Hairdresser — partner review' }),
    }).then((r) => r.json())) as { id: string; tokens: Record<string, string> };
    const anna = await person(browser, { width: 1440, height: 900 }, 'Anna', 'Nova College');
    const boris = await person(browser, { width: 1440, height: 900 }, 'Boris', 'Tver College');
    await anna.page.goto(`${app.url}/maps/${created.id}#token=${created.tokens.owner}`);
    await boris.page.goto(`${app.url}/maps/${created.id}#token=${created.tokens.commenter}`);
    for (const p of [anna.page, boris.page]) await expect.poll(() => p.locator('[data-testid=map-node]').count()).toBeGreaterThan(100);

    // Boris comments on unit U 2, mentioning Anna.
    await find(boris.page, 'U 2');
    await boris.page.click('[data-testid=comments-tab]');
    await boris.page.locator('[data-testid=new-thread-text]').fill('Please add a criterion on beard care. @Anna');
    await boris.page.click('[data-testid=post-thread]');
    await expect.poll(() => boris.page.locator('[data-testid=thread]').count()).toBe(1);

    // Anna sees an unread comment on the node and in the tab, replies and resolves it.
    await expect.poll(() => unitNode(anna.page, 'U 2').locator('[data-testid=comment-badge]').count()).toBe(1);
    expect(await unitNode(anna.page, 'U 2').locator('[data-testid=comment-badge]').getAttribute('class')).toContain('has-unread');
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

    await expect.poll(() => unitNode(anna.page, 'U 1').locator('[data-testid=review-state]').getAttribute('data-state')).toBe('agreed');
    expect(await unitNode(anna.page, 'U 2').locator('[data-testid=review-state]').getAttribute('data-state')).toBe('changes-requested');
    await screenshot(anna.page, 'review-round');

    // Anna changes U 1's points: Boris's agreement is now stale, for both of them.
    await find(anna.page, 'U 1');
    await anna.page.click('[data-testid=review-tab]');
    await anna.page.keyboard.press('Escape');
    await find(anna.page, 'U 1');
    await anna.page.click('text=Details');
    await anna.page.locator('[data-testid=inspector] [data-field=points] input').fill('25');
    await anna.page.locator('[data-testid=inspector] [data-field=points] input').press('Enter');
    for (const p of [anna.page, boris.page]) {
      await expect.poll(() => unitNode(p, 'U 1').locator('[data-testid=review-state]').getAttribute('data-state')).toBe('stale');
    }
    await boris.page.click('[data-testid=review-tab]');
    await expect.poll(() => boris.page.locator('[data-testid=stale]').count()).toBe(1);
    await screenshot(boris.page, 'review-stale');
    // A commenter cannot change the map itself.
    expect(await boris.page.locator('[data-testid=add-unit]').count()).toBe(0);
  });
});
