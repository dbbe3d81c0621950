import { useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import type { View } from './geometry';

/**
 * Reads what the canvas shows right now — pan, zoom and the pane's size — from React Flow's
 * store, never from the page's elements. For the geometry in geometry.ts (`viewCentre`,
 * `visibleRect`).
 */
export function useCurrentView(): () => View {
  const store = useStoreApi();
  return useCallback(() => {
    const { transform, width, height } = store.getState();
    return { x: transform[0], y: transform[1], zoom: transform[2], width, height };
  }, [store]);
}
