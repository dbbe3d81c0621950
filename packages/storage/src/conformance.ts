/**
 * The acceptance suite every storage implementation must pass (the model is automerge-repo's
 * `runStorageAdapterTests`). A new store adds one test file:
 *
 *   runDocumentStoreTests('redis', async () => ({ open: () => …, cleanup: () => … }));
 *
 * `open()` must return a fresh store instance over the same backing data each time it is called:
 * the suite closes one and opens the next to stand for a server restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StorageError, StorageErrorReason, type Catalogue, type DocumentStore } from './types.js';

export interface Harness<T> {
  open(): Promise<T>;
  cleanup(): Promise<void>;
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

    beforeEach(async () => {
      harness = await setup();
      store = await harness.open();
    });

    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

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

    beforeEach(async () => {
      harness = await setup();
      catalogue = await harness.open();
    });

    afterEach(async () => {
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
  });
}
