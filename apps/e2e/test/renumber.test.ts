import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, joinMap, nodeWithCode } from './harness.js';

/** Each node's code and former codes as the server holds them, by node id. */
const storedCodes = (suite: ReturnType<typeof browserSuite>, mapId: string) =>
  suite.app.server.rooms.with(mapId, (room) =>
    Object.fromEntries(
      [...room.doc.getMap('nodes').entries()].map(([id, value]) => {
        const node = value as { get(key: string): unknown };
        const previous = node.get('previousCodes') as { toArray(): unknown[] } | undefined;
        return [id, { code: String(node.get('code')), previous: previous?.toArray() ?? [] }];
      }),
    ),
  );

describe.skipIf(!hasChromium)('renumbering', () => {
  const suite = browserSuite();

  it('renumbers after a preview, keeps the former codes on each node, and one undo puts every code back', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser' });
    const [olga, pavel] = await joinMap(suite.browser, map, [{ name: 'Olga' }, { name: 'Pavel' }]);
    const { page } = olga;
    const before = await storedCodes(suite, map.id);

    await page.click('[data-testid=arrange-more]');
    await page.click('[data-testid=renumber]');
    const dialog = page.locator('.confirm-dialog');
    await expect.poll(() => dialog.locator('h2').textContent()).toMatch(/Renumber \d+ codes?/);
    // Nothing changes before it is confirmed.
    expect(await storedCodes(suite, map.id)).toEqual(before);
    await dialog.locator('button.danger').click();

    await expect.poll(async () => Object.values(await storedCodes(suite, map.id)).filter((n) => n.previous.length > 0).length).toBeGreaterThan(0);
    const after = await storedCodes(suite, map.id);
    const changed = Object.keys(after).filter((id) => after[id]!.code !== before[id]!.code);
    expect(changed.length).toBeGreaterThan(0);
    for (const id of changed) expect(after[id]!.previous.at(-1)).toBe(before[id]!.code);
    // Codes of one kind stay unique, and the key functions read KF 1, KF 2, … from the left.
    const codes = Object.values(after).map((n) => n.code).filter(Boolean);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain('KF 1');
    // The other person's canvas shows the new codes.
    await expect.poll(() => nodeWithCode(pavel.page, 'KF 1').count()).toBe(1);

    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await expect.poll(async () => Object.fromEntries(Object.entries(await storedCodes(suite, map.id)).map(([id, n]) => [id, n.code]))).toEqual(
      Object.fromEntries(Object.entries(before).map(([id, n]) => [id, n.code])),
    );
    // Once in order, it says so instead of asking.
    await page.click('[data-testid=arrange-more]');
    await page.click('[data-testid=renumber]');
    await dialog.locator('button.danger').click();
    await page.click('[data-testid=arrange-more]');
    await page.click('[data-testid=renumber]');
    await expect.poll(() => page.locator('[data-testid=renumber-notice]').textContent()).toMatch(/already follow/);
    expect(olga.errors).toEqual([]);
  });
});
