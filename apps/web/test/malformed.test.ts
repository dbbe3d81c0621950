import { buildHairdresser, checkMap, metaOf, nodesOf, schemaProblem, snapshotOf } from '@qms/model';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SchemaBanner, UnreadableBanner, unreadableCount } from '../src/editor/chrome/Banners';
import { mergeEdges, mergeNodes } from '../src/editor/flow-state';
import { resources } from '../src/i18n';
import i18n from '../src/i18n';

/**
 * A map in which another client stored a node as a plain string (and other entries that are not
 * nodes or edges), or stamped a schema this version cannot open: the canvas draws the rest, and
 * the editor says so instead of crashing.
 */
function damagedMap() {
  const doc = new Y.Doc();
  buildHairdresser(doc);
  const unit = snapshotOf(doc).nodes.find((n) => n.kind === 'unit')!;
  const nodes = nodesOf(doc) as Y.Map<unknown>;
  doc.transact(() => {
    nodes.set('str', 'just a string');
    nodes.set('num', 7);
    const noKind = new Y.Map<unknown>();
    nodes.set('no-kind', noKind);
    noKind.set('title', 'no kind');
    const edge = new Y.Map<unknown>();
    doc.getMap('edges').set('to-str', edge);
    edge.set('kind', 'partOf');
    edge.set('source', 'str');
    edge.set('target', unit.id);
  });
  return doc;
}

afterEach(async () => {
  await i18n.changeLanguage('en');
});

describe('a map holding malformed entries, in the editor', () => {
  it('gives the canvas every readable node and link, and none of the others', () => {
    const snapshot = snapshotOf(damagedMap());
    const flowNodes = mergeNodes([], { nodes: snapshot.nodes, edges: snapshot.edges, lens: 'teacher', badges: new Map() });
    expect(flowNodes.length).toBe(snapshot.nodes.length);
    expect(flowNodes.map((n) => n.id)).not.toContain('str');
    const flowEdges = mergeEdges([], { edges: snapshot.edges, lens: 'teacher' });
    expect(flowEdges.length).toBe(snapshot.edges.length);
    expect(flowEdges.map((e) => e.id)).not.toContain('to-str');
    // The checks tell the same story, where everyone looks for problems.
    expect(checkMap(snapshot).issues.filter((i) => i.rule === 'unreadable').map((i) => i.params.count)).toEqual([3]);
  });

  it('says how many items could not be read, in every language, and nothing when all is readable', async () => {
    const { skipped } = snapshotOf(damagedMap());
    expect(unreadableCount(skipped)).toBe(3); // the link from the string node only dangles
    const html = renderToStaticMarkup(createElement(UnreadableBanner, { skipped }));
    expect(html).toContain('data-testid="unreadable-banner"');
    expect(html).toContain('3 items of this map could not be read');
    await i18n.changeLanguage('ru');
    expect(renderToStaticMarkup(createElement(UnreadableBanner, { skipped }))).toContain('3 элемента карты не удалось прочитать');
    expect(renderToStaticMarkup(createElement(UnreadableBanner, { skipped: snapshotOf(new Y.Doc()).skipped }))).toBe('');
  });

  it('explains a map it cannot open, and who can bring it back', async () => {
    const doc = damagedMap();
    metaOf(doc).set('schemaVersion', 99);
    const problem = schemaProblem(doc)!;
    expect(problem).toBe('newer-schema');
    const owner = renderToStaticMarkup(createElement(SchemaBanner, { problem, canRestore: true }));
    expect(owner).toContain('saved by a newer version of the app');
    expect(owner).toContain('Restore an earlier version from History');
    const editor = renderToStaticMarkup(createElement(SchemaBanner, { problem: 'unreadable-schema', canRestore: false }));
    expect(editor).toContain('version stamp is damaged');
    expect(editor).toContain('owner can restore');
  });

  it('every UI language has the messages', () => {
    const keys = ['schemaNewer', 'schemaUnreadable', 'schemaRestore', 'schemaAskOwner', 'unreadable_one', 'unreadable_other', 'unreadableDismiss'];
    for (const [language, { translation, rules }] of Object.entries(resources)) {
      for (const key of keys) expect((translation.editor as Record<string, string>)[key], `${language}: editor.${key}`).toBeTruthy();
      expect(rules.unreadable.skipped, `${language}: rules unreadable.skipped`).toBeTruthy();
    }
  });
});
