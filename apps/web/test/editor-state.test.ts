import type { CheckIssue } from '@qms/model';
import { describe, expect, it } from 'vitest';
import type { VersionInfo } from '../src/api';
import { INITIAL_EDITOR_STATE, editorReducer, issuesInLens, type EditorAction, type EditorState } from '../src/editor/editor-state';
import { latestSummon, newSummons } from '../src/presence/follow';
import type { Person } from '../src/sync/presence';

const run = (...actions: EditorAction[]): EditorState => actions.reduce(editorReducer, INITIAL_EDITOR_STATE);
const version = { id: 'v1', name: 'After workshop 1', createdAt: 0, auto: false } as VersionInfo;

describe('the editor’s state', () => {
  it('keeps the same selection object when the same nodes are selected again', () => {
    const first = run({ type: 'select', ids: ['a', 'b'], showDetails: true });
    const again = editorReducer(first, { type: 'select', ids: ['a', 'b'], showDetails: true });
    expect(again).toBe(first);
    expect(editorReducer(first, { type: 'select', ids: ['b', 'a'], showDetails: true }).selectedIds).toEqual(['b', 'a']);
  });

  it('goes from the checks list to the selected node’s details, but leaves the comments and review tabs', () => {
    expect(run({ type: 'tab', tab: 'checks' }, { type: 'select', ids: ['a'], showDetails: true }).tab).toBe('details');
    expect(run({ type: 'tab', tab: 'checks' }, { type: 'select', ids: [], showDetails: true }).tab).toBe('checks');
    expect(run({ type: 'tab', tab: 'comments' }, { type: 'select', ids: ['a'], showDetails: true }).tab).toBe('comments');
    expect(run({ type: 'tab', tab: 'review' }, { type: 'select', ids: ['a'], showDetails: true }).tab).toBe('review');
    // Selecting in a saved version leaves the tab alone.
    expect(run({ type: 'tab', tab: 'checks' }, { type: 'select', ids: ['a'], showDetails: false }).tab).toBe('checks');
  });

  it('keeps the checks list open when its node was picked there, once', () => {
    const picked = run({ type: 'tab', tab: 'checks' }, { type: 'pickCheck', nodeId: 'a' }, { type: 'select', ids: ['a'], showDetails: true });
    expect(picked.tab).toBe('checks');
    expect(picked.selectedIds).toEqual(['a']);
    // Selecting on the canvas afterwards goes to the details as before.
    expect(editorReducer(picked, { type: 'select', ids: ['b'], showDetails: true }).tab).toBe('details');
    // A pick whose selection never came (another node selected instead) does not hold the list.
    expect(run({ type: 'tab', tab: 'checks' }, { type: 'pickCheck', nodeId: 'a' }, { type: 'select', ids: ['b'], showDetails: true }).tab).toBe('details');
  });

  it('opens one dialog at a time, and closes only the one asked', () => {
    const searching = run({ type: 'open', dialog: 'search' });
    expect(searching.dialog).toBe('search');
    expect(editorReducer(searching, { type: 'close', dialog: 'help' })).toBe(searching);
    expect(editorReducer(searching, { type: 'close', dialog: 'search' }).dialog).toBeNull();
    expect(editorReducer(searching, { type: 'open', dialog: 'export' }).dialog).toBe('export');
  });

  it('clears the selection when the canvas changes to a version and back', () => {
    const viewing = run({ type: 'select', ids: ['a'], showDetails: true }, { type: 'history', view: { mode: 'view', version } });
    expect(viewing).toMatchObject({ selectedIds: [], history: { mode: 'view', version } });
    const back = editorReducer(editorReducer(viewing, { type: 'select', ids: ['x'], showDetails: false }), { type: 'history', view: null });
    expect(back).toMatchObject({ selectedIds: [], history: null });
  });

  it('follows one person at a time', () => {
    const following = run({ type: 'follow', clientId: 7 });
    expect(following.following).toBe(7);
    expect(editorReducer(following, { type: 'follow', clientId: 7 })).toBe(following);
    expect(editorReducer(following, { type: 'follow', clientId: null }).following).toBeNull();
  });
});

describe('checks by lens', () => {
  const issue = (rule: CheckIssue['rule']): CheckIssue => ({ rule, severity: 'warning', nodeIds: [], code: 'x', params: {}, message: rule });
  const issues = [issue('coverage'), issue('points-sum'), issue('titles'), issue('verb'), issue('empty-function')];

  it('shows employers what concerns the work itself, and teachers everything (the same list)', () => {
    expect(issuesInLens(issues, 'employer').map((i) => i.rule)).toEqual(['coverage', 'titles', 'empty-function']);
    expect(issuesInLens(issues, 'teacher')).toBe(issues);
  });
});

describe('follow mode', () => {
  const person = (clientId: number, summon?: number, me = false): Person => ({ clientId, me, user: { name: `P${clientId}`, color: '#000' }, summon });

  it('ignores summons made before this person came', () => {
    expect(latestSummon([person(1, 50), person(2), person(3, 80)])).toBe(80);
    expect(latestSummon([])).toBe(0);
  });

  it('follows newer summons only, never its own, the newest last', () => {
    const people = [person(1, 100, true), person(2, 90), person(3, 120), person(4, 110), person(5, 130)];
    const { summoners, latest } = newSummons(people, 95);
    expect(summoners.map((p) => p.clientId)).toEqual([3, 5]);
    expect(latest).toBe(130);
    expect(newSummons(people, latest).summoners).toEqual([]);
  });
});
