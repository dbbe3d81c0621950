/**
 * Presence and reconnection, measured with real browsers (Debian's Chromium) against the real
 * server serving the built web app:
 *  1. awareness traffic per person while they move the pointer continuously;
 *  2. how long 30 browsers take to be back in sync ("Saved") after the server restarts.
 *
 *   pnpm bench:presence        (needs `pnpm build` and /usr/bin/chromium)
 *   CLIENTS=30 SECONDS=5 pnpm bench:presence
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, testConfig, type Server } from '@qms/server';
import { chromium } from 'playwright-core';
import { WebSocket } from 'ws';

const CLIENTS = Number(process.env.CLIENTS ?? 30);
const SECONDS = Number(process.env.SECONDS ?? 5);
const webDir = fileURLToPath(new URL('../apps/web/dist', import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), 'qms-bench-presence-'));
const base = testConfig({ dataDir, webDir, seedSamples: true });

let server: Server = await createServer(base);
const url = await server.listen();
const port = Number(new URL(url).port);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const mapUrl = `${url}/maps/sample-ruecvet-course`;

async function open(name: string) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  await context.addInitScript((who) => localStorage.setItem('qms.preferences', JSON.stringify({ name: who })), name);
  const page = await context.newPage();
  await page.goto(mapUrl);
  await page.waitForSelector('[data-testid=sync-status][data-status=saved]', { timeout: 60_000 });
  return { context, page };
}

// 1. Awareness traffic: a raw observer counts the awareness bytes one moving person causes.
{
  const mover = await open('Mover');
  const observer = new WebSocket(`${url.replace('http', 'ws')}/sync/sample-ruecvet-course`);
  await new Promise((resolve) => observer.once('open', resolve));
  let bytes = 0;
  let messages = 0;
  observer.on('message', (data: Buffer) => {
    if (data[0] !== 1) return; // awareness
    bytes += data.byteLength;
    messages++;
  });
  const pane = (await mover.page.locator('.react-flow__pane').boundingBox())!;
  const started = Date.now();
  let step = 0;
  while (Date.now() - started < SECONDS * 1000) {
    step++;
    await mover.page.mouse.move(pane.x + 100 + (step % 400), pane.y + 100 + ((step * 7) % 300));
    await mover.page.waitForTimeout(8); // ~120 mouse events per second, as a hand moves
  }
  const elapsed = (Date.now() - started) / 1000;
  console.log(`Awareness while one person moves the pointer (${step} mouse events in ${elapsed.toFixed(1)} s):`);
  console.log(`  ${(messages / elapsed).toFixed(1)} messages/s, ${(bytes / elapsed / 1024).toFixed(2)} KiB/s per person (${(bytes / Math.max(1, messages)).toFixed(0)} B per message)`);
  observer.close();
  await mover.context.close();
}

// 2. Reconnect storm: CLIENTS browsers, the server restarts, time until every one shows "Saved".
{
  const pages = [];
  for (let i = 0; i < CLIENTS; i++) {
    pages.push(await open(`Person ${i + 1}`));
    process.stderr.write(`\r  ${i + 1} of ${CLIENTS} browsers in the map`);
  }
  process.stderr.write('\n');
  const stopped = Date.now();
  process.stderr.write('  restarting the server…\n');
  await server.close();
  process.stderr.write(`  stopped in ${Date.now() - stopped} ms\n`);
  server = await createServer({ ...base, port, seedSamples: false });
  await server.listen();
  const restarted = Date.now();
  const times = await Promise.all(
    pages.map(async ({ page }) => {
      // Each one first notices the restart, then reconnects with its own jittered delay.
      await page.waitForSelector('[data-testid=sync-status]:not([data-status=saved])', { timeout: 30_000 }).catch(() => undefined);
      await page.waitForSelector('[data-testid=sync-status][data-status=saved]', { timeout: 60_000 });
      return Date.now() - restarted;
    }),
  );
  times.sort((a, b) => a - b);
  const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  console.log(`\nReconnect storm: ${CLIENTS} browsers, server down for ${restarted - stopped} ms`);
  console.log(`  back to "Saved" after the restart: median ${pick(0.5)} ms, p90 ${pick(0.9)} ms, last ${times.at(-1)} ms`);
  for (const { context } of pages) await context.close();
}

await browser.close();
await server.close();
await rm(dataDir, { recursive: true, force: true });
