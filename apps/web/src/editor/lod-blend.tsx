import { useStore, useStoreApi } from '@xyflow/react';
import { useLayoutEffect } from 'react';
import { blendSelector } from './lod';

/**
 * Puts how much detail is drawn (lod.ts: 0 to 1) on the canvas as the CSS variable `--detail`,
 * which fades the cards' text and the two kinds of lines (styles.css). A variable, not React
 * state: a step of the fade restyles the cards without re-rendering them.
 */
export function DetailBlend() {
  const blend = useStore(blendSelector);
  const store = useStoreApi();
  useLayoutEffect(() => {
    const element = store.getState().domNode;
    element?.style.setProperty('--detail', String(blend));
    return () => void element?.style.removeProperty('--detail');
  }, [blend, store]);
  return null;
}
