import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, hasChromium, person, openMap, type Role } from './harness.js';

/** React Flow's viewport: where the map is and its zoom. */
const viewportOf = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => {
    const match = /translate\((-?[\d.]+)px, (-?[\d.]+)px\) scale\(([\d.]+)\)/.exec((el as HTMLElement).style.transform);
    return match ? { x: Number(match[1]), y: Number(match[2]), zoom: Number(match[3]) } : null;
  });

/** A spreadsheet of a qualification with 4 key functions and 80 work actions under each: 325 nodes. */
function largeMapCsv(): string {
  const rows = ['Kind,Code,Title,Parent', 'qualification,Q,Large map,'];
  for (let k = 1; k <= 4; k++) {
    rows.push(`keyFunction,KF ${k},Key function ${k},Q`);
    for (let w = 1; w <= 80; w++) rows.push(`workAction,WA ${k}.${w},Carry out work action ${k}.${w},KF ${k}`);
  }
  return rows.join('\n');
}

describe.skipIf(!hasChromium)('a large map', () => {
  const suite = browserSuite();

  it('draws its minimap on a canvas, and a click on it takes the view there', async () => {
    const response = await fetch(`${suite.app.url}/api/maps/import?format=csv&title=Large%20map`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: largeMapCsv() });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: string; tokens: Record<Role, string> };
    const anna = await person(suite.browser, { name: 'Anna', size: { width: 1280, height: 800 } });
    await openMap(anna.page, `${suite.app.url}/maps/${created.id}#token=${created.tokens.owner}`);
    const minimap = anna.page.getByTestId('canvas-minimap').locator('canvas');
    await expect.poll(() => minimap.count()).toBe(1);
    // React Flow's own minimap (an SVG rectangle per node) is not there.
    expect(await anna.page.locator('svg.react-flow__minimap-svg').count()).toBe(0);
    // The nodes are drawn: some pixels are not blank.
    await expect
      .poll(() =>
        minimap.evaluate((canvas) => {
          const element = canvas as HTMLCanvasElement;
          const pixels = element.getContext('2d')!.getImageData(0, 0, element.width, element.height).data;
          let painted = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) painted++;
          return painted;
        }),
      )
      .toBeGreaterThan(500);
    const before = await viewportOf(anna.page);
    const box = (await minimap.boundingBox())!;
    // The far right end of the map, then the far left: the view follows.
    await anna.page.mouse.click(box.x + box.width - 4, box.y + box.height / 2);
    await expect.poll(async () => (await viewportOf(anna.page))!.x).not.toBe(before!.x);
    const right = (await viewportOf(anna.page))!;
    await anna.page.mouse.click(box.x + 4, box.y + box.height / 2);
    await expect.poll(async () => (await viewportOf(anna.page))!.x).toBeGreaterThan(right.x);
    expect((await viewportOf(anna.page))!.zoom).toBeCloseTo(right.zoom, 5);
  });

  it('draws the lines at a moving node in a layer of their own, and puts them back after the move', async () => {
    const response = await fetch(`${suite.app.url}/api/maps/import?format=csv&title=Large%20map`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: largeMapCsv() });
    const created = (await response.json()) as { id: string; tokens: Record<Role, string> };
    const anna = await person(suite.browser, { name: 'Anna', size: { width: 1280, height: 800 } });
    await openMap(anna.page, `${suite.app.url}/maps/${created.id}#token=${created.tokens.owner}`);
    await anna.page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await anna.page.keyboard.press('Shift+Digit1');
    /** The line pieces ("M…L…") drawn in each layer of the overview. */
    const pieces = () =>
      anna.page.evaluate(() => {
        const count = (selector: string) => Array.from(document.querySelectorAll(selector)).reduce((n, path) => n + (path.getAttribute('d')?.match(/M/g)?.length ?? 0), 0);
        return { still: count('svg.overview-edges:not(.overview-edges--moving) path'), moving: count('svg.overview-edges--moving path') };
      });
    // 4 key functions under the qualification and 80 work actions under each.
    await expect.poll(pieces).toEqual({ still: 324, moving: 0 });
    const node = anna.page.locator('[data-testid=map-node][data-code="WA 2.40"]');
    const box = (await node.boundingBox())!;
    await anna.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await anna.page.mouse.down();
    for (let i = 1; i <= 5; i++) await anna.page.mouse.move(box.x + box.width / 2 + i * 6, box.y + box.height / 2 + i * 6);
    // While it moves, its one line is drawn apart, and not also in the still layer.
    await expect.poll(pieces).toEqual({ still: 323, moving: 1 });
    await anna.page.mouse.up();
    // A while after the move, it is back with the others.
    await expect.poll(pieces, { timeout: 10_000 }).toEqual({ still: 324, moving: 0 });
  });
});
