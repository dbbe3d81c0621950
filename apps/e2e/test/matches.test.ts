import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, nodeWithCode, openMap, person, screenshot, selectByCode, WAIT_MS } from './harness.js';

/** A home unit matched with a unit of a partner's map through the dialog, then compared. */
describe.skipIf(!hasChromium)('matching units across maps', () => {
  const suite = browserSuite();

  it('matches a unit with a partner map’s unit from the inspector and opens the comparison', async () => {
    const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    const partner = await createMap(suite.app, { template: 'hairdresser', title: 'Parrucchiere Bologna' });
    const home = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser Vilnius' });
    // The partner's map opened once with its link: this browser now has a token for it.
    await openMap(page, partner.link('viewer'));
    await openMap(page, home.link('editor'));
    await nodeWithCode(page, 'U 2').first().waitFor({ timeout: WAIT_MS });

    await selectByCode(page, 'U 2');
    await page.click('text=Details');
    const section = page.locator('[data-testid=unit-matches]');
    await section.locator('[data-testid=match-add]').click();
    const dialog = page.locator('[data-testid=match-dialog]');
    await dialog.locator('[data-testid=match-map]').selectOption(partner.id);
    const units = dialog.locator('[data-testid=match-unit]');
    await expect.poll(() => units.locator('option').count(), { timeout: WAIT_MS }).toBe(9); // "Choose…" and 8 units
    await units.selectOption({ index: 3 }); // U 3 Colouring and lightening hair (35 points)
    await dialog.locator('[data-testid=match-type-partial]').check();
    await dialog.locator('[data-testid=match-note]').fill('Beard care is taught elsewhere in Bologna');
    await dialog.locator('[data-testid=match-submit]').click();

    // The comparison opens: 40 points against 35 (12.5 %, not flagged), both at EQF 4.
    const comparison = page.locator('[data-testid=comparison-dialog]');
    await comparison.waitFor({ timeout: WAIT_MS });
    await expect.poll(() => comparison.locator('[data-testid=unit-comparison]').getAttribute('data-state'), { timeout: WAIT_MS }).toBe('current');
    expect(await comparison.locator('[data-testid=comparison-type]').textContent()).toBe('Partial');
    expect(await comparison.locator('[data-testid=comparison-points]').getAttribute('data-differs')).toBe('false');
    expect(await comparison.locator('thead').textContent()).toContain('Parrucchiere Bologna');
    expect(await comparison.locator('[data-testid=comparison-outcome]').count()).toBeGreaterThan(0);
    await screenshot(page, 'unit-comparison');
    await comparison.locator('[data-testid=comparison-close]').click();

    // Stored on the server with its snapshot, and listed in the inspector.
    const stored = await suite.app.server.rooms.with(home.id, (room) =>
      [...room.doc.getMap('edges').values()].map((edge) => (edge as { toJSON(): Record<string, unknown> }).toJSON()).filter((edge) => edge.targetMap === partner.id),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'matches', matchType: 'partial', note: 'Beard care is taught elsewhere in Bologna', targetSnapshot: { code: 'U 3', points: 35, eqfLevel: 4 } });
    await expect.poll(() => section.locator('[data-testid=unit-match]').count(), { timeout: WAIT_MS }).toBe(1);

    // The correspondence table of the two maps.
    await section.locator('[data-testid=match-table]').click();
    const table = page.locator('[data-testid=correspondence-dialog] [data-testid=correspondence-row]');
    await expect.poll(() => table.count(), { timeout: WAIT_MS }).toBe(1);
    expect(await table.first().textContent()).toContain('Colouring and lightening hair');
    await screenshot(page, 'correspondence-table');
    // And as a file (correspondence-csv).
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), page.click('[data-testid=correspondence-download]')]);
    expect(download.suggestedFilename()).toBe('Hairdresser-Vilnius.correspondence.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[1]).toContain(`U 2,Cutting hair and beard care,40,4,`);
    expect(csv.split('\r\n')[1]).toContain(`,partial,${partner.id},`);
    await page.keyboard.press('Escape');

    // The partner changes that unit's points: this browser, which has a link to the partner map,
    // shows the match as changed since, and the checks warn that the points now differ (40 / 20).
    const target = String(stored[0]!.target);
    await suite.app.server.maps.change(partner.id, (doc, origin) => doc.transact(() => (doc.getMap('nodes').get(target) as { set(key: string, value: unknown): void }).set('points', 20), origin));
    await openMap(page, home.url);
    await selectByCode(page, 'U 2');
    await page.click('text=Details');
    await expect.poll(() => section.locator('[data-testid=unit-match]').getAttribute('data-state'), { timeout: WAIT_MS }).toBe('changed');
    await page.click('[data-testid=checks-tab]');
    const warnings = page.locator('[data-testid=issue][data-rule=unit-match]');
    await expect.poll(() => warnings.count(), { timeout: WAIT_MS }).toBe(2);
    expect(await warnings.allTextContents()).toEqual([
      expect.stringContaining('has 40 ECVET points, but the unit it matches, U 3 "Colouring and lightening hair", has 20'),
      expect.stringContaining('changed since the match was made'),
    ]);
    expect(errors).toEqual([]);
  });
});
