import { EDGE_KINDS, NODE_KINDS, kindsInLens, registerKind, type KindSpec } from '@qms/model';
import { afterEach, describe, expect, it } from 'vitest';
import { edgeShownIn, kindShownIn, mergeNodes, nodeTypeOf } from '../src/editor/flow-state';
import { kindColorStyle, kindColorVariables, kindLabelKey } from '../src/editor/kind-look';
import en from '../src/locales/en.json';
import ru from '../src/locales/ru.json';

// A kind the web app has never heard of, described only in the model's table.
const ASSESSMENT: KindSpec = {
  label: 'Assessment task',
  codePrefix: 'AT',
  treeLevel: null,
  fields: [],
  links: { covers: ['workAction'] },
  lenses: ['teacher'],
  checked: false,
  exported: false,
  caseItemType: null,
  size: { width: 220, height: 90 },
  color: '#336699',
};

let forget = () => {};
afterEach(() => forget());

describe('node kinds in the web app', () => {
  it('draws each built-in kind with its own node type, and an unknown one as "other"', () => {
    expect(nodeTypeOf('keyFunction')).toBe('keyFunction');
    expect(nodeTypeOf('unit')).toBe('unit');
    expect(nodeTypeOf('somethingNewer')).toBe('other');
  });

  it('takes colours and lenses from the kind table', () => {
    expect(kindColorStyle('workAction')).toEqual({ '--kind-color': '#0f766e' });
    expect(kindColorStyle('workAction')).toBe(kindColorStyle('workAction'));
    expect(kindColorStyle('somethingNewer')).toBeUndefined();
    expect(kindColorVariables()).toMatchObject({ '--kind-unit': '#be185d', '--kind-learningOutcome': '#b45309' });
    expect(kindShownIn('learningOutcome', 'employer')).toBe(false);
    expect(kindShownIn('workAction', 'employer')).toBe(true);
    expect(kindShownIn('somethingNewer', 'employer')).toBe(true);
    expect(kindLabelKey('unit', 'employer')).toBe('kindEmployer.unit');
    expect(kindLabelKey('unit', 'teacher')).toBe('kind.unit');
  });

  it('draws links by lens: the functional map for employers, unit membership never', () => {
    expect(edgeShownIn('childOf', 'employer')).toBe(true);
    expect(edgeShownIn('covers', 'employer')).toBe(false);
    expect(edgeShownIn('covers', 'teacher')).toBe(true);
    expect(edgeShownIn('partOf', 'teacher')).toBe(false);
    expect(edgeShownIn('somethingNewer', 'teacher')).toBe(true);
    expect(edgeShownIn('somethingNewer', 'employer')).toBe(false);
  });

  it('needs nothing but the table for a new kind: toolbar, lens, colour, card', () => {
    forget = registerKind('assessmentTask', ASSESSMENT);
    expect(kindsInLens('teacher')).toContain('assessmentTask');
    expect(kindsInLens('employer')).not.toContain('assessmentTask');
    expect(kindColorStyle('assessmentTask')).toEqual({ '--kind-color': '#336699' });
    expect(kindColorVariables()['--kind-assessmentTask']).toBe('#336699');
    const node = { id: 'at', kind: 'assessmentTask', code: 'AT 1', title: 'Cut a bob', position: { x: 0, y: 0 } };
    const [employer] = mergeNodes([], { nodes: [node], edges: [], lens: 'employer', badges: new Map() });
    expect(employer).toMatchObject({ type: 'other', hidden: true, data: { taught: null } });
    const [teacher] = mergeNodes([], { nodes: [node], edges: [], lens: 'teacher', badges: new Map() });
    expect(teacher!.hidden).toBe(false);
  });
});

describe('labels', () => {
  const catalogues = { en, ru } as Record<string, { kind: Record<string, string>; kindEmployer: Record<string, string>; edge: Record<string, string> }>;

  it('names every kind in both lenses’ words, and every link, in every language', () => {
    for (const [language, catalogue] of Object.entries(catalogues)) {
      for (const kind of NODE_KINDS) {
        expect(catalogue.kind[kind], `${language}: kind.${kind}`).toBeTruthy();
        expect(catalogue.kindEmployer[kind], `${language}: kindEmployer.${kind}`).toBeTruthy();
      }
      for (const kind of EDGE_KINDS) expect(catalogue.edge[kind], `${language}: edge.${kind}`).toBeTruthy();
    }
  });
});
