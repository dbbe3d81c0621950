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

  it('refuses while a unit has no hours, then proposes a share by hours that adds up, accepted in one undoable step', async () => {
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

    await assistant.locator('[data-testid=accept-points]').click();
    await expect.poll(async () => Object.values(await unitPoints(suite, map.id)).reduce((a, b) => a + b, 0)).toBe(180);
    const after = await unitPoints(suite, map.id);
    const totalHours = Object.values(hours).reduce((a, b) => a + b, 0);
    for (const code of codes) expect(Math.abs(after[code]! - (180 * hours[code]!) / totalHours)).toBeLessThan(1);
    expect(after[codes[0]!]).toBeGreaterThan(after[codes[1]!]!);

    // One undo step brings every unit's points back.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(() => unitPoints(suite, map.id)).toEqual(before);
    expect(olga.errors).toEqual([]);
  });
});
