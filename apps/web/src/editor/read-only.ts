import { createContext, useContext } from 'react';

/**
 * True when this person may look but not change the map (a viewer or a commenter). The server
 * refuses their changes anyway; the interface simply does not offer them.
 */
export const ReadOnlyContext = createContext(false);

export function useReadOnly(): boolean {
  return useContext(ReadOnlyContext);
}
