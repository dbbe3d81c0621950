import { kindSpec, knownKinds, type Lens } from '@qms/model';
import type { CSSProperties } from 'react';

/**
 * How a kind looks and is named in the interface, read from the model's kind table
 * (`packages/model/src/kinds.ts`): a new kind needs no CSS here, only its labels
 * (`kind.<kind>`, `kindEmployer.<kind>` in `locales/*.json`).
 */

const styles = new Map<string, CSSProperties>();

/**
 * The kind's colour as the `--kind-color` custom property, which cards, toolbar buttons, dots and
 * the minimap read; undefined for a kind this version does not know (drawn in grey). The same
 * object every time, so memoised components do not re-render for it.
 */
export function kindColorStyle(kind: string): CSSProperties | undefined {
  let style = styles.get(kind);
  const color = style ? undefined : kindSpec(kind)?.color;
  if (color) styles.set(kind, (style = { '--kind-color': color } as CSSProperties));
  return style;
}

/** The kind's colour, for the minimap (its rectangles take a fill, not a class's custom property). */
export function kindColor(kind: string): string | undefined {
  return kindSpec(kind)?.color;
}

/**
 * `--kind-<kind>` for every known kind: set once on the page for the few styles that name one
 * kind's colour for something else (a "covers" line in the outcomes' colour, points in the units').
 */
export function kindColorVariables(): Record<string, string> {
  return Object.fromEntries(knownKinds().map((kind) => [`--kind-${kind}`, kindSpec(kind)!.color]));
}

/** The translation key of a kind's name as this lens says it (an employer's words, or a teacher's). */
export function kindLabelKey(kind: string, lens: Lens): string {
  return lens === 'employer' ? `kindEmployer.${kind}` : `kind.${kind}`;
}
