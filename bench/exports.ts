/**
 * How long each export takes on a generated 2,000-node map (and its size), as the server runs it
 * for GET /api/maps/:id/export. Prints medians of timed runs after a warm-up.
 *
 *   pnpm bench:exports            (from the repository root)
 *   NODES=5000 RUNS=9 pnpm bench:exports
 */
import { performance } from 'node:perf_hooks';
import { EXPORT_FORMATS } from '@qms/interchange';
import type { MapSnapshot } from '@qms/model';
import { generateMap } from './generate-map.js';

const NODES = Number(process.env.NODES ?? 2000);
const RUNS = Math.max(3, Number(process.env.RUNS ?? 7));

const map = generateMap({ nodes: NODES, problems: false });
const snapshot: MapSnapshot = { meta: map.meta, nodes: map.nodes, edges: map.edges, skipped: [] };
const context = { generatedAt: new Date('2026-11-23T10:00:00Z'), mapId: 'bench-map', baseUri: 'https://maps.example.org/maps/bench-map' };
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(`Exports of a generated map: ${snapshot.nodes.length} nodes, ${snapshot.edges.length} links; 1 warm-up + ${RUNS} timed runs each (Node ${process.version})\n`);
console.log('  format        median      min      max        size');
for (const format of EXPORT_FORMATS) {
  try {
    await format.run(snapshot, context); // warm-up: module loading, fonts, caches
    const times: number[] = [];
    let size = 0;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const output = await format.run(snapshot, context);
      times.push(performance.now() - started);
      size = typeof output === 'string' ? Buffer.byteLength(output) : output.byteLength;
    }
    const ms = (n: number) => `${n.toFixed(1).padStart(8)} ms`;
    console.log(`  ${format.id.padEnd(11)} ${ms(median(times))} ${ms(Math.min(...times))} ${ms(Math.max(...times))} ${(size / 1024).toFixed(0).padStart(8)} KiB`);
  } catch (error) {
    console.log(`  ${format.id.padEnd(11)} refused: ${(error as Error).message}`);
  }
}
