import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, testConfig, type Server } from '@qms/server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const screenshotDir = fileURLToPath(new URL('../screenshots/', import.meta.url));
const webDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

if (!hasChromium) {
  const message = `Browser tests need Chromium at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium`;
  // CI installs Chromium itself (.ci/run): a missing browser there is a broken setup, not a skip.
  if (process.env.CI) throw new Error(message);
  console.warn(`\n⚠ ${message} — skipping the browser tests.\n`);
}

export interface App {
  url: string;
  server: Server;
  /** Stops the server (clients are told it is restarting) but keeps its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The real server serving the built web app, on a free port with its own data directory. */
export async function startApp(options: { seedSamples?: boolean; localTrust?: boolean } = {}): Promise<App> {
  if (!existsSync(join(webDir, 'index.html'))) throw new Error(`The web app is not built (${webDir}). Run pnpm build first.`);
  const dataDir = await mkdtemp(join(tmpdir(), 'qms-e2e-'));
  const config = testConfig({ dataDir, webDir, seedSamples: options.seedSamples ?? false, localTrust: options.localTrust ?? true });
  let server = await createServer(config);
  const url = await server.listen();
  const port = Number(new URL(url).port);
  let running = true;
  const app: App = {
    url,
    server,
    async stop() {
      if (running) await server.close();
      running = false;
    },
    async restart() {
      await app.stop();
      server = await createServer({ ...config, port });
      await server.listen();
      app.server = server;
      running = true;
    },
    async close() {
      await app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return app;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

let people = 0;

/**
 * A separate person: own context, so no storage or BroadcastChannel is shared with the others.
 * They have already told the app their name (the editor asks once).
 */
export async function person(
  browser: Browser,
  size = { width: 1280, height: 800 },
  name = `Tester ${++people}`,
  institution = '',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: size });
  await context.addInitScript(
    ([who, where]) => {
      if (!localStorage.getItem('qms.preferences')) localStorage.setItem('qms.preferences', JSON.stringify({ name: who, institution: where }));
    },
    [name, institution] as const,
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
