import { describe, expect, it } from 'vitest';
import { addNode, browserSuite, createMap, hasChromium, joinMap, screenshot } from './harness.js';

/** The "not an action verb" findings shown in the Checks tab, by the word they name. */
const unknownVerbs = (page: import('playwright-core').Page) =>
  page.locator('[data-testid=issue][data-rule=verb]').evaluateAll((items) => items.map((item) => item.textContent ?? ''));

describe.skipIf(!hasChromium)('answers to "not an action verb" in the Checks tab', () => {
  const suite = browserSuite();

  it('a Russian map reads Russian verbs; "add to this map’s verbs" is shared with a partner, "ignore here" hides one finding', async () => {
    const map = await createMap(suite.app, { title: 'Сварщик', language: 'ru' });
    const [olga, boris] = await joinMap(suite.browser, map, [{ name: 'Olga' }, { name: 'Boris', role: 'editor' }]);
    await addNode(olga.page, 'learningOutcome', 'Выполнять сварку стыковых швов');
    await addNode(olga.page, 'learningOutcome', 'Прихватывать детали перед сваркой');
    await addNode(olga.page, 'learningOutcome', 'Кантовать заготовки');
    await olga.page.click('[data-testid=checks-tab]');
    // "Выполнять" is a Russian verb: only the two trade words are findings.
    await expect.poll(() => unknownVerbs(olga.page)).toHaveLength(2);
    await olga.page.locator('[data-testid=answer-add-verb]').first().scrollIntoViewIfNeeded();
    await screenshot(olga.page, 'check-answers');

    const welding = olga.page.locator('[data-testid=issue][data-rule=verb]', { hasText: 'прихватывать' });
    await welding.locator('[data-testid=answer-add-verb]').click();
    await expect.poll(() => unknownVerbs(olga.page)).toHaveLength(1);
    // Shared through the map: the partner's checks accept it too.
    await boris.page.click('[data-testid=checks-tab]');
    await expect.poll(() => unknownVerbs(boris.page)).toHaveLength(1);

    await boris.page.locator('[data-testid=issue][data-rule=verb] [data-testid=answer-ignore]').click();
    await expect.poll(() => unknownVerbs(boris.page)).toHaveLength(0);
    await expect.poll(() => unknownVerbs(olga.page)).toHaveLength(0);

    // As stored by the server: the map's language, its verbs and the ignored finding.
    const meta = await suite.app.server.rooms.with(map.id, (room) => room.doc.getMap('meta').toJSON());
    expect(meta.language).toBe('ru');
    expect(meta.verbs).toEqual({ ru: ['прихватывать'] });
    expect(Object.keys(meta.ignored as object)).toHaveLength(1);
    for (const one of [olga, boris]) expect(one.errors).toEqual([]);
  });

  it('offers no answers to a viewer', async () => {
    const map = await createMap(suite.app, { title: 'Сварщик', language: 'ru' });
    const [olga, viewer] = await joinMap(suite.browser, map, [{ name: 'Olga' }, { name: 'Vera', role: 'viewer' }]);
    await addNode(olga.page, 'learningOutcome', 'Кантовать заготовки');
    await viewer.page.click('[data-testid=checks-tab]');
    await expect.poll(() => unknownVerbs(viewer.page)).toHaveLength(1);
    expect(await viewer.page.locator('[data-testid^=answer-]').count()).toBe(0);
  });
});
