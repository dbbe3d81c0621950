import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, createMap, joinMap, nodeWithCode, screenshot, selectByCode, waitForNode, type App, type Person } from './harness.js';

/** A root map of a document as the server holds it (`<mapId>.review`, `<mapId>.workshop.<participantId>`), as plain values. */
function serverEntries(app: App, documentId: string, root: string): Promise<Record<string, unknown>> {
  return app.server.rooms.with(documentId, (room) => room.doc.getMap(root).toJSON() as Record<string, unknown>);
}

/** The participant id the review lists for a name (participants join by name). */
async function participantIdOf(app: App, mapId: string, name: string): Promise<string> {
  const participants = await serverEntries(app, `${mapId}.review`, 'participants');
  const id = Object.entries(participants).find(([, entry]) => (entry as { name?: string }).name === name)?.[0];
  if (!id) throw new Error(`${name} has not joined the workshop`);
  return id;
}

const badgeOf = (p: Person, code: string) => nodeWithCode(p.page, code).locator('[data-testid=rating-badge]');

describe.skipIf(!hasChromium)('a workshop on the map', () => {
  const suite = browserSuite({ localTrust: false });

  it('a facilitator runs a timed stage; three participants add cards and rate; a card is promoted; the heat map shows', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — workshop' });
    const size = { width: 1440, height: 900 };
    const [anna, ...participants] = await joinMap(suite.browser, map, [
      { size, name: 'Anna', role: 'owner' },
      { size, name: 'Boris', role: 'commenter' },
      { size, name: 'Vera', role: 'commenter' },
      { size, name: 'Gulnara', role: 'commenter' },
    ]);

    // Everyone sees the whole tree (a large map opens folded to its first level).
    for (const p of [anna, ...participants]) await p.page.locator('[data-testid=unfold-all]').click();

    // Anna starts the workshop and the first stage's timer.
    await anna.page.click('[data-testid=open-workshop]');
    await anna.page.click('[data-testid=workshop-start]');
    await anna.page.click('[data-testid=timer-start]');
    for (const p of [anna, ...participants]) {
      await expect.poll(() => p.page.locator('[data-testid=workshop-countdown]').getAttribute('data-status')).toBe('running');
    }

    // Each participant joins by name and adds a card; they see their own.
    const ideas = ['Check the client’s scalp', 'Disinfect the tools', 'Advise on home care'];
    for (const [i, p] of participants.entries()) {
      await p.page.click('[data-testid=open-workshop]');
      await p.page.click('[data-testid=workshop-join]');
      await p.page.fill('[data-testid=idea-text]', ideas[i]!);
      await p.page.click('[data-testid=idea-add]');
      await expect.poll(() => p.page.locator('[data-testid=idea-card]').filter({ hasText: ideas[i]! }).count()).toBe(1);
    }

    // Anna sees all three and promotes one into a work action under MF 1.
    await expect.poll(() => anna.page.locator('[data-testid=idea-card]').count()).toBe(3);
    await selectByCode(anna.page, 'MF 1');
    await anna.page.locator('[data-testid=idea-card]', { has: anna.page.locator('p', { hasText: ideas[1]! }) }).locator('[data-testid=idea-promote]').click();
    await waitForNode(anna.page, ideas[1]!);
    await expect.poll(() => anna.page.locator('[data-testid=idea-card][data-status=promoted]').count()).toBe(1);

    // The three rate WA 1.
    for (const [i, p] of participants.entries()) {
      await selectByCode(p.page, 'WA 1');
      await p.page.click(`[data-testid=rate-criticality-${3 + i}]`);
      await p.page.click('[data-testid=rate-frequency-4]');
      await p.page.click('[data-testid=rate-difficulty-2]');
      await p.page.selectOption('[data-testid=rate-need]', 'school');
    }

    // Anna sees the mean and spread on WA 1, and turns the heat map on.
    const badge = nodeWithCode(anna.page, 'WA 1').locator('[data-testid=rating-badge]');
    await expect.poll(() => badge.textContent()).toBe('4.0 ±0.8');
    await anna.page.click('[data-testid=workshop-heat]');
    await expect.poll(() => nodeWithCode(anna.page, 'WA 1').getAttribute('data-heat')).toBe('4');
    await screenshot(anna.page, 'workshop-heat-map');

    for (const p of [anna, ...participants]) expect(p.errors).toEqual([]);
  });

  it('hidden ratings and private cards stay in each participant\'s private document until the facilitator reveals them; the heat map switches scale', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — private workshop' });
    const size = { width: 1440, height: 900 };
    const [anna, boris, vera, gulnara] = await joinMap(suite.browser, map, [
      { size, name: 'Anna', role: 'owner' },
      { size, name: 'Boris', role: 'commenter' },
      { size, name: 'Vera', role: 'commenter' },
      { size, name: 'Gulnara', role: 'commenter' },
    ]);
    const everyone = [anna, boris, vera, gulnara];
    for (const p of everyone) await p.page.locator('[data-testid=unfold-all]').click();

    // Anna starts the workshop, hides ratings and keeps cards private.
    await anna.page.click('[data-testid=open-workshop]');
    await anna.page.click('[data-testid=workshop-start]');
    await anna.page.click('[data-testid=workshop-hideRatings]');
    await anna.page.click('[data-testid=workshop-privateIdeas]');
    for (const p of [boris, vera, gulnara]) {
      await p.page.click('[data-testid=open-workshop]');
      await p.page.click('[data-testid=workshop-join]');
      await p.page.locator('[data-testid=ratings-private-note]').waitFor();
    }
    const borisId = await participantIdOf(suite.app, map.id, 'Boris');

    // Boris rates WA 1 and writes a card: both are his and Anna's only.
    await selectByCode(boris.page, 'WA 1');
    await boris.page.click('[data-testid=rate-criticality-5]');
    await boris.page.click('[data-testid=rate-frequency-4]');
    await boris.page.locator('[data-testid=my-rating-private]').waitFor();
    await expect.poll(() => badgeOf(boris, 'WA 1').textContent()).toBe('5.0 ±0.0');
    await boris.page.fill('[data-testid=idea-text]', 'Test the dye on the skin first');
    await boris.page.click('[data-testid=idea-add]');
    await expect.poll(() => boris.page.locator('[data-testid=idea-card][data-private=true]').count()).toBe(1);

    const borisPrivate = `${map.id}.workshop.${borisId}`;
    await expect.poll(async () => Object.keys(await serverEntries(suite.app, borisPrivate, 'ratings')).length).toBe(1);
    expect(Object.values(await serverEntries(suite.app, borisPrivate, 'ratings'))[0]).toMatchObject({ criticality: 5, frequency: 4 });
    expect(Object.values(await serverEntries(suite.app, borisPrivate, 'ideas'))).toEqual([expect.objectContaining({ text: 'Test the dye on the skin first', author: borisId })]);
    // The review document, which every link reads, holds none of it.
    expect(await serverEntries(suite.app, `${map.id}.review`, 'ratings')).toEqual({});
    expect(await serverEntries(suite.app, `${map.id}.review`, 'ideas')).toEqual({});

    // Vera does not see Boris's rating or card; her own rating is hers alone too.
    await selectByCode(vera.page, 'WA 1');
    expect(await badgeOf(vera, 'WA 1').count()).toBe(0);
    await vera.page.click('[data-testid=rate-criticality-1]');
    await vera.page.click('[data-testid=rate-frequency-4]');
    await expect.poll(() => badgeOf(vera, 'WA 1').textContent()).toBe('1.0 ±0.0');
    expect(await vera.page.locator('[data-testid=idea-card]').count()).toBe(0);

    // Anna reads every private document: both ratings, the card, and the counts.
    await expect.poll(() => badgeOf(anna, 'WA 1').textContent()).toBe('3.0 ±2.0');
    await expect.poll(() => anna.page.locator('[data-testid=private-ratings-count]').textContent()).toBe('2 participants have rated privately (ratings: 2)');
    await expect.poll(() => anna.page.locator('[data-testid=idea-card][data-private=true]').count()).toBe(1);
    await expect.poll(() => anna.page.locator('[data-testid=private-ideas-count]').textContent()).toBe('1 participant has written private cards (cards: 1)');

    // The heat map colours by the scale Anna picks.
    await anna.page.click('[data-testid=workshop-heat]');
    await expect.poll(() => nodeWithCode(anna.page, 'WA 1').getAttribute('data-heat')).toBe('3');
    await anna.page.selectOption('[data-testid=workshop-heat-scale]', 'frequency');
    await expect.poll(() => nodeWithCode(anna.page, 'WA 1').getAttribute('data-heat')).toBe('4');
    await anna.page.selectOption('[data-testid=workshop-heat-scale]', 'spread');
    await expect.poll(() => nodeWithCode(anna.page, 'WA 1').getAttribute('data-heat')).toBe('2');
    const spreadColour = await nodeWithCode(anna.page, 'WA 1').evaluate((el) => getComputedStyle(el).backgroundColor);
    await anna.page.selectOption('[data-testid=workshop-heat-scale]', 'difficulty');
    await expect.poll(() => nodeWithCode(anna.page, 'WA 1').getAttribute('data-heat')).toBe('3');
    expect(await nodeWithCode(anna.page, 'WA 1').evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(spreadColour);
    await screenshot(anna.page, 'workshop-private-ratings');

    // Anna agrees a rule on frequency and the training need; a bound outside 1–5 is refused and changes nothing.
    await anna.page.click('[data-testid=rule-add]');
    const rule = anna.page.locator('[data-testid=rule-row][data-rule=rule-1]');
    await rule.locator('[data-testid=rule-min-frequency]').fill('3.5');
    await rule.locator('[data-testid=rule-need]').selectOption('school');
    const rules = async () => (await serverEntries(suite.app, `${map.id}.review`, 'workshop')).rules;
    await expect.poll(rules).toEqual([{ id: 'rule-1', minCriticality: 4, minFrequency: 3.5, needs: ['school'] }]);
    await rule.locator('[data-testid=rule-min-difficulty]').fill('7');
    await rule.locator('[data-testid=rule-min-criticality]').focus();
    await expect.poll(() => rule.locator('[data-testid=rule-problem]').textContent()).toBe('Difficulty: a mean lies between 1 and 5.');
    expect(await rules()).toEqual([{ id: 'rule-1', minCriticality: 4, minFrequency: 3.5, needs: ['school'] }]);

    // Anna reveals the ratings: they are in the review's `ratings`, for everyone, and rating is open again.
    await anna.page.click('[data-testid=reveal-ratings]');
    await expect.poll(() => anna.page.locator('[data-testid=reveal-ratings-status]').textContent()).toBe('2 ratings revealed');
    const revealed = await serverEntries(suite.app, `${map.id}.review`, 'ratings');
    expect(Object.keys(revealed).filter((key) => key.endsWith(`/${borisId}`))).toHaveLength(1);
    expect(Object.values(revealed).map((r) => (r as { criticality: number }).criticality).sort()).toEqual([1, 5]);
    expect(await serverEntries(suite.app, borisPrivate, 'ratings')).toEqual({});
    await expect.poll(() => badgeOf(vera, 'WA 1').textContent()).toBe('3.0 ±2.0');
    await expect.poll(() => badgeOf(gulnara, 'WA 1').textContent()).toBe('3.0 ±2.0');
    await expect.poll(() => anna.page.locator('[data-testid=workshop-hideRatings]').isChecked()).toBe(false);
    await expect.poll(() => vera.page.locator('[data-testid=ratings-private-note]').count()).toBe(0);
    // The card is still Boris's and Anna's until the ideas are revealed.
    expect(await vera.page.locator('[data-testid=idea-card]').count()).toBe(0);
    await anna.page.click('[data-testid=reveal-ideas]');
    await expect.poll(() => anna.page.locator('[data-testid=reveal-ideas-status]').textContent()).toBe('1 card revealed');
    await expect.poll(() => vera.page.locator('[data-testid=idea-card]', { hasText: 'Test the dye on the skin first' }).count()).toBe(1);
    expect(await vera.page.locator('[data-testid=idea-card][data-private=true]').count()).toBe(0);

    for (const p of everyone) expect(p.errors).toEqual([]);
  });
});
