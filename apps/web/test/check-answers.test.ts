import { MapEditor, checkMap, initMapDocument, readMeta, snapshotOf, type CheckIssue } from '@qms/model';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import i18n from '../src/i18n';
import { answerFinding, answersFor } from '../src/editor/check-answers';
import { FindingAnswers } from '../src/editor/FindingAnswers';
import { EditorContext } from '../src/editor/editor-context';

/** A Russian map whose outcome starts with a word the Russian list does not know, and one with a known verb. */
function map() {
  const doc = new Y.Doc();
  initMapDocument(doc, { title: 'Сварщик', language: 'ru' });
  const editor = new MapEditor(doc, 'me');
  const odd = editor.addNode({ kind: 'learningOutcome', title: 'Прихватывать детали перед сваркой', position: { x: 0, y: 0 } });
  const fine = editor.addNode({ kind: 'learningOutcome', title: 'Сваривать стыковые соединения', position: { x: 0, y: 100 } });
  const verbIssues = () => checkMap(snapshotOf(doc)).issues.filter((i) => i.rule === 'verb');
  return { doc, editor, odd, fine, verbIssues };
}

function panel(editor: MapEditor | null, issues: CheckIssue[], readOnly = false): string {
  const element = createElement(FindingAnswers, { issue: issues[0]!, readOnly, onResult: () => {} });
  return renderToStaticMarkup(editor ? createElement(EditorContext.Provider, { value: editor }, element) : element);
}

describe('answers to "not an action verb"', () => {
  beforeAll(async () => {
    await i18n.changeLanguage('en');
  });

  it('offers both answers to someone who can edit, none to a viewer', () => {
    const { editor, odd, verbIssues } = map();
    const issues = verbIssues();
    expect(issues.map((i) => [i.code, i.nodeIds[0], i.params.word, i.params.language])).toEqual([['unknown', odd, 'прихватывать', 'ru']]);
    expect(answersFor(issues[0]!)).toEqual(['add-verb', 'ignore']);
    const html = panel(editor, issues);
    expect(html).toContain('data-testid="answer-add-verb"');
    expect(html).toContain('Add “прихватывать” to this map’s verbs');
    expect(html).toContain('Ignore here');
    expect(panel(editor, issues, true)).not.toContain('answer-');
    expect(panel(null, issues)).not.toContain('answer-');
  });

  it('adding the verb is stored in the map and accepted in its other forms', () => {
    const { doc, editor, odd, verbIssues } = map();
    expect(answerFinding(editor, verbIssues()[0]!, 'add-verb').ok).toBe(true);
    expect(readMeta(doc).verbs).toEqual({ ru: ['прихватывать'] });
    expect(verbIssues()).toEqual([]);
    editor.setText(odd, 'title', 'Прихватывает детали перед сваркой');
    expect(verbIssues()).toEqual([]);
  });

  it('ignoring hides the finding on that node only', () => {
    const { editor, fine, verbIssues } = map();
    expect(answerFinding(editor, verbIssues()[0]!, 'ignore').ok).toBe(true);
    expect(verbIssues()).toEqual([]);
    editor.setText(fine, 'title', 'Прихватывать прутки');
    expect(verbIssues().map((i) => i.nodeIds[0])).toEqual([fine]);
  });

  it('offers nothing on other findings', () => {
    const { editor, fine, verbIssues } = map();
    editor.setText(fine, 'title', 'Знать виды швов');
    const vague = verbIssues().find((i) => i.code === 'vague')!;
    expect(answersFor(vague)).toEqual([]);
  });
});
