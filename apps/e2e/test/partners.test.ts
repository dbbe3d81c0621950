import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, joinMap, screenshot, WAIT_MS } from './harness.js';

describe.skipIf(!hasChromium)('partner institutions', () => {
  const suite = browserSuite({ localTrust: false });

  it('the owner adds a partner in the Review tab; an editor sees it and cannot change it', async () => {
    const map = await createMap(suite.app, { title: 'Welder' });
    const [owner, editor] = await joinMap(suite.browser, map, [
      { name: 'Olga', role: 'owner', size: { width: 1440, height: 900 } },
      { name: 'Marco', role: 'editor' },
    ]);
    await owner.page.click('[data-testid=review-tab]');
    await owner.page.click('[data-testid=add-partner]');
    await owner.page.fill('[data-testid=partner-name]', 'Vilnius VET Centre');
    await owner.page.fill('[data-testid=partner-country]', 'lt');
    await owner.page.fill('[data-testid=partner-city]', 'Vilnius');
    await owner.page.locator('[data-testid=partner-role]').selectOption('host');
    await owner.page.check('[data-testid=partner-competence-assessing]');
    await owner.page.fill('[data-testid=partner-email]', 'not an address');
    await owner.page.click('[data-testid=save-partner]');
    // The browser's own check on the e-mail field keeps the form open; a valid one is taken.
    expect(await owner.page.locator('[data-testid=partner]').count()).toBe(0);
    await owner.page.fill('[data-testid=partner-email]', 'ona@vpmc.lt');
    await owner.page.click('[data-testid=save-partner]');
    await expect.poll(() => owner.page.locator('[data-testid=partner]').textContent()).toContain('Vilnius VET Centre');
    expect(await owner.page.locator('[data-testid=partner]').textContent()).toContain('LT');
    await screenshot(owner.page, 'partners');

    await editor.page.click('[data-testid=review-tab]');
    await expect.poll(() => editor.page.locator('[data-testid=partner]').textContent(), { timeout: WAIT_MS }).toContain('Vilnius VET Centre');
    expect(await editor.page.locator('[data-testid=add-partner]').count()).toBe(0);
    expect(await editor.page.locator('[data-testid=remove-partner]').count()).toBe(0);
    const stored = await suite.app.server.rooms.with(map.id, (room) => Object.values(room.doc.getMap('meta').toJSON().institutions as object));
    expect(stored).toMatchObject([{ name: { en: 'Vilnius VET Centre' }, country: 'LT', city: 'Vilnius', role: 'host', competences: ['assessing'], contact: { email: 'ona@vpmc.lt' } }]);
    for (const one of [owner, editor]) expect(one.errors).toEqual([]);
  });
});
