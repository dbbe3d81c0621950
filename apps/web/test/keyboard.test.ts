import { describe, expect, it } from 'vitest';
import { startsTyping } from '../src/editor/commands';
import { requestTitleEdit, takeFresh } from '../src/editor/edit-request';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey', boolean>> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('typing on a selected node', () => {
  it('starts its title with a letter, a digit or a sign, in any script', () => {
    for (const k of ['a', 'Z', '7', 'ж', '(']) expect(startsTyping(key(k))).toBe(true);
  });

  it('leaves shortcuts, Space (panning), ? (help) and named keys alone', () => {
    expect(startsTyping(key('d', { ctrlKey: true }))).toBe(false);
    expect(startsTyping(key('k', { metaKey: true }))).toBe(false);
    expect(startsTyping(key('x', { altKey: true }))).toBe(false);
    for (const k of [' ', '?', 'Enter', 'Tab', 'Escape', 'F2', 'Delete', 'ArrowLeft']) expect(startsTyping(key(k))).toBe(false);
  });
});

describe('a node just added', () => {
  it('is fresh until its first title edit ends, once', () => {
    requestTitleEdit('n1', { fresh: true });
    requestTitleEdit('n2');
    expect(takeFresh('n2')).toBe(false);
    expect(takeFresh('n1')).toBe(true);
    expect(takeFresh('n1')).toBe(false); // a later Esc on it no longer removes it
  });
});

describe('keys typed on a node before its editor opens', () => {
  it('start the title with the first and follow it with the rest, until the editor closes', async () => {
    const { typedOnNode, titleEditEnded } = await import('../src/editor/edit-request');
    expect(typedOnNode('n3')).toBe('replace');
    expect(typedOnNode('n3')).toBe('append');
    titleEditEnded('n3');
    expect(typedOnNode('n3')).toBe('replace');
    expect(typedOnNode('n4')).toBe('replace'); // another node starts its own title
  });
});
