import { createContext, useContext } from 'react';

/**
 * Selecting nodes from code (search, checks panel, a node just created, paste). It updates the
 * canvas's own node state directly: React Flow's setNodes would replace nodes with copies that
 * may predate their measurements, which hides them for a frame and steals focus from an editor.
 */
export interface Selection {
  /** Selects exactly these nodes (and no edge). */
  selectOnly(nodeIds: readonly string[]): void;
}

export const SelectionContext = createContext<Selection | null>(null);

export function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error('useSelection outside the map canvas');
  return selection;
}
