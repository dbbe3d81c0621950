import type { MapSnapshot } from '@qms/model';
import type { ExportContext, ExportFormat } from '../format.js';
import { buildBilingualOutline } from './annex.js';
import { buildOutline, type Block, type Cell, type DocumentOutline, type Para, type Row } from './outline.js';

/** The `docx` module, loaded on the first export: importing it costs ~40 ms that a server start need not pay. */
type Docx = typeof import('docx');
let docxModule: Promise<Docx> | undefined;
const loadDocx = (): Promise<Docx> =>
  (docxModule ??= import('docx').catch((error: unknown) => {
    docxModule = undefined; // let the next export try again
    throw error;
  }));

/** A4 in twips (1/20 pt), 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const FONT = 'Calibri';
const COLORS = { heading: '1F3864', label: 'EDF1F7', header: 'D9E2F3', border: '8EA0BF', warning: '9C2A00', muted: '555555' };

function render(d: Docx, outline: DocumentOutline) {
  const language = { value: outline.labels.locale };

  const paragraph = (para: Para, options: { bold?: boolean; color?: string; italics?: boolean; after?: number } = {}) =>
    new d.Paragraph({
      ...(para.bullet ? { bullet: { level: 0 } } : {}),
      spacing: { after: options.after ?? 60 },
      children: para.runs.map(
        (run) =>
          new d.TextRun({
            text: run.text,
            bold: run.bold || options.bold,
            italics: run.italic || options.italics,
            ...(options.color ? { color: options.color } : {}),
          }),
      ),
    });

  const border = { style: d.BorderStyle.SINGLE, size: 4, color: COLORS.border };
  const borders = { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border };
  const margins = { top: 60, bottom: 60, left: 100, right: 100 };
  const shade = (fill: string) => ({ fill, type: d.ShadingType.CLEAR, color: 'auto' });

  function table(block: Extract<Block, { kind: 'table' }>) {
    const total = block.widths.reduce((a, b) => a + b, 0);
    const columnWidths = block.widths.map((w) => Math.floor((w / total) * TEXT_WIDTH));
    const width = (i: number, span = 1) => ({
      size: columnWidths.slice(i, i + span).reduce((a, b) => a + b, 0),
      type: d.WidthType.DXA,
    });
    const cellOf = (content: Cell, i: number, options: { bold?: boolean; fill?: string; span?: number } = {}) =>
      new d.TableCell({
        width: width(i, options.span),
        ...(options.span ? { columnSpan: options.span } : {}),
        ...(options.fill ? { shading: shade(options.fill) } : {}),
        margins,
        // A cell needs at least one paragraph, even an empty one.
        children: content.length === 0 ? [new d.Paragraph({})] : content.map((p) => paragraph(p, { bold: options.bold })),
      });
    const rowOf = (row: Row) => {
      if (row.kind === 'group') {
        return new d.TableRow({
          cantSplit: true,
          children: [cellOf(row.cells[0] ?? [], 0, { bold: true, fill: COLORS.header, span: block.widths.length })],
        });
      }
      return new d.TableRow({
        ...(row.kind === 'blank' ? { height: { value: 850, rule: d.HeightRule.ATLEAST }, cantSplit: true } : {}),
        children: row.cells.map((content, i) =>
          cellOf(content, i, {
            bold: row.kind === 'total' || (block.labelColumn && i === 0),
            ...(block.labelColumn && i === 0 ? { fill: COLORS.label } : {}),
          }),
        ),
      });
    };
    const header = block.header
      ? [
          new d.TableRow({
            tableHeader: true,
            cantSplit: true,
            children: block.header.map((h, i) => cellOf([{ runs: [{ text: h }] }], i, { bold: true, fill: COLORS.header })),
          }),
        ]
      : [];
    return new d.Table({
      width: { size: TEXT_WIDTH, type: d.WidthType.DXA },
      columnWidths,
      layout: d.TableLayoutType.FIXED,
      borders,
      rows: [...header, ...block.rows.map(rowOf)],
    });
  }

  const children: (InstanceType<Docx['Paragraph']> | InstanceType<Docx['Table']>)[] = [];
  for (const block of outline.blocks) {
    switch (block.kind) {
      case 'title':
        children.push(new d.Paragraph({ heading: d.HeadingLevel.TITLE, spacing: { before: 1200, after: 240 }, children: [new d.TextRun(block.text)] }));
        children.push(
          new d.Paragraph({ spacing: { after: 360 }, children: [new d.TextRun({ text: block.subtitle, size: 26, color: COLORS.muted })] }),
        );
        break;
      case 'heading':
        children.push(new d.Paragraph({ heading: d.HeadingLevel.HEADING_1, pageBreakBefore: block.newPage, keepNext: true, children: [new d.TextRun(block.text)] }));
        break;
      case 'paragraph':
        children.push(
          paragraph(block.para, {
            after: 160,
            ...(block.tone === 'warning' ? { color: COLORS.warning } : {}),
            ...(block.tone === 'note' ? { italics: true, color: COLORS.muted } : {}),
          }),
        );
        break;
      case 'table':
        children.push(table(block));
        // Word runs two consecutive tables together: keep a paragraph after each.
        children.push(new d.Paragraph({ spacing: { after: 120 } }));
        break;
    }
  }

  const footer = new d.Footer({
    children: [
      new d.Paragraph({
        alignment: d.AlignmentType.CENTER,
        children: [
          new d.TextRun({
            size: 16,
            color: COLORS.muted,
            children: [`${outline.footer}   ·   ${outline.labels.page} `, d.PageNumber.CURRENT, ` ${outline.labels.of} `, d.PageNumber.TOTAL_PAGES],
          }),
        ],
      }),
    ],
  });

  return new d.Document({
    title: outline.title,
    subject: outline.subject,
    creator: 'Qualification Map Studio',
    description: outline.subject,
    styles: {
      default: {
        document: { run: { font: FONT, size: 21, language }, paragraph: { spacing: { line: 264 } } },
        title: { run: { font: FONT, size: 48, bold: true, color: COLORS.heading } },
        heading1: {
          run: { font: FONT, size: 30, bold: true, color: COLORS.heading },
          paragraph: { spacing: { before: 240, after: 160 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: d.PageOrientation.PORTRAIT },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin, header: 567, footer: 567 },
          },
        },
        footers: { default: footer },
        children,
      },
    ],
  });
}

/** The unit descriptions as a Word document, from an outline (see `buildOutline`). */
export async function renderDocx(outline: DocumentOutline): Promise<Uint8Array> {
  const d = await loadDocx();
  return d.Packer.pack(render(d, outline), 'uint8array');
}

export async function unitDescriptionsDocx(snapshot: MapSnapshot, context: ExportContext): Promise<Uint8Array> {
  return renderDocx(buildOutline(snapshot, context));
}

export const docxFormat: ExportFormat = {
  id: 'docx',
  extension: 'docx',
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  label: 'Unit descriptions (Word)',
  text: false,
  run: unitDescriptionsDocx,
};

/** The bilingual annex (annex.ts) as a Word document: `language=` names the target language. */
export const annexBilingualDocxFormat: ExportFormat = {
  id: 'annex-bilingual-docx',
  extension: 'annex.docx',
  mediaType: docxFormat.mediaType,
  label: 'Bilingual annex (Word)',
  text: false,
  bilingual: true,
  run: async (snapshot, context) => renderDocx(buildBilingualOutline(snapshot, context)),
};
