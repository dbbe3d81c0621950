import type { RatingSummary } from '@qms/model';
import { createContext, useContext, type CSSProperties } from 'react';

/** What the canvas shows of the workshop: each work action's ratings, and whether the heat-map lens is on. */
export interface WorkshopCanvas {
  readonly summaries: ReadonlyMap<string, RatingSummary>;
  readonly heat: boolean;
}

export const WorkshopCanvasContext = createContext<WorkshopCanvas | null>(null);

/** Green (1) to red (5) by mean criticality. */
export function heatColour(meanCriticality: number): string {
  const share = Math.min(1, Math.max(0, (meanCriticality - 1) / 4));
  return `hsl(${Math.round(120 - share * 120)} 75% 80%)`;
}

export function useWorkshopLook(nodeId: string): { summary: RatingSummary | undefined; style: CSSProperties | undefined } {
  const canvas = useContext(WorkshopCanvasContext);
  const summary = canvas?.summaries.get(nodeId);
  return { summary, style: canvas?.heat && summary ? { background: heatColour(summary.mean.criticality) } : undefined };
}
