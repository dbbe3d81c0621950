import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, joinMap, nodeWithCode, openMap, person, screenshot, selectByCode, waitForSyncStatus } from './harness.js';

const preview = (page: Page) => page.locator('[data-testid=export-preview] img');

/** Waits until the export dialog shows a new picture (another than `before`) and gives its data URL. */
async function nextPicture(page: Page, before: string | null): Promise<string> {
  await expect.poll(async () => ((await preview(page).count()) ? preview(page).getAttribute('src') : null), { message: 'a new picture' }).not.toBe(before);
  await expect.poll(() => page.locator('[data-testid=export-preview]').getAttribute('data-phase')).toBe('ready');
  return (await preview(page).getAttribute('src'))!;
}

interface SvgReading {
  width: number;
  height: number;
  edges: number;
  paths: number;
  stroked: number;
  presence: number;
  rings: number;
  badges: number;
  clamped: number;
  titles: string[];
}

/** Reads an exported SVG (html-to-image: the canvas as XHTML in a foreignObject) the way a browser parses it. */
function readSvg(page: Page, dataUrl: string): Promise<SvgReading> {
  return page.evaluate((url) => {
    const text = decodeURIComponent(url.slice(url.indexOf(',') + 1));
    const svg = new DOMParser().parseFromString(text, 'image/svg+xml');
    const all = Array.from(svg.querySelectorAll<HTMLElement>('*'));
    const style = (el: Element) => el.getAttribute('style') ?? '';
    return {
      width: Number(svg.documentElement.getAttribute('width')),
      height: Number(svg.documentElement.getAttribute('height')),
      edges: svg.querySelectorAll('.react-flow__edge').length,
      paths: svg.querySelectorAll('.react-flow__edges path').length,
      // A line is drawn only with a stroke of its own: the picture carries no style sheet.
      stroked: Array.from(svg.querySelectorAll('.react-flow__edge-path')).filter((el) => /(^|;)\s*stroke: rgb/.test(style(el)) && !/stroke-width: 0px/.test(style(el))).length,
      presence: svg.querySelectorAll('[data-testid=remote-selection], [data-testid=remote-cursor]').length,
      rings: all.filter((el) => /box-shadow: [^;]*0px 0px 0px 3px/.test(style(el))).length,
      badges: svg.querySelectorAll('[data-testid=check-badge]').length,
      clamped: all.filter((el) => /-webkit-line-clamp: [1-9]|text-overflow: ellipsis/.test(style(el))).length,
      titles: Array.from(svg.querySelectorAll('.map-node__title')).map((el) => el.textContent ?? ''),
    };
  }, dataUrl);
}

describe.skipIf(!hasChromium)('pictures of the map', () => {
  const suite = browserSuite({ seedSamples: true });

  it('draws every line and full text, without other people’s selections or check badges unless asked for', async () => {
    const map = { id: 'sample-hairdresser', url: `${suite.app.url}/maps/sample-hairdresser`, tokens: {} as never, link: () => '' };
    const [anna, boris] = await joinMap(suite.browser, map, [{ name: 'Anna', size: { width: 1440, height: 900 } }, { name: 'Boris' }]);
    const page = anna.page;
    // Boris has a node selected: Anna sees his tag on it.
    await selectByCode(boris.page, 'U 1');
    await expect.poll(() => nodeWithCode(page, 'U 1').locator('[data-testid=remote-selection]').count()).toBe(1);
    const canvas = page.locator('.map-canvas');
    const edgesOnScreen = await canvas.locator('.react-flow__edge').count();
    const titlesOnScreen = await canvas.locator('.map-node__title').allTextContents();
    expect(edgesOnScreen).toBeGreaterThan(100);
    // Outcomes' statements are cut after three lines on screen; at least one of them is that long.
    const cutOnScreen = await canvas.locator('.map-node--compact .map-node__title').evaluateAll((els) => els.filter((el) => el.scrollHeight > el.clientHeight + 1).length);
    expect(cutOnScreen).toBeGreaterThan(0);

    await page.click('[data-testid=open-export]');
    await page.locator('input[name=format][value=svg]').check();
    const whole = await nextPicture(page, null);
    const map1 = await readSvg(page, whole);
    expect(map1.edges).toBe(edgesOnScreen);
    expect(map1.paths).toBe(edgesOnScreen); // one path per line: no hit areas, no handles
    expect(map1.stroked).toBe(edgesOnScreen);
    expect(map1.presence).toBe(0);
    expect(map1.rings).toBe(0);
    expect(map1.badges).toBe(0);
    expect(map1.clamped).toBe(0);
    expect(map1.titles.sort()).toEqual([...titlesOnScreen].sort());
    // Every statement in full on the printed cards too (nothing hidden below a clamp).
    const cutInPrint = await page
      .locator('[data-testid=print-canvas] .map-node__title')
      .evaluateAll((els) => els.filter((el) => el.scrollHeight > el.clientHeight + 1).length);
    expect(cutInPrint).toBe(0);
    await screenshot(page, 'export-picture-svg');

    // The current view: the canvas's size on screen.
    const before = await preview(page).getAttribute('src');
    await page.locator('input[name=picture-area][value=view]').check();
    const view = await readSvg(page, await nextPicture(page, before));
    const box = (await canvas.locator('.react-flow').boundingBox())!;
    expect([view.width, view.height]).toEqual([Math.round(box.width), Math.round(box.height)]);
    expect(view.presence).toBe(0);

    // A PNG at 3× for slides has three times the pixels of 1× on a side.
    await page.locator('input[name=format][value=png]').check();
    await page.locator('[data-testid=picture-resolution]').selectOption('1');
    const one = await nextPicture(page, null);
    const widthOf = () => preview(page).evaluate((img) => (img as HTMLImageElement).decode().then(() => (img as HTMLImageElement).naturalWidth));
    const oneWidth = await widthOf();
    await page.locator('[data-testid=picture-resolution]').selectOption('3');
    await nextPicture(page, one);
    expect(await widthOf()).toBe(oneWidth * 3);
    await waitForSyncStatus(page, 'saved');
    expect(anna.errors).toEqual([]);
  });

  it('shows check badges only when asked for, as many as on screen', async () => {
    const map = await createMap(suite.app, { template: 'ruecvet-course' });
    const { page, errors } = await person(suite.browser, { size: { width: 1440, height: 900 } });
    await openMap(page, map.url);
    const badges = page.locator('.map-canvas [data-testid=check-badge]');
    await expect.poll(() => badges.count()).toBeGreaterThan(0);
    const onScreen = await badges.count();
    await page.click('[data-testid=open-export]');
    await page.locator('input[name=format][value=svg]').check();
    const plain = await nextPicture(page, null);
    expect((await readSvg(page, plain)).badges).toBe(0);
    await page.locator('input[name=picture-checks]').check();
    expect((await readSvg(page, await nextPicture(page, plain))).badges).toBe(onScreen);
    expect(errors).toEqual([]);
  });
});
