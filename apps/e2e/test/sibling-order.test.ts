import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, joinMap, selectByCode } from './harness.js';

/** Key functions as the server holds them: code, place among siblings and x, left to right. */
const keyFunctions = (suite: ReturnType<typeof browserSuite>, mapId: string) =>
  suite.app.server.rooms.with(mapId, (room) =>
    [...room.doc.getMap('nodes').values()]
      .map((value) => value as { get(key: string): unknown; toJSON(): { position: { x: number } } })
      .filter((node) => node.get('kind') === 'keyFunction')
      .map((node) => ({ code: String(node.get('code')), sequence: node.get('sequence') as number | undefined, x: node.toJSON().position.x }))
      .sort((a, b) => a.x - b.x),
  );

describe.skipIf(!hasChromium)('ordering siblings from the keyboard', () => {
  const suite = browserSuite();

  it('Alt+→ moves a key function one place later with its branch, the help lists it, and Ctrl+Z puts it back', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser' });
    const [olga] = await joinMap(suite.browser, map, [{ name: 'Olga' }]);
    const { page } = olga;
    const before = await keyFunctions(suite, map.id);
    const [first, second] = before;

    await selectByCode(page, first!.code);
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(async () => (await keyFunctions(suite, map.id)).map((kf) => kf.code).slice(0, 2)).toEqual([second!.code, first!.code]);
    const after = await keyFunctions(suite, map.id);
    expect(after.map((kf) => kf.sequence)).toEqual(after.map((_, i) => i + 1));

    // At the start of the row it says why nothing moves.
    await selectByCode(page, second!.code);
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => page.locator('.pointer-notice', { hasText: 'already the first' }).count()).toBeGreaterThan(0);

    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await keyFunctions(suite, map.id)).map((kf) => kf.code)).toEqual(before.map((kf) => kf.code));
    await page.keyboard.press('?');
    await expect.poll(() => page.locator('.shortcuts-help').textContent()).toContain('Alt+↑');
    expect(olga.errors).toEqual([]);
  });
});
