import { RATING_SCALES, type RatingSummary } from '@qms/model';
import { createContext, useContext, type CSSProperties } from 'react';

/** What the heat-map lens colours the work actions by. */
export const HEAT_SCALES = ['criticality', 'frequency', 'difficulty', 'trainingNeed', 'spread'] as const;
export type HeatScale = (typeof HEAT_SCALES)[number];

/** What the canvas shows of the workshop: each work action's ratings, and the heat-map lens's scale (null: off). */
export interface WorkshopCanvas {
  readonly summaries: ReadonlyMap<string, RatingSummary>;
  readonly heat: HeatScale | null;
}

export const WorkshopCanvasContext = createContext<WorkshopCanvas | null>(null);

/** The spread at which the room counts as not agreeing at all (a population deviation of 2 on a 1–5 scale). */
const FULL_SPREAD = 2;

/**
 * What the lens reads of a work action's ratings on a scale: `value` as shown (the mean on a
 * 1–5 scale; the share of ratings that ask for any training; the largest spread of the three
 * scales) and `share`, from 0 (green) to 1 (red).
 */
export function heatValue(summary: RatingSummary, scale: HeatScale): { value: number; share: number } {
  const clamp = (n: number) => Math.min(1, Math.max(0, n));
  if (scale === 'trainingNeed') {
    const value = Math.round(((summary.count - summary.needs.none) / summary.count) * 100) / 100;
    return { value, share: clamp(value) };
  }
  if (scale === 'spread') {
    const value = Math.max(...RATING_SCALES.map((s) => summary.spread[s]));
    return { value, share: clamp(value / FULL_SPREAD) };
  }
  const value = summary.mean[scale];
  return { value, share: clamp((value - 1) / 4) };
}

/** Green (0) to red (1). */
export function heatColour(share: number): string {
  return `hsl(${Math.round(120 - Math.min(1, Math.max(0, share)) * 120)} 75% 80%)`;
}

export function useWorkshopLook(nodeId: string): { summary: RatingSummary | undefined; style: CSSProperties | undefined; heat: number | undefined } {
  const canvas = useContext(WorkshopCanvasContext);
  const summary = canvas?.summaries.get(nodeId);
  if (!canvas?.heat || !summary) return { summary, style: undefined, heat: undefined };
  const { value, share } = heatValue(summary, canvas.heat);
  return { summary, style: { background: heatColour(share) }, heat: value };
}
