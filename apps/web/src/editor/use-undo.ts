import type { MapEditor } from '@qms/model';
import { useEffect, useMemo, useState } from 'react';

/**
 * This person's undo and redo (only their own changes), with the keyboard: Ctrl/Cmd+Z, and
 * Shift+Ctrl/Cmd+Z or Ctrl+Y. Also inside a node's text, where the browser's own undo would not
 * know about the shared text. `keyboard: false` while the canvas shows something else (a saved
 * version), where the keys would change a map nobody is looking at.
 */
export function useUndo(editor: MapEditor, keyboard = true) {
  const manager = useMemo(() => editor.createUndoManager(), [editor]);
  const [state, setState] = useState({ canUndo: false, canRedo: false });
  useEffect(() => {
    const update = () => setState({ canUndo: manager.canUndo(), canRedo: manager.canRedo() });
    manager.on('stack-item-added', update);
    manager.on('stack-item-popped', update);
    manager.on('stack-cleared', update);
    const onKeyDown = (event: KeyboardEvent) => {
      if (!keyboard) return;
      const mod = /Mac|iPhone|iPad/.test(navigator.platform) ? event.metaKey : event.ctrlKey;
      if (!mod) return;
      const target = event.target as HTMLElement | null;
      // Plain inputs (search, names, numbers) keep the browser's undo; shared texts use ours.
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || (target.tagName === 'TEXTAREA' && !target.classList.contains('shared-text')))) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        manager.undo();
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        manager.redo();
      }
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      manager.off('stack-item-added', update);
      manager.off('stack-item-popped', update);
      manager.off('stack-cleared', update);
    };
  }, [manager, keyboard]);
  useEffect(() => () => manager.destroy(), [manager]);
  return { manager, ...state };
}
