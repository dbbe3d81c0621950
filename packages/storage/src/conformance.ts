/**
 * The acceptance suite every storage implementation must pass (the model is automerge-repo's
 * `runStorageAdapterTests`). A new store adds one test file:
 *
 *   runDocumentStoreTests('redis', async () => ({ open: () => …, cleanup: () => … }));
 *
 * `open()` must return a fresh store instance over the same backing data each time it is called:
 * the suite closes one and opens the next to stand for a server restart. A store that several
 * server instances share (PostgreSQL) also gives `shared()`, and passes the cases for several
 * instances at once; a store of one process (the files) leaves it out, and they are skipped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StorageError, StorageErrorReason, type Catalogue, type DocumentStore } from './types.js';

export interface Harness<T> {
  open(): Promise<T>;
  /**
   * Another store over the same backing data, open at the same time as the others: a second
   * server instance on the same database. Absent for stores of one process by design.
   */
  shared?(): Promise<T>;
  cleanup(): Promise<void>;
}

const ONE_PROCESS = 'a store of one process (no Harness.shared)';

/** Appends, through `appendNumbered` where the store numbers updates (resolving to the number). */
function appendTo(store: DocumentStore, mapId: string, updates: readonly Uint8Array[]): Promise<unknown> {
  return store.appendNumbered ? store.appendNumbered(mapId, updates) : store.append(mapId, updates);
}

/** The sequence number an append resolved to, for stores that number updates. */
function seqOf(result: unknown): number | undefined {
  return typeof result === 'object' && result !== null && typeof (result as { seq?: unknown }).seq === 'number'
    ? (result as { seq: number }).seq
    : undefined;
}

/** A document whose every change is captured as the update a server would receive. */
function recordingDoc() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    doc,
    /** Makes one change and returns its update. */
    change(key: string, value: unknown): Uint8Array {
      const before = updates.length;
      doc.getMap('m').set(key, value);
      expect(updates.length).toBe(before + 1);
      return updates[updates.length - 1]!;
    },
    text(insert: string): Uint8Array {
      const before = updates.length;
      const text = doc.getText('t');
      text.insert(text.length, insert);
      expect(updates.length).toBe(before + 1);
      return updates[updates.length - 1]!;
    },
  };
}

function rebuild(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

function contentOf(doc: Y.Doc) {
  return { m: doc.getMap('m').toJSON(), t: doc.getText('t').toString() };
}

export function runDocumentStoreTests(name: string, setup: () => Promise<Harness<DocumentStore>>): void {
  describe(`DocumentStore conformance: ${name}`, () => {
    let harness: Harness<DocumentStore>;
    let store: DocumentStore;
    /** Stores opened with `shared()`, closed after each case. */
    let others: DocumentStore[] = [];

    beforeEach(async () => {
      harness = await setup();
      store = await harness.open();
      others = [];
    });

    afterEach(async () => {
      await Promise.all(others.map((other) => other.close()));
      await store.close();
      await harness.cleanup();
    });

    async function openShared(): Promise<DocumentStore> {
      const other = await harness.shared!();
      others.push(other);
      return other;
    }

    async function restart(): Promise<DocumentStore> {
      await store.close();
      store = await harness.open();
      return store;
    }

    it('loads nothing for a map never written', async () => {
      expect((await store.load('never-written')).updates).toEqual([]);
    });

    it('loads back what was appended', async () => {
      const source = recordingDoc();
      await store.append('m1', [source.change('a', 1), source.text('hello')]);
      await store.append('m1', [source.change('b', { nested: true })]);
      const loaded = await store.load('m1');
      expect(contentOf(rebuild(loaded.updates))).toEqual(contentOf(source.doc));
      expect(loaded.recoveries).toEqual([]);
    });

    it('keeps appends across a restart', async () => {
      const source = recordingDoc();
      await store.append('m1', [source.change('a', 1)]);
      await store.flush('m1');
      await restart();
      await store.append('m1', [source.change('b', 2)]);
      await restart();
      expect(contentOf(rebuild((await store.load('m1')).updates))).toEqual({ m: { a: 1, b: 2 }, t: '' });
    });

    it('keeps the order of appends made without waiting', async () => {
      const source = recordingDoc();
      const pending: Promise<void>[] = [];
      for (let i = 0; i < 200; i++) pending.push(store.append('m1', [source.text(String(i % 10))]));
      await Promise.all(pending);
      await store.flush('m1');
      const loaded = await store.load('m1');
      expect(loaded.updates).toHaveLength(200);
      // Apply strictly in the loaded order without pending structs: only right if order was kept.
      const doc = new Y.Doc();
      for (const update of loaded.updates) {
        Y.applyUpdate(doc, update);
        expect(doc.store.pendingStructs).toBeNull();
      }
      expect(doc.getText('t').toString()).toBe(source.doc.getText('t').toString());
    });

    it('compacts without losing an update, including those appended during compaction', async () => {
      const source = recordingDoc();
      for (let i = 0; i < 50; i++) await store.append('m1', [source.change(`k${i}`, i)]);
      const compaction = store.compact('m1', Y.encodeStateAsUpdate(source.doc));
      const during = store.append('m1', [source.change('during', true)]);
      await Promise.all([compaction, during]);
      await store.append('m1', [source.change('after', true)]);
      await store.flush('m1');
      expect(store.stats('m1').snapshotBytes).toBeGreaterThan(0);
      const afterCompaction = await store.load('m1');
      expect(afterCompaction.updates.length).toBeLessThan(50);
      expect(contentOf(rebuild(afterCompaction.updates))).toEqual(contentOf(source.doc));
      await restart();
      expect(contentOf(rebuild((await store.load('m1')).updates))).toEqual(contentOf(source.doc));
    });

    it('survives repeated compactions and restarts in between', async () => {
      const source = recordingDoc();
      for (let round = 0; round < 4; round++) {
        for (let i = 0; i < 5; i++) await store.append('m1', [source.text(`${round}.${i} `)]);
        await store.compact('m1', Y.encodeStateAsUpdate(source.doc));
        expect(store.stats('m1').logBytes).toBe(0);
        await restart();
        await store.load('m1');
      }
      expect(contentOf(rebuild((await store.load('m1')).updates))).toEqual(contentOf(source.doc));
    });

    it('keeps a snapshot given in pieces as those pieces, followed by the log since', async () => {
      const source = recordingDoc();
      for (let i = 0; i < 20; i++) await store.append('m1', [source.text(`${i} `)]);
      const pieces = [Y.encodeStateAsUpdate(source.doc), Y.encodeStateAsUpdate(new Y.Doc())];
      await store.compact('m1', pieces);
      const after = source.change('after', 'the snapshot');
      await store.append('m1', [after]);
      await restart();
      const loaded = await store.load('m1');
      expect(loaded.snapshotPieces).toBe(2);
      expect(loaded.updates.slice(0, 2).map((u) => [...u])).toEqual(pieces.map((u) => [...u]));
      expect(loaded.updates.slice(2).map((u) => [...u])).toEqual([[...after]]);
      expect(contentOf(rebuild(loaded.updates))).toEqual(contentOf(source.doc));
    });

    it('keeps maps apart', async () => {
      const one = recordingDoc();
      const two = recordingDoc();
      await store.append('one', [one.change('who', 'one')]);
      await store.append('two', [two.change('who', 'two')]);
      expect(rebuild((await store.load('one')).updates).getMap('m').get('who')).toBe('one');
      expect(rebuild((await store.load('two')).updates).getMap('m').get('who')).toBe('two');
      expect((await store.mapIds()).sort()).toEqual(['one', 'two']);
    });

    it('removes a map entirely', async () => {
      const source = recordingDoc();
      await store.append('gone', [source.change('a', 1)]);
      await store.compact('gone', Y.encodeStateAsUpdate(source.doc));
      await store.append('gone', [source.change('b', 1)]);
      await store.remove('gone');
      expect((await store.load('gone')).updates).toEqual([]);
      expect(await store.mapIds()).not.toContain('gone');
      await restart();
      expect((await store.load('gone')).updates).toEqual([]);
    });

    it('flushes appended data, and flushing an idle map is harmless', async () => {
      const source = recordingDoc();
      await store.flush('idle');
      await store.append('m1', [source.change('a', 1)]);
      await Promise.all([store.flush('m1'), store.flush('m1')]);
      await store.append('m1', [source.change('b', 1)]);
      await store.flush('m1');
      await restart();
      expect(contentOf(rebuild((await store.load('m1')).updates)).m).toEqual({ a: 1, b: 1 });
    });

    it('stores a map’s review document beside it and removes it with the map', async () => {
      const source = recordingDoc();
      await store.append('m1.review', [source.change('comment', 'hello')]);
      expect(rebuild((await store.load('m1.review')).updates).getMap('m').get('comment')).toBe('hello');
      expect((await store.load('m1')).updates).toEqual([]);
      await store.remove('m1.review');
      expect((await store.load('m1.review')).updates).toEqual([]);
    });

    it('saves, loads and removes versions, apart from the document and across a restart', async () => {
      const source = recordingDoc();
      await store.append('m1', [source.change('a', 1)]);
      const first = Y.encodeStateAsUpdate(source.doc);
      await store.saveVersion('m1', 'v1', first);
      await store.append('m1', [source.change('a', 2)]);
      await store.compact('m1', Y.encodeStateAsUpdate(source.doc));
      await store.saveVersion('m1', 'v2', Y.encodeStateAsUpdate(source.doc));
      await store.saveVersion('other', 'v1', Y.encodeStateAsUpdate(recordingDoc().doc));
      await restart();
      // Compaction and a restart leave versions as they were saved; the document is not affected.
      expect(await store.loadVersion('m1', 'v1')).toEqual(first);
      expect(rebuild([(await store.loadVersion('m1', 'v1'))!]).getMap('m').get('a')).toBe(1);
      expect(rebuild([(await store.loadVersion('m1', 'v2'))!]).getMap('m').get('a')).toBe(2);
      expect(contentOf(rebuild((await store.load('m1')).updates))).toEqual(contentOf(source.doc));
      expect(await store.loadVersion('m1', 'never-saved')).toBeUndefined();
      expect(await store.loadVersion('never-written', 'v1')).toBeUndefined();
      // Saving under an existing id replaces it.
      await store.saveVersion('m1', 'v1', Y.encodeStateAsUpdate(source.doc));
      expect(rebuild([(await store.loadVersion('m1', 'v1'))!]).getMap('m').get('a')).toBe(2);
      await store.removeVersion('m1', 'v1');
      await store.removeVersion('m1', 'v1'); // already gone: not an error
      expect(await store.loadVersion('m1', 'v1')).toBeUndefined();
      expect(await store.loadVersion('m1', 'v2')).toBeDefined();
      expect(await store.loadVersion('other', 'v1')).toBeDefined();
    });

    it('removes a map’s versions with the map', async () => {
      const source = recordingDoc();
      await store.append('gone', [source.change('a', 1)]);
      await store.saveVersion('gone', 'v1', Y.encodeStateAsUpdate(source.doc));
      await store.remove('gone');
      expect(await store.loadVersion('gone', 'v1')).toBeUndefined();
      await restart();
      expect(await store.loadVersion('gone', 'v1')).toBeUndefined();
      expect(await store.mapIds()).not.toContain('gone');
    });

    it('two stores on one backing store both append to one map, and a third sees it all in order', async (ctx) => {
      ctx.skip(!harness.shared, ONE_PROCESS);
      const second = await openShared();
      const a = recordingDoc();
      const b = recordingDoc();
      // Each change builds on the other's, which reached it as a bus would: once stored.
      for (let i = 0; i < 15; i++) {
        const fromA = a.text(`a${i} `);
        await store.append('m1', [fromA]);
        Y.applyUpdate(b.doc, fromA);
        const fromB = b.text(`b${i} `);
        await second.append('m1', [fromB]);
        Y.applyUpdate(a.doc, fromB);
      }
      // Both at once, without waiting: each store keeps its own order.
      const pending: Promise<unknown>[] = [];
      const sent: Uint8Array[] = [];
      for (let i = 0; i < 40; i++) {
        const fromA = a.change(`a${i}`, i);
        const fromB = b.change(`b${i}`, i);
        sent.push(fromA, fromB);
        pending.push(appendTo(store, 'm1', [fromA]), appendTo(second, 'm1', [fromB]));
      }
      const results = await Promise.all(pending);
      for (const update of sent) {
        Y.applyUpdate(a.doc, update);
        Y.applyUpdate(b.doc, update);
      }
      const third = await openShared();
      const loaded = await third.load('m1');
      expect(loaded.updates).toHaveLength(110);
      const doc = new Y.Doc();
      for (const update of loaded.updates) {
        Y.applyUpdate(doc, update);
        expect(doc.store.pendingStructs).toBeNull();
      }
      expect(contentOf(doc)).toEqual(contentOf(a.doc));
      expect(contentOf(doc)).toEqual(contentOf(b.doc));
      const seqs = results.map(seqOf);
      if (seqs.every((seq) => seq !== undefined)) {
        // Numbered without gaps across both stores: 30 sequential updates, then these 80.
        expect([...seqs].sort((x, y) => x! - y!)).toEqual(Array.from({ length: 80 }, (_, i) => 31 + i));
        expect(loaded.seq).toBe(110);
      }
    });

    it('one store compacts while another appends: nothing is lost', async (ctx) => {
      ctx.skip(!harness.shared, ONE_PROCESS);
      const second = await openShared();
      const a = recordingDoc();
      const b = recordingDoc();
      let seen: number | undefined;
      const note = (result: unknown) => {
        const seq = seqOf(result);
        if (seq !== undefined) seen = Math.max(seen ?? 0, seq);
      };
      for (let round = 0; round < 3; round++) {
        // Everything so far reaches both documents.
        for (let i = 0; i < 10; i++) {
          const fromA = a.change(`a${round}.${i}`, i);
          note(await appendTo(store, 'm1', [fromA]));
          Y.applyUpdate(b.doc, fromA);
          const fromB = b.text(`${round}.${i} `);
          note(await appendTo(second, 'm1', [fromB]));
          Y.applyUpdate(a.doc, fromB);
        }
        // The first store compacts from its document while the second goes on appending
        // changes its document does not have. The last round lets the store count on its own.
        const state = Y.encodeStateAsUpdate(a.doc);
        const late: Uint8Array[] = [];
        const appending = (async () => {
          for (let i = 0; i < 10; i++) {
            const fromB = b.change(`late${round}.${i}`, i);
            late.push(fromB);
            await second.append('m1', [fromB]);
          }
        })();
        await Promise.all([store.compact('m1', state, round < 2 && seen !== undefined ? { upToSeq: seen } : undefined), appending]);
        for (const update of late) Y.applyUpdate(a.doc, update);
        expect(store.stats('m1').snapshotBytes).toBeGreaterThan(0);
      }
      const third = await openShared();
      const loaded = await third.load('m1');
      expect(loaded.snapshotPieces).toBeGreaterThan(0);
      expect(contentOf(rebuild(loaded.updates))).toEqual(contentOf(b.doc));
      expect(contentOf(b.doc)).toEqual(contentOf(a.doc));
    });

    it('three compactions racing on one map lose nothing', async (ctx) => {
      ctx.skip(!harness.shared, ONE_PROCESS);
      const stores = [store, await openShared(), await openShared()];
      const docs = stores.map(() => recordingDoc());
      // Every sequence number up to this is in every document (for stores that number updates).
      let seen: number | undefined;
      const deliver = (from: number, updates: readonly Uint8Array[], result: unknown) => {
        docs.forEach((doc, i) => {
          if (i !== from) for (const update of updates) Y.applyUpdate(doc.doc, update);
        });
        return seqOf(result);
      };
      for (let round = 0; round < 6; round++) {
        // Everyone writes; each change reaches the other documents once it is stored.
        const written = await Promise.all(
          stores.map(async (each, i) => {
            const updates = [docs[i]!.text(`${round}.${i} `), docs[i]!.change(`r${round}.${i}`, round)];
            return { i, updates, result: await appendTo(each, 'm1', updates) };
          }),
        );
        const seqs = written.map(({ i, updates, result }) => deliver(i, updates, result));
        if (seqs.every((seq) => seq !== undefined)) seen = Math.max(...(seqs as number[]));
        // All three compact at once from their (equal) documents, while each also appends a
        // change that no compaction's state holds. Odd rounds let each store count on its own.
        const states = docs.map((doc) => Y.encodeStateAsUpdate(doc.doc));
        const late = docs.map((doc, i) => doc.change(`late${round}.${i}`, i));
        const options = round % 2 === 0 && seen !== undefined ? { upToSeq: seen } : undefined;
        const results = await Promise.all([
          ...stores.map((each, i) => appendTo(each, 'm1', [late[i]!])),
          ...stores.map((each, i) => each.compact('m1', states[i]!, options)),
        ]);
        const lateSeqs = late.map((update, i) => deliver(i, [update], results[i]));
        if (seen !== undefined && lateSeqs.every((seq) => seq !== undefined)) seen = Math.max(seen, ...(lateSeqs as number[]));
      }
      for (const doc of docs) expect(contentOf(doc.doc)).toEqual(contentOf(docs[0]!.doc));
      const fresh = await openShared();
      const loaded = await fresh.load('m1');
      expect(loaded.snapshotPieces).toBeGreaterThan(0);
      const doc = rebuild(loaded.updates);
      expect(doc.store.pendingStructs).toBeNull();
      expect(contentOf(doc)).toEqual(contentOf(docs[0]!.doc));
      expect(Object.keys(contentOf(doc).m)).toHaveLength(6 * 3 * 2);
    });

    it('refuses version ids that are not safe names', async () => {
      for (const bad of ['../escape', 'a/b', '', '.', 'a.b', 'x'.repeat(65)]) {
        const refused = (error: unknown) => error instanceof StorageError && error.reason === StorageErrorReason.InvalidVersionId;
        await expect(store.saveVersion('m1', bad, new Uint8Array([0, 0]))).rejects.toSatisfy(refused);
        await expect(store.loadVersion('m1', bad)).rejects.toSatisfy(refused);
        await expect(store.removeVersion('m1', bad)).rejects.toSatisfy(refused);
      }
      await expect(store.saveVersion('../escape', 'v1', new Uint8Array([0, 0]))).rejects.toSatisfy(
        (error: unknown) => error instanceof StorageError && error.reason === StorageErrorReason.InvalidMapId,
      );
    });

    it('refuses map ids that are not safe names', async () => {
      for (const bad of ['../escape', 'a/b', '', '.', 'a.b', 'a.review.review']) {
        await expect(store.load(bad)).rejects.toSatisfy(
          (error: unknown) => error instanceof StorageError && error.reason === StorageErrorReason.InvalidMapId,
        );
        await expect(store.append(bad, [new Uint8Array([0, 0])])).rejects.toBeInstanceOf(StorageError);
      }
    });
  });
}

export function runCatalogueTests(name: string, setup: () => Promise<Harness<Catalogue>>): void {
  describe(`Catalogue conformance: ${name}`, () => {
    let harness: Harness<Catalogue>;
    let catalogue: Catalogue;
    let others: Catalogue[] = [];

    beforeEach(async () => {
      harness = await setup();
      catalogue = await harness.open();
      others = [];
    });

    afterEach(async () => {
      await Promise.all(others.map((other) => other.close()));
      await catalogue.close();
      await harness.cleanup();
    });

    const record = (id: string, updatedAt: number) => ({ id, title: `Map ${id}`, createdAt: 1, updatedAt });

    it('creates, reads, lists newest first, updates and deletes records', async () => {
      await catalogue.put(record('a', 10));
      await catalogue.put(record('b', 20));
      expect(await catalogue.get('a')).toEqual(record('a', 10));
      expect((await catalogue.list()).map((r) => r.id)).toEqual(['b', 'a']);
      expect(await catalogue.update('a', { title: 'Renamed', updatedAt: 30 })).toEqual({ ...record('a', 30), title: 'Renamed' });
      expect((await catalogue.list()).map((r) => r.id)).toEqual(['a', 'b']);
      expect(await catalogue.update('missing', { title: 'x' })).toBeUndefined();
      expect(await catalogue.delete('a')).toBe(true);
      expect(await catalogue.delete('a')).toBe(false);
      expect(await catalogue.get('a')).toBeUndefined();
    });

    it('returns copies that callers cannot use to change stored records', async () => {
      await catalogue.put(record('a', 10));
      const got = (await catalogue.get('a'))!;
      got.title = 'mutated';
      expect((await catalogue.get('a'))!.title).toBe('Map a');
    });

    it('does not treat inherited object keys as maps', async () => {
      expect(await catalogue.get('constructor')).toBeUndefined();
      expect(await catalogue.get('__proto__')).toBeUndefined();
      expect(await catalogue.delete('toString')).toBe(false);
    });

    it('keeps a map’s list of versions as given, and returns copies of it', async () => {
      const versions = [
        { id: 'v1', name: 'After workshop 1', createdAt: 5, auto: false, createdBy: 'editor' },
        { id: 'v2', name: 'Automatic checkpoint', createdAt: 6, auto: true },
      ];
      await catalogue.put({ ...record('a', 10), versions });
      expect((await catalogue.get('a'))!.versions).toEqual(versions);
      const got = (await catalogue.get('a'))!;
      got.versions!.push({ id: 'v3', name: 'mutated', createdAt: 7, auto: false });
      got.versions![0]!.name = 'mutated';
      expect((await catalogue.get('a'))!.versions).toEqual(versions);
      const updated = await catalogue.update('a', { versions: versions.slice(1) });
      expect(updated!.versions).toEqual(versions.slice(1));
      await catalogue.close();
      catalogue = await harness.open();
      expect(await catalogue.get('a')).toEqual({ ...record('a', 10), versions: versions.slice(1) });
      expect((await catalogue.list())[0]!.versions).toEqual(versions.slice(1));
    });

    it('keeps a map’s review links as given, across a restart, and in its copy of the record', async () => {
      const links = [
        { id: 'l1', institutionId: 'inst-a', hash: 'ef'.repeat(32), createdAt: 7 },
        { id: 'l2', institutionId: 'inst-b', hash: '01'.repeat(32), createdAt: 8 },
      ];
      await catalogue.put({ ...record('a', 10), reviewLinks: links });
      expect((await catalogue.get('a'))!.reviewLinks).toEqual(links);
      expect((await catalogue.update('a', { reviewLinks: links.slice(1) }))!.reviewLinks).toEqual(links.slice(1));
      await catalogue.close();
      catalogue = await harness.open();
      expect(await catalogue.get('a')).toEqual({ ...record('a', 10), reviewLinks: links.slice(1) });
      if (catalogue.readRecordCopy) expect((await catalogue.readRecordCopy('a'))!.reviewLinks).toEqual(links.slice(1));
    });

    it('keeps a map’s publication as given, across a restart, and in its copy of the record', async () => {
      const publication = { status: 'adopted' as const, changedAt: 9, adoptions: [{ versionId: 'v1', adoptedAt: 5, documentIdentifier: 'd1' }, { versionId: 'v2', adoptedAt: 9, documentIdentifier: 'd2' }] };
      await catalogue.put({ ...record('a', 10), publication });
      expect((await catalogue.get('a'))!.publication).toEqual(publication);
      const deprecated = { ...publication, status: 'deprecated' as const, changedAt: 11 };
      expect((await catalogue.update('a', { publication: deprecated }))!.publication).toEqual(deprecated);
      await catalogue.close();
      catalogue = await harness.open();
      expect(await catalogue.get('a')).toEqual({ ...record('a', 10), publication: deprecated });
      if (catalogue.readRecordCopy) expect((await catalogue.readRecordCopy('a'))!.publication).toEqual(deprecated);
    });

    it('keeps its copies of records (readRecordCopy, when it has them) in step with links, versions and deletions', async () => {
      if (!catalogue.readRecordCopy) return; // a store without copies journals its catalogue otherwise
      const links = { owner: 'ab'.repeat(32), editor: 'cd'.repeat(32), commenter: null, viewer: null };
      await catalogue.put({ ...record('a', 10), access: links });
      expect(await catalogue.readRecordCopy('a')).toEqual({ ...record('a', 10), access: links });
      const versions = [{ id: 'v1', name: 'After workshop 1', createdAt: 5, auto: false }];
      await catalogue.update('a', { versions, access: { ...links, editor: null } });
      expect(await catalogue.readRecordCopy('a')).toEqual({ ...record('a', 10), access: { ...links, editor: null }, versions });
      await catalogue.close();
      catalogue = await harness.open();
      expect((await catalogue.readRecordCopy!('a'))!.versions).toEqual(versions);
      expect(await catalogue.delete('a')).toBe(true);
      expect(await catalogue.readRecordCopy!('a')).toBeUndefined();
      expect(await catalogue.readRecordCopy!('missing')).toBeUndefined();
    });

    it('keeps records and flags across a restart', async () => {
      await catalogue.put({ ...record('a', 10), access: { owner: 'ab'.repeat(32), viewer: null } });
      await catalogue.setFlag('samples-created', true);
      await catalogue.close();
      catalogue = await harness.open();
      expect(await catalogue.get('a')).toEqual({ ...record('a', 10), access: { owner: 'ab'.repeat(32), viewer: null } });
      expect(await catalogue.getFlag('samples-created')).toBe(true);
      expect(await catalogue.getFlag('other')).toBe(false);
    });

    it('keeps the changes two catalogues on one backing store make at once', async (ctx) => {
      ctx.skip(!harness.shared, ONE_PROCESS);
      const other = await harness.shared!();
      others.push(other);
      await catalogue.put(record('a', 10));
      expect(await other.get('a')).toEqual(record('a', 10));
      // One renames the map again and again while the other records its edits and links: an
      // update that wrote back a whole record it had read would undo the other's changes.
      const access = (i: number) => ({ owner: i.toString(16).padStart(64, '0'), viewer: null });
      await Promise.all([
        (async () => {
          for (let i = 0; i < 20; i++) await catalogue.update('a', { title: `Title ${i}` });
        })(),
        (async () => {
          for (let i = 0; i < 20; i++) await other.update('a', { updatedAt: 100 + i, access: access(i) });
        })(),
      ]);
      const expected = { ...record('a', 119), title: 'Title 19', access: access(19) };
      expect(await catalogue.get('a')).toEqual(expected);
      expect(await other.get('a')).toEqual(expected);
      await other.put(record('b', 200));
      await catalogue.setFlag('samples-created', true);
      expect((await catalogue.list()).map((r) => r.id)).toEqual(['b', 'a']);
      expect(await other.getFlag('samples-created')).toBe(true);
      expect(await other.delete('b')).toBe(true);
      expect(await catalogue.get('b')).toBeUndefined();
    });
  });
}
