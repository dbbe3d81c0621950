import { useEffect, useState, useSyncExternalStore } from 'react';

/**
 * "Start typing the title of this node": set by keyboard commands that create a node (Tab, Enter)
 * and picked up by that node's component once it is on screen.
 */
let pending: string | null = null;
const listeners = new Set<() => void>();

export function requestTitleEdit(nodeId: string): void {
  pending = nodeId;
  for (const listener of listeners) listener();
}

/** True once when a title edit was requested for this node. */
export function useTitleEditRequest(nodeId: string, start: () => void): void {
  const [, rerender] = useState(0);
  useEffect(() => {
    const check = () => {
      if (pending !== nodeId) return;
      pending = null;
      start();
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
