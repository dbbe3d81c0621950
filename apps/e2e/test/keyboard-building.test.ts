import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { allNodes, browserSuite, createMap, hasChromium, mapNode, openMap, person, storedMap, waitForNodeCount, waitForStillView, WAIT_MS } from './harness.js';

/** Nodes that should hang from something and hang from nothing (qualifications and units are roots). */
function orphansOf(map: Awaited<ReturnType<typeof storedMap>>): string[] {
  return map.nodes.filter((n) => n.kind !== 'qualification' && n.kind !== 'unit' && !map.edges.some((e) => e.source === n.id)).map((n) => `${n.kind} “${n.title}”`);
}

const mapIdOf = (url: string) => new URL(url).pathname.split('/').pop()!;

/** Counts what a person does: clicks and key presses, and titles typed (one each). */
function actions(page: Page) {
  const count = { clicks: 0, keys: 0, titles: 0 };
  return {
    count,
    click: async (selector: string, modifiers: Array<'Control'> = []) => {
      count.clicks++;
      await page.locator(selector).first().click({ modifiers });
    },
    /** Clicks a card near its top left corner, where lines that cross it leave it free. */
    clickCard: async (selector: string, modifiers: Array<'Control'> = []) => {
      count.clicks++;
      await page.locator(selector).first().click({ modifiers, position: { x: 6, y: 6 } });
    },
    /** Picks an entry of a list in the side panel (one click on a real screen's list). */
    choose: async (selector: string, label: string) => {
      count.clicks++;
      await page.locator(selector).selectOption({ label });
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

  it('rebuilds the newcomer’s “Welder, EQF 3” map with keys and clicks only, and counts them', async () => {
    const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    const act = actions(page);
    await page.goto(suite.app.url);
    await page.fill('[data-testid=new-map-title]', 'Welder, EQF 3');
    act.count.titles++;
    await act.click('[data-testid=create-map]');
    await page.waitForURL(/\/maps\//);

    await act.click('[data-testid=add-qualification]');
    await page.locator('.title-editor:focus').waitFor({ timeout: WAIT_MS });
    await act.press('Enter'); // the map's title
    const keyFunction = async (title: string, actions: Array<[string, [string, string, string]]>) => {
      await act.title(title);
      for (const [action, outcomes] of actions) {
        // A work action under the key function: Tab and "2" from it, the toolbar from an outcome.
        if (action === actions[0]![0]) {
          await act.press('Tab');
          await act.press('2');
        } else {
          await act.click('[data-testid=add-workAction]');
        }
        await act.title(action);
        await act.press('Tab');
        for (const [i, outcome] of outcomes.entries()) {
          if (!outcome) continue;
          if (i > 0) await act.press('Enter'); // a sibling covering the same work action
          await act.title(outcome);
        }
      }
    };
    await act.press('Tab');
    await act.press('Enter');
    await keyFunction('Prepare the joint', [
      ['Read the welding drawing', ['Interpret welding symbols on a drawing', '', '']],
      ['Clean and fit up the parts', ['Clean the joint faces of mill scale and rust', 'Tack the parts to the drawing’s gap', '']],
    ]);
    await act.click('[data-testid=add-keyFunction]'); // from an outcome: under the qualification
    await keyFunction('Weld the joint', [
      ['Set the welding parameters', ['Set current and voltage for the electrode', '', '']],
      ['Weld a fillet joint', ['Weld a fillet joint in the flat position', 'Check the weld for visible defects', '']],
    ]);

    for (const unit of ['Joint preparation', 'Fillet welding']) {
      await act.press('Escape');
      await act.click('[data-testid=add-unit]');
      await act.title(unit);
    }
    await waitForNodeCount(page, 15);
    await act.click('.react-flow__controls-fitview');
    await waitForStillView(page);
    // Outcomes into units from the side panel: three selected at once, then one list.
    const outcome = (code: string) => `.react-flow__node:has([data-testid=map-node][data-code="${code}"])`;
    for (const [unit, codes] of [
      ['U 1 Joint preparation', ['LO 1', 'LO 2', 'LO 3']],
      ['U 2 Fillet welding', ['LO 4', 'LO 5', 'LO 6']],
    ] as const) {
      for (const [i, code] of codes.entries()) await act.clickCard(outcome(code), i === 0 ? [] : ['Control']);
      await expect.poll(() => page.locator('.react-flow__node.selected').count(), { timeout: WAIT_MS }).toBe(3);
      await act.choose('[data-testid=inspector] [data-field=unit] select', unit);
    }

    await expect.poll(async () => orphansOf(await storedMap(suite.app, mapIdOf(page.url()))), { timeout: WAIT_MS }).toEqual([]);
    const map = await storedMap(suite.app, mapIdOf(page.url()));
    const count = (kind: string) => map.nodes.filter((n) => n.kind === kind).length;
    expect([count('qualification'), count('keyFunction'), count('workAction'), count('learningOutcome'), count('unit')]).toEqual([1, 2, 4, 6, 2]);
    const outcomes = map.nodes.filter((n) => n.kind === 'learningOutcome');
    await expect
      .poll(async () => {
        const { edges } = await storedMap(suite.app, mapIdOf(page.url()));
        return outcomes.filter((o) => edges.some((e) => e.kind === 'partOf' && e.source === o.id)).length;
      }, { timeout: WAIT_MS })
      .toBe(6);
    for (const wa of map.nodes.filter((n) => n.kind === 'workAction')) expect(map.edges.some((e) => e.kind === 'covers' && e.target === wa.id)).toBe(true);
    const { clicks, keys, titles } = act.count;
    console.log(`Welder, EQF 3 rebuilt without a drag: ${clicks + keys + titles} actions (${clicks} clicks, ${keys} key presses, ${titles} titles typed).`);
    expect(errors).toEqual([]);
  });
});
