/**
 * Everything the browser tests share: the server, the browser, the people in a test, maps, and
 * waits for the state a test means (never for a length of time). See README.md.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, testConfig, type Server } from '@qms/server';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const screenshotDir = fileURLToPath(new URL('../screenshots/', import.meta.url));
const webDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** How long a wait for a state may take on a loaded two-core machine (also expect.poll's default, see vitest.config.ts). */
export const WAIT_MS = 20_000;

if (!hasChromium) {
  const message = `Browser tests need Chromium at ${CHROMIUM}. Install it with: sudo apt-get install -y chromium`;
  // CI installs Chromium itself (.ci/run): a missing browser there is a broken setup, not a skip.
  if (process.env.CI) throw new Error(message);
  console.warn(`\n⚠ ${message} — skipping the browser tests.\n`);
}

// ---- The server and the browser ----

export interface AppOptions {
  /** The sample maps of a fresh instance. */
  seedSamples?: boolean;
  /** Local visitors may open any map without a link (off: as on a workshop network). */
  localTrust?: boolean;
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
export async function startApp(options: AppOptions = {}): Promise<App> {
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

/** Debian's Chromium with the flags that work as root on these machines (see TOOLCHAIN.md). */
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

/**
 * One server and one browser for the tests of a `describe` block: started before them, closed
 * after. Read `suite.app` and `suite.browser` inside the tests.
 */
export function browserSuite(options: AppOptions = {}): { readonly app: App; readonly browser: Browser } {
  const suite = {} as { app: App; browser: Browser };
  beforeAll(async () => {
    suite.app = await startApp(options);
    suite.browser = await launch();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}

// ---- People ----

export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors of the page, for `expect(errors).toEqual([])`. */
  errors: string[];
}

export interface PersonOptions {
  size?: { width: number; height: number };
  name?: string;
  institution?: string;
}

let people = 0;

/**
 * Answers the name dialog the editor shows once per browser ("Who are you?"), before it is asked:
 * every page of the context starts with the name remembered.
 */
export async function answerNameDialog(context: BrowserContext, name: string, institution = ''): Promise<void> {
  await context.addInitScript(
    ([who, where]) => {
      if (!localStorage.getItem('qms.preferences')) localStorage.setItem('qms.preferences', JSON.stringify({ name: who, institution: where }));
    },
    [name, institution] as const,
  );
}

/**
 * A separate person: own context, so no storage or BroadcastChannel is shared with the others.
 * They have already told the app their name.
 */
export async function person(browser: Browser, options: PersonOptions = {}): Promise<Person> {
  const { size = { width: 1280, height: 800 }, name = `Tester ${++people}`, institution = '' } = options;
  const context = await browser.newContext({ viewport: size });
  await answerNameDialog(context, name, institution);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, errors };
}

// ---- Maps ----

export type Role = 'owner' | 'editor' | 'commenter' | 'viewer';

export interface CreatedMap {
  id: string;
  /** The map's address without a share link (enough where local visitors are trusted). */
  url: string;
  /** The share-link tokens, by role. */
  tokens: Record<Role, string>;
  /** The map's share link for a role. */
  link(role: Role): string;
}

/** Creates a map through the API (POST /api/maps), from a template or empty. */
export async function createMap(app: App, body: { template?: string; title?: string; language?: string } = {}): Promise<CreatedMap> {
  const response = await fetch(`${app.url}/api/maps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST /api/maps: ${response.status} ${await response.text()}`);
  const created = (await response.json()) as { id: string; tokens: Record<Role, string> };
  const url = `${app.url}/maps/${created.id}`;
  return { id: created.id, url, tokens: created.tokens, link: (role) => `${url}#token=${created.tokens[role]}` };
}

/** Opens a map (its address or a role's link) and waits until it is in sync with the server. */
export async function openMap(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForSyncStatus(page, 'saved');
}

/**
 * Waits until everything this page has written to its own copy of a map (IndexedDB) is stored: a
 * read of the store starts only after every write transaction begun before it has committed.
 */
export async function waitForLocalCopy(page: Page, mapId: string): Promise<void> {
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const read = db.transaction('updates', 'readonly').objectStore('updates').count();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            db.close();
            resolve();
          };
        };
      }),
    `qms-map-${mapId}`,
  );
}

/** People joining a map one after the other, each in their own browser context (by their role's link if given). */
export async function joinMap<const T extends ReadonlyArray<PersonOptions & { role?: Role }>>(
  browser: Browser,
  map: CreatedMap,
  participants: T,
): Promise<{ -readonly [K in keyof T]: Person }> {
  const joined: Person[] = [];
  for (const { role, ...options } of participants) {
    const one = await person(browser, options);
    await openMap(one.page, role ? map.link(role) : map.url);
    joined.push(one);
  }
  return joined as { -readonly [K in keyof T]: Person };
}

// ---- What a page shows ----

export type SyncStatus = 'connecting' | 'saved' | 'saving' | 'offline' | 'failing';

/** The header's sync indicator: "connecting", "saved", "saving", "offline" or "failing". */
export const syncStatus = (page: Page) => page.locator('[data-testid=sync-status]').getAttribute('data-status');

export async function waitForSyncStatus(page: Page, status: SyncStatus): Promise<void> {
  await expect.poll(() => syncStatus(page), { message: `sync status "${status}"` }).toBe(status);
}

/** Nodes on the canvas whose text contains `title`. */
export const mapNode = (page: Page, title: string) => page.locator('[data-testid=map-node]', { hasText: title });
/** The node with a code ("U 1", "WA 3"). */
export const nodeWithCode = (page: Page, code: string) => page.locator(`[data-testid=map-node][data-code="${code}"]`);
export const allNodes = (page: Page) => page.locator('[data-testid=map-node]');

/** Waits until `count` nodes (default one) contain `title`. */
export async function waitForNode(page: Page, title: string, count = 1): Promise<void> {
  await expect.poll(() => mapNode(page, title).count(), { message: `${count} node(s) "${title}"` }).toBe(count);
}

/** Waits until the canvas shows exactly `count` nodes. */
export async function waitForNodeCount(page: Page, count: number): Promise<void> {
  await expect.poll(() => allNodes(page).count(), { message: `${count} nodes` }).toBe(count);
}

/** Waits until the canvas draws exactly `count` links, of one kind ("childOf", "covers"…) if given. */
export async function waitForEdges(page: Page, count: number, kind?: string): Promise<void> {
  const edges = page.locator(kind ? `.react-flow__edge.map-edge--${kind}` : '.react-flow__edge');
  await expect.poll(() => edges.count(), { message: `${count} ${kind ?? ''} link(s)` }).toBe(count);
}

// ---- Editing ----

/** The map as the server holds it: each node's kind and title, and every link, read from its document. */
export async function storedMap(app: App, mapId: string) {
  return app.server.rooms.with(mapId, (room) => {
    const nodes = [...room.doc.getMap('nodes').entries()].map(([id, node]) => {
      const entry = node as { get(key: string): unknown };
      return { id, kind: String(entry.get('kind')), title: String(entry.get('title') ?? '') };
    });
    const edges = [...room.doc.getMap('edges').values()].map((edge) => {
      const entry = edge as { get(key: string): unknown };
      return { kind: String(entry.get('kind')), source: String(entry.get('source')), target: String(entry.get('target')) };
    });
    return { nodes, edges };
  });
}


/** Types a node's statement into the title editor that has just opened (once it has the keyboard). */
export async function typeTitle(page: Page, title: string): Promise<void> {
  await page.locator('.title-editor:focus').waitFor({ timeout: WAIT_MS });
  await page.keyboard.type(title);
  await page.keyboard.press('Enter');
  await waitForNode(page, title);
}

/** Adds a node of a kind from the toolbar and names it. */
export async function addNode(page: Page, kind: string, title: string): Promise<void> {
  const before = await allNodes(page).count();
  await page.click(`[data-testid=add-${kind}]`);
  await waitForNodeCount(page, before + 1);
  await typeTitle(page, title);
}

/** Opens a node's title editor with a double-click and waits until it has the keyboard. */
export async function editTitle(page: Page, node: Locator): Promise<void> {
  await node.dblclick();
  await page.locator('.title-editor:focus').waitFor({ timeout: WAIT_MS });
}

/** Finds a node by its code with Ctrl+K and waits until it is the one selected. */
export async function selectByCode(page: Page, code: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+k');
  await page.locator('.search-palette input:focus').waitFor({ timeout: WAIT_MS });
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await page.locator('.search-palette').waitFor({ state: 'detached', timeout: WAIT_MS });
  await page.locator(`.react-flow__node.selected [data-testid=map-node][data-code="${code}"]`).waitFor({ timeout: WAIT_MS });
}

// ---- Pointing and dragging ----

export interface Point {
  x: number;
  y: number;
}

/**
 * Where a person would point at an element: its box and centre, once it is on screen, has kept
 * still for two animation frames (a view being panned or fitted moves everything) and is the
 * topmost thing at its centre (not under a toolbar or another node).
 */
export async function pointAt(locator: Locator): Promise<Point & { box: { x: number; y: number; width: number; height: number } }> {
  await locator.waitFor({ state: 'visible', timeout: WAIT_MS });
  return locator.evaluate(
    (element, timeout) =>
      new Promise((resolve, reject) => {
        const deadline = performance.now() + timeout;
        let last = '';
        let stillFrames = 0;
        const check = () => {
          const { x, y, width, height } = element.getBoundingClientRect();
          const key = `${x} ${y} ${width} ${height}`;
          stillFrames = key === last ? stillFrames + 1 : 0;
          last = key;
          const centre = { x: x + width / 2, y: y + height / 2 };
          const hit = document.elementFromPoint(centre.x, centre.y);
          const onTop = hit !== null && (hit === element || element.contains(hit));
          if (stillFrames >= 2 && onTop) return resolve({ ...centre, box: { x, y, width, height } });
          if (performance.now() > deadline) {
            const what = hit ? `<${hit.tagName.toLowerCase()} class="${hit.getAttribute('class') ?? ''}">` : 'nothing';
            return reject(new Error(stillFrames >= 2 ? `${what} covers the element at (${centre.x}, ${centre.y})` : 'the element kept moving'));
          }
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    WAIT_MS,
  ) as Promise<Point & { box: { x: number; y: number; width: number; height: number } }>;
}

/**
 * A spot of empty canvas where a drag pans the view (nothing drawn on top), as near as can be to
 * `near` (pane coordinates), searched on a grid: maps fill the pane, so a fixed spot may hold a card.
 */
export async function emptyPanePoint(page: Page, near: Point = { x: 0, y: 0 }): Promise<Point> {
  const found = await page.evaluate((wanted) => {
    const pane = document.querySelector('.react-flow__pane')!.getBoundingClientRect();
    let best: { x: number; y: number; d: number } | null = null;
    for (let y = pane.top + 20; y < pane.bottom - 20; y += 20) {
      for (let x = pane.left + 60; x < pane.right - 20; x += 20) {
        if (!document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) continue;
        const d = Math.hypot(x - pane.left - wanted.x, y - pane.top - wanted.y);
        if (!best || d < best.d) best = { x, y, d };
      }
    }
    return best;
  }, near);
  if (!found) throw new Error('No empty spot on the canvas to pan from');
  return { x: found.x, y: found.y };
}

/** Waits until the canvas's view has stopped moving (after a fit, a follow or a pan). */
export async function waitForStillView(page: Page): Promise<void> {
  await page.locator('.react-flow__viewport').first().evaluate(
    (viewport, timeout) =>
      new Promise<void>((resolve, reject) => {
        const deadline = performance.now() + timeout;
        let last = '';
        let stillFrames = 0;
        const check = () => {
          const now = (viewport as HTMLElement).style.transform;
          stillFrames = now === last ? stillFrames + 1 : 0;
          last = now;
          if (stillFrames >= 2) return resolve();
          if (performance.now() > deadline) return reject(new Error('the view kept moving'));
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    WAIT_MS,
  );
}

/** Fits the whole map in view with the canvas's fit button (it does not animate). */
export async function fitMap(page: Page): Promise<void> {
  await page.locator('.react-flow__controls-fitview').click();
  await waitForStillView(page);
}

/** Presses the mouse at `from`, moves it in steps to `to` and lets go. */
export async function drag(page: Page, from: Point, to: Point, steps = 12): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}

/**
 * Draws a link by hand: from one handle to another, letting go once the canvas shows the line
 * attached to the target node (whether the link is allowed or not).
 */
export async function connect(page: Page, fromHandle: Locator, toHandle: Locator): Promise<void> {
  const from = await pointAt(fromHandle);
  const to = await pointAt(toHandle);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 15 });
  await expect.poll(() => fromHandle.getAttribute('class'), { message: 'a link being drawn from the handle' }).toContain('connectingfrom');
  // React Flow marks the handle the line snaps to; with loose connections and handles without ids
  // that may be the node's other handle, so the node is what counts.
  const attached = page.locator('.react-flow__node', { has: toHandle }).locator('.react-flow__handle.connectingto');
  await expect.poll(() => attached.count(), { message: 'the line attached to the target node' }).toBe(1);
  await page.mouse.up();
}

// ---- Pictures for review ----

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
