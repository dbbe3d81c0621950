/**
 * The reference sync server: a plain `ws` WebSocketServer with `setupWSConnection` from
 * `@y/websocket-server/utils`, as in y-websocket's own documentation. It keeps documents in memory
 * only (every document stays loaded until the process ends) and persists nothing.
 *
 * Besides `ws://HOST:PORT/sync/<room>` it answers, for the benchmark driver:
 *   POST /seed/<room>  (body: a Yjs update)  the content a new document of that name starts with
 *   GET  /stats        event-loop delay since the previous call (ms), then resets the histogram
 */
import { createServer, type IncomingMessage } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setContentInitializor, setupWSConnection, type WSSharedDoc } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';

const port = Number(process.env.PORT ?? 1234);
const host = process.env.HOST ?? '127.0.0.1';

const seeds = new Map<string, Uint8Array>();
// Runs synchronously in the document's constructor, so the content is there before sync step 1.
setContentInitializor(async (doc) => {
  const seed = seeds.get((doc as WSSharedDoc).name);
  if (seed) Y.applyUpdate(doc, seed);
});

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (request.method === 'GET' && path === '/stats') {
    const ms = (ns: number) => ns / 1e6;
    const stats = { p50Ms: ms(delay.percentile(50)), p99Ms: ms(delay.percentile(99)), maxMs: ms(delay.max), meanMs: ms(delay.mean) };
    delay.reset();
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  if (request.method === 'POST' && path.startsWith('/seed/')) {
    void readBody(request).then((body) => {
      seeds.set(decodeURIComponent(path.slice('/seed/'.length)), body);
      response.writeHead(204).end();
    });
    return;
  }
  response.writeHead(404).end();
});

const wss = new WebSocketServer({ server });
wss.on('connection', (socket, request) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  setupWSConnection(socket, request, { docName: decodeURIComponent(path.replace(/^\/sync\//, '')) });
});

server.listen(port, host);
process.on('SIGTERM', () => process.exit(0));

function readBody(request: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    request.on('error', reject);
  });
}
