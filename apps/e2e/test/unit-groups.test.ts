import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, joinMap, nodeWithCode, screenshot, selectByCode, storedMap } from './harness.js';

describe.skipIf(!hasChromium)('unit groups and prerequisites', () => {
  const suite = browserSuite();

  it('shows the sample’s electives, moves a unit into a group and out from the side panel, makes a group, and sets prerequisites', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser' });
    const [tanya] = await joinMap(suite.browser, map, [{ name: 'Tanya' }]);
    const { page } = tanya;
    const bar = page.locator('[data-testid=points-bar]');
    // Six mandatory units (165) and the electives' minimum (15) make the 180.
    await expect.poll(() => bar.getAttribute('data-mandatory')).toBe('165');
    expect(await bar.getAttribute('data-optional')).toBe('15');
    expect(await bar.getAttribute('data-allocated')).toBe('180');
    expect(await bar.getAttribute('data-state')).toBe('ok');
    expect(await bar.textContent()).toContain('Mandatory 165 + optional at least 15 = 180 of 180 ECVET points');
    await expect.poll(() => nodeWithCode(page, 'G 1').locator('[data-testid=group-optional]').count()).toBe(1);
    // No toolbar button for groups.
    expect(await page.locator('[data-testid=add-unitGroup]').count()).toBe(0);

    /** How many findings of a rule the checks tab lists; then back to the side panel's details. */
    const findings = async (rule: string, count: number) => {
      await page.click('[data-testid=checks-tab]');
      await expect.poll(() => page.locator(`[data-testid=issue][data-rule=${rule}]`).count()).toBe(count);
      await page.click('text=Details');
    };
    const groupOf = async (code: string) => {
      const { nodes, edges } = await storedMap(suite.app, map.id);
      const stored = await suite.app.server.rooms.with(map.id, (room) =>
        Object.fromEntries([...room.doc.getMap('nodes').entries()].map(([id, n]) => [String((n as { get(k: string): unknown }).get('code')), id])),
      );
      const target = edges.find((e) => e.kind === 'partOf' && e.source === stored[code])?.target;
      return nodes.find((n) => n.id === target && n.kind === 'unitGroup')?.title ?? null;
    };

    // U 5 into the electives: 140 mandatory + 15 no longer make 180.
    await selectByCode(page, 'U 5');
    const group = page.locator('[data-testid=inspector] [data-testid=unit-group]');
    await group.selectOption({ label: 'G 1 Elective units' });
    await expect.poll(() => groupOf('U 5')).toBe('Elective units');
    await expect.poll(() => bar.getAttribute('data-mandatory')).toBe('140');
    expect(await bar.getAttribute('data-state')).toBe('under');
    await findings('points-sum', 1);
    // And out again: back to 180.
    await group.selectOption({ label: 'In no group (mandatory)' });
    await expect.poll(() => groupOf('U 5')).toBe(null);
    await expect.poll(() => bar.getAttribute('data-state')).toBe('ok');
    await findings('points-sum', 0);

    // A new group for U 7: a card of its own, U 7 in it (a mandatory group: nothing changes in the points).
    await selectByCode(page, 'U 7');
    await page.locator('[data-testid=inspector] [data-testid=unit-group]').selectOption({ label: 'New group…' });
    await expect.poll(async () => (await storedMap(suite.app, map.id)).nodes.filter((n) => n.kind === 'unitGroup').length).toBe(2);
    await expect.poll(() => groupOf('U 7')).toBe('');
    await expect.poll(() => nodeWithCode(page, 'G 2').count()).toBe(1);
    expect(await bar.getAttribute('data-mandatory')).toBe('165');

    // Prerequisites: U 7 requires U 6; then U 6 requires U 7 is a circle.
    await selectByCode(page, 'U 7');
    await page.locator('[data-testid=inspector] [data-testid=unit-requires]').selectOption({ label: 'U 6 Hygiene, health and safety in the salon' });
    await expect.poll(async () => (await storedMap(suite.app, map.id)).edges.filter((e) => e.kind === 'requires').length).toBe(3);
    await findings('unit-requires', 0);
    await selectByCode(page, 'U 6');
    await page.locator('[data-testid=inspector] [data-testid=unit-requires]').selectOption({ label: 'U 7 Salon business' });
    await page.click('[data-testid=checks-tab]');
    await expect.poll(() => page.locator('[data-testid=issue][data-rule=unit-requires]').count()).toBe(1);
    expect(await page.locator('[data-testid=issue][data-rule=unit-requires]').textContent()).toContain('require one another in a circle');
    await screenshot(page, 'unit-groups');
    await page.click('text=Details');
    // Removing it from U 6's list ends the circle.
    await page.locator('[data-testid=inspector] [data-field=requires] [data-requires] button').click();
    await findings('unit-requires', 0);

    // With a second qualification, a unit in no group may say which one it is of.
    await selectByCode(page, 'U 6');
    expect(await page.locator('[data-testid=inspector] [data-testid=unit-qualification]').count()).toBe(0);
    await suite.app.server.rooms.with(map.id, (room) => {
      room.doc.transact(() => {
        const nodes = room.doc.getMap('nodes');
        const q1 = [...nodes.values()].find((value) => (value as { get(key: string): unknown }).get('kind') === 'qualification') as { clone(): unknown };
        // A deep copy (title, position…) under another id and code.
        const copy = q1.clone() as { set(key: string, value: unknown): void };
        copy.set('code', 'Q 2');
        nodes.set('second-qualification', copy);
      });
    });
    await selectByCode(page, 'U 6');
    const ofQualification = page.locator('[data-testid=inspector] [data-testid=unit-qualification]');
    await ofQualification.waitFor();
    await ofQualification.selectOption({ value: 'second-qualification' });
    await expect
      .poll(async () => (await storedMap(suite.app, map.id)).edges.filter((e) => e.kind === 'partOf' && e.target === 'second-qualification').length)
      .toBe(1);
    // A unit in a group follows its group: no such choice.
    await selectByCode(page, 'U 4');
    expect(await page.locator('[data-testid=inspector] [data-testid=unit-qualification]').count()).toBe(0);
  });
});
