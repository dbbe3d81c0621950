import { describe, expect, it } from 'vitest';
import { browserSuite, createMap, hasChromium, joinMap, screenshot } from './harness.js';

/** What a CASE consumer gets from an address the panel shows (no token: the provider is public). */
const pull = async (url: string) => {
  const response = await fetch(url);
  return { status: response.status, body: response.ok ? ((await response.json()) as { CFDocument: { title: string; adoptionStatus?: string } }) : null };
};

describe.skipIf(!hasChromium)('publication for CASE consumers', () => {
  const suite = browserSuite({ localTrust: false });

  it('the owner adopts the map, a consumer pulls it from the address shown, deprecates and withdraws it; an editor only sees the status', async () => {
    const map = await createMap(suite.app, { template: 'hairdresser', title: 'Hairdresser — published' });
    const size = { width: 1440, height: 900 };
    const [anna, boris] = await joinMap(suite.browser, map, [
      { size, name: 'Anna', role: 'owner' },
      { size, name: 'Boris', role: 'editor' },
    ]);
    await anna.page.click('[data-testid=history-tab]');
    const section = anna.page.locator('[data-testid=publication]');
    await expect.poll(() => section.locator('[data-testid=publication-status]').getAttribute('data-status')).toBe('draft');
    expect(await section.locator('[data-testid=publication-url]').count()).toBe(0);

    // Adopting asks first, and names the version it freezes in the history.
    await section.locator('[data-testid=publication-adopt]').click();
    await anna.page.locator('.confirm-dialog button.danger').click();
    await expect.poll(() => section.locator('[data-testid=publication-status]').getAttribute('data-status')).toBe('adopted');
    await expect.poll(() => anna.page.locator('[data-testid=history-version]', { hasText: 'Adopted for publication' }).count()).toBe(1);
    const address = await section.locator('[data-testid=publication-url]').inputValue();
    expect(address).toMatch(/\/ims\/case\/v1p0\/CFPackages\/[^/]+$/);
    await screenshot(anna.page, 'publication-adopted');

    const adopted = await pull(address);
    expect(adopted.status).toBe(200);
    expect(adopted.body?.CFDocument.title).toBe('Hairdresser — published');
    expect(adopted.body?.CFDocument.adoptionStatus).toBe('Adopted');

    // The editor sees the status, not the controls.
    await boris.page.click('[data-testid=history-tab]');
    await expect.poll(() => boris.page.locator('[data-testid=publication-status]').getAttribute('data-status')).toBe('adopted');
    expect(await boris.page.locator('[data-testid=publication-adopt]').count()).toBe(0);

    await section.locator('[data-testid=publication-deprecate]').click();
    await anna.page.locator('.confirm-dialog button.danger').click();
    await expect.poll(() => section.locator('[data-testid=publication-status]').getAttribute('data-status')).toBe('deprecated');
    expect((await pull(address)).body?.CFDocument.adoptionStatus).toBe('Deprecated');

    await section.locator('[data-testid=publication-withdraw]').click();
    await anna.page.locator('.confirm-dialog button.danger').click();
    await expect.poll(() => section.locator('[data-testid=publication-status]').getAttribute('data-status')).toBe('draft');
    expect((await pull(address)).status).toBe(404);
    expect(anna.errors).toEqual([]);
  });
});
