import type { AriaLabelConfig } from '@xyflow/react';
import type { TFunction } from 'i18next';

/**
 * React Flow's own labels and screen-reader messages (its `ariaLabelConfig`) in the interface
 * language, from the `canvas` keys. The whole config, not a part of it: a label a newer React Flow
 * adds is a compile error here rather than English on the page.
 */
export function flowLabels(t: TFunction): AriaLabelConfig {
  return {
    'node.a11yDescription.default': t('canvas.nodeDescription'),
    // Shown when nodes can be moved with the arrow keys (React Flow's name says the opposite).
    'node.a11yDescription.keyboardDisabled': t('canvas.nodeDescriptionMove'),
    // `direction` is up, down, left or right (the arrow key's name).
    'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }) => t(`canvas.moved.${direction}`, { x: Math.round(x), y: Math.round(y) }),
    'edge.a11yDescription.default': t('canvas.edgeDescription'),
    'controls.ariaLabel': t('canvas.controls'),
    'controls.zoomIn.ariaLabel': t('canvas.zoomIn'),
    'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
    'controls.fitView.ariaLabel': t('canvas.fitView'),
    'controls.interactive.ariaLabel': t('canvas.interactive'),
    'minimap.ariaLabel': t('canvas.minimap'),
    'handle.ariaLabel': t('canvas.handle'),
  };
}
