import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, joinMap, screenshot, selectByCode, WAIT_MS } from './harness.js';

/** Each unit's ECVET points as the server holds them, by code. */
const unitPoints = (suite: ReturnType<typeof browserSuite>, mapId: string) =>
  suite.app.server.rooms.with(mapId, (room) =>
    Object.fromEntries(
      [...room.doc.getMap('nodes').values()]
        .map((n) => n as { get(key: string): unknown })
        .filter((n) => n.get('kind') === 'unit')
        .map((n) => [String(n.get('code')), n.get('points') as number]),
    ),
  );

describe.skipIf(!hasChromium)('the points assistant', () => {
  const suite = browserSuite();

  it('refuses while a unit has no hours, then proposes a share by hours that adds up with the electives, accepted in one undoable step', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser' });
    const [olga] = await joinMap(suite.browser, map, [{ name: 'Olga' }]);
    const { page } = olga;
    const before = await unitPoints(suite, map.id);
    const codes = Object.keys(before).sort();
    expect(codes.length).toBeGreaterThanOrEqual(7);

    await selectByCode(page, 'Q 1');
    const assistant = page.locator('[data-testid=points-assistant]');
    await assistant.locator('[data-testid=propose-points]').click();
    await expect.poll(() => assistant.locator('[data-testid=points-proposal-refused]').textContent()).toMatch(/hours/);

    // Hours as a programme would give them: the first unit twice the others.
    const hours = Object.fromEntries(codes.map((code, i) => [code, i === 0 ? 400 : 200]));
    await suite.app.server.rooms.with(map.id, (room) => {
      room.doc.transact(() => {
        for (const value of room.doc.getMap('nodes').values()) {
          const node = value as { get(key: string): unknown; set(key: string, value: unknown): void };
          if (node.get('kind') === 'unit') node.set('contactHours', hours[String(node.get('code'))]);
        }
      });
    });
    await assistant.getByRole('button', { name: /close/i }).click();
    await assistant.locator('[data-testid=propose-points]').click();
    const table = assistant.locator('[data-testid=points-proposal]');
    await table.waitFor({ timeout: WAIT_MS });
    expect(await table.locator('tbody tr').count()).toBe(codes.length);
    await table.scrollIntoViewIfNeeded();
    await screenshot(page, 'points-assistant');
    // Nothing is written before accepting.
    expect(await unitPoints(suite, map.id)).toEqual(before);

    // The sample's electives (an optional group, at least 15 points) keep their points; the
    // mandatory units share the rest of the 180 by hours.
    const electiveRows = table.locator('tbody tr').filter({ has: page.locator('[data-testid=points-proposal-elective]') });
    const electives = (await electiveRows.locator('td:first-child').allTextContents()).map((text) => /^U \d+/.exec(text)![0]).sort();
    expect(electives).toEqual(['U 4', 'U 8']);
    const mandatory = codes.filter((code) => !electives.includes(code));
    const sumOf = (points: Record<string, number>, which: readonly string[]) => which.reduce((sum, code) => sum + points[code]!, 0);

    await assistant.locator('[data-testid=accept-points]').click();
    await expect.poll(async () => sumOf(await unitPoints(suite, map.id), mandatory)).toBe(165);
    const after = await unitPoints(suite, map.id);
    for (const code of electives) expect(after[code]).toBe(before[code]);
    const mandatoryHours = sumOf(hours, mandatory);
    for (const code of mandatory) expect(Math.abs(after[code]! - (165 * hours[code]!) / mandatoryHours)).toBeLessThan(1);
    expect(after[codes[0]!]).toBeGreaterThan(after[codes[1]!]!);

    // One undo step brings every unit's points back.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => unitPoints(suite, map.id)).toEqual(before);
    expect(olga.errors).toEqual([]);
  });
});
