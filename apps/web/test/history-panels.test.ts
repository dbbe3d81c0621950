import { addNode, connect, diffSnapshots, initMapDocument, removeElements, setField, setNodeTitle, snapshotOf } from '@qms/model';
import type { Role } from '@qms/protocol';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import i18n from '../src/i18n';
import en from '../src/locales/en.json';
import ru from '../src/locales/ru.json';
import { CompareList } from '../src/history/CompareList';
import { HistoryPanel } from '../src/history/HistoryPanel';

/** The history components rendered to HTML (no browser): what they list, and what each role is offered. */

function comparison() {
  const before = new Y.Doc();
  initMapDocument(before, { title: 'Hairdresser', createdAt: 1 });
  const wash = addNode(before, { kind: 'workAction', code: 'WA 1', title: 'Wash hair', position: { x: 0, y: 0 } });
  const cut = addNode(before, { kind: 'workAction', code: 'WA 2', title: 'Cut hair', position: { x: 300, y: 0 } });
  const unit = addNode(before, { kind: 'unit', code: 'U 1', title: 'Cutting', position: { x: 0, y: 300 } });
  const after = new Y.Doc();
  Y.applyUpdate(after, Y.encodeStateAsUpdate(before));
  setNodeTitle(after, wash, 'Wash and condition hair');
  setField(after, unit, 'points', 10);
  removeElements(after, { nodeIds: [cut] });
  const outcome = addNode(after, { kind: 'learningOutcome', code: 'LO 1', title: 'Wash to a standard', position: { x: 0, y: 150 } });
  connect(after, { kind: 'covers', source: outcome, target: wash });
  const snapshots = [snapshotOf(before), snapshotOf(after)] as const;
  return { diff: diffSnapshots(...snapshots), nodes: [...snapshots[0].nodes, ...snapshots[1].nodes] };
}

const compareList = (props: Partial<Parameters<typeof CompareList>[0]> = {}) => {
  const { diff, nodes } = comparison();
  return renderToStaticMarkup(createElement(CompareList, { diff, nodes, beforeLabel: 'After workshop 1', afterLabel: 'Current map', onFocus: () => {}, ...props }));
};

describe('CompareList', () => {
  it('lists what was added, removed and changed (which fields, what the statement was), and links', () => {
    const html = compareList();
    expect(html).toContain('<strong>After workshop 1</strong> → <strong>Current map</strong>');
    expect(html).toContain('Added (1)');
    expect(html).toContain('Removed (1)');
    expect(html).toContain('Changed (2)');
    expect(html).toContain('Cut hair');
    expect(html).toContain('Statement');
    expect(html).toContain('was: “Wash hair”');
    expect(html).toContain('ECVET points');
    // A link is named by its ends' codes.
    expect(html).toContain('LO 1 taught by WA 1');
    expect(html.match(/data-testid="compare-item"/g)).toHaveLength(5);
  });

  it('says so when there is no difference', () => {
    const { diff } = comparison();
    const same = { ...diff, added: [], removed: [], changed: [], moved: [], edgesAdded: [], edgesRemoved: [], title: null };
    const html = compareList({ diff: same });
    expect(html).toContain('data-testid="compare-same"');
    expect(html).not.toContain('data-testid="compare-item"');
  });

  it('speaks Russian', async () => {
    await i18n.changeLanguage('ru');
    try {
      const html = compareList();
      expect(html).toContain('Добавлено (1)');
      expect(html).toContain('было: «Wash hair»');
      expect(html).toContain('осваивается через');
    } finally {
      await i18n.changeLanguage('en');
    }
  });
});

describe('HistoryPanel', () => {
  const panel = (role: Role) =>
    renderToStaticMarkup(
      createElement(HistoryPanel, { mapId: 'm', role, liveSnapshot: snapshotOf(new Y.Doc()), onView: () => {}, onCompare: () => {} }),
    );

  it('offers saving a version to editors and owners only', () => {
    expect(panel('owner')).toContain('data-testid="history-save"');
    expect(panel('editor')).toContain('data-testid="history-save"');
    for (const role of ['commenter', 'viewer'] as const) {
      const html = panel(role);
      expect(html).not.toContain('data-testid="history-save"');
      expect(html).toContain('Loading versions…');
    }
  });
});

describe('translations', () => {
  /** Every key path under a value, e.g. "errors.network". */
  const paths = (value: unknown, prefix = ''): string[] =>
    typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([key, inner]) => paths(inner, prefix ? `${prefix}.${key}` : key)) : [prefix];

  it('has every history text in both languages, with the same placeholders', () => {
    const english = paths(en.history);
    expect(paths(ru.history)).toEqual(english);
    const placeholders = (text: string) => (text.match(/\{\{\w+\}\}/g) ?? []).sort();
    const get = (root: unknown, path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as string;
    for (const path of english) expect(placeholders(get(ru.history, path)), path).toEqual(placeholders(get(en.history, path)));
  });
});
