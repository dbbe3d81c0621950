import { readFile } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, joinMap, screenshot } from './harness.js';

/** The text of a .docx's body: its `word/document.xml` out of the zip, runs joined. */
function docxBodyText(zip: Buffer): string {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const local = zip.readUInt32LE(at + 42);
    if (name === 'word/document.xml') {
      const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const data = zip.subarray(start, start + size);
      const xml = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
      return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' ');
    }
    at += 46 + nameLength + extra;
  }
  throw new Error('no word/document.xml in the file');
}

async function addPartner(page: Page, name: string, country: string, role: 'home' | 'host') {
  await page.click('[data-testid=add-partner]');
  await page.fill('[data-testid=partner-name]', name);
  await page.fill('[data-testid=partner-country]', country);
  await page.locator('[data-testid=partner-role]').selectOption(role);
  await page.click('[data-testid=save-partner]');
  await expect.poll(() => page.locator('[data-testid=partner]', { hasText: name }).count()).toBe(1);
}

async function fillMobility(page: Page) {
  await page.click('[data-testid=new-mobility]');
  await page.fill('[data-testid=mobility-title]', 'Spring 2027 Tashkent–Riga');
  await page.fill('[data-testid=mobility-start]', '2027-03-01');
  await page.fill('[data-testid=mobility-end]', '2027-03-28');
  await page.check('[data-testid="mobility-unit-U 1"]');
}

const checklist = (page: Page) =>
  page.locator('[data-testid=checklist-item]').evaluateAll((items) => Object.fromEntries(items.map((item) => [item.getAttribute('data-id'), item.getAttribute('data-done') === 'true'])));

describe.skipIf(!hasChromium)('a mobility', () => {
  const suite = browserSuite({ localTrust: false });

  it('goes from creation, refused until the partners agree its unit, to a learner’s recognised transcript', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — mobility' });
    const size = { width: 1440, height: 900 };
    const [olga, inga, victor] = await joinMap(suite.browser, map, [
      { size, name: 'Olga', institution: 'Tashkent Service College', role: 'owner' },
      { size, name: 'Inga', institution: 'Riga Beauty School', role: 'editor' },
      { name: 'Victor', role: 'viewer' },
    ]);
    const page = olga.page;

    // The partners, in the Review tab.
    await page.click('[data-testid=review-tab]');
    await addPartner(page, 'Tashkent Service College', 'UZ', 'home');
    await addPartner(page, 'Riga Beauty School', 'LV', 'host');

    // A mobility on U 1 before the partners agreed it: refused, and the form says why.
    await page.click('[data-testid=mobility-tab]');
    await fillMobility(page);
    expect(await page.locator('[data-testid=mobility-home] option:checked').textContent()).toContain('Tashkent Service College');
    expect(await page.locator('[data-testid=mobility-host] option:checked').textContent()).toContain('Riga Beauty School');
    await page.click('[data-testid=create-mobility]');
    await expect.poll(() => page.locator('[data-testid=mobility-error]').textContent()).toContain('not agreed by every partner in a closed review round');
    expect(await page.locator('[data-testid=mobility-error]').textContent()).toContain('U 1');

    // Both partners agree U 1 in a review round, which the owner closes.
    await page.click('[data-testid=review-tab]');
    await page.click('[data-testid=open-round]');
    await page.fill('[data-testid=round-title]', 'Units for the spring mobility');
    await page.locator('[data-testid=round-unit]').nth(0).check();
    await page.click('[data-testid=start-round]');
    for (const one of [olga, inga]) {
      await one.page.click('[data-testid=review-tab]');
      await expect.poll(() => one.page.locator('[data-testid=round-unit-row]').count()).toBe(1);
      await one.page.locator('[data-testid=round-unit-row]').nth(0).locator('[data-testid=decide]').click();
      await one.page.click('[data-testid=decision-agreed]');
      await one.page.click('[data-testid=save-decision]');
    }
    await expect.poll(() => page.locator('[data-testid=round-unit-row] [data-testid=decision]').count()).toBe(2);
    await page.click('[data-testid=close-round]');

    // Now the mobility is taken.
    await page.click('[data-testid=mobility-tab]');
    await fillMobility(page);
    await page.click('[data-testid=create-mobility]');
    await expect.poll(() => page.locator('[data-testid=mobility-detail] h3').textContent()).toBe('Spring 2027 Tashkent–Riga');
    expect(await checklist(page)).toEqual({ partners: true, 'units-agreed': true, 'learning-agreements': false, results: false, recognised: false });

    // A learner, their results and the home institution's recognition.
    await page.fill('[data-testid=learner-name]', 'Zilola Ergasheva');
    await page.fill('[data-testid=learner-dob]', '2005-11-30');
    await page.click('[data-testid=add-learner]');
    await expect.poll(() => page.locator('[data-testid=learner-title]').textContent()).toBe('Zilola Ergasheva');
    await expect.poll(() => checklist(page)).toMatchObject({ 'learning-agreements': true, results: false });
    await page.locator('[data-testid="result-U 1"]').selectOption('achieved');
    await page.fill('[data-testid="assessor-U 1"]', 'Inga Ozola');
    await page.fill('[data-testid="result-date-U 1"]', '2027-03-20');
    await page.fill('[data-testid="evidence-U 1"]', 'Observed salon consultation');
    await page.click('[data-testid=save-results]');
    await expect.poll(() => checklist(page)).toMatchObject({ results: true, recognised: false });
    await page.fill('[data-testid=recognition-by]', 'Dilnoza Karimova');
    await page.fill('[data-testid=recognition-date]', '2027-04-02');
    await page.click('[data-testid=save-recognition]');
    await expect.poll(() => checklist(page)).toEqual({ partners: true, 'units-agreed': true, 'learning-agreements': true, results: true, recognised: true });
    await screenshot(page, 'mobility');

    // The transcript, downloaded as Word, holds the learner, the result and the recognition.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=learner] [data-testid=download-transcript-docx]').click()]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const text = docxBodyText(await readFile((await download.path())!));
    for (const expected of ['Personal Transcript', 'Zilola Ergasheva', 'Inga Ozola', 'Observed salon consultation', 'Achieved', 'Recognised', 'Dilnoza Karimova', 'Tashkent Service College', 'Riga Beauty School']) {
      expect(text).toContain(expected);
    }

    // The editor sees the mobility; a viewer has no Mobility tab at all.
    await inga.page.click('[data-testid=mobility-tab]');
    await expect.poll(() => inga.page.locator('[data-testid=mobility-item]').textContent()).toBe('Spring 2027 Tashkent–Riga');
    expect(await victor.page.locator('[data-testid=mobility-tab]').count()).toBe(0);
    // The learner never entered the map's document.
    const stored = await suite.app.server.rooms.with(map.id, (room) => JSON.stringify(room.doc.toJSON()));
    expect(stored).not.toContain('Zilola');
    // The browser logs the refused creation's 422 itself; nothing else went wrong.
    expect(olga.errors.filter((error) => !error.includes('status of 422'))).toEqual([]);
    expect(olga.errors.filter((error) => error.includes('status of 422'))).toHaveLength(1);
    for (const one of [inga, victor]) expect(one.errors).toEqual([]);
  });
});
