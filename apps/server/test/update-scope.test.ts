import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { updateScope } from '../src/rooms/update-scope.js';

/** The server's copy and a client that synced from it, to make updates against. */
function pair(build: (doc: Y.Doc) => void) {
  const server = new Y.Doc();
  build(server);
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  /** What the client's change looks like on the wire. */
  const change = (fn: (doc: Y.Doc) => void): Uint8Array => {
    const before = Y.encodeStateVector(client);
    client.transact(() => fn(client));
    return Y.encodeStateAsUpdate(client, before);
  };
  return { server, client, change };
}

const paths = (touches: ReadonlyArray<{ path: string[] }>) => touches.map((touch) => touch.path.join('/')).sort();

describe('updateScope', () => {
  it('finds a map entry written over an earlier value (placed by its neighbour, not its parent)', () => {
    const { server, change } = pair((doc) => doc.getMap('meta').set('schemaVersion', 2));
    const scope = updateScope(server, change((doc) => doc.getMap('meta').set('schemaVersion', 99)));
    expect(paths(scope.inserted)).toEqual(['meta/schemaVersion']);
    expect(paths(scope.deleted)).toEqual(['meta/schemaVersion']);
    expect(scope.unknown).toBe(false);
  });

  it('names array elements by item id, so nested changes point at the element they are in', () => {
    const { server, client, change } = pair((doc) => {
      const thread = new Y.Map<unknown>();
      doc.getMap('threads').set('t1', thread);
      const comments = new Y.Array<Y.Map<unknown>>();
      thread.set('comments', comments);
      const comment = new Y.Map<unknown>();
      comments.push([comment]);
      comment.set('text', new Y.Text('Ten points'));
    });
    const comment = (client.getMap('threads').get('t1') as Y.Map<Y.Array<Y.Map<Y.Text>>>).get('comments')!.get(0);
    const element = `@${comment._item!.id.client}:${comment._item!.id.clock}`;
    const edit = updateScope(server, change(() => comment.get('text')!.insert(3, 'twelve ')));
    expect(paths(edit.inserted)).toEqual([`threads/t1/comments/${element}/text/@${client.clientID}:0`]);
    // A reply made in the same update: the new element and everything in it.
    const replied = updateScope(
      server,
      change((doc) => {
        const reply = new Y.Map<unknown>();
        (doc.getMap('threads').get('t1') as Y.Map<Y.Array<Y.Map<unknown>>>).get('comments')!.push([reply]);
        reply.set('id', 'c2');
      }),
    );
    const replyElement = replied.inserted.find((touch) => touch.path.length === 4)!.path[3]!;
    expect(replyElement).not.toBe(element);
    expect(paths(replied.inserted)).toEqual([`threads/t1/comments/${replyElement}`, `threads/t1/comments/${replyElement}/id`]);
    // Removing the comment deletes its element, and what is in it.
    const removed = updateScope(server, change((doc) => (doc.getMap('threads').get('t1') as Y.Map<Y.Array<unknown>>).get('comments')!.delete(0, 1)));
    expect(paths(removed.deleted)[0]).toBe(`threads/t1/comments/${element}`);
    expect(paths(removed.deleted).every((path) => path.startsWith(`threads/t1/comments/${element}`))).toBe(true);
  });

  it('finds a new root type and a whole new subtree in one update', () => {
    const { server, change } = pair(() => {});
    const scope = updateScope(
      server,
      change((doc) => {
        const thread = new Y.Map<unknown>();
        doc.getMap('threads').set('t9', thread);
        thread.set('resolved', false);
      }),
    );
    expect(paths(scope.inserted)).toEqual(['threads/t9', 'threads/t9/resolved']);
  });

  it('calls unknown an update built on an item the server never had, or deleting one', () => {
    const elsewhere = new Y.Doc();
    elsewhere.getMap('meta').set('title', 'A');
    const server = new Y.Doc();
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(elsewhere)); // the server has not seen this
    const before = Y.encodeStateVector(client);
    client.getMap('meta').set('title', 'B'); // placed next to the item the server lacks
    expect(updateScope(server, Y.encodeStateAsUpdate(client, before)).unknown).toBe(true);

    // A delete set naming items that do not exist yet (someone else's next comment, say).
    const victim = new Y.Doc();
    victim.getMap('threads').set('t1', 'x');
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(victim));
    forged.getMap('threads').delete('t1');
    const deleteOnly = Y.encodeStateAsUpdate(forged, Y.encodeStateVector(victim));
    expect(updateScope(new Y.Doc(), deleteOnly).unknown).toBe(true);
    expect(updateScope(victim, deleteOnly)).toMatchObject({ unknown: false });
    expect(paths(updateScope(victim, deleteOnly).deleted)).toEqual(['threads/t1']);
  });

  it('looks at each deleted item once, however many overlapping ranges an update lists', () => {
    const server = new Y.Doc();
    server.getMap('threads').set('t1', 'Ten points seems low');
    server.getMap('threads').set('t2', 'And the level');
    const client = server.clientID;
    const state = Y.getState(server.store, client);
    const ranges = (count: number) => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0); // no structs
      encoding.writeVarUint(encoder, 1); // one writer in the delete set
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, count);
      for (let i = 0; i < count; i++) {
        encoding.writeVarUint(encoder, 0);
        encoding.writeVarUint(encoder, state);
      }
      return encoding.toUint8Array(encoder);
    };
    const once = updateScope(server, ranges(1));
    expect(paths(once.deleted)).toEqual(['threads/t1', 'threads/t2']);
    expect(updateScope(server, ranges(10_000)).deleted).toHaveLength(once.deleted.length);
  });
});
