import { childRulesOf, extractFragment, isFragment, titleText, type MapEditor, type MapSnapshot } from '@qms/model';
import { useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { requestTitleEdit, typedOnNode } from './edit-request';
import { unitMembership, type MapFlowEdge, type MapFlowNode } from './flow-state';
import { useFocusNode } from './focus';
import { freeSpot, nextSlotIn, occupiedRects, siblingSpot, sizeOf } from './geometry';
import { useSelection } from './selection';
import { useShowsTranslation } from '../languages/shown-language';
import { useAddNode } from './use-add-node';

interface Options {
  editor: MapEditor;
  snapshot: MapSnapshot;
  readOnly?: boolean;
  openSearch: () => void;
  openHelp: () => void;
  notify: (message: string) => void;
  t: (key: string, params?: Record<string, unknown>) => string;
  /** Folds or unfolds branches (collapse.ts); absent where nothing folds. */
  fold?: ((ids: readonly string[], collapse?: boolean) => void) | null;
}

/** Where keys belong to a text field, not to the canvas. */
function typingInField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || Boolean(el.closest('dialog[open], [role="menu"]'));
}

/** A key that writes a character (not Space, which pans; not `?`, which opens the shortcuts). */
export function startsTyping(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): boolean {
  return event.key.length === 1 && event.key !== ' ' && event.key !== '?' && !event.ctrlKey && !event.metaKey && !event.altKey;
}

/** The Tab menu: the kinds that may go under the selected node, when more than one may. */
export interface ChildMenu {
  readonly parent: MapFlowNode;
  readonly kinds: readonly string[];
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The editor's keyboard: Tab adds a child (or offers a menu of the kinds allowed), Enter a sibling
 * with the same links, typing or F2 edits the selected node's title, Ctrl/Cmd+D duplicates, Ctrl/Cmd+C/X/V
 * copy, cut and paste (also between maps and browsers, through the clipboard as JSON),
 * Ctrl/Cmd+K searches, Shift+1 fits the map, Shift+2 the selection, Shift+0 shows it at 100 %, Ctrl/Cmd+/ folds or
 * unfolds the selected branches, ? lists the shortcuts. Delete/Backspace is React Flow's own.
 */
export function useEditorCommands({ editor, snapshot, readOnly, openSearch, openHelp, notify, t, fold }: Options) {
  const flow = useReactFlow<MapFlowNode, MapFlowEdge>();
  const translating = useShowsTranslation();
  const focus = useFocusNode();
  const selection = useSelection();
  const { addChildOf } = useAddNode(editor);
  const [childMenu, setChildMenu] = useState<ChildMenu | null>(null);
  const closeChildMenu = useCallback(() => setChildMenu(null), []);
  const pickChild = useCallback(
    (kind: string) => {
      if (childMenu) addChildOf(childMenu.parent, kind);
      setChildMenu(null);
    },
    [childMenu, addChildOf],
  );

  useEffect(() => {
    const { doc } = editor;
    const selected = () => flow.getNodes().filter((n) => n.selected && !n.hidden);
    const created = (id: string | undefined) => {
      if (!id) return;
      requestAnimationFrame(() => {
        focus(id, { zoom: false });
        requestTitleEdit(id, { fresh: true });
      });
    };

    const addChildOfSelection = () => {
      const [parent] = selected();
      if (!parent || selected().length !== 1) return notify(t('commands.selectOne'));
      const kind = parent.data.node.kind;
      const kinds = childRulesOf(kind).map((rule) => rule.kind);
      if (kinds.length === 0) return notify(t('commands.noChild', { kind: t(`kind.${kind}`) }));
      // A child added under a folded branch would vanish at once: unfold it first.
      if (parent.data.branch?.collapsed) fold?.([parent.id], false);
      if (kinds.length === 1) return addChildOf(parent);
      setChildMenu({ parent, kinds });
    };

    /** Typing on one selected node writes its title from that letter on; F2 edits it as it is. */
    const editTitle = (event: KeyboardEvent) => {
      const [node] = selected();
      if (!node || selected().length !== 1) return false;
      if (translating) {
        notify(t('languages.editInTranslation'));
        return false;
      }
      event.preventDefault();
      if (event.key !== 'F2') {
        // Keys typed before the editor has the keyboard follow the first one instead of replacing it.
        const before = typedOnNode(node.id) === 'append' ? (titleText(doc, node.id, 'title')?.toString() ?? '') : '';
        editor.setText(node.id, 'title', before + event.key, before.length + 1);
      }
      requestTitleEdit(node.id, { caretAtEnd: true });
      return true;
    };

    const addSiblingOfSelection = () => {
      const [node] = selected();
      if (!node || selected().length !== 1) return notify(t('commands.selectOne'));
      const nodes = flow.getNodes();
      const unit = unitMembership(snapshot.nodes, snapshot.edges).get(node.id);
      if (unit) return created(editor.addSibling(node.id, nextSlotIn(unit, nodes)));
      created(editor.addSibling(node.id, freeSpot(siblingSpot({ ...node.position, ...sizeOf(node) }), occupiedRects(nodes))));
    };

    const copySelection = (event: ClipboardEvent, cut: boolean) => {
      if (typingInField(event.target)) return;
      const ids = selected().map((n) => n.id);
      if (ids.length === 0) return;
      event.preventDefault();
      event.clipboardData?.setData('text/plain', JSON.stringify(extractFragment(doc, ids)));
      if (cut && !readOnly) void flow.deleteElements({ nodes: ids.map((id) => ({ id })) });
      notify(t(cut ? 'commands.cut' : 'commands.copied', { count: ids.length }));
    };

    const paste = (event: ClipboardEvent) => {
      if (typingInField(event.target) || readOnly) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      let fragment: unknown;
      try {
        fragment = JSON.parse(text);
      } catch {
        return; // not ours: plain text pasted on the canvas does nothing
      }
      if (!isFragment(fragment) || fragment.nodes.length === 0) return;
      event.preventDefault();
      const ids = editor.insertFragment(fragment, { x: 40, y: 40 });
      requestAnimationFrame(() => selection.selectOnly(ids));
      notify(t('commands.pasted', { count: ids.length }));
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if (typingInField(event.target)) return;
      const mod = isMac ? event.metaKey : event.ctrlKey;
      if (mod && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        openSearch();
      } else if (event.shiftKey && event.code === 'Digit0') {
        // Shift+0: actual size, as in design tools (Shift+1 fits everything).
        event.preventDefault();
        void flow.zoomTo(1, { duration: 300 });
      } else if (event.shiftKey && (event.code === 'Digit1' || event.key === '!')) {
        event.preventDefault();
        void flow.fitView({ padding: 0.15, maxZoom: 1, duration: 300 });
      } else if (event.shiftKey && event.code === 'Digit2') {
        // Shift+2: the selection fills the screen, as in design tools.
        event.preventDefault();
        const ids = selected().map((n) => ({ id: n.id }));
        if (ids.length === 0) return notify(t('commands.selectOne'));
        void flow.fitView({ nodes: ids, padding: 0.3, maxZoom: 1.5, duration: 300 });
      } else if (mod && event.key === '/') {
        event.preventDefault();
        const tops = selected().filter((n) => n.data.branch);
        if (fold && tops.length > 0) fold(tops.map((n) => n.id), !tops.every((n) => n.data.branch!.collapsed));
      } else if (event.key === '?') {
        event.preventDefault();
        openHelp();
      } else if (readOnly) {
        return;
      } else if (event.key === 'Tab' && !mod && !event.altKey) {
        event.preventDefault();
        addChildOfSelection();
      } else if (event.key === 'Enter' && !mod && !event.shiftKey) {
        if (selected().length === 0) return;
        event.preventDefault();
        addSiblingOfSelection();
      } else if (mod && event.key.toLowerCase() === 'd') {
        event.preventDefault();
        const ids = selected().map((n) => n.id);
        if (ids.length === 0) return;
        const copies = editor.insertFragment(extractFragment(doc, ids), { x: 40, y: 40 });
        requestAnimationFrame(() => selection.selectOnly(copies));
      } else if (event.key === 'Escape') {
        selection.selectOnly([]);
      } else if (event.key === 'F2' || startsTyping(event)) {
        editTitle(event);
      }
    };
    /**
     * Alt+↑/← and Alt+↓/→ move the selected node one place among its siblings, with its branch.
     * Caught before React Flow, whose arrow keys would also nudge the selection.
     */
    const onReorder = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || readOnly || typingInField(event.target)) return;
      const offset = event.key === 'ArrowUp' || event.key === 'ArrowLeft' ? -1 : event.key === 'ArrowDown' || event.key === 'ArrowRight' ? 1 : 0;
      if (offset === 0) return;
      event.preventDefault();
      event.stopPropagation();
      const [node] = selected();
      if (!node || selected().length !== 1) return notify(t('commands.selectOne'));
      const moved = editor.moveAmongSiblings(node.id, offset);
      if (!moved.ok) return notify(t(`commands.reorder.${moved.reason}`));
      requestAnimationFrame(() => focus(node.id, { zoom: false }));
    };
    const onCopy = (event: ClipboardEvent) => copySelection(event, false);
    const onCut = (event: ClipboardEvent) => copySelection(event, true);
    document.addEventListener('keydown', onKeyDown);
    window.addEventListener('keydown', onReorder, { capture: true });
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCut);
    document.addEventListener('paste', paste);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keydown', onReorder, { capture: true });
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCut);
      document.removeEventListener('paste', paste);
    };
  }, [editor, snapshot, readOnly, flow, focus, selection, openSearch, openHelp, notify, t, addChildOf, fold, translating]);

  return { childMenu, pickChild, closeChildMenu };
}
