import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moveNodes, nodesOf, type Position } from '@qms/model';

type Doc = Parameters<typeof moveNodes>[0];
import { WebSocket } from 'ws';

/**
 * Another person in the map, as a stock y-websocket client in Node: it moves nodes by writing
 * their positions to the document, as a drop does in the editor. The client is the web app's own
 * y-websocket (and the one yjs of the workspace), so nothing is installed for the benchmark.
 */
interface Provider {
  synced: boolean;
  once(event: 'sync', listener: (synced: boolean) => void): void;
  destroy(): void;
}

const fromWeb = createRequire(new URL('../../apps/web/package.json', import.meta.url));
const esm = async (name: string, entry: string) => import(pathToFileURL(join(dirname(fromWeb.resolve(`${name}/package.json`)), entry)).href);

export interface RemoteMover {
  /** Moves `perSecond` nodes a second, one at a time, round the given ids, until stopped. */
  start(ids: readonly string[], perSecond: number): void;
  stop(): Promise<number>;
  close(): void;
}

export async function connectMover(serverUrl: string, mapId: string): Promise<RemoteMover> {
  const Yjs = (await esm('yjs', 'dist/yjs.mjs')) as { Doc: new () => Doc };
  const { WebsocketProvider } = (await esm('y-websocket', 'src/y-websocket.js')) as {
    WebsocketProvider: new (url: string, room: string, doc: Doc, options: Record<string, unknown>) => Provider;
  };
  const doc = new Yjs.Doc();
  const provider = new WebsocketProvider(`${serverUrl.replace(/^http/, 'ws')}/sync`, mapId, doc, { WebSocketPolyfill: WebSocket, disableBc: true });
  if (!provider.synced) await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  let timer: ReturnType<typeof setInterval> | null = null;
  let moves = 0;
  return {
    start(ids, perSecond) {
      const nodes = nodesOf(doc);
      const home = new Map<string, Position>();
      for (const id of ids) {
        const position = nodes.get(id)?.get('position') as { get(key: string): number | undefined } | undefined;
        if (position) home.set(id, { x: position.get('x') ?? 0, y: position.get('y') ?? 0 });
      }
      let step = 0;
      timer = setInterval(() => {
        const id = ids[step % ids.length]!;
        const at = home.get(id);
        step++;
        if (!at) return;
        // Back and forth by 40 px around where it was: every move is a change others must draw.
        const offset = Math.floor(step / ids.length) % 2 === 0 ? 40 : 0;
        moveNodes(doc, [{ id, position: { x: at.x + offset, y: at.y + offset / 2 } }], 'bench-remote');
        moves++;
      }, 1000 / perSecond);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      return moves;
    },
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}
