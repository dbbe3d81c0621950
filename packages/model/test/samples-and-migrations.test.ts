import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { IncompatibilityReason, MapView, SCHEMA_VERSION, buildRuecvetCourse, metaOf, migrate, readMeta } from '../src/index.js';

describe('the RUECVET course sample', () => {
  it('holds the course, LO 1–4, WA 1–12 and their links', () => {
    const doc = new Y.Doc();
    buildRuecvetCourse(doc);
    const { nodes, edges, meta } = new MapView(doc).snapshot;
    expect(meta.title).toMatch(/^Sample:/);
    const count = (kind: string) => nodes.filter((n) => n.kind === kind).length;
    expect(count('qualification')).toBe(1);
    expect(count('learningOutcome')).toBe(4);
    expect(count('workAction')).toBe(12);
    const titles = nodes.map((n) => n.title);
    for (let i = 1; i <= 12; i++) expect(titles.some((t) => t.startsWith(`WA ${i}.`))).toBe(true);
    // Each outcome covers its three work actions; each work action hangs under the course.
    const byTitle = (prefix: string) => nodes.find((n) => n.title.startsWith(prefix))!.id;
    const covers = edges.filter((e) => e.kind === 'covers');
    expect(covers).toHaveLength(12);
    expect(covers.filter((e) => e.source === byTitle('LO 2.')).map((e) => e.target).sort()).toEqual(
      [byTitle('WA 4.'), byTitle('WA 5.'), byTitle('WA 6.')].sort(),
    );
    expect(edges.filter((e) => e.kind === 'childOf')).toHaveLength(12);
  });
});

describe('migrations', () => {
  it('stamps a document that has no schema version yet', () => {
    const doc = new Y.Doc();
    metaOf(doc).set('title', 'old');
    expect(migrate(doc)).toEqual({ ok: true, from: 0, to: SCHEMA_VERSION });
    expect(readMeta(doc).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('leaves a current document untouched', () => {
    const doc = new Y.Doc();
    buildRuecvetCourse(doc);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(migrate(doc)).toEqual({ ok: true, from: SCHEMA_VERSION, to: SCHEMA_VERSION });
    expect(updates).toBe(0);
  });

  it('refuses a document written by a newer version', () => {
    const doc = new Y.Doc();
    metaOf(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    expect(migrate(doc)).toEqual({ ok: false, reason: IncompatibilityReason.NewerSchema, version: SCHEMA_VERSION + 1 });
  });
});
