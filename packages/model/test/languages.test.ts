import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  MapEditor,
  SCHEMA_VERSION,
  TranslationStatus,
  addNode,
  canonicalLanguage,
  checkMap,
  initMapDocument,
  localizeNode,
  localizedNodes,
  localizedGraph,
  MapView,
  restoreContent,
  metaOf,
  migrate,
  nodesOf,
  readMeta,
  setTextField,
  snapshotOf,
  translationProgress,
  translationStatus,
  translationText,
  type MapNode,
} from '../src/index.js';
import { twoPeers } from './peers.js';

function newMap(language = 'ru'): { doc: Y.Doc; editor: MapEditor; lo: string; wa: string } {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: 'Парикмахер', language });
  const editor = new MapEditor(doc, 'me');
  const lo = editor.addNode({ kind: 'learningOutcome', title: 'Выполнять стрижку ножницами', position: { x: 0, y: 0 }, fields: { assessmentCriteria: ['Стрижка выполнена по технологии'] } });
  const wa = editor.addNode({ kind: 'workAction', title: 'Стричь волосы', position: { x: 0, y: 100 } });
  return { doc, editor, lo, wa };
}

function nodeOf(doc: Y.Doc, id: string): MapNode {
  return snapshotOf(doc).nodes.find((n) => n.id === id)!;
}

describe('language tags', () => {
  it('canonicalises BCP 47 tags and refuses what is not one', () => {
    expect(canonicalLanguage('uz-latn')).toEqual({ ok: true, value: 'uz-Latn' });
    expect(canonicalLanguage(' EN-gb ')).toEqual({ ok: true, value: 'en-GB' });
    expect(canonicalLanguage('kk')).toEqual({ ok: true, value: 'kk' });
    for (const bad of ['', 'english language', 'e', 'en_GB_', '123', 'x'.repeat(40), 42]) {
      expect(canonicalLanguage(bad).ok, String(bad)).toBe(false);
    }
  });
});

describe('target languages', () => {
  it('adds, lists and removes target languages; refuses the source, duplicates and bad tags', () => {
    const { doc, editor, lo } = newMap();
    expect(editor.addLanguage('en')).toEqual({ ok: true, value: 'en' });
    expect(editor.addLanguage('uz-latn')).toEqual({ ok: true, value: 'uz-Latn' });
    expect(readMeta(doc).languages).toEqual(['en', 'uz-Latn']);
    expect(editor.addLanguage('en').ok).toBe(false);
    expect(editor.addLanguage('ru').ok).toBe(false);
    const before = Y.encodeStateVector(doc);
    expect(editor.addLanguage('not a tag').ok).toBe(false);
    expect(Y.encodeStateVector(doc)).toEqual(before);
    // Every node got its empty fields, so first keystrokes of two translators merge.
    expect(translationText(doc, lo, 'en', 'title')?.toString()).toBe('');
    expect(editor.removeLanguage('uz-Latn').ok).toBe(true);
    expect(readMeta(doc).languages).toEqual(['en']);
    expect(editor.removeLanguage('uz-Latn').ok).toBe(false);
  });

  it('changes the source language, not to a target language', () => {
    const { doc, editor } = newMap('en');
    editor.addLanguage('ru');
    expect(editor.setSourceLanguage('ru').ok).toBe(false);
    expect(editor.setSourceLanguage('uz-cyrl')).toEqual({ ok: true, value: 'uz-Cyrl' });
    expect(readMeta(doc).language).toBe('uz-Cyrl');
  });

  it('prepares translations of nodes added after a language', () => {
    const { doc, editor } = newMap();
    editor.addLanguage('en');
    const later = editor.addNode({ kind: 'qualification', title: 'Парикмахер', position: { x: 0, y: 0 } });
    expect(translationText(doc, later, 'en', 'keyPurpose')?.toString()).toBe('');
  });
});

describe('translations and their status', () => {
  it('is missing, then current, then outdated when the source changes, and current when redone', () => {
    const { doc, editor, lo } = newMap();
    editor.addLanguage('en');
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe(TranslationStatus.Missing);
    expect(editor.setTranslation(lo, 'en', 'title', 'Cut hair with scissors').ok).toBe(true);
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe(TranslationStatus.Current);
    // Whitespace is not content.
    setTextField(doc, lo, 'title', 'Выполнять  стрижку ножницами ');
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe(TranslationStatus.Current);
    setTextField(doc, lo, 'title', 'Выполнять стрижку ножницами и бритвой');
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe(TranslationStatus.Outdated);
    editor.setTranslation(lo, 'en', 'title', 'Cut hair with scissors and a razor');
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe(TranslationStatus.Current);
    // Confirming an outdated translation that still holds.
    setTextField(doc, lo, 'title', 'Выполнять стрижку ножницами и бритвой.');
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe(TranslationStatus.Outdated);
    editor.confirmTranslation(lo, 'en', 'title');
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe(TranslationStatus.Current);
    // Emptied: missing again.
    editor.setTranslation(lo, 'en', 'title', '  ');
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe(TranslationStatus.Missing);
  });

  it('translates list fields, and a changed criterion makes the list outdated', () => {
    const { doc, editor, lo } = newMap();
    editor.addLanguage('en');
    expect(editor.setTranslation(lo, 'en', 'assessmentCriteria', ['The cut follows the technique']).ok).toBe(true);
    expect(nodeOf(doc, lo).translations?.en?.assessmentCriteria?.value).toEqual(['The cut follows the technique']);
    expect(translationStatus(nodeOf(doc, lo), 'en', 'assessmentCriteria')).toBe('current');
    editor.setField(lo, 'assessmentCriteria', ['Стрижка выполнена по технологии', 'Рабочее место убрано']);
    expect(translationStatus(nodeOf(doc, lo), 'en', 'assessmentCriteria')).toBe('outdated');
    expect(editor.setTranslation(lo, 'en', 'assessmentCriteria', 'not a list').ok).toBe(false);
  });

  it('is reviewed only for the translation and source that were reviewed', () => {
    const { doc, editor, lo } = newMap();
    editor.addLanguage('en');
    expect(editor.markTranslationReviewed(lo, 'en', 'title').ok).toBe(false); // missing
    editor.setTranslation(lo, 'en', 'title', 'Cut hair with scissors');
    expect(editor.markTranslationReviewed(lo, 'en', 'title').ok).toBe(true);
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe('reviewed');
    editor.setTranslation(lo, 'en', 'title', 'Cut hair using scissors');
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe('current');
  });

  it('refuses writes that make no sense, changing nothing', () => {
    const { doc, editor, lo, wa } = newMap();
    editor.addLanguage('en');
    const before = Y.encodeStateVector(doc);
    expect(editor.setTranslation(lo, 'fr', 'title', 'x')).toMatchObject({ ok: false, reason: 'invalid-value' });
    expect(editor.setTranslation(lo, 'ru', 'title', 'x')).toMatchObject({ ok: false, reason: 'invalid-value' });
    expect(editor.setTranslation(lo, 'en', 'code', 'x')).toMatchObject({ ok: false, reason: 'no-such-field' });
    expect(editor.setTranslation(wa, 'en', 'keyPurpose', 'x')).toMatchObject({ ok: false, reason: 'no-such-field' });
    expect(editor.setTranslation('nope', 'en', 'title', 'x')).toMatchObject({ ok: false, reason: 'node-not-found' });
    expect(editor.setTranslation(lo, 'en', 'title', 'x'.repeat(2001))).toMatchObject({ ok: false, reason: 'invalid-value' });
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('counts progress per language', () => {
    const { doc, editor, lo, wa } = newMap();
    editor.addLanguage('en');
    editor.addLanguage('kk');
    editor.setTranslation(lo, 'en', 'title', 'Cut hair with scissors');
    editor.setTranslation(wa, 'en', 'title', 'Cut hair');
    setTextField(doc, wa, 'title', 'Стричь и укладывать волосы');
    const nodes = snapshotOf(doc).nodes;
    expect(translationProgress(nodes, 'en')).toEqual({ language: 'en', total: 3, missing: 1, outdated: 1, current: 1, reviewed: 0 });
    expect(translationProgress(nodes, 'kk')).toMatchObject({ total: 3, missing: 3 });
  });

  it('shows a node in a language, falling back to the source where a translation is missing', () => {
    const { doc, editor, lo } = newMap();
    editor.addLanguage('en');
    editor.setTranslation(lo, 'en', 'title', 'Cut hair with scissors');
    const node = nodeOf(doc, lo);
    const shown = localizeNode(node, 'en', 'ru');
    expect(shown.node.title).toBe('Cut hair with scissors');
    expect(shown.node.assessmentCriteria).toEqual(['Стрижка выполнена по технологии']);
    expect(shown.fallback).toEqual(['assessmentCriteria']);
    expect(shown.status).toEqual({ title: 'current', assessmentCriteria: 'missing' });
    expect(localizeNode(node, 'en', 'ru')).toBe(shown); // memoised: memoised components skip it
    expect(localizeNode(node, 'ru', 'ru').node).toBe(node);
    const { nodes, fallback } = localizedNodes(snapshotOf(doc), 'en');
    expect(nodes.find((n) => n.id === lo)!.title).toBe('Cut hair with scissors');
    expect([...fallback.keys()].length).toBe(2);
  });
});

describe('concurrent translation', () => {
  it('merges two translators typing into the same field at once', () => {
    const { a, b, sync } = twoPeers();
    initMapDocument(a, { title: 'Map', language: 'ru' });
    const ea = new MapEditor(a, 'a');
    const lo = ea.addNode({ kind: 'learningOutcome', title: 'Выполнять стрижку', position: { x: 0, y: 0 } });
    ea.addLanguage('en');
    ea.setTranslation(lo, 'en', 'title', 'Cut hair');
    sync();
    const eb = new MapEditor(b, 'b');
    ea.setTranslation(lo, 'en', 'title', 'Cut hair with scissors');
    eb.setTranslation(lo, 'en', 'title', 'Precisely cut hair');
    sync();
    const merged = nodeOf(a, lo).translations!.en!.title!.value;
    expect(merged).toBe(nodeOf(b, lo).translations!.en!.title!.value);
    expect(merged).toContain('Precisely');
    expect(merged).toContain('with scissors');
    expect(translationStatus(nodeOf(b, lo), 'en', 'title')).toBe('current');
  });

  it('merges first keystrokes into a field nobody had translated', () => {
    const { a, b, sync } = twoPeers();
    initMapDocument(a, { title: 'Map', language: 'ru' });
    const ea = new MapEditor(a, 'a');
    const lo = ea.addNode({ kind: 'learningOutcome', title: 'Выполнять стрижку', position: { x: 0, y: 0 } });
    ea.addLanguage('en');
    sync();
    ea.setTranslation(lo, 'en', 'title', 'Cut');
    new MapEditor(b, 'b').setTranslation(lo, 'en', 'title', 'hair');
    sync();
    const merged = String(nodeOf(a, lo).translations!.en!.title!.value);
    expect(merged).toContain('Cut');
    expect(merged).toContain('hair');
  });
});

describe('undo', () => {
  it("undoes a person's own language, translation, verb and ignore, one step each", () => {
    const { doc, editor, lo } = newMap();
    const undo = editor.createUndoManager(0);
    editor.addLanguage('en');
    editor.setTranslation(lo, 'en', 'title', 'Cut hair with scissors');
    editor.addMapVerb('ru', 'прихватывать');
    editor.ignoreFinding({ rule: 'verb', nodeId: lo });
    undo.undo();
    expect(readMeta(doc).ignored).toBeUndefined();
    undo.undo();
    expect(readMeta(doc).verbs).toBeUndefined();
    undo.undo();
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe('missing');
    undo.undo();
    expect(readMeta(doc).languages).toBeUndefined();
  });
});

describe('concurrent languages', () => {
  it('keeps both when two peers add different target languages at once, and dedupes the same one', () => {
    const { a, b, sync } = twoPeers();
    initMapDocument(a, { title: 'Map', language: 'ru' });
    const ea = new MapEditor(a, 'a');
    const lo = ea.addNode({ kind: 'learningOutcome', title: 'Выполнять стрижку', position: { x: 0, y: 0 } });
    sync();
    const eb = new MapEditor(b, 'b');
    ea.addLanguage('en');
    eb.addLanguage('kk');
    eb.addLanguage('en');
    sync();
    expect(readMeta(a).languages).toEqual(readMeta(b).languages);
    expect([...readMeta(a).languages!].sort()).toEqual(['en', 'kk']);
    for (const language of ['en', 'kk']) expect(translationText(a, lo, language, 'title'), language).toBeInstanceOf(Y.Text);
    // First keystrokes by both sides, in both languages, all kept.
    ea.setTranslation(lo, 'kk', 'title', 'Шаш');
    eb.setTranslation(lo, 'kk', 'title', 'қию');
    sync();
    const kk = String(nodeOf(a, lo).translations!.kk!.title!.value);
    expect(kk).toContain('Шаш');
    expect(kk).toContain('қию');
    expect(eb.removeLanguage('en').ok).toBe(true);
    sync();
    expect(readMeta(a).languages).toEqual(['kk']);
  });
});

describe('migration 2 → 3', () => {
  it('gives a version-2 map its target list, verb lists and ignored findings, keeping its content', () => {
    const doc = new Y.Doc();
    const meta = metaOf(doc);
    meta.set('schemaVersion', 2);
    meta.set('title', 'Old');
    meta.set('language', 'ru');
    const lo = addNode(doc, { kind: 'learningOutcome', title: 'Выполнять стрижку', position: { x: 1, y: 2 } });
    expect(migrate(doc)).toEqual({ ok: true, from: 2, to: SCHEMA_VERSION });
    expect(SCHEMA_VERSION).toBe(3);
    expect(meta.get('languages')).toBeInstanceOf(Y.Array);
    expect((meta.get('verbs') as Y.Map<unknown>).get('ru')).toBeInstanceOf(Y.Array);
    expect(meta.get('ignored')).toBeInstanceOf(Y.Map);
    expect(nodeOf(doc, lo)).toMatchObject({ title: 'Выполнять стрижку', position: { x: 1, y: 2 } });
    // Idempotent: a second run (another peer migrating the same map) adds nothing.
    const once = JSON.stringify(doc.toJSON());
    meta.set('schemaVersion', 2);
    migrate(doc);
    expect(JSON.stringify(doc.toJSON())).toBe(once);
  });

  it('prepares every node for target languages a peer listed before migrating', () => {
    const doc = new Y.Doc();
    const meta = metaOf(doc);
    meta.set('schemaVersion', 2);
    meta.set('language', 'ru');
    const languages = new Y.Array<string>();
    meta.set('languages', languages);
    languages.push(['en']);
    const lo = addNode(doc, { kind: 'learningOutcome', title: 'Выполнять стрижку', position: { x: 0, y: 0 } });
    nodesOf(doc).get(lo)!.delete('translations');
    migrate(doc);
    expect(translationText(doc, lo, 'en', 'title')).toBeInstanceOf(Y.Text);
  });
});

describe('checks in several languages', () => {
  it('reports missing and outdated translations per target language, with node ids', () => {
    const { doc, editor, lo, wa } = newMap();
    editor.addLanguage('en');
    editor.setTranslation(lo, 'en', 'title', 'Cut hair with scissors');
    editor.setTranslation(lo, 'en', 'assessmentCriteria', ['The cut follows the technique']);
    editor.setTranslation(wa, 'en', 'title', 'Cut hair');
    setTextField(doc, wa, 'title', 'Стричь и укладывать волосы');
    const issues = checkMap(snapshotOf(doc)).issues.filter((i) => i.rule === 'translation');
    expect(issues.map((i) => [i.code, i.nodeIds, i.params.language])).toEqual([['outdated', [wa], 'en']]);
    editor.addLanguage('kk');
    const kk = checkMap(snapshotOf(doc)).issues.filter((i) => i.rule === 'translation' && i.params.language === 'kk');
    expect(kk).toMatchObject([{ code: 'missing', severity: 'warning', params: { count: 2, fields: 3 } }]);
    expect(new Set(kk[0]!.nodeIds)).toEqual(new Set([lo, wa]));
  });

  it("reads a translation's verbs with its own language's list", () => {
    const { doc, editor, lo } = newMap();
    editor.addLanguage('en');
    editor.addLanguage('uz-Latn');
    editor.setTranslation(lo, 'en', 'title', 'Haircuts with scissors');
    editor.setTranslation(lo, 'uz-Latn', 'title', "Qaychi bilan soch qirqishni bajaradi");
    const verbs = checkMap(snapshotOf(doc)).issues.filter((i) => i.rule === 'verb');
    // The Russian source reads "выполнять"; the English translation has no verb; the Uzbek one ends with "bajaradi".
    expect(verbs.map((i) => [i.code, i.params.language, i.params.word])).toEqual([['unknown', 'en', 'haircuts']]);
  });

  it('honours the map’s own verbs and "ignore here", shared through the document', () => {
    const { doc, editor, lo } = newMap('en');
    setTextField(doc, lo, 'title', 'Plait long hair into a fishtail');
    const unknown = () => checkMap(snapshotOf(doc)).issues.filter((i) => i.rule === 'verb' && i.nodeIds[0] === lo);
    setTextField(doc, lo, 'title', 'Frizz long hair');
    expect(unknown().map((i) => i.params.word)).toEqual(['frizz']);
    expect(editor.addMapVerb('en', ' Frizz ')).toEqual({ ok: true, value: 'frizz' });
    expect(readMeta(doc).verbs).toEqual({ en: ['frizz'] });
    expect(unknown()).toEqual([]);
    // Forms are read as the list's language reads them.
    setTextField(doc, lo, 'title', 'Frizzes long hair');
    expect(unknown()).toEqual([]);
    expect(editor.removeMapVerb('en', 'frizz').ok).toBe(true);
    expect(unknown().length).toBe(1);
    expect(editor.addMapVerb('en', '').ok).toBe(false);

    expect(editor.ignoreFinding({ rule: 'verb', nodeId: lo }).ok).toBe(true);
    const result = checkMap(snapshotOf(doc));
    expect(result.issues.filter((i) => i.rule === 'verb' && i.nodeIds[0] === lo)).toEqual([]);
    expect(result.stats.issues.ignored).toBe(1);
    editor.unignoreFinding({ rule: 'verb', nodeId: lo });
    expect(unknown().length).toBe(1);
  });
});

describe('restoring a version', () => {
  it('brings back the translations the version had, and their status', () => {
    const { doc, editor, lo } = newMap();
    editor.addLanguage('en');
    editor.setTranslation(lo, 'en', 'title', 'Cut hair with scissors');
    editor.markTranslationReviewed(lo, 'en', 'title');
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(doc));
    editor.setTranslation(lo, 'en', 'title', 'Trim hair');
    editor.setTranslation(lo, 'en', 'assessmentCriteria', ['The trim is even']);
    editor.remove({ nodeIds: [lo] });
    restoreContent(doc, version);
    const node = nodeOf(doc, lo);
    expect(node.translations?.en?.title?.value).toBe('Cut hair with scissors');
    expect(node.translations?.en?.assessmentCriteria?.value).toEqual([]);
    expect(translationStatus(node, 'en', 'title')).toBe('reviewed');
    // The restored node's fields are texts again: typing into them merges.
    expect(translationText(doc, lo, 'en', 'title')?.toString()).toBe('Cut hair with scissors');
  });

  it('empties a translation the version did not have yet', () => {
    const { doc, editor, lo } = newMap();
    editor.addLanguage('en');
    const version = new Y.Doc();
    Y.applyUpdate(version, Y.encodeStateAsUpdate(doc));
    editor.setTranslation(lo, 'en', 'title', 'Cut hair with scissors');
    restoreContent(doc, version);
    expect(translationStatus(nodeOf(doc, lo), 'en', 'title')).toBe('missing');
  });
});

describe('the live view', () => {
  it('publishes a new snapshot when a target language, a map verb or an ignored finding changes', () => {
    const { doc, editor } = newMap();
    const view = new MapView(doc);
    const seen: string[][] = [];
    view.subscribe((snapshot) => seen.push([...(snapshot.meta.languages ?? []), ...Object.keys(snapshot.meta.verbs ?? {}), ...(snapshot.meta.ignored ?? [])]));
    editor.addLanguage('en');
    editor.addMapVerb('ru', 'прихватывать');
    editor.ignoreFinding({ rule: 'verb', nodeId: 'x' });
    expect(seen.at(-1)).toEqual(['en', 'ru', 'verb|x']);
    view.destroy();
  });

  it('indexes the map in a language once per snapshot', () => {
    const { doc, editor, lo } = newMap();
    editor.addLanguage('en');
    editor.setTranslation(lo, 'en', 'title', 'Cut hair with scissors');
    const snapshot = snapshotOf(doc);
    expect(localizedGraph(snapshot, 'en')).toBe(localizedGraph(snapshot, 'en'));
    expect(localizedGraph(snapshot, 'en').node(lo)?.title).toBe('Cut hair with scissors');
  });
});
