import { describe, expect, it } from 'vitest';
import { relationBetween } from '../src/index.js';

const n = (kind: string) => ({ id: kind, kind });

describe('relationBetween', () => {
  it('makes the lower node of the functional map the child, whichever way it was dragged', () => {
    expect(relationBetween(n('workAction'), n('mainFunction'))).toEqual({ ok: true, kind: 'childOf', source: 'workAction', target: 'mainFunction' });
    expect(relationBetween(n('qualification'), n('keyFunction'))).toEqual({ ok: true, kind: 'childOf', source: 'keyFunction', target: 'qualification' });
    expect(relationBetween(n('qualification'), n('workAction'))).toMatchObject({ kind: 'childOf', source: 'workAction' });
  });

  it('lets a main function sit under another, the dragged-from one being the child', () => {
    expect(relationBetween({ id: 'a', kind: 'mainFunction' }, { id: 'b', kind: 'mainFunction' })).toEqual({ ok: true, kind: 'childOf', source: 'a', target: 'b' });
  });

  it('links outcomes to work actions by covers and to units by partOf', () => {
    expect(relationBetween(n('workAction'), n('learningOutcome'))).toEqual({ ok: true, kind: 'covers', source: 'learningOutcome', target: 'workAction' });
    expect(relationBetween(n('unit'), n('learningOutcome'))).toEqual({ ok: true, kind: 'partOf', source: 'learningOutcome', target: 'unit' });
    expect(relationBetween({ id: 'u1', kind: 'unit' }, { id: 'u2', kind: 'unit' })).toEqual({ ok: true, kind: 'matches', source: 'u1', target: 'u2' });
  });

  it('refuses pairs that make no sense', () => {
    for (const [a, b] of [['unit', 'keyFunction'], ['learningOutcome', 'learningOutcome'], ['qualification', 'qualification'], ['workAction', 'workAction'], ['unit', 'workAction']]) {
      expect(relationBetween(n(a!), n(b!)).ok).toBe(false);
    }
  });
});
