import { describe, expect, it } from 'vitest';
import { allNodes, browserSuite, createMap, hasChromium, joinMap, nodeWithCode } from './harness.js';

describe.skipIf(!hasChromium)('validating the functional map', () => {
  const suite = browserSuite({ localTrust: false });

  it('the owner opens a round on a key function and what is under it; an employer agrees to a work action, and rewording it makes the agreement stale', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — validation' });
    const size = { width: 1440, height: 900 };
    const [anna, rasa] = await joinMap(suite.browser, map, [
      { size, name: 'Anna', institution: 'Nova College', role: 'owner' },
      { size, name: 'Rasa', institution: 'Salon Rasa', role: 'commenter' },
    ]);
    for (const p of [anna.page, rasa.page]) await expect.poll(() => allNodes(p).count()).toBeGreaterThan(100);

    await anna.page.click('[data-testid=review-tab]');
    await anna.page.click('[data-testid=open-round]');
    await anna.page.fill('[data-testid=round-title]', 'Validation with the salons');
    const branch = anna.page.locator('[data-testid=round-functions] label', { has: anna.page.locator('[data-testid=round-function]') }).first();
    const branchText = (await branch.textContent()) ?? '';
    const workActions = Number(/\((\d+)/.exec(branchText)?.[1]);
    expect(workActions).toBeGreaterThan(0);
    await branch.locator('input').check();
    await anna.page.click('[data-testid=start-round]');

    // The round holds the key function and what is under it; no unit.
    await rasa.page.click('[data-testid=review-tab]');
    const rows = rasa.page.locator('[data-testid=round-unit-row]');
    await expect.poll(() => rows.count()).toBeGreaterThan(workActions);
    const waRow = rows.filter({ hasText: /^WA \d/ }).first();
    const waCode = /^(WA \d+)/.exec((await waRow.locator('th').textContent()) ?? '')![1]!;
    await waRow.locator('[data-testid=decide]').click();
    await rasa.page.click('[data-testid=decision-agreed]');
    await rasa.page.click('[data-testid=save-decision]');
    await expect.poll(() => nodeWithCode(anna.page, waCode).locator('[data-testid=review-state]').getAttribute('data-state')).toBe('agreed');

    // Anna rewords the work action: the agreement is stale for both.
    await suite.app.server.rooms.with(map.id, (room) => {
      for (const value of room.doc.getMap('nodes').values()) {
        const node = value as { get(key: string): unknown };
        if (node.get('code') === waCode) {
          const title = node.get('title') as { insert(index: number, text: string): void; length: number };
          title.insert(title.length, ' (reworded)');
        }
      }
    });
    for (const page of [anna.page, rasa.page]) {
      await expect.poll(() => nodeWithCode(page, waCode).locator('[data-testid=review-state]').getAttribute('data-state')).toBe('stale');
    }
    expect([...anna.errors, ...rasa.errors]).toEqual([]);
  });
});
