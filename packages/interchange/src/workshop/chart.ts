import {
  emptyWorkshopSnapshot,
  graphOf,
  mustCover,
  type DecisionRule,
  type MapNode,
  type MapSnapshot,
  type RatingSummary,
  type WorkshopDecisionEntry,
  type WorkshopSnapshot,
} from '@qms/model';
import { documentLanguage, LABELS, type DocumentLabels, type DocumentLanguage } from '../documents/labels.js';
import { exportLanguage, snapshotIn, type ExportContext } from '../format.js';
import { orderNodes } from '../spreadsheet/rows.js';
import { WORKSHOP_LABELS, type WorkshopLabels } from './labels.js';

/**
 * The DACUM chart as the exports read it: a row per key function, each with its work actions (the
 * tiles) and what the workshop said of them. The map is read in the export's language; the
 * ratings come from the workshop snapshot of the map's public review document.
 */
export interface ChartTile {
  readonly node: MapNode;
  /** Undefined while nobody rated it. */
  readonly summary: RatingSummary | undefined;
  readonly decision: WorkshopDecisionEntry | undefined;
  /** The first agreed rule that says it must be trained. */
  readonly rule: DecisionRule | undefined;
}

export interface ChartRow {
  /** Null: the work actions under no key function. */
  readonly keyFunction: MapNode | null;
  readonly tiles: readonly ChartTile[];
}

export interface DacumChart {
  readonly language: DocumentLanguage;
  readonly labels: WorkshopLabels;
  readonly documentLabels: DocumentLabels;
  /** The map read in the export's language. */
  readonly snapshot: MapSnapshot;
  readonly workshop: WorkshopSnapshot;
  /** The qualification's title, else the map's. */
  readonly name: string;
  readonly rows: readonly ChartRow[];
  /** Every tile, in chart order. */
  readonly tiles: readonly ChartTile[];
  readonly nodes: ReadonlyMap<string, MapNode>;
}

export function readChart(source: MapSnapshot, context: ExportContext): DacumChart {
  const { snapshot } = snapshotIn(source, exportLanguage(source, context));
  const language = documentLanguage(exportLanguage(source, context));
  const workshop = context.workshop ?? emptyWorkshopSnapshot();
  const graph = graphOf(snapshot);
  const summaries = new Map(workshop.summaries.map((s) => [s.workActionId, s]));
  const decisions = new Map(workshop.decisions.map((d) => [d.workActionId, d]));

  const keyFunctionOf = (node: MapNode): MapNode | null => {
    const seen = new Set<string>();
    for (let at = graph.parentOf(node.id); at && !seen.has(at.id); at = graph.parentOf(at.id)) {
      if (at.kind === 'keyFunction') return at;
      seen.add(at.id);
    }
    return null;
  };

  const ordered = orderNodes(snapshot);
  const rows = new Map<string | null, ChartTile[]>();
  for (const node of ordered) if (node.kind === 'keyFunction') rows.set(node.id, []);
  for (const node of ordered) {
    if (node.kind !== 'workAction') continue;
    const summary = summaries.get(node.id);
    const tile: ChartTile = { node, summary, decision: decisions.get(node.id), rule: mustCover(workshop.rules, summary) };
    const key = keyFunctionOf(node)?.id ?? null;
    if (!rows.has(key)) rows.set(key, []);
    rows.get(key)!.push(tile);
  }
  const nodes = new Map(snapshot.nodes.map((n) => [n.id, n]));
  const chartRows: ChartRow[] = [...rows].map(([id, tiles]) => ({ keyFunction: id === null ? null : nodes.get(id)!, tiles }));
  // The work actions outside a key function come last.
  chartRows.sort((a, b) => Number(a.keyFunction === null) - Number(b.keyFunction === null));
  const qualification = snapshot.nodes.find((n) => n.kind === 'qualification');
  return {
    language,
    labels: WORKSHOP_LABELS[language],
    documentLabels: LABELS[language],
    snapshot,
    workshop,
    name: qualification?.title || snapshot.meta.title,
    rows: chartRows,
    tiles: chartRows.flatMap((row) => row.tiles),
    nodes,
  };
}

/** A number as the document's language writes it: 4.5 / 4,5, at most two decimals. */
export function formatNumber(value: number, labels: DocumentLabels): string {
  return new Intl.NumberFormat(labels.locale, { maximumFractionDigits: 2, useGrouping: false }).format(value);
}

/** "2026-11-23 10:00" in UTC; empty for no time. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 16).replace('T', ' ');
}

/** "KF 1 Run the salon", or the title alone when there is no code. */
export const nodeLabel = (node: MapNode): string => (node.code ? `${node.code} ${node.title}` : node.title);

/** The lines of a tile: code and title, then the ratings, the training need and the decision. */
export function tileLines(tile: ChartTile, chart: DacumChart, format: (n: number) => string): string[] {
  const l = chart.labels;
  const lines = [tile.node.code ? `${tile.node.code} ${tile.node.title}` : tile.node.title];
  const s = tile.summary;
  if (!s) lines.push(l.notRated);
  else {
    lines.push(l.ratingCount(s.count));
    lines.push(`${l.criticality}: ${format(s.mean.criticality)} ± ${format(s.spread.criticality)}`);
    lines.push(`${l.frequency}: ${format(s.mean.frequency)} ± ${format(s.spread.frequency)}`);
    lines.push(`${l.difficulty}: ${format(s.mean.difficulty)} ± ${format(s.spread.difficulty)}`);
    lines.push(`${l.trainingNeed}: ${l.needs[s.need] ?? s.need}`);
  }
  if (tile.decision) lines.push(`${l.decision}: ${l.decisions[tile.decision.decision] ?? tile.decision.decision}`);
  return lines;
}
