import * as Y from 'yjs';

/**
 * Two documents joined in memory, as two browsers are through the server. Updates are held until
 * `sync()`, so tests can make concurrent edits on both sides first and then let them meet.
 */
export function twoPeers() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  const toB: Uint8Array[] = [];
  const toA: Uint8Array[] = [];
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') toB.push(update);
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') toA.push(update);
  });
  const sync = () => {
    while (toA.length || toB.length) {
      for (const u of toB.splice(0)) Y.applyUpdate(b, u, 'remote');
      for (const u of toA.splice(0)) Y.applyUpdate(a, u, 'remote');
    }
  };
  return { a, b, sync };
}
