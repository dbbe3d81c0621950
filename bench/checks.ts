/**
 * How long the live methodology checks take on maps of 1,000, 5,000 and 10,000 nodes, against a
 * 16.7 ms frame (60 Hz): the checks panel re-runs `checkMap` after every change to the map.
 *
 *   pnpm bench:checks            (from the repository root)
 *   RUNS=100 pnpm bench:checks   (more timed runs)
 */
import { performance } from 'node:perf_hooks';
// The model is read from its TypeScript source (tsx --conditions=source).
import { buildVerbCatalogue, checkMap, sourceFingerprint, translatableFieldsOf, type MapNode, type VerbCatalogue } from '@qms/model';
import en from '../packages/model/data/verbs/en.json' with { type: 'json' };
import ru from '../packages/model/data/verbs/ru.json' with { type: 'json' };
import { generateMap } from './generate-map.js';

const FRAME_MS = 1000 / 60;
const SIZES = [1000, 5000, 10000];
const WARMUP = Number(process.env.WARMUP ?? 20);
const RUNS = Math.max(30, Number(process.env.RUNS ?? 50));

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

const ms = (value: number): string => value.toFixed(2).padStart(7);

/** Warm-up: at least WARMUP runs and 300 ms, so that the JIT has settled before timing. */
function time(run: (i: number) => void): number[] {
  const warmUntil = performance.now() + 300;
  for (let i = 0; i < WARMUP || performance.now() < warmUntil; i++) run(i % WARMUP);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run(WARMUP + i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function row(label: string, times: readonly number[]): number {
  const median = quantile(times, 0.5);
  console.log(
    `${label} ${ms(median)} ms ${ms(quantile(times, 0.95))} ms ${ms(times[0]!)} ms   ${((median / FRAME_MS) * 100).toFixed(1).padStart(5)} % of ${FRAME_MS.toFixed(1)} ms`,
  );
  return median;
}

console.log(`checkMap on generated maps: ${WARMUP} warm-up runs, then ${RUNS} timed runs each (Node ${process.version})`);
console.log('  live  = as the checks panel re-runs after an edit: statements already read are remembered');
console.log('  cold  = every statement read again (a fresh verb catalogue per run)\n');
console.log('  nodes   edges  issues         median      p95      min   median/frame');
const summary: Record<number, number> = {};
for (const size of SIZES) {
  const map = generateMap({ nodes: size, seed: 42 });
  let result = checkMap(map);
  const prefix = `${String(map.nodes.length).padStart(7)} ${String(map.edges.length).padStart(7)} ${String(result.issues.length).padStart(7)}`;
  // A new snapshot per run, as after an edit: the graph index, memoised per snapshot, is built
  // again every time (copying the arrays costs about 0.01 ms).
  const snapshot = () => ({ ...map, nodes: [...map.nodes], edges: [...map.edges] });
  summary[size] = row(`${prefix}  live`, time(() => (result = checkMap(snapshot()))));
  const catalogues: VerbCatalogue[] = Array.from({ length: WARMUP + RUNS }, () => buildVerbCatalogue([en, ru]));
  row(`${' '.repeat(prefix.length)}  cold`, time((i) => checkMap(snapshot(), { verbs: catalogues[i]! })));
  if (size === 5000) {
    const byRule = Object.entries(result.stats.issues.byRule)
      .filter(([, count]) => count > 0)
      .map(([rule, count]) => `${rule} ${count}`)
      .join(', ');
    console.log(`          issues found: ${byRule}`);
    console.log(`          planted:      ${Object.entries(map.planted).map(([what, n]) => `${what} ${n}`).join(', ')}`);
  }
}
const five = summary[5000]!;
console.log(
  `\n5,000 nodes, live: median ${five.toFixed(2)} ms — ${five <= 4 ? 'within' : 'OVER'} the 4 ms target; ` +
    `${(FRAME_MS / five).toFixed(1)} runs would fit in one ${FRAME_MS.toFixed(1)} ms frame.`,
);

// Several languages: a 2,000-node English map translated into Russian and Uzbek (Latin). Per
// target, 80 % of the fields are current, 10 % outdated (their source changed), 10 % missing:
// the verb rule reads every translated statement with its own language's list, and the
// translation rule derives every field's status from its fingerprint.
function translate(node: MapNode, i: number, language: string, wrap: (text: string) => string): Record<string, { value: string | readonly string[]; fingerprint: string }> {
  const fields: Record<string, { value: string | readonly string[]; fingerprint: string }> = {};
  for (const field of translatableFieldsOf(node.kind)) {
    const source = (node as unknown as Record<string, string | readonly string[] | undefined>)[field];
    const fingerprint = sourceFingerprint(source);
    if (fingerprint === null || i % 10 === 9) continue; // missing
    const value = typeof source === 'string' ? wrap(source) : source!.map(wrap);
    fields[field] = { value, fingerprint: i % 10 === 8 ? sourceFingerprint('an older source')! : fingerprint };
  }
  return fields;
}
const base = generateMap({ nodes: 2000, seed: 7 });
const multilingual = {
  ...base,
  meta: { ...base.meta, languages: ['ru', 'uz-Latn'] },
  nodes: base.nodes.map((node, i) => ({
    ...node,
    translations: {
      ru: translate(node, i, 'ru', (text) => `Выполнять ${text}`),
      'uz-Latn': translate(node, i + 3, 'uz-Latn', (text) => `${text} bajaradi`),
    },
  })),
};
const single = checkMap(base);
const several = checkMap(multilingual);
console.log(`\n2,000 nodes in three languages (source en, targets ru and uz-Latn): ${several.issues.length} issues (${single.issues.length} in the source alone)`);
console.log('  nodes   edges  issues         median      p95      min   median/frame');
const one = row(`${String(base.nodes.length).padStart(7)} ${String(base.edges.length).padStart(7)} ${String(single.issues.length).padStart(7)}  1 language `, time(() => checkMap({ ...base, nodes: [...base.nodes], edges: [...base.edges] })));
// A changed node is a new reading (MapView): fingerprints are memoised per reading, so an edit costs only its node.
const three = row(`${String(multilingual.nodes.length).padStart(7)} ${String(multilingual.edges.length).padStart(7)} ${String(several.issues.length).padStart(7)}  3 languages`, time(() => checkMap({ ...multilingual, nodes: [...multilingual.nodes], edges: [...multilingual.edges] })));
const fresh = row(`${' '.repeat(23)}  3 languages, every node read again`, time(() => checkMap({ ...multilingual, nodes: multilingual.nodes.map((node) => ({ ...node })), edges: [...multilingual.edges] })));
console.log(`\n2,000 nodes in three languages, live: median ${three.toFixed(2)} ms (one language: ${one.toFixed(2)} ms; every node re-read: ${fresh.toFixed(2)} ms).`);
