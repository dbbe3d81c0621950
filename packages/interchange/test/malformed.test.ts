import { buildHairdresser, checkMap, edgesOf, nodesOf, snapshotOf } from '@qms/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { describeMap } from '../src/describe.js';
import { EXPORT_FORMATS } from '../src/registry.js';
import { CONTEXT } from './fixtures.js';

/**
 * A map in which another client stored entries that are not nodes or edges (a plain string under
 * a node's id, a node without a kind, a link from or to nothing): every export still runs, and
 * gives what it gives for the same map without them.
 */
function maps() {
  const clean = new Y.Doc();
  buildHairdresser(clean);
  const damaged = new Y.Doc();
  Y.applyUpdate(damaged, Y.encodeStateAsUpdate(clean));
  const unit = snapshotOf(clean).nodes.find((n) => n.kind === 'unit')!;
  const nodes = nodesOf(damaged) as Y.Map<unknown>;
  const edges = edgesOf(damaged) as Y.Map<unknown>;
  damaged.transact(() => {
    nodes.set('str', 'just a string');
    nodes.set('num', 42);
    const noKind = new Y.Map<unknown>();
    nodes.set('no-kind', noKind);
    noKind.set('title', new Y.Text('A node without a kind'));
    edges.set('edge-str', 'a -> b');
    const fromString = new Y.Map<unknown>();
    edges.set('edge-from-str', fromString);
    fromString.set('kind', 'partOf');
    fromString.set('source', 'str');
    fromString.set('target', unit.id);
    const toNothing = new Y.Map<unknown>();
    edges.set('edge-to-nothing', toNothing);
    toNothing.set('kind', 'childOf');
    toNothing.set('source', unit.id);
    toNothing.set('target', 'nowhere');
  });
  return { clean: snapshotOf(clean), damaged: snapshotOf(damaged) };
}

const text = (output: Uint8Array | string) => (typeof output === 'string' ? output : new TextDecoder().decode(output));

describe('exports of a map holding malformed entries', () => {
  it('reads the map without them, and says what it skipped', () => {
    const { clean, damaged } = maps();
    expect(damaged.nodes).toEqual(clean.nodes);
    expect(damaged.edges).toEqual(clean.edges);
    expect(damaged.skipped.map((s) => s.id).sort()).toEqual(['edge-from-str', 'edge-str', 'edge-to-nothing', 'no-kind', 'num', 'str']);
    expect(describeMap(damaged)).toEqual(describeMap(clean));
    expect(checkMap(damaged).issues.filter((i) => i.rule === 'unreadable').map((i) => i.params.count)).toEqual([4]); // the links from and to nothing are not damage
  });

  for (const format of EXPORT_FORMATS) {
    it(`${format.id}: runs, and gives what the map without them gives`, async () => {
      const { clean, damaged } = maps();
      // The map has no target language: a bilingual export refuses it (languages.test.ts runs it on a translated map).
      if (format.bilingual) return void (await expect(format.run(damaged, CONTEXT)).rejects.toThrow(/choose one of the map's target languages/));
      const output = await format.run(damaged, CONTEXT);
      expect(output.length).toBeGreaterThan(0);
      if (format.text) expect(text(output)).toBe(text(await format.run(clean, CONTEXT)));
    }, 60_000); // the PDF takes a few seconds on a busy machine
  }
});
