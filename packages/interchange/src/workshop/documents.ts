import { ruleApplies, type DecisionRule, type MapSnapshot, type Stage } from '@qms/model';
import { renderDocx } from '../documents/docx.js';
import { formatDate } from '../documents/labels.js';
import type { Block, Cell, DocumentOutline, Para, Row } from '../documents/outline.js';
import { renderPdf } from '../documents/pdf.js';
import type { ExportContext, ExportFormat } from '../format.js';
import { formatNumber, formatTime, nodeLabel, readChart, tileLines, type ChartTile, type DacumChart } from './chart.js';

/**
 * The DACUM chart and the workshop minutes as document outlines (documents/outline.ts), drawn by
 * the same Word and PDF renderers as the unit descriptions.
 */

const DASH = '—';
const text = (value: string, style: { bold?: boolean; italic?: boolean } = {}): Para => ({ runs: [{ text: value, ...style }] });
const cell = (value: string | number | null | undefined): Cell => [text(value === null || value === undefined || value === '' ? DASH : String(value))];
const field = (label: string, value: Cell): Row => ({ kind: 'body', cells: [[text(label)], value] });
const shorten = (value: string, max: number) => (value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`);
/** Tiles beside each key function on an A4 page. */
const TILES_PER_ROW = 3;

function outline(chart: DacumChart, context: ExportContext, title: string, subtitle: string, blocks: Block[]): DocumentOutline {
  return {
    language: chart.language,
    labels: chart.documentLabels,
    title: `${chart.name} ${DASH} ${title}`,
    subject: subtitle,
    footer: `${shorten(chart.name, 70)} ${DASH} ${title}`,
    generatedAt: context.generatedAt,
    blocks: [{ kind: 'title', text: chart.name, subtitle: `${title}. ${subtitle}` }, ...blocks],
  };
}

function tileCell(tile: ChartTile, chart: DacumChart): Cell {
  const [head, ...rest] = tileLines(tile, chart, (n) => formatNumber(n, chart.documentLabels));
  return [text(head!, { bold: true }), ...rest.map((line) => text(line))];
}

/** The chart: a row per key function, its work actions as tiles beside it (wrapping onto more rows). */
export function buildChartOutline(snapshot: MapSnapshot, context: ExportContext): DocumentOutline {
  const chart = readChart(snapshot, context);
  const l = chart.labels;
  const blocks: Block[] = [
    { kind: 'paragraph', para: text(`${chart.documentLabels.date}: ${formatDate(context.generatedAt, chart.documentLabels)}`), tone: 'normal' },
    { kind: 'paragraph', para: text(l.legend, { italic: true }), tone: 'note' },
  ];
  if (chart.rows.length === 0) {
    blocks.push({ kind: 'paragraph', para: text(l.noKeyFunctions), tone: 'note' });
  } else {
    const rows: Row[] = [];
    for (const row of chart.rows) {
      const head = row.keyFunction ? nodeLabel(row.keyFunction) : l.otherWorkActions;
      if (row.tiles.length === 0) {
        rows.push({ kind: 'body', cells: [[text(head)], [text(l.noWorkActions, { italic: true })], [], []] });
        continue;
      }
      for (let start = 0; start < row.tiles.length; start += TILES_PER_ROW) {
        const tiles = row.tiles.slice(start, start + TILES_PER_ROW).map((tile) => tileCell(tile, chart));
        while (tiles.length < TILES_PER_ROW) tiles.push([]);
        rows.push({ kind: 'body', cells: [start === 0 ? [text(head)] : [], ...tiles] });
      }
    }
    blocks.push({ kind: 'table', widths: [22, 26, 26, 26], header: [l.keyFunction, l.workAction, '', ''], rows, labelColumn: true });
  }
  return outline(chart, context, l.chartTitle, l.chartSubtitle, blocks);
}

const stageName = (stage: Stage, chart: DacumChart) => stage.title ?? chart.labels.stageKinds[stage.kind] ?? stage.kind;

function ruleCondition(rule: DecisionRule, chart: DacumChart): string {
  const l = chart.labels;
  const n = (v: number) => formatNumber(v, chart.documentLabels);
  const parts: string[] = [];
  if (rule.minCriticality !== undefined) parts.push(`${l.criticality} ≥ ${n(rule.minCriticality)}`);
  if (rule.minFrequency !== undefined) parts.push(`${l.frequency} ≥ ${n(rule.minFrequency)}`);
  if (rule.minDifficulty !== undefined) parts.push(`${l.difficulty} ≥ ${n(rule.minDifficulty)}`);
  parts.push(rule.needs ? `${l.trainingNeed}: ${rule.needs.map((need) => l.needs[need] ?? need).join(', ')}` : `${l.trainingNeed}: ${l.anyNeedButNone}`);
  return parts.join('; ');
}

/** The minutes: the session, its stages, the idea cards, the ratings, the rules and decisions agreed, the log. */
export function buildMinutesOutline(snapshot: MapSnapshot, context: ExportContext): DocumentOutline {
  const chart = readChart(snapshot, context);
  const { labels: l, workshop: w } = chart;
  const n = (v: number) => formatNumber(v, chart.documentLabels);
  const names = new Map(w.participants.map((p) => [p.id, p.name]));
  const who = (id: string | undefined) => (id ? names.get(id) || id : '');
  const ideas = new Map(w.ideas.map((idea) => [idea.id, idea]));
  const yesNo = (value: boolean) => (value ? l.yes : l.no);
  const blocks: Block[] = [];

  // The session.
  const reveals = w.log.filter((e) => e.type.startsWith('reveal'));
  const timer = w.timer ? `${l.timerStatuses[w.timer.status] ?? w.timer.status} (${l.minutes(Math.round(w.timer.durationMs / 60000))})` : null;
  blocks.push({ kind: 'heading', text: l.sessionHeading, newPage: false });
  blocks.push({
    kind: 'table',
    widths: [34, 66],
    header: null,
    labelColumn: true,
    rows: [
      field(l.facilitator, cell(w.facilitator)),
      field(`${l.participants} (${w.participants.length})`, w.participants.length === 0 ? cell(null) : w.participants.map((p) => ({ runs: [{ text: p.name || p.id }], bullet: true }))),
      field(l.started, cell(formatTime(w.startedAt))),
      field(l.ended, cell(formatTime(w.endedAt))),
      field(l.currentStage, cell(w.stage === null ? null : stageName(w.stages[w.stage]!, chart))),
      field(l.timer, cell(timer)),
      field(l.structureLocked, cell(yesNo(w.structureLocked))),
      field(l.hideRatings, cell(yesNo(w.hideRatings))),
      field(l.privateIdeas, cell(yesNo(w.privateIdeas))),
      field(l.dotsPerPerson, cell(w.dotsPerPerson)),
      field(l.reveals, reveals.length === 0 ? cell(null) : reveals.map((e) => text(`${formatTime(e.at)} ${l.events[e.type] ?? e.type}`))),
      field(chart.documentLabels.date, cell(formatDate(context.generatedAt, chart.documentLabels))),
    ],
  });

  // The stages.
  blocks.push({ kind: 'heading', text: l.stagesHeading, newPage: false });
  if (w.stages.length === 0) blocks.push({ kind: 'paragraph', para: text(l.none), tone: 'note' });
  else {
    blocks.push({
      kind: 'table',
      widths: [8, 62, 30],
      header: ['#', l.stage, l.plannedMinutes],
      labelColumn: false,
      rows: w.stages.map((stage, i) => ({
        kind: i === w.stage ? 'total' : 'body',
        cells: [cell(i + 1), cell(i === w.stage ? `${stageName(stage, chart)} (${l.currentStage})` : stageName(stage, chart)), cell(stage.minutes === undefined ? null : l.minutes(stage.minutes))],
      })),
    });
  }

  // The idea cards.
  const dotsOn = (id: string) => w.votes.filter((v) => v.targetId === id).reduce((sum, v) => sum + v.dots, 0);
  const count = (status: string) => w.ideas.filter((idea) => idea.status === status).length;
  blocks.push({ kind: 'heading', text: l.ideasHeading, newPage: false });
  blocks.push({ kind: 'paragraph', para: text(l.ideaCounts(w.ideas.length, count('promoted'), count('merged'), count('open'))), tone: 'normal' });
  if (w.ideas.length > 0) {
    blocks.push({
      kind: 'table',
      widths: [44, 18, 28, 10],
      header: [l.idea, l.by, `${l.promotedTo} / ${l.mergedInto}`, l.dots],
      labelColumn: false,
      rows: w.ideas.map((idea) => {
        const node = idea.promotedTo ? chart.nodes.get(idea.promotedTo) : undefined;
        const into = idea.mergedInto ? ideas.get(idea.mergedInto) : undefined;
        const outcome =
          idea.status === 'promoted'
            ? `${l.promotedTo}: ${node ? nodeLabel(node) : (idea.promotedTo ?? DASH)}`
            : idea.status === 'merged'
              ? `${l.mergedInto}: ${into ? shorten(into.text, 80) : (idea.mergedInto ?? DASH)}`
              : '';
        return { kind: 'body', cells: [cell(idea.text), cell(idea.authorName || who(idea.author)), cell(outcome), cell(dotsOn(idea.id) || null)] };
      }),
    });
  }

  // The ratings, per work action in chart order (and any rated work action no longer on the map).
  blocks.push({ kind: 'heading', text: l.ratingsHeading, newPage: false });
  const rated = chart.tiles.filter((tile) => tile.summary);
  if (rated.length === 0) blocks.push({ kind: 'paragraph', para: text(l.none), tone: 'note' });
  else {
    blocks.push({ kind: 'paragraph', para: text(l.legend, { italic: true }), tone: 'note' });
    const score = (mean: number, spread: number) => cell(`${n(mean)} ± ${n(spread)}`);
    blocks.push({
      kind: 'table',
      widths: [34, 10, 14, 14, 14, 14],
      header: [l.workAction, l.ratings, l.criticality, l.frequency, l.difficulty, l.trainingNeed],
      labelColumn: false,
      rows: rated.map(({ node, summary: s }) => ({
        kind: 'body',
        cells: [
          cell(nodeLabel(node)),
          cell(s!.count),
          score(s!.mean.criticality, s!.spread.criticality),
          score(s!.mean.frequency, s!.spread.frequency),
          score(s!.mean.difficulty, s!.spread.difficulty),
          cell(l.needs[s!.need] ?? s!.need),
        ],
      })),
    });
  }

  // The rules and decisions agreed.
  blocks.push({ kind: 'heading', text: l.rulesHeading, newPage: false });
  if (w.rules.length === 0) blocks.push({ kind: 'paragraph', para: text(l.none), tone: 'note' });
  else {
    blocks.push({
      kind: 'table',
      widths: [16, 44, 40],
      header: [l.rule, l.condition, l.appliesTo],
      labelColumn: false,
      rows: w.rules.map((rule) => {
        const applies = chart.tiles.filter((tile) => tile.summary && ruleApplies(rule, tile.summary)).map((tile) => tile.node.code || tile.node.title);
        return { kind: 'body', cells: [cell(rule.id), cell(ruleCondition(rule, chart)), cell(applies.join(', '))] };
      }),
    });
  }
  blocks.push({ kind: 'heading', text: l.decisionsHeading, newPage: false });
  if (w.decisions.length === 0) blocks.push({ kind: 'paragraph', para: text(l.none), tone: 'note' });
  else {
    blocks.push({
      kind: 'table',
      widths: [30, 14, 30, 12, 14],
      header: [l.workAction, l.decision, l.reason, l.by, l.at],
      labelColumn: false,
      rows: w.decisions.map((d) => {
        const node = chart.nodes.get(d.workActionId);
        return {
          kind: 'body',
          cells: [cell(node ? nodeLabel(node) : d.workActionId), cell(l.decisions[d.decision] ?? d.decision), cell(d.reason), cell(who(d.by)), cell(formatTime(d.at))],
        };
      }),
    });
  }

  // The session log.
  blocks.push({ kind: 'heading', text: l.logHeading, newPage: false });
  if (w.log.length === 0) blocks.push({ kind: 'paragraph', para: text(l.none), tone: 'note' });
  else {
    const detail = (key: string, value: string | number | boolean): string => {
      if (key === 'stage' && typeof value === 'number' && w.stages[value]) return `${l.stage}: ${stageName(w.stages[value], chart)}`;
      if (typeof value === 'string') {
        const node = chart.nodes.get(value);
        if (node) return `${key}: ${nodeLabel(node)}`;
        const idea = ideas.get(value);
        if (idea) return `${key}: ${shorten(idea.text, 60)}`;
      }
      return `${key}: ${typeof value === 'boolean' ? yesNo(value) : typeof value === 'number' ? n(value) : value}`;
    };
    blocks.push({
      kind: 'table',
      widths: [18, 26, 16, 40],
      header: [l.time, l.event, l.by, l.details],
      labelColumn: false,
      rows: w.log.map((e) => ({
        kind: 'body',
        cells: [cell(formatTime(e.at)), cell(l.events[e.type] ?? e.type), cell(who(e.by)), cell(Object.entries(e.detail ?? {}).map(([k, v]) => detail(k, v)).join('; '))],
      })),
    });
  }
  return outline(chart, context, l.minutesTitle, l.minutesSubtitle, blocks);
}

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const dacumDocxFormat: ExportFormat = {
  id: 'dacum-docx',
  extension: 'dacum.docx',
  mediaType: DOCX,
  label: 'DACUM chart (Word)',
  text: false,
  needsWorkshop: true,
  run: async (snapshot, context) => renderDocx(buildChartOutline(snapshot, context)),
};

export const dacumPdfFormat: ExportFormat = {
  id: 'dacum-pdf',
  extension: 'dacum.pdf',
  mediaType: 'application/pdf',
  label: 'DACUM chart (PDF)',
  text: false,
  needsWorkshop: true,
  run: async (snapshot, context) => renderPdf(buildChartOutline(snapshot, context)),
};

export const workshopMinutesDocxFormat: ExportFormat = {
  id: 'workshop-minutes-docx',
  extension: 'minutes.docx',
  mediaType: DOCX,
  label: 'Workshop minutes (Word)',
  text: false,
  needsWorkshop: true,
  run: async (snapshot, context) => renderDocx(buildMinutesOutline(snapshot, context)),
};

export const workshopMinutesPdfFormat: ExportFormat = {
  id: 'workshop-minutes-pdf',
  extension: 'minutes.pdf',
  mediaType: 'application/pdf',
  label: 'Workshop minutes (PDF)',
  text: false,
  needsWorkshop: true,
  run: async (snapshot, context) => renderPdf(buildMinutesOutline(snapshot, context)),
};
