import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { allNodes, browserSuite, createMap, hasChromium, mapNode, openMap, person, storedMap, waitForNodeCount, WAIT_MS } from './harness.js';

/** Nodes that should hang from something and hang from nothing (qualifications and units are roots). */
function orphansOf(map: Awaited<ReturnType<typeof storedMap>>): string[] {
  return map.nodes.filter((n) => n.kind !== 'qualification' && n.kind !== 'unit' && !map.edges.some((e) => e.source === n.id)).map((n) => `${n.kind} “${n.title}”`);
}

/** Counts what a person does: clicks and key presses, and titles typed (one each). */
function actions(page: Page) {
  const count = { clicks: 0, keys: 0, titles: 0 };
  return {
    count,
    click: async (selector: string) => {
      count.clicks++;
      await page.click(selector);
    },
    press: async (key: string) => {
      count.keys++;
      await page.keyboard.press(key);
    },
    /** Types into the title editor that has just opened, and closes it with Enter. */
    title: async (title: string) => {
      count.titles++;
      await page.locator('.title-editor:focus').waitFor({ timeout: WAIT_MS });
      await page.keyboard.type(title);
      await page.keyboard.press('Enter');
      await mapNode(page, title).first().waitFor({ timeout: WAIT_MS });
    },
  };
}

describe.skipIf(!hasChromium)('building with the keyboard and the toolbar', () => {
  const suite = browserSuite();

  it('links every node it adds: Tab and its menu, Enter, the toolbar with a selection', async () => {
    const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    const map = await createMap(suite.app, { title: 'Welder, EQF 3' });
    await openMap(page, map.url);
    const act = actions(page);

    // The first qualification is named like the map: Enter keeps the name.
    await act.click('[data-testid=add-qualification]');
    await page.locator('.title-editor:focus').waitFor({ timeout: WAIT_MS });
    await act.press('Enter');
    await mapNode(page, 'Welder, EQF 3').waitFor({ timeout: WAIT_MS });

    // Tab on the qualification offers the kinds that may go under it; Enter takes the first.
    await act.press('Tab');
    const menu = page.locator('[data-testid=child-kind-menu]');
    expect(await menu.locator('[role=menuitem]').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')))).toEqual(['keyFunction', 'mainFunction', 'workAction']);
    await act.press('Enter');
    await act.title('Prepare the joint');
    // Under a key function, "2" picks a work action straight away (no main function level).
    await act.press('Tab');
    await menu.waitFor({ timeout: WAIT_MS });
    await act.press('2');
    await act.title('Read the welding drawing');
    await act.press('Enter');
    await act.title('Clean and fit up the parts');
    // A work action has one kind below it, an outcome that covers it: no menu.
    await act.press('Tab');
    await act.title('Interpret welding symbols on a drawing');
    await act.press('Enter'); // a sibling outcome covers the same work action
    await act.title('Select the joint preparation from the drawing');

    // The toolbar with an outcome selected: a key function goes under the qualification above it.
    await act.click('[data-testid=add-keyFunction]');
    await act.title('Weld the joint');
    await act.click('[data-testid=add-workAction]');
    await act.title('Set the welding parameters');
    await act.click('[data-testid=add-learningOutcome]');
    await act.title('Set current and voltage for the electrode');
    await act.press('Enter');
    await act.title('Check the parameters on a test piece');

    await act.click('[data-testid=add-unit]');
    await act.title('Joint preparation');
    await act.press('Tab'); // an outcome inside the unit
    await act.title('Prepare edges to the drawing');

    await waitForNodeCount(page, 12);
    await expect.poll(async () => (await storedMap(suite.app, map.id)).nodes.length, { timeout: WAIT_MS }).toBe(12);
    await expect.poll(async () => orphansOf(await storedMap(suite.app, map.id)), { timeout: WAIT_MS }).toEqual([]);
    const stored = await storedMap(suite.app, map.id);
    const id = (title: string) => stored.nodes.find((n) => n.title === title)!.id;
    const link = (source: string, kind: string, target: string) => stored.edges.some((e) => e.source === id(source) && e.kind === kind && e.target === id(target));
    expect(link('Prepare the joint', 'childOf', 'Welder, EQF 3')).toBe(true);
    expect(link('Clean and fit up the parts', 'childOf', 'Prepare the joint')).toBe(true);
    expect(link('Interpret welding symbols on a drawing', 'covers', 'Clean and fit up the parts')).toBe(true);
    expect(link('Select the joint preparation from the drawing', 'covers', 'Clean and fit up the parts')).toBe(true);
    expect(link('Weld the joint', 'childOf', 'Welder, EQF 3')).toBe(true);
    expect(link('Set the welding parameters', 'childOf', 'Weld the joint')).toBe(true);
    expect(link('Check the parameters on a test piece', 'covers', 'Set the welding parameters')).toBe(true);
    expect(link('Prepare edges to the drawing', 'partOf', 'Joint preparation')).toBe(true);
    console.log(`Built 12 linked nodes with ${act.count.clicks} clicks, ${act.count.keys} key presses and ${act.count.titles} titles typed.`);
    expect(errors).toEqual([]);
  });

  it('edits a selected node’s title by typing or F2, Esc takes away a node just added, a check clicked keeps the list', async () => {
    const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    const map = await createMap(suite.app, { title: 'Typing' });
    await openMap(page, map.url);
    await page.click('[data-testid=add-workAction]');
    await page.locator('.title-editor:focus').waitFor({ timeout: WAIT_MS });
    await page.keyboard.type('Weld');
    await page.keyboard.press('Enter');
    await mapNode(page, 'Weld').waitFor({ timeout: WAIT_MS });

    // The node stays selected: typing writes its title anew, F2 edits it as it is.
    await page.keyboard.type('Tack');
    await page.keyboard.press('Enter');
    await mapNode(page, 'Tack').waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('F2');
    await page.locator('.title-editor:focus').waitFor({ timeout: WAIT_MS });
    await page.keyboard.type(' weld the parts');
    await page.keyboard.press('Enter');
    await mapNode(page, 'Tack weld the parts').waitFor({ timeout: WAIT_MS });

    // Tab makes an outcome; Esc before naming it takes it away again.
    await page.keyboard.press('Tab');
    await waitForNodeCount(page, 2);
    await page.locator('.title-editor:focus').waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Escape');
    await waitForNodeCount(page, 1);
    await expect.poll(async () => (await storedMap(suite.app, map.id)).nodes.length, { timeout: WAIT_MS }).toBe(1);
    expect(await allNodes(page).count()).toBe(1);

    // A check clicked selects its node and leaves the checks list open for the next one.
    await page.keyboard.press('Escape');
    await page.click('[data-testid=checks-tab]');
    await page.locator('[data-testid=issue][data-rule=coverage] button').first().click();
    await page.locator('.react-flow__node.selected [data-testid=map-node]', { hasText: 'Tack weld the parts' }).waitFor({ timeout: WAIT_MS });
    expect(await page.locator('[data-testid=checks-panel]').isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });
});
