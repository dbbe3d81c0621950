/**
 * Hocuspocus as a sync server, with its defaults (`new Server({ port, quiet: true })`) and no
 * persistence extension. Clients speak Hocuspocus's own protocol (HocuspocusProvider).
 *
 * For the benchmark driver it also answers, through its onRequest hook:
 *   POST /seed/<room>  (body: a Yjs update)  what onLoadDocument returns for that document, as a
 *                      database would (kept in this process's memory)
 *   GET  /stats        event-loop delay since the previous call (ms), then resets the histogram
 */
import type { IncomingMessage } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT ?? 1234);
const host = process.env.HOST ?? '127.0.0.1';

const seeds = new Map<string, Uint8Array>();
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

const server = new Server({
  port,
  address: host,
  quiet: true,
  stopOnSignals: false,
  async onLoadDocument({ documentName }) {
    return seeds.get(documentName);
  },
  async onRequest({ request, response }) {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method === 'GET' && path === '/stats') {
      const ms = (ns: number) => ns / 1e6;
      const stats = { p50Ms: ms(delay.percentile(50)), p99Ms: ms(delay.percentile(99)), maxMs: ms(delay.max), meanMs: ms(delay.mean) };
      delay.reset();
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
      // A rejection without an error tells Hocuspocus the request was answered.
      throw null;
    }
    if (request.method === 'POST' && path.startsWith('/seed/')) {
      seeds.set(decodeURIComponent(path.slice('/seed/'.length)), await readBody(request));
      response.writeHead(204).end();
      throw null;
    }
  },
});

await server.listen();
process.on('SIGTERM', () => process.exit(0));

function readBody(request: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}
