import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, fitMap, hasChromium, mapNode, nodeWithCode, openMap, person, pointAt, selectByCode, storedMap, typeTitle, WAIT_MS } from './harness.js';

/** Whether the server's copy of the map holds the link "source kind target". */
async function linked(app: ReturnType<typeof browserSuite>['app'], mapId: string, source: string, kind: string, target: string) {
  const map = await storedMap(app, mapId);
  return map.edges.some((e) => e.kind === kind && e.source === source && e.target === target);
}

describe.skipIf(!hasChromium)('outcomes into units', () => {
  const suite = browserSuite();

  it('drops an outcome into the unit under the pointer, with its centre still outside; the unit lights up first', async () => {
    const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    const map = await createMap(suite.app, { title: 'Drops' });
    await openMap(page, map.url);
    await page.click('[data-testid=add-learningOutcome]');
    await typeTitle(page, 'Prepare edges to the drawing');
    await page.keyboard.press('Escape'); // nothing selected: the unit is made on its own
    await page.click('[data-testid=add-unit]');
    await typeTitle(page, 'Joint preparation');
    await fitMap(page);

    // Hold the card by the left end of its header and let go just inside the unit's right edge:
    // the card's centre stays outside the block, the pointer is over it.
    const card = await pointAt(mapNode(page, 'Prepare edges to the drawing').locator('.map-node__head'));
    const unit = page.locator('.react-flow__node', { has: mapNode(page, 'Joint preparation') }).first();
    const block = (await unit.boundingBox())!;
    const grip = { x: card.box.x + 6, y: card.y };
    const over = { x: block.x + block.width - 8, y: block.y + block.height / 2 };
    await page.mouse.move(grip.x, grip.y);
    await page.mouse.down();
    await page.mouse.move(over.x, over.y, { steps: 15 });
    await expect.poll(() => unit.getAttribute('class'), { timeout: WAIT_MS }).toContain('is-drop-target');
    const held = (await mapNode(page, 'Prepare edges to the drawing').boundingBox())!;
    expect(held.x + held.width / 2).toBeGreaterThan(block.x + block.width); // its centre is outside
    await page.mouse.up();

    const stored = await storedMap(suite.app, map.id);
    const id = (title: string) => stored.nodes.find((n) => n.title === title)!.id;
    await expect.poll(() => linked(suite.app, map.id, id('Prepare edges to the drawing'), 'partOf', id('Joint preparation')), { timeout: WAIT_MS }).toBe(true);
    expect(await unit.getAttribute('class')).not.toContain('is-drop-target');
    expect(errors).toEqual([]);
  });

  it('sets an outcome’s unit and what it covers in the side panel, for one or many at once', async () => {
    const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    const map = await createMap(suite.app, { template: 'ruecvet-course', title: 'Units from the panel' });
    await openMap(page, map.url);
    await nodeWithCode(page, 'LO 1').first().waitFor({ timeout: WAIT_MS });
    // The course comes with a unit per outcome: the side panel moves outcomes between them.
    const stored = await storedMap(suite.app, map.id);
    const id = (title: string) => stored.nodes.find((n) => n.title === title)!.id;
    const codeId = async (code: string) => {
      const node = page.locator(`.react-flow__node:has([data-testid=map-node][data-code="${code}"])`).first();
      return (await node.getAttribute('data-id'))!;
    };

    // One outcome: another unit from the list.
    await selectByCode(page, 'LO 1');
    await page.click('text=Details');
    const inspector = page.locator('[data-testid=inspector]');
    await inspector.locator('[data-field=unit] select').selectOption({ label: 'U 2 Functional analysis of a qualification' });
    const lo1 = await codeId('LO 1');
    await expect.poll(() => linked(suite.app, map.id, lo1, 'partOf', id('Functional analysis of a qualification')), { timeout: WAIT_MS }).toBe(true);

    // Two outcomes at once: both into the other unit, and both cover one more work action.
    await selectByCode(page, 'LO 2');
    await nodeWithCode(page, 'LO 3').first().click({ modifiers: ['Control'] });
    await expect.poll(() => page.locator('.react-flow__node.selected').count(), { timeout: WAIT_MS }).toBe(2);
    await inspector.locator('[data-field=unit] select').selectOption({ label: 'U 4 ECVET for mobility' });
    const [lo2, lo3, wa12] = [await codeId('LO 2'), await codeId('LO 3'), await codeId('WA 12')];
    for (const lo of [lo2, lo3]) await expect.poll(() => linked(suite.app, map.id, lo, 'partOf', id('ECVET for mobility')), { timeout: WAIT_MS }).toBe(true);
    await inspector.locator('[data-field=covers] select').selectOption({ value: wa12 });
    for (const lo of [lo2, lo3]) await expect.poll(() => linked(suite.app, map.id, lo, 'covers', wa12), { timeout: WAIT_MS }).toBe(true);
    // And stop covering it, from the list of what they cover.
    await inspector.locator(`[data-field=covers] li[data-covers="${wa12}"] button`).click();
    for (const lo of [lo2, lo3]) await expect.poll(() => linked(suite.app, map.id, lo, 'covers', wa12), { timeout: WAIT_MS }).toBe(false);
    expect(errors).toEqual([]);
  });
});
