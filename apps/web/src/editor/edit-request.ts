import { useEffect, useState, useSyncExternalStore } from 'react';

/**
 * "Start typing the title of this node": set by keyboard commands that create a node (Tab, Enter)
 * and picked up by that node's component once it is on screen.
 */
let pending: string | null = null;
let pendingAtEnd = false;
const listeners = new Set<() => void>();
/** Nodes this person has just added and not yet named: Esc while naming one takes it away again. */
const fresh = new Set<string>();

export interface TitleEditOptions {
  /** The caret goes after the text instead of selecting it (typing on a node has written its first letter). */
  caretAtEnd?: boolean;
  /** A node just added: Esc while its title is still empty removes it. */
  fresh?: boolean;
}

export function requestTitleEdit(nodeId: string, options: TitleEditOptions = {}): void {
  pending = nodeId;
  pendingAtEnd = options.caretAtEnd ?? false;
  if (options.fresh) fresh.add(nodeId);
  for (const listener of listeners) listener();
}

/** The node whose title is being typed from the canvas, until its editor closes. */
let typingInto: string | null = null;

/**
 * Typing on a selected node: whether this key starts its title anew ('replace', the first one) or
 * follows the keys typed before its editor had the keyboard ('append').
 */
export function typedOnNode(nodeId: string): 'replace' | 'append' {
  if (typingInto === nodeId) return 'append';
  typingInto = nodeId;
  return 'replace';
}

/** Its title editor closed: the next key typed on it starts the title anew. */
export function titleEditEnded(nodeId: string): void {
  if (typingInto === nodeId) typingInto = null;
}

/** Whether this node was just added by this person and is still waiting for its first title; asks once. */
export function takeFresh(nodeId: string): boolean {
  return fresh.delete(nodeId);
}

/** True once when a title edit was requested for this node (`start` learns where the caret goes). */
export function useTitleEditRequest(nodeId: string, start: (caretAtEnd: boolean) => void): void {
  const [, rerender] = useState(0);
  useEffect(() => {
    const check = () => {
      if (pending !== nodeId) return;
      pending = null;
      start(pendingAtEnd);
    };
    check();
    const listener = () => {
      check();
      rerender((n) => n + 1);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [nodeId, start]);
}

/** Whether a title edit is waiting for this node (re-renders only when that changes for it). */
export function useTitleEditPending(nodeId: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => pending === nodeId,
  );
}
