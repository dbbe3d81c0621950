import * as Y from 'yjs';

/**
 * Several documents joined in memory, each to each, as browsers are through the server. Updates
 * are held until `sync()`, so tests can make concurrent edits on every side first. `sync` can
 * deliver in reverse order, to show that the result does not depend on who hears what first.
 * Client ids are fixed (1, 2, 3…) so that concurrent inserts are ordered the same in every run.
 */
export function meshPeers(count: number) {
  const docs = Array.from({ length: count }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1;
    return doc;
  });
  // queues[from][to]: updates made on `from` that `to` has not received yet.
  const queues = docs.map(() => docs.map(() => [] as Uint8Array[]));
  docs.forEach((doc, from) => {
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return;
      docs.forEach((_, to) => {
        if (to !== from) queues[from]![to]!.push(update);
      });
    });
  });
  const sync = (options: { reverse?: boolean } = {}) => {
    const order = docs.map((_, i) => i);
    if (options.reverse) order.reverse();
    for (;;) {
      let moved = false;
      for (const to of order) {
        for (const from of order) {
          const queue = queues[from]![to]!;
          const batch = queue.splice(0);
          if (options.reverse) batch.reverse();
          for (const update of batch) Y.applyUpdate(docs[to]!, update, 'remote');
          moved ||= batch.length > 0;
        }
      }
      if (!moved) return;
    }
  };
  return { docs, sync };
}

/** Three partners (say Lithuania, Italy and Finland) on one review document. */
export function threePeers() {
  const { docs, sync } = meshPeers(3);
  return { a: docs[0]!, b: docs[1]!, c: docs[2]!, sync };
}
