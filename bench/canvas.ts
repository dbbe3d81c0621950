/**
 * The canvas with large maps, measured in a real browser (Debian's Chromium) against the real
 * server serving the built web app. For generated maps of 2,000 and 5,000 nodes:
 *  - time to first interactive render (navigation → nodes drawn and the sync status "saved");
 *  - frame times (requestAnimationFrame timestamps in the page) while panning the overview,
 *    zooming in and out, dragging a group of 50 selected nodes, while another person moves
 *    20 nodes a second, and while panning at 100 %;
 *  - where the main thread's time went in each (Chromium's Performance.getMetrics deltas);
 *  - memory (JS heap after a collection, DOM nodes).
 *
 *   pnpm bench:canvas                     (needs `pnpm build` and /usr/bin/chromium)
 *   SIZES=2000 SECONDS=3 pnpm bench:canvas
 *   COMPARE=results/canvas-before.json pnpm bench:canvas   (adds a before/after table)
 *   PROFILE=1 pnpm bench:canvas            (a JS CPU profile of each scenario: top functions)
 *   SCENARIOS=zoom,pan100 EXTRA_CSS="..." pnpm bench:canvas   (diagnosis: some scenarios, a style added)
 *
 * Chromium runs with --disable-gpu (no GPU on these machines): everything is painted and
 * composited in software, so the frame rates are a lower bound for a desktop with a GPU.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, testConfig } from '@qms/server';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { generateMap } from './generate-map.js';
import { FRAME_RECORDER, frameStats, type FrameStats } from './canvas/frames.js';
import { COUNTS, DRAWN, EMPTY_POINT, VIEW, VISIBLE_NODES } from './canvas/page.js';
import { connectMover } from './canvas/remote-mover.js';
import { writeGeneratedMap } from './canvas/store-map.js';

const SIZES = (process.env.SIZES ?? '2000,5000').split(',').map(Number);
const SECONDS = Number(process.env.SECONDS ?? 4);
const SEED = Number(process.env.SEED ?? 1);
const PROFILE = process.env.PROFILE === '1';
/** FRAMES=1: the longest animation frames of each scenario, with where their time went (for diagnosis). */
const LONG_FRAMES = process.env.FRAMES === '1';
/** TRACE=1: a Chromium trace of each scenario, summarised per thread (for diagnosis). */
const TRACE = process.env.TRACE === '1';
/** SCENARIOS=zoom,pan100: only the scenarios whose name starts with one of these (for diagnosis). */
const ONLY = process.env.SCENARIOS?.split(',').map((s) => s.trim().toLowerCase());
/** EXTRA_CSS='...': a style sheet added to the page (for diagnosis: what does a rule cost?). */
const EXTRA_CSS = process.env.EXTRA_CSS;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1280, height: 800 };
/** The zoom at which a group is selected and dragged, and others' moves are watched. */
const WORK_ZOOM = 0.085;
const GROUP = 50;
const MOVES_PER_SECOND = 20;

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const webDir = process.env.WEB_DIR ?? here('../apps/web/dist');
if (!existsSync(join(webDir, 'index.html'))) throw new Error(`The web app is not built (${webDir}). Run pnpm build first.`);
const dataDir = await mkdtemp(join(tmpdir(), 'qms-bench-canvas-'));
const server = await createServer(testConfig({ dataDir, webDir, seedSamples: false }));
const url = await server.listen();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

interface Work {
  /** Main-thread time per second of the scenario, ms: all tasks, script, style, layout. */
  task: number;
  script: number;
  style: number;
  layout: number;
}
interface Scenario {
  name: string;
  frames: FrameStats;
  work: Work;
  note?: string;
  /** With PROFILE=1: the JS CPU profile's top functions by self time. */
  profile?: Array<{ fn: string; selfMs: number; share: number }>;
}
interface Memory {
  heapMiB: number;
  domNodes: number;
  renderedNodes: number;
  renderedEdges: number;
}
interface SizeResult {
  nodes: number;
  edges: number;
  firstRenderMs: number;
  fitZoom: number;
  scenarios: Scenario[];
  memoryAfterLoad: Memory;
  memoryAfterRun: Memory;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function memory(page: Page, cdp: CDPSession): Promise<Memory> {
  await cdp.send('HeapProfiler.collectGarbage');
  const m = await metrics(cdp);
  const counts = (await page.evaluate(COUNTS)) as { rendered: number; edges: number; dom: number };
  return { heapMiB: m.JSHeapUsedSize! / 2 ** 20, domNodes: m.Nodes ?? counts.dom, renderedNodes: counts.rendered, renderedEdges: counts.edges };
}

/** Records frames (and main-thread work) while `drive` runs. */
async function measure(page: Page, cdp: CDPSession, name: string, drive: () => Promise<void>): Promise<Scenario> {
  if (PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  if (TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'cc', 'viz', 'gpu', 'blink', 'toplevel'] });
  const before = await metrics(cdp);
  const began = Date.now();
  await page.evaluate('window.__frames.start()');
  if (LONG_FRAMES) await page.evaluate(LONG_FRAME_RECORDER);
  await drive();
  if (LONG_FRAMES) {
    const long = (await page.evaluate('window.__longFrames.stop()')) as string[];
    process.stderr.write(`    longest frames of ${name}:\n${long.map((line) => `      ${line}\n`).join('')}`);
  }
  const wall = (Date.now() - began) / 1000;
  // A page that stays busy for a minute is reported as such rather than waited for.
  const times = (await Promise.race([page.evaluate('window.__frames.stop()'), sleep(60_000).then(() => [])])) as number[];
  const after = await metrics(cdp);
  if (TRACE) summariseTrace(name, await browser.stopTracing());
  const profile = PROFILE ? summarise(((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile) : undefined;
  // A page too busy to draw at all: rates per second of the wall clock.
  const frames = frameStats(times, wall);
  const seconds = Math.max(frames.seconds, wall);
  const per = (key: string) => ((after[key]! - before[key]!) * 1000) / seconds;
  const work = { task: per('TaskDuration'), script: per('ScriptDuration'), style: per('RecalcStyleDuration'), layout: per('LayoutDuration') };
  return { name, frames, work, profile };
}

/**
 * Long animation frames (Chromium's LoAF entries) while a scenario runs: each frame's duration
 * split into script, style and layout, and what is left (paint and the rest), with its longest scripts.
 */
const LONG_FRAME_RECORDER = `(() => {
  const entries = [];
  const began = performance.now();
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ type: 'long-animation-frame', buffered: false });
  window.__longFrames = {
    stop() {
      observer.disconnect();
      return entries.sort((a, b) => b.duration - a.duration).slice(0, 4).map((e) => {
        const script = e.scripts.reduce((n, s) => n + s.duration, 0);
        const styleLayout = e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0;
        const scripts = [...e.scripts].sort((a, b) => b.duration - a.duration).slice(0, 3).map((s) => Math.round(s.duration) + ' ms ' + (s.invoker || '?') + ' ' + (s.sourceFunctionName || '') + ' ' + (s.sourceURL || '').split('/').pop() + ':' + s.sourceCharPosition).join('; ');
        return 'at ' + Math.round(e.startTime - began) + ' ms, ' + Math.round(e.duration) + ' ms (blocking ' + Math.round(e.blockingDuration) + '): script ' + Math.round(script) + ', style+layout ' + Math.round(styleLayout) + ', render start ' + Math.round(e.renderStart ? e.startTime + e.duration - e.renderStart : 0) + ' | ' + scripts;
      });
    },
  };
})()`;

async function view(page: Page): Promise<{ x: number; y: number; width: number; height: number; zoom: number }> {
  return (await page.evaluate(VIEW)) as { x: number; y: number; width: number; height: number; zoom: number };
}

/** Waits (up to 3 minutes) until the map is saved again; says how long it took when it is slow. */
async function waitSaved(page: Page): Promise<void> {
  const began = Date.now();
  const ok = await page
    .waitForSelector('[data-testid=sync-status][data-status=saved]', { timeout: 180_000 })
    .then(() => true)
    .catch(() => false);
  const waited = Date.now() - began;
  if (!ok || waited > 2000) process.stderr.write(`  ${ok ? `saved again after ${waited} ms` : 'not saved after 3 minutes'}\n`);
}

/** Back to the fitted overview, then zoomed in at the centre until the zoom reaches `target`. */
async function zoomTo(page: Page, target: number): Promise<number> {
  await page.keyboard.press('Shift+Digit1');
  await sleep(700);
  const pane = await view(page);
  const fit = pane.zoom;
  await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
  let zoom = fit;
  for (let i = 0; i < 40 && zoom < target; i++) {
    await page.mouse.wheel(0, -100);
    await sleep(30);
    zoom = (await view(page)).zoom;
  }
  await sleep(300);
  return zoom;
}

async function runSize(size: number): Promise<SizeResult> {
  const map = generateMap({ nodes: size, seed: SEED });
  const id = `bench-canvas-${size}`;
  const title = `Canvas benchmark, ${size} nodes`;
  await server.maps.create(title, { id, build: (doc, origin) => writeGeneratedMap(doc, map, title, origin) });
  process.stderr.write(`\n${size} nodes (${map.nodes.length} nodes, ${map.edges.length} edges)\n`);

  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(`localStorage.setItem('qms.preferences', JSON.stringify({ name: 'Bench' }));`);
  await context.addInitScript(FRAME_RECORDER);
  const page = await context.newPage();
  if (EXTRA_CSS) await context.addInitScript(`addEventListener('DOMContentLoaded', () => { const style = document.createElement('style'); style.textContent = ${JSON.stringify(EXTRA_CSS)}; document.head.append(style); });`);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('crash', () => process.stderr.write('  the page crashed\n'));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');

  // 1. First interactive render: from the navigation until nodes are drawn and the map is saved.
  await page.goto(`${url}/maps/${id}`);
  const drawnAt = (await (await page.waitForFunction(DRAWN, undefined, { polling: 'raf', timeout: 180_000 })).jsonValue()) as number;
  process.stderr.write(`  drawn and saved after ${drawnAt.toFixed(0)} ms\n`);
  await sleep(1500); // the checks' first run and the minimap settle
  const memoryAfterLoad = await memory(page, cdp);
  const fit = await view(page);
  const scenarios: Scenario[] = [];
  const log = (s: Scenario) => {
    scenarios.push(s);
    process.stderr.write(`  ${s.name.padEnd(30)} p50 ${s.frames.p50.toFixed(1)} ms  p95 ${s.frames.p95.toFixed(1)} ms  ${s.frames.fps.toFixed(1)} fps  main thread ${s.work.task.toFixed(0)} ms/s\n`);
    for (const p of s.profile?.filter((entry, i) => i < 8 || entry.fn.startsWith('file ') || entry.fn.startsWith('under ')) ?? []) process.stderr.write(`      ${(p.share * 100).toFixed(1).padStart(5)} %  ${p.fn}\n`);
  };

  const wanted = (key: string) => !ONLY || ONLY.includes(key);

  if (wanted('idle')) log(await measure(page, cdp, 'idle (overview)', () => sleep(2000)));

  // 2. Panning the overview: drag on the empty pane, to and fro.
  const pan = async (name: string) => {
    const start = (await page.evaluate(EMPTY_POINT)) as { x: number; y: number } | null;
    if (!start) {
      process.stderr.write(`  ${name}: no empty point on the pane\n`);
      return;
    }
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    log(
      await measure(page, cdp, name, async () => {
        const began = Date.now();
        while (Date.now() - began < SECONDS * 1000) {
          const t = (Date.now() - began) / 1000;
          await page.mouse.move(start.x + 220 * Math.sin(t * Math.PI), start.y + 90 * Math.sin(t * Math.PI * 0.7));
        }
      }),
    );
    await page.mouse.up();
  };
  if (wanted('pan')) await pan(`pan (overview, ${(fit.zoom * 100).toFixed(0)} %)`);

  // 3. Zooming in and out with the wheel at the centre (about 16× each way).
  await page.mouse.move(fit.x + fit.width / 2, fit.y + fit.height / 2);
  if (wanted('zoom')) log(
    await measure(page, cdp, 'zoom in/out (wheel)', async () => {
      const began = Date.now();
      let step = 0;
      while (Date.now() - began < SECONDS * 1000) {
        await page.mouse.wheel(0, Math.floor(step / 20) % 2 === 0 ? -100 : 100);
        step++;
      }
      // Back out as far as it went in.
      const out = step % 40 < 20 ? step % 40 : 0;
      for (let i = 0; i < out; i++) await page.mouse.wheel(0, 100);
    }),
  );

  // 4. A group of 50 selected nodes dragged around.
  if (wanted('drag') || wanted('remote')) {
    const workZoom = await zoomTo(page, WORK_ZOOM);
    const visible = (await page.evaluate(VISIBLE_NODES)) as Array<{ id: string; x: number; y: number }>;
    const group = visible.slice(0, GROUP);
    await page.keyboard.down('Control');
    for (const node of group) await page.mouse.click(node.x, node.y);
    await page.keyboard.up('Control');
    const { selected } = (await page.evaluate(COUNTS)) as { selected: number };
    process.stderr.write(`  at ${(workZoom * 100).toFixed(0)} %: ${visible.length} nodes in view, ${selected} selected\n`);
    const grip = group[0]!;
    const drag = async () => {
      await page.mouse.move(grip.x, grip.y);
      await page.mouse.down();
      const began = Date.now();
      while (Date.now() - began < SECONDS * 1000) {
        const t = (Date.now() - began) / 1000;
        await page.mouse.move(grip.x + 160 * Math.sin(t * Math.PI), grip.y + 60 * Math.sin(t * Math.PI * 0.7));
      }
      await page.mouse.move(grip.x, grip.y);
      await page.mouse.up();
    };
    if (wanted('drag')) {
      const dragScenario = await measure(page, cdp, `drag ${selected} selected (${(workZoom * 100).toFixed(0)} %)`, drag);
      if (selected !== GROUP) dragScenario.note = `only ${selected} of ${GROUP} could be selected`;
      log(dragScenario);
      await waitSaved(page);
    }

    // 5. Someone else moves 20 of the nodes in view, one at a time, 20 moves a second.
    await page.keyboard.press('Escape');
    if (wanted('remote')) {
      const inView = ((await page.evaluate(VISIBLE_NODES)) as Array<{ id: string }>).slice(0, 20).map((n) => n.id);
      const mover = await connectMover(url, id);
      mover.start(inView, MOVES_PER_SECOND);
      await sleep(1000);
      const remote = await measure(page, cdp, `remote mover (${MOVES_PER_SECOND} moves/s)`, () => sleep(SECONDS * 1000));
      const moves = await mover.stop();
      remote.note = `${moves} moves in all, ${inView.length} nodes in view`;
      log(remote);
      mover.close();
      await waitSaved(page);
    }
  }

  // 6. Panning at 100 %, where a person works on a few nodes.
  if (wanted('pan100')) {
    await zoomTo(page, 1);
    await pan('pan (100 %)');
  }

  const memoryAfterRun = await memory(page, cdp);
  if (errors.length > 0) process.stderr.write(`  page errors: ${errors.slice(0, 3).join(' | ')}\n`);
  await context.close();
  return { nodes: map.nodes.length, edges: map.edges.length, firstRenderMs: drawnAt, fitZoom: fit.zoom, scenarios, memoryAfterLoad, memoryAfterRun };
}

/** Prints where each thread's time went in a trace (complete events, summed by name; nested ones overlap). */
function summariseTrace(name: string, buffer: Buffer): void {
  const { traceEvents } = JSON.parse(buffer.toString('utf8')) as { traceEvents: Array<{ ph: string; name: string; pid: number; tid: number; dur?: number; args?: { name?: string } }> };
  const threads = new Map<string, string>();
  for (const e of traceEvents) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const sums = new Map<string, number>();
  for (const e of traceEvents) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${threads.get(`${e.pid}:${e.tid}`) ?? e.tid} | ${e.name}`;
    sums.set(key, (sums.get(key) ?? 0) + e.dur / 1000);
  }
  process.stderr.write(`    trace of ${name}:\n`);
  for (const [key, ms] of [...sums].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stderr.write(`      ${ms.toFixed(0).padStart(7)} ms  ${key}\n`);
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** The built app's source maps, so that a profile names the source file and line. */
const sourceMaps = new Map<string, SourceMap | null>();
function sourceMapOf(url: string): SourceMap | null {
  if (!sourceMaps.has(url)) {
    const file = join(webDir, new URL(url).pathname);
    sourceMaps.set(url, existsSync(`${file}.map`) ? new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null);
  }
  return sourceMaps.get(url)!;
}

/** Self time per function (source file and line where the app has a source map), largest first. */
function summarise(profile: CpuProfile): Array<{ fn: string; selfMs: number; share: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    let where = frame.url.split('/').pop() ?? '';
    if (frame.url.startsWith('http')) {
      const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
      if (entry?.originalSource) where = `${entry.originalSource.replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^.*\/src\//, 'src/')}:${(entry.originalLine ?? 0) + 1}`;
    }
    const key = `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(key, (self.get(key) ?? 0) + dt);
    // And per file (per package for libraries): where a thin spread of small functions adds up.
    const path = where.replace(/:\d+$/, '');
    const file = `file ${(path.startsWith('src/') ? path : path.replace(/^(@[^/]+\/[^/]+|[^@][^/]*)\/.*$/, '$1')) || '(native)'}`;
    self.set(file, (self.get(file) ?? 0) + dt);
    total += dt;
  });
  // And per function of the app that the time was spent under (its libraries' work included).
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const appFrame = new Map<number, string | null>();
  const ownerOf = (id: number): string | null => {
    if (appFrame.has(id)) return appFrame.get(id)!;
    const frame = byId.get(id)!.callFrame;
    let owner: string | null = null;
    if (frame.url.startsWith('http')) {
      const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
      if (entry?.originalSource && !entry.originalSource.includes('node_modules')) owner = `under ${frame.functionName || '(anonymous)'} ${entry.originalSource.replace(/^.*\/src\//, 'src/')}:${(entry.originalLine ?? 0) + 1}`;
    }
    const up = parent.get(id);
    if (owner === null && up !== undefined) owner = ownerOf(up);
    appFrame.set(id, owner);
    return owner;
  };
  profile.samples.forEach((id, i) => {
    const owner = ownerOf(id);
    if (owner) self.set(owner, (self.get(owner) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const top = (entries: Array<[string, number]>, count: number) => entries.sort((a, b) => b[1] - a[1]).slice(0, count).map(([fn, selfMs]) => ({ fn, selfMs, share: selfMs / total }));
  const all = [...self];
  const kind = (key: string) => (key.startsWith('file ') ? 'file' : key.startsWith('under ') ? 'under' : 'fn');
  return [...top(all.filter(([key]) => kind(key) === 'fn'), 15), ...top(all.filter(([key]) => kind(key) === 'file'), 10), ...top(all.filter(([key]) => kind(key) === 'under'), 10)];
}

function machine() {
  const chromiumVersion = (() => {
    try {
      return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ramGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: chromiumVersion,
    browserVersion: browser.version(),
    rendering: 'software (--disable-gpu): frame rates are a lower bound for a machine with a GPU',
  };
}

async function versions() {
  const pkg = JSON.parse(await readFile(here('../apps/web/package.json'), 'utf8')) as { dependencies: Record<string, string> };
  const pick = ['@xyflow/react', 'react', 'react-dom', 'yjs', 'y-websocket'];
  return Object.fromEntries(pick.map((name) => [name, pkg.dependencies[name] ?? '?']));
}

const results: SizeResult[] = [];
for (const size of SIZES) results.push(await runSize(size));
const info = { date: new Date().toISOString(), machine: machine(), versions: await versions(), seconds: SECONDS, viewport: VIEWPORT, seed: SEED };
await browser.close();
await server.close();
await rm(dataDir, { recursive: true, force: true });

// The report.
const f1 = (n: number) => n.toFixed(1);
const before = process.env.COMPARE ? (JSON.parse(await readFile(process.env.COMPARE, 'utf8')) as { results: SizeResult[] }).results : null;
const lines: string[] = [];
lines.push(`# Canvas benchmark (\`pnpm bench:canvas\`)`, '');
lines.push(`${info.date}. ${info.machine.cpu}, ${info.machine.cores} cores, ${info.machine.ramGiB} GiB RAM; Node ${info.machine.node}; ${info.machine.chromium}.`);
lines.push(`Versions: ${Object.entries(info.versions).map(([k, v]) => `${k} ${v}`).join(', ')}. Viewport ${VIEWPORT.width}×${VIEWPORT.height}, ${SECONDS} s per scenario, map seed ${SEED}.`, '');
lines.push(`**No GPU here:** Chromium runs with \`--disable-gpu\`, so pages are rasterised and composited in software. These frame rates are a lower bound for a desktop with a GPU.`, '');
lines.push('Frame times are the gaps between requestAnimationFrame callbacks in the page. "Main thread" is Chromium\'s TaskDuration per second of the scenario (ms/s; 1000 = always busy), of which script, style recalculation and layout.', '');
for (const r of results) {
  const old = before?.find((b) => b.nodes === r.nodes);
  lines.push(`## ${r.nodes} nodes, ${r.edges} edges`, '');
  lines.push(`- First interactive render (navigation → nodes drawn and "saved"): **${r.firstRenderMs.toFixed(0)} ms**${old ? ` (before: ${old.firstRenderMs.toFixed(0)} ms)` : ''}`);
  const mem = (m: Memory) => `JS heap ${f1(m.heapMiB)} MiB, ${m.domNodes} DOM nodes, ${m.renderedNodes} map nodes and ${m.renderedEdges} lines in the DOM`;
  lines.push(`- Memory after load: ${mem(r.memoryAfterLoad)}${old ? ` (before: ${mem(old.memoryAfterLoad)})` : ''}`);
  lines.push(`- Memory after the scenarios: ${mem(r.memoryAfterRun)}${old ? ` (before: ${mem(old.memoryAfterRun)})` : ''}`);
  lines.push(`- Fitted view's zoom: ${(r.fitZoom * 100).toFixed(0)} % (the minimum; the map is far wider than the screen)`, '');
  if (old) {
    lines.push('| scenario | p50 ms before → after | p95 ms before → after | fps before → after | main thread ms/s before → after |', '|---|---|---|---|---|');
    for (const s of r.scenarios) {
      const o = old.scenarios.find((x) => x.name.split(' (')[0] === s.name.split(' (')[0]);
      const pair = (a: number | undefined, b: number) => `${a === undefined ? '–' : f1(a)} → **${f1(b)}**`;
      lines.push(`| ${s.name} | ${pair(o?.frames.p50, s.frames.p50)} | ${pair(o?.frames.p95, s.frames.p95)} | ${pair(o?.frames.fps, s.frames.fps)} | ${pair(o?.work.task, s.work.task)} |`);
    }
  } else {
    lines.push('| scenario | p50 ms | p95 ms | max ms | fps | frames > 50 ms | main thread ms/s | script | style | layout | note |', '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const s of r.scenarios) {
      const { frames: fr, work: w } = s;
      lines.push(`| ${s.name} | ${f1(fr.p50)} | ${f1(fr.p95)} | ${f1(fr.max)} | ${f1(fr.fps)} | ${fr.long} | ${w.task.toFixed(0)} | ${w.script.toFixed(0)} | ${w.style.toFixed(0)} | ${w.layout.toFixed(0)} | ${s.note ?? ''} |`);
    }
  }
  for (const s of r.scenarios.filter((x) => x.profile)) {
    lines.push('', `JS CPU profile, ${s.name} (self time, top functions):`, '', '| function | self ms | share |', '|---|---|---|');
    for (const p of s.profile!) lines.push(`| \`${p.fn}\` | ${p.selfMs.toFixed(0)} | ${(p.share * 100).toFixed(1)} % |`);
  }
  lines.push('');
}
if (before) {
  lines.push('## Detail of this run', '');
  for (const r of results) {
    lines.push(`### ${r.nodes} nodes`, '', '| scenario | p50 ms | p95 ms | max ms | fps | frames > 50 ms | main thread ms/s | script | style | layout | note |', '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const s of r.scenarios) {
      const { frames: fr, work: w } = s;
      lines.push(`| ${s.name} | ${f1(fr.p50)} | ${f1(fr.p95)} | ${f1(fr.max)} | ${f1(fr.fps)} | ${fr.long} | ${w.task.toFixed(0)} | ${w.script.toFixed(0)} | ${w.style.toFixed(0)} | ${w.layout.toFixed(0)} | ${s.note ?? ''} |`);
    }
    lines.push('');
  }
}
const report = lines.join('\n');
console.log(`\n${report}`);
const out = here('./results/');
await mkdir(out, { recursive: true });
await writeFile(join(out, 'canvas-latest.md'), `${report}\n`);
await writeFile(join(out, 'canvas-latest.json'), `${JSON.stringify({ ...info, results, before: before ?? undefined }, null, 2)}\n`);
