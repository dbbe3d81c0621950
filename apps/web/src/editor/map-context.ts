import { createContext, useContext } from 'react';
import type * as Y from 'yjs';

/** The open map's document, for node components that edit it (they never read the whole map). */
export const MapDocContext = createContext<Y.Doc | null>(null);

export function useMapDoc(): Y.Doc {
  const doc = useContext(MapDocContext);
  if (!doc) throw new Error('useMapDoc outside a map editor');
  return doc;
}
