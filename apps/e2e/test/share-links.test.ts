import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, editTitle, hasChromium, mapNode, person, screenshot, waitForNode, waitForNodeCount } from './harness.js';

describe.skipIf(!hasChromium)('share links in the browser', () => {
  // As on a workshop network: nobody is trusted for being local.
  const suite = browserSuite({ localTrust: false });

  it('an owner edits and shares; a viewer follows live, cannot edit, and loses access when the link is replaced', async () => {
    const { app, browser } = suite;
    const map = await createMap(app, { template: 'ruecvet-course', title: 'Shared course' });

    const stranger = await person(browser);
    await stranger.page.goto(map.url);
    await expect.poll(() => stranger.page.locator('[data-testid=unavailable]').getAttribute('data-reason')).toBe('unauthorized');

    const owner = await person(browser, { size: { width: 1440, height: 900 } });
    await owner.page.goto(map.link('owner'));
    await waitForNodeCount(owner.page, 21);
    expect(new URL(owner.page.url()).hash).toBe(''); // the token left the address bar

    const viewer = await person(browser);
    await viewer.page.goto(map.link('viewer'));
    await expect.poll(() => viewer.page.locator('[data-testid=role-banner]').count()).toBe(1);
    expect(await viewer.page.locator('[data-testid=add-workAction]').count()).toBe(0);
    // Double-click does not open editing for a viewer.
    await mapNode(viewer.page, 'Develop a functional qualification map').dblclick();
    expect(await viewer.page.locator('.title-editor').count()).toBe(0);

    // The owner's edit reaches the viewer live.
    await editTitle(owner.page, mapNode(owner.page, 'Develop a functional qualification map'));
    await owner.page.keyboard.press('End');
    await owner.page.keyboard.type(' together');
    await owner.page.keyboard.press('Enter');
    await waitForNode(viewer.page, 'Develop a functional qualification map together');

    // Share dialog: the viewer link is replaced; the old one stops working at once.
    await owner.page.click('[data-testid=open-share]');
    await owner.page.click('[data-testid=renew-viewer]');
    await expect.poll(() => owner.page.locator('[data-testid=link-viewer]').inputValue()).toMatch(/#token=[A-Za-z0-9_-]{43}$/);
    // A new link shows its QR code at once, for the projector.
    await expect.poll(() => owner.page.locator('[data-testid=qr-viewer] svg').count()).toBe(1);
    await screenshot(owner.page, 'share-dialog');
    await expect.poll(() => viewer.page.locator('[data-testid=unavailable]').getAttribute('data-reason')).toBe('unauthorized');

    const newLink = await owner.page.locator('[data-testid=link-viewer]').inputValue();
    const second = await person(browser);
    await second.page.goto(newLink.replace(/^https?:\/\/[^/]+/, app.url));
    await expect.poll(() => second.page.locator('[data-testid=role-banner]').count()).toBe(1);
  });
});
