import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, joinMap, openMap, person, screenshot, WAIT_MS } from './harness.js';

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

  it('the owner issues a review link to a partner; the partner signs a unit off through it, in that partner’s column, without typing the institution', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — review with a partner' });
    const [owner] = await joinMap(suite.browser, map, [{ name: 'Olga', institution: 'Nova College', role: 'owner', size: { width: 1440, height: 900 } }]);
    await owner.page.click('[data-testid=review-tab]');
    await owner.page.click('[data-testid=add-partner]');
    await owner.page.fill('[data-testid=partner-name]', 'Vilnius VET Centre');
    await owner.page.fill('[data-testid=partner-country]', 'LT');
    await owner.page.locator('[data-testid=partner-role]').selectOption('host');
    await owner.page.click('[data-testid=save-partner]');
    await owner.page.locator('[data-testid=partner]').waitFor({ timeout: WAIT_MS });
    await owner.page.click('[data-testid=issue-review-link]');
    const link = await owner.page.locator('[data-testid=review-link]').inputValue();
    expect(link).toMatch(/\/maps\/[^#]+#token=/);
    await expect.poll(() => owner.page.locator('[data-testid=partner-links]').getAttribute('data-count')).toBe('1');
    // A round on the first unit, the partner expected.
    await owner.page.click('[data-testid=open-round]');
    await owner.page.fill('[data-testid=round-title]', 'Spring mobility');
    await owner.page.locator('[data-testid=round-unit]').first().check();
    expect(await owner.page.locator('[data-testid=round-partner]').isChecked()).toBe(true);
    await owner.page.click('[data-testid=start-round]');

    // Ona opens the link: she says her name only, and signs for Vilnius.
    const ona = await person(suite.browser, { name: 'Ona', size: { width: 1440, height: 900 } });
    await openMap(ona.page, link);
    await ona.page.click('[data-testid=review-tab]');
    await expect.poll(() => ona.page.locator('[data-testid=signing-as]').getAttribute('data-fixed'), { timeout: WAIT_MS }).toBe('true');
    expect(await ona.page.locator('[data-testid=signing-as]').textContent()).toContain('Vilnius VET Centre');
    await ona.page.locator('[data-testid=round-unit-row]').first().locator('[data-testid=decide]').click();
    await ona.page.click('[data-testid=decision-agreed]');
    await ona.page.click('[data-testid=save-decision]');

    // The owner's table: one column, the partner's, agreed.
    await expect.poll(() => owner.page.locator('[data-testid=round-unit-row]').first().getAttribute('data-state'), { timeout: WAIT_MS }).toBe('agreed');
    expect(await owner.page.locator('.round__table th[data-partner=true]').allTextContents()).toEqual(['Vilnius VET Centre']);
    await screenshot(owner.page, 'review-partner-link');
    const signoffs = await suite.app.server.rooms.with(`${map.id}.review`, (room) => Object.values(room.doc.getMap('signoffs').toJSON()) as Array<{ institutionId?: string; by: { name: string } }>);
    const partnerId = await suite.app.server.rooms.with(map.id, (room) => Object.keys(room.doc.getMap('meta').toJSON().institutions as object)[0]);
    expect(signoffs).toMatchObject([{ institutionId: partnerId, by: { name: 'Ona' } }]);

    // The owner stops the link: Ona's page is told it no longer works.
    await owner.page.click('[data-testid=revoke-review-links]');
    await expect.poll(() => owner.page.locator('[data-testid=partner-links]').getAttribute('data-count')).toBe('0');
    for (const one of [owner, ona]) expect(one.errors).toEqual([]);
  });
});
