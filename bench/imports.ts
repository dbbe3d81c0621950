/**
 * How long an import takes, step by step, as the server's import worker runs it: reading the file
 * (`importSpreadsheet` / `importCase`), building the map's document (`writeImportedMap`: nodes,
 * links, the tidy-up layout) and encoding it. Prints CPU time per step (wall time on a shared
 * machine says more about the neighbours than about the code) and the heap after each import.
 *
 *   pnpm bench:imports                       (from the repository root)
 *   SIZES=1000,5000 FORMATS=csv pnpm bench:imports
 */
import { spreadsheetCsv, spreadsheetXlsx, importCase, importSpreadsheet, writeImportedMap } from '@qms/interchange';
import type { MapSnapshot } from '@qms/model';
import * as Y from 'yjs';
import { generateMap } from './generate-map.js';

const SIZES = (process.env.SIZES ?? '1000,5000,20000').split(',').map(Number);
const FORMATS = (process.env.FORMATS ?? 'csv,xlsx,case-chain').split(',');
const cpu = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

/** A CASE package whose items form one isChildOf chain `depth` deep (the deepest tree there is). */
function chainCase(depth: number): string {
  const when = '2026-01-01T00:00:00+00:00';
  const document = { identifier: 'doc', uri: 'https://example.org/doc', creator: 'bench', title: 'Chain', lastChangeDateTime: when };
  const items = Array.from({ length: depth }, (_, i) => ({ identifier: `item-${i}`, uri: `https://example.org/item-${i}`, fullStatement: `Level ${i}`, humanCodingScheme: `C ${i}`, lastChangeDateTime: when }));
  const associations = items.map((item, i) => {
    const parent = i === 0 ? document : items[i - 1]!;
    return {
      identifier: `assoc-${i}`,
      uri: `https://example.org/assoc-${i}`,
      associationType: 'isChildOf',
      originNodeURI: { identifier: item.identifier, uri: item.uri, title: item.fullStatement },
      destinationNodeURI: { identifier: parent.identifier, uri: parent.uri, title: 'parent' },
      lastChangeDateTime: when,
    };
  });
  return JSON.stringify({ CFDocument: document, CFItems: items, CFAssociations: associations });
}

console.log(`Imports, CPU time per step (Node ${process.version})\n`);
console.log('  file                        size   nodes     read    build   encode    total   heap after');
for (const size of SIZES) {
  for (const format of FORMATS) {
    let bytes: Uint8Array;
    if (format === 'case-chain') {
      bytes = new TextEncoder().encode(chainCase(size));
    } else {
      const map = generateMap({ nodes: size, problems: false });
      const snapshot: MapSnapshot = { meta: map.meta, nodes: map.nodes, edges: map.edges, skipped: [] };
      bytes = format === 'xlsx' ? await spreadsheetXlsx(snapshot, { generatedAt: new Date() }) : new TextEncoder().encode(spreadsheetCsv(snapshot));
    }
    globalThis.gc?.();
    let t = cpu();
    const imported = format === 'case-chain' ? importCase(new TextDecoder().decode(bytes)) : await importSpreadsheet(bytes, format as 'csv' | 'xlsx');
    const read = cpu() - t;
    t = cpu();
    const doc = new Y.Doc();
    writeImportedMap(doc, imported);
    const build = cpu() - t;
    t = cpu();
    const update = Y.encodeStateAsUpdate(doc);
    const encode = cpu() - t;
    const ms = (n: number) => `${n.toFixed(0).padStart(6)} ms`;
    const name = `${format === 'case-chain' ? 'CASE chain' : format} ${size.toLocaleString('en')}`;
    console.log(
      `  ${name.padEnd(22)} ${`${(bytes.byteLength / 1024).toFixed(0)} KiB`.padStart(10)} ${String(imported.nodes.length).padStart(7)} ${ms(read)} ${ms(build)} ${ms(encode)} ${ms(read + build + encode)} ${`${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`.padStart(10)}   (${(update.byteLength / 1024).toFixed(0)} KiB document)`,
    );
    doc.destroy();
  }
}
