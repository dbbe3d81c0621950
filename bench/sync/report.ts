/**
 * What scenarios, the runner and the results have in common: the scenario contract, the one
 * statistics helper (percentiles), the driver's event-loop lag monitor, and the output (a table on
 * stdout after each scenario; bench/results/sync-<timestamp>.json, sync-latest.md, sync-latest.svg).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerHandle, ServerKind } from './servers.js';

// ---------------------------------------------------------------------------------------------
// The scenario contract. A scenario is a file in scenarios/ exporting `scenario: Scenario`; the
// runner loads every file there (in file-name order; SCENARIOS=id,id picks some).

export interface Scenario {
  /** Short name, used by SCENARIOS=… and in the JSON file. */
  id: string;
  title: string;
  run(ctx: ScenarioContext): Promise<ScenarioResult>;
}

export interface ScenarioContext {
  /** The running servers, in the order ours, reference, hocuspocus. */
  servers: ServerHandle[];
  /** QUICK=1: a smoke run (seconds per scenario, small counts). */
  quick: boolean;
  /** The environment variable `name` as a number, else `full`, or `quick` under QUICK=1. */
  param(name: string, full: number, quick?: number): number;
  /** Progress, to stderr. */
  log(message: string): void;
  /**
   * Runs `measure` once per server and pass, alternating the order to cancel drift: ours,
   * reference, hocuspocus, then hocuspocus, reference, ours. `passes` defaults to 2 (1 under
   * QUICK=1); `restart` gives each measurement a fresh server process.
   */
  alternate<T>(measure: (server: ServerHandle, pass: number) => Promise<T>, options?: { passes?: number; restart?: boolean }): Promise<Map<ServerKind, T[]>>;
}

/** One row of a result table: a number per server; the table adds the ratios ours/peer. */
export interface Metric {
  name: string;
  values: Partial<Record<ServerKind, number | null>>;
  /** Decimals shown (default 1). */
  digits?: number;
}

export interface ScenarioResult {
  id: string;
  title: string;
  metrics: Metric[];
  /** Layout, discarded runs, caveats: printed under the table. */
  notes: string[];
  /** Bars per server for the SVG chart (e.g. p50 and p99), in `unit`. */
  chart?: { unit: string; series: Array<{ name: string; values: Partial<Record<ServerKind, number | null>> }> };
  /** Anything else worth keeping in the JSON file (per-pass numbers…). */
  details?: unknown;
}

// ---------------------------------------------------------------------------------------------
// Statistics

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of `values` (NaN for an empty list). */
export function summarize(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const rank = (p: number) => (n === 0 ? Number.NaN : sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!);
  let sum = 0;
  for (const value of sorted) sum += value;
  return { n, p50: rank(50), p95: rank(95), p99: rank(99), max: n ? sorted[n - 1]! : Number.NaN, mean: n ? sum / n : Number.NaN };
}

export function median(values: number[]): number {
  return summarize(values).p50;
}

/** Event-loop delay of this (the driver's) process, 1 ms resolution; stop() gives ms. */
export function startLagMonitor(): { stop(): Summary } {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  return {
    stop() {
      histogram.disable();
      const ms = (ns: number) => ns / 1e6;
      return {
        n: histogram.count,
        p50: ms(histogram.percentile(50)),
        p95: ms(histogram.percentile(95)),
        p99: ms(histogram.percentile(99)),
        max: ms(histogram.max),
        mean: ms(histogram.mean),
      };
    },
  };
}

/**
 * A Prometheus histogram between two scrapes: how many observations, their mean, and the bucket
 * bound under which 50 % and 99 % fell (in the metric's unit). Null if absent.
 */
export function promHistogramDelta(before: string | null, after: string | null, name: string): { count: number; mean: number; p50: number; p99: number } | null {
  if (!before || !after) return null;
  const read = (text: string) => {
    const buckets = new Map<number, number>();
    for (const match of text.matchAll(new RegExp(`^${name}_bucket\\{le="([^"]+)"[^}]*\\} (\\S+)$`, 'gm'))) {
      buckets.set(match[1] === '+Inf' ? Infinity : Number(match[1]), Number(match[2]));
    }
    const scalar = (suffix: string) => Number(new RegExp(`^${name}_${suffix}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    return { buckets, count: scalar('count'), sum: scalar('sum') };
  };
  const a = read(before);
  const b = read(after);
  if (Number.isNaN(b.count)) return null;
  const count = b.count - a.count;
  const bound = (q: number) => {
    for (const [le, n] of [...b.buckets].sort((x, y) => x[0] - y[0])) if (n - (a.buckets.get(le) ?? 0) >= q * count) return le;
    return Number.NaN;
  };
  return { count, mean: count > 0 ? (b.sum - a.sum) / count : Number.NaN, p50: bound(0.5), p99: bound(0.99) };
}

/** A run is discarded when the driver itself was this late (p99 event-loop delay, ms). */
export const MAX_DRIVER_LAG_P99_MS = 20;

// ---------------------------------------------------------------------------------------------
// Output

const KINDS: ServerKind[] = ['ours', 'reference', 'hocuspocus'];

function format(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function ratio(ours: number | null | undefined, peer: number | null | undefined): string {
  if (ours == null || peer == null || Number.isNaN(ours) || Number.isNaN(peer) || peer === 0) return 'n/a';
  return `${(ours / peer).toFixed(2)}×`;
}

/** The result as a markdown table (ratios ours/peer), its notes below. */
export function table(result: ScenarioResult): string {
  const lines = [
    `### ${result.title}`,
    '',
    '| metric | ours | reference | hocuspocus | ours/reference | ours/hocuspocus |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const metric of result.metrics) {
    const v = metric.values;
    lines.push(
      `| ${metric.name} | ${KINDS.map((kind) => format(v[kind], metric.digits)).join(' | ')} | ${ratio(v.ours, v.reference)} | ${ratio(v.ours, v.hocuspocus)} |`,
    );
  }
  if (result.notes.length) lines.push('', ...result.notes.map((note) => `- ${note}`));
  return lines.join('\n');
}

export interface Environment {
  machine: { cpu: string; cores: number; ramGiB: number; node: string; kernel: string; dataDirFs: string; loadAverageAtStart: number[] };
  packages: Record<string, string>;
  commit: string;
  startedAt: string;
  quick: boolean;
}

const benchDir = fileURLToPath(new URL('..', import.meta.url));

export function environment(quick: boolean): Environment {
  const version = (name: string) => {
    try {
      return (JSON.parse(readFileSync(join(benchDir, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return 'n/a';
    }
  };
  const run = (command: string, args: string[]) => {
    try {
      return execFileSync(command, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'n/a';
    }
  };
  return {
    machine: {
      cpu: cpus()[0]?.model ?? 'n/a',
      cores: cpus().length,
      ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      kernel: run('uname', ['-r']),
      dataDirFs: run('findmnt', ['-n', '-o', 'FSTYPE', '-T', '/tmp']),
      loadAverageAtStart: loadavg().map((v) => Math.round(v * 100) / 100),
    },
    packages: Object.fromEntries(
      ['@qms/server', 'yjs', 'y-websocket', '@y/websocket-server', '@hocuspocus/server', '@hocuspocus/provider', 'ws'].map((name) => [name, version(name)]),
    ),
    commit: run('git', ['-C', benchDir, 'rev-parse', '--short', 'HEAD']),
    startedAt: new Date().toISOString(),
    quick,
  };
}

function environmentLines(env: Environment): string[] {
  const m = env.machine;
  return [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node}, Linux ${m.kernel}, data folder on ${m.dataDirFs}.`,
    `Packages: ${Object.entries(env.packages).map(([name, version]) => `${name} ${version}`).join(', ')}. Commit ${env.commit}.`,
    `Servers pinned to core 0, the driver (all clients) to core 1; load average ${m.loadAverageAtStart.join(' ')} at the start (other processes share the cores). Started ${env.startedAt}${env.quick ? ' (QUICK smoke run)' : ''}.`,
  ];
}

/** Writes sync-<timestamp>.json, sync-latest.md and sync-latest.svg; returns their paths. */
export async function writeResults(dir: string, env: Environment, results: ScenarioResult[], extra: string[] = []): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const stamp = env.startedAt.replace(/[:.]/g, '-');
  const json = join(dir, `sync-${stamp}.json`);
  const md = join(dir, 'sync-latest.md');
  const svg = join(dir, 'sync-latest.svg');
  await writeFile(json, JSON.stringify({ environment: env, results, notes: extra }, null, 2) + '\n');
  const markdown = [
    '# Sync server side by side (`pnpm bench:sync`)',
    '',
    ...environmentLines(env).map((line) => `${line}  `),
    '',
    ...results.map((result) => table(result) + '\n'),
    ...(extra.length ? ['## Findings', '', ...extra, ''] : []),
  ].join('\n');
  await writeFile(md, markdown);
  await writeFile(svg, chart(env, results));
  return [json, md, svg];
}

const COLORS = ['#4e79a7', '#e15759', '#f28e2b', '#76b7b2'];

/** A grouped bar chart per scenario that has `chart`, hand-written SVG. */
export function chart(env: Environment, results: ScenarioResult[]): string {
  const panels = results.filter((result) => result.chart);
  const width = 760;
  const panelHeight = 300;
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const parts: string[] = [];
  parts.push(`<text x="20" y="24" font-size="16" font-weight="bold">Sync servers side by side</text>`);
  // The environment, wrapped at word boundaries to the chart's width.
  const lines: string[] = [];
  for (const text of environmentLines(env)) {
    let line = '';
    for (const word of text.split(' ')) {
      if (line && line.length + word.length + 1 > 125) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
  }
  lines.forEach((line, i) => parts.push(`<text x="20" y="${42 + i * 13}" font-size="10" fill="#555">${escape(line)}</text>`));
  const top = 50 + lines.length * 13;
  panels.forEach((result, index) => {
    const { unit, series } = result.chart!;
    const y0 = top + index * panelHeight;
    const plotTop = y0 + 40;
    const plotHeight = panelHeight - 100;
    const plotLeft = 70;
    const plotWidth = width - plotLeft - 30;
    const all = series.flatMap((s) => KINDS.map((kind) => s.values[kind])).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    const max = niceMax(Math.max(1, ...all));
    parts.push(`<text x="20" y="${y0 + 20}" font-size="13" font-weight="bold">${escape(result.title)}</text>`);
    for (let i = 0; i <= 4; i++) {
      const value = (max / 4) * i;
      const y = plotTop + plotHeight - (plotHeight * i) / 4;
      parts.push(`<line x1="${plotLeft}" x2="${plotLeft + plotWidth}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
      parts.push(`<text x="${plotLeft - 6}" y="${y + 4}" font-size="10" text-anchor="end">${format(value, value < 10 ? 1 : 0)}</text>`);
    }
    parts.push(`<text x="16" y="${plotTop + plotHeight / 2}" font-size="10" transform="rotate(-90 16 ${plotTop + plotHeight / 2})" text-anchor="middle">${escape(unit)}</text>`);
    const groupWidth = plotWidth / KINDS.length;
    const barWidth = Math.min(50, (groupWidth * 0.7) / series.length);
    KINDS.forEach((kind, g) => {
      const groupLeft = plotLeft + g * groupWidth + (groupWidth - barWidth * series.length) / 2;
      series.forEach((s, b) => {
        const value = s.values[kind];
        const x = groupLeft + b * barWidth;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          parts.push(`<text x="${x + barWidth / 2}" y="${plotTop + plotHeight - 4}" font-size="10" text-anchor="middle">n/a</text>`);
          return;
        }
        const h = (plotHeight * Math.min(value, max)) / max;
        parts.push(`<rect x="${x}" y="${plotTop + plotHeight - h}" width="${barWidth - 2}" height="${h}" fill="${COLORS[b % COLORS.length]}"/>`);
        parts.push(`<text x="${x + barWidth / 2 - 1}" y="${plotTop + plotHeight - h - 3}" font-size="10" text-anchor="middle">${format(value, value < 10 ? 1 : 0)}</text>`);
      });
      parts.push(`<text x="${plotLeft + g * groupWidth + groupWidth / 2}" y="${plotTop + plotHeight + 16}" font-size="12" text-anchor="middle">${kind}</text>`);
    });
    series.forEach((s, b) => {
      const x = plotLeft + b * 90;
      const y = plotTop + plotHeight + 34;
      parts.push(`<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${COLORS[b % COLORS.length]}"/>`);
      parts.push(`<text x="${x + 14}" y="${y}" font-size="11">${escape(s.name)}</text>`);
    });
  });
  const height = top + Math.max(1, panels.length) * panelHeight;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
}

function niceMax(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

// ---------------------------------------------------------------------------------------------
// CPU profiles (node --cpu-prof)

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** The `top` functions by self time of a .cpuprofile file, as lines "  12.3 %  1234 ms  name  file:line". */
export function summarizeCpuProfile(path: string, top = 20): string[] {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '').replace(/^.*\/apps\//, 'apps/').replace(/^.*\/packages\//, 'packages/');
    const key = `${functionName || '(anonymous)'}  ${file ? `${file}:${lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + delta);
    total += delta;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${key}`);
}
