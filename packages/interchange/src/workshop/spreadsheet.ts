import ExcelJS from 'exceljs';
import type { MapSnapshot } from '@qms/model';
import { toCsv } from '../csv.js';
import type { ExportContext, ExportFormat } from '../format.js';
import { formatNumber, readChart, tileLines, type ChartTile } from './chart.js';

/**
 * `dacum-csv`: one row per work action, in chart order. The headers and the choice values
 * (training need, decision) are fixed English words, for other software; the texts are in the
 * export's language. Means are numbers with a dot, empty while nobody rated the work action.
 */
export const DACUM_CSV_HEADERS = [
  'Code',
  'Work action',
  'Key function code',
  'Key function',
  'Ratings',
  'Criticality mean',
  'Frequency mean',
  'Difficulty mean',
  'Training need (majority)',
  'Decision',
  'Rule',
  'Id',
] as const;

function csvRow(tile: ChartTile, keyFunction: { code: string; title: string } | null): (string | number)[] {
  const s = tile.summary;
  return [
    tile.node.code,
    tile.node.title,
    keyFunction?.code ?? '',
    keyFunction?.title ?? '',
    s?.count ?? 0,
    s?.mean.criticality ?? '',
    s?.mean.frequency ?? '',
    s?.mean.difficulty ?? '',
    s?.need ?? '',
    tile.decision?.decision ?? '',
    tile.rule?.id ?? '',
    tile.node.id,
  ];
}

/** As the map's CSV: UTF-8 with a byte order mark, comma separated, CRLF, formulas escaped (csv.ts). */
export function dacumCsv(snapshot: MapSnapshot, context: ExportContext): string {
  const chart = readChart(snapshot, context);
  const rows = chart.rows.flatMap((row) => row.tiles.map((tile) => csvRow(tile, row.keyFunction)));
  return `\uFEFF${toCsv(DACUM_CSV_HEADERS, rows)}\r\n`;
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
const KEY_FUNCTION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E2F3' } };
/** Tiles per row of the chart sheet, as on a wall chart. */
export const TILES_PER_ROW = 6;

/**
 * `dacum-xlsx`: the chart sheet (a row per key function, its work actions as tiles beside it) and
 * a ratings sheet with the CSV's columns as numbers, in the export's language.
 */
export async function dacumXlsx(snapshot: MapSnapshot, context: ExportContext): Promise<Uint8Array> {
  const chart = readChart(snapshot, context);
  const l = chart.labels;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Qualification Map Studio';
  workbook.created = context.generatedAt;
  workbook.modified = context.generatedAt;
  workbook.title = `${chart.name} — ${l.chartTitle}`;
  const wrap: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };
  const format = (n: number) => formatNumber(n, chart.documentLabels);

  const sheet = workbook.addWorksheet(l.sheetChart.slice(0, 31), { views: [{ state: 'frozen', xSplit: 1, ySplit: 0 }] });
  sheet.columns = [{ width: 30 }, ...Array.from({ length: TILES_PER_ROW }, () => ({ width: 28 }))];
  const title = sheet.addRow([`${chart.name} — ${l.chartTitle}`]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([l.legend]);
  sheet.addRow([]);
  if (chart.rows.length === 0) sheet.addRow([l.noKeyFunctions]);
  for (const row of chart.rows) {
    const tiles = row.tiles.length === 0 ? [null] : row.tiles;
    for (let start = 0; start < tiles.length; start += TILES_PER_ROW) {
      const head = start === 0 ? (row.keyFunction ? `${row.keyFunction.code} ${row.keyFunction.title}`.trim() : l.otherWorkActions) : '';
      const cells = tiles.slice(start, start + TILES_PER_ROW).map((tile) => (tile ? tileLines(tile, chart, format).join('\n') : l.noWorkActions));
      const line = sheet.addRow([head, ...cells]);
      line.alignment = wrap;
      const keyCell = line.getCell(1);
      keyCell.font = { bold: true };
      keyCell.fill = KEY_FUNCTION_FILL;
      const lines = Math.max(1, ...cells.map((c) => c.split('\n').length));
      line.height = 15 * lines + 4;
      for (let i = 0; i < cells.length; i++) {
        line.getCell(i + 2).border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
      }
    }
  }

  const ratings = workbook.addWorksheet(l.sheetRatings.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  ratings.columns = [
    { header: chart.documentLabels.code, width: 10 },
    { header: l.workAction, width: 44 },
    { header: `${l.keyFunction} (${chart.documentLabels.code})`, width: 12 },
    { header: l.keyFunction, width: 34 },
    { header: l.ratings, width: 10 },
    { header: `${l.criticality} (${l.mean})`, width: 14 },
    { header: `${l.frequency} (${l.mean})`, width: 14 },
    { header: `${l.difficulty} (${l.mean})`, width: 14 },
    { header: `${l.criticality} (${l.spread})`, width: 14 },
    { header: `${l.frequency} (${l.spread})`, width: 14 },
    { header: `${l.difficulty} (${l.spread})`, width: 14 },
    { header: l.trainingNeed, width: 22 },
    { header: l.decision, width: 16 },
    { header: l.reason, width: 40 },
  ];
  for (const row of chart.rows) {
    for (const tile of row.tiles) {
      const s = tile.summary;
      ratings.addRow([
        tile.node.code,
        tile.node.title,
        row.keyFunction?.code ?? '',
        row.keyFunction?.title ?? l.otherWorkActions,
        s?.count ?? 0,
        s?.mean.criticality ?? null,
        s?.mean.frequency ?? null,
        s?.mean.difficulty ?? null,
        s?.spread.criticality ?? null,
        s?.spread.frequency ?? null,
        s?.spread.difficulty ?? null,
        s ? (l.needs[s.need] ?? s.need) : '',
        tile.decision ? (l.decisions[tile.decision.decision] ?? tile.decision.decision) : '',
        tile.decision?.reason ?? '',
      ]).alignment = wrap;
    }
  }
  const header = ratings.getRow(1);
  header.font = { bold: true };
  header.alignment = wrap;
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
  ratings.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ratings.columnCount } };
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export const dacumCsvFormat: ExportFormat = {
  id: 'dacum-csv',
  extension: 'dacum.csv',
  mediaType: 'text/csv; charset=utf-8',
  label: 'DACUM chart (CSV)',
  text: true,
  needsWorkshop: true,
  run: async (snapshot, context) => dacumCsv(snapshot, context),
};

export const dacumXlsxFormat: ExportFormat = {
  id: 'dacum-xlsx',
  extension: 'dacum.xlsx',
  mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  label: 'DACUM chart (Excel)',
  text: false,
  needsWorkshop: true,
  run: (snapshot, context) => dacumXlsx(snapshot, context),
};
