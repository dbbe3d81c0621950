import type { MapSnapshot } from '@qms/model';
import type { Content, ContentStack, ContentTable, ContentText, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { ExportContext, ExportFormat } from '../format.js';
import { buildBilingualOutline } from './annex.js';
import { buildOutline, type Block, type Cell, type DocumentOutline, type Para } from './outline.js';

/**
 * The PDF renderer, with pdfmake 0.3 and the Roboto fonts it ships (Latin, Greek and Cyrillic).
 *
 * pdfmake's Node entry reads fonts through its virtual file system before it looks at the disk
 * (`PDFDocument.provideFont`: `virtualfs.existsSync(name)` first). The fonts come as base64 in
 * `pdfmake/build/vfs_fonts.js` (the browser's VFS bundle, plain data); we decode them once into
 * that VFS, under names of our own, so no font path and no file system is ever involved. Both
 * modules are loaded on the first export: pdfmake (with pdfkit and fontkit) takes ~200 ms to load.
 */

interface PdfMake {
  createPdf(definition: TDocumentDefinitions): { getBuffer(): Promise<Uint8Array> };
  addFonts(fonts: Record<string, { normal: string; bold: string; italics: string; bolditalics: string }>): void;
  setUrlAccessPolicy(callback: (url: string) => boolean): void;
  setLocalAccessPolicy(callback: (path: string) => boolean): void;
  /** Untyped in @types/pdfmake: the in-memory file system fonts and images are read from first. */
  virtualfs: { existsSync(name: string): boolean; writeFileSync(name: string, content: Uint8Array): void };
}

const FONT = 'QmsRoboto';
const FONT_FILES = {
  normal: 'Roboto-Regular.ttf',
  bold: 'Roboto-Medium.ttf',
  italics: 'Roboto-Italic.ttf',
  bolditalics: 'Roboto-MediumItalic.ttf',
} as const;

let pdfMakeModule: Promise<PdfMake> | undefined;

function loadPdfMake(): Promise<PdfMake> {
  return (pdfMakeModule ??= (async () => {
    const [pdfmakeImport, vfsImport] = await Promise.all([import('pdfmake'), import('pdfmake/build/vfs_fonts.js')]);
    const pdfmake = pdfmakeImport.default as unknown as PdfMake;
    const vfs = vfsImport.default as unknown as Record<string, string>;
    const files = {} as Record<keyof typeof FONT_FILES, string>;
    for (const [style, file] of Object.entries(FONT_FILES) as [keyof typeof FONT_FILES, string][]) {
      const base64 = vfs[file];
      if (typeof base64 !== 'string') throw new Error(`pdfmake's font bundle has no ${file}`);
      const name = `qms-fonts/${file}`;
      if (!pdfmake.virtualfs.existsSync(name)) pdfmake.virtualfs.writeFileSync(name, decodeBase64(base64));
      files[style] = name;
    }
    pdfmake.addFonts({ [FONT]: files });
    // Our documents load nothing from URLs or from the disk: say so, which also silences the
    // warnings pdfmake prints on every createPdf while no policy is set.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => false);
    return pdfmake;
  })().catch((error: unknown) => {
    pdfMakeModule = undefined; // let the next export try again
    throw error;
  }));
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Uint8Array(128).fill(255);
for (let i = 0; i < BASE64.length; i++) BASE64_VALUE[BASE64.charCodeAt(i)] = i;

/** Standard base64 to bytes (no Buffer or atob: this package sees neither Node's nor the DOM's types). */
export function decodeBase64(input: string): Uint8Array {
  const clean = input.replace(/[^A-Za-z0-9+/]/g, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let buffer = 0;
  let o = 0;
  for (let i = 0; i < clean.length; i++) {
    buffer = (buffer << 6) | BASE64_VALUE[clean.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

/** A4 in points, ~2 cm margins; a little more at the bottom for the footer. */
const PAGE = { width: 595.28, margin: 57, bottom: 64 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const CELL_PADDING = 5;
const COLORS = { heading: '#1F3864', label: '#EDF1F7', header: '#D9E2F3', border: '#8EA0BF', warning: '#9C2A00', muted: '#555555' };

const LAYOUT = {
  hLineWidth: () => 0.5,
  vLineWidth: () => 0.5,
  hLineColor: () => COLORS.border,
  vLineColor: () => COLORS.border,
  paddingLeft: () => CELL_PADDING,
  paddingRight: () => CELL_PADDING,
  paddingTop: () => 3,
  paddingBottom: () => 3,
};

function para(p: Para, style: { bold?: boolean } = {}): ContentText {
  // Only set what a run adds: an explicit `false` would override the paragraph's own style (a note's italics).
  const runs = p.runs.map((run) => ({ text: run.text, ...(run.bold || style.bold ? { bold: true } : {}), ...(run.italic ? { italics: true } : {}) }));
  return { text: runs, margin: [0, 0, 0, 2] };
}

function cellContent(content: Cell, style: { bold?: boolean } = {}): ContentStack {
  // Consecutive bulleted paragraphs become one list.
  const stack: Content[] = [];
  let list: Content[] | null = null;
  for (const p of content) {
    if (p.bullet) {
      if (!list) stack.push({ ul: (list = []), margin: [0, 0, 0, 2] });
      list.push(para(p, style));
    } else {
      list = null;
      stack.push(para(p, style));
    }
  }
  return { stack };
}

function table(block: Extract<Block, { kind: 'table' }>): ContentTable {
  const total = block.widths.reduce((a, b) => a + b, 0);
  const columns = block.widths.length;
  // pdfmake's widths are of the cell contents: take the padding and the rules off the text width.
  const available = TEXT_WIDTH - columns * 2 * CELL_PADDING - (columns + 1) * 0.5;
  const widths = block.widths.map((w) => Math.floor((w / total) * available * 100) / 100);
  const body: TableCell[][] = [];
  if (block.header) body.push(block.header.map((h) => ({ text: h, bold: true, fillColor: COLORS.header })));
  for (const row of block.rows) {
    if (row.kind === 'group') {
      body.push([
        { ...cellContent(row.cells[0] ?? [], { bold: true }), colSpan: columns, fillColor: COLORS.header },
        ...Array.from({ length: columns - 1 }, (): TableCell => ({ text: '' })),
      ]);
      continue;
    }
    body.push(
      row.cells.map((content, i) => {
        const label = block.labelColumn && i === 0;
        const cell: TableCell = { ...cellContent(content, { bold: label || row.kind === 'total' }), ...(label ? { fillColor: COLORS.label } : {}) };
        return cell;
      }),
    );
  }
  const blankRows = block.rows.map((row, i) => (row.kind === 'blank' ? i + (block.header ? 1 : 0) : -1)).filter((i) => i >= 0);
  return {
    table: {
      headerRows: block.header ? 1 : 0,
      ...(block.header ? { keepWithHeaderRows: 1 } : {}),
      widths,
      body,
      ...(blankRows.length > 0 ? { heights: (i: number) => (blankRows.includes(i) ? 42 : 'auto'), dontBreakRows: true } : {}),
    },
    layout: LAYOUT,
    margin: [0, 0, 0, 10],
  };
}

/** The pdfmake document definition for an outline. */
export function pdfDefinition(outline: DocumentOutline, options: { compress?: boolean } = {}): TDocumentDefinitions {
  const content: Content[] = [];
  for (const block of outline.blocks) {
    switch (block.kind) {
      case 'title':
        content.push({ text: block.text, style: 'title' }, { text: block.subtitle, style: 'subtitle' });
        break;
      case 'heading':
        content.push({ text: block.text, style: 'heading', ...(block.newPage ? { pageBreak: 'before' as const } : {}), headlineLevel: 1 });
        break;
      case 'paragraph': {
        const tone = block.tone === 'warning' ? { color: COLORS.warning } : block.tone === 'note' ? { color: COLORS.muted, italics: true } : {};
        content.push({ ...para(block.para), ...tone, margin: [0, 0, 0, 8] });
        break;
      }
      case 'table':
        content.push(table(block));
        break;
    }
  }
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: [PAGE.margin, PAGE.margin, PAGE.margin, PAGE.bottom],
    compress: options.compress ?? true,
    language: outline.labels.locale,
    info: {
      title: outline.title,
      subject: outline.subject,
      creator: 'Qualification Map Studio',
      producer: 'Qualification Map Studio (pdfmake)',
      // A fixed date also makes the file ID (derived from the info) and so the bytes reproducible.
      creationDate: outline.generatedAt,
      modDate: outline.generatedAt,
    },
    defaultStyle: { font: FONT, fontSize: 9.5, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 22, bold: true, color: COLORS.heading, margin: [0, 60, 0, 10] },
      subtitle: { fontSize: 12, color: COLORS.muted, margin: [0, 0, 0, 20] },
      heading: { fontSize: 14, bold: true, color: COLORS.heading, margin: [0, 6, 0, 8] },
    },
    // A heading never ends a page alone.
    pageBreakBefore: (node, queries) => node.headlineLevel === 1 && node.pageBreak !== 'before' && queries.getFollowingNodesOnPage().length === 0,
    footer: (currentPage: number, pageCount: number) => ({
      text: `${outline.footer}   ·   ${outline.labels.page} ${currentPage} ${outline.labels.of} ${pageCount}`,
      alignment: 'center',
      fontSize: 7.5,
      color: COLORS.muted,
      margin: [PAGE.margin, 28, PAGE.margin, 0],
    }),
    content,
  };
}

/** The unit descriptions as a PDF, from an outline. `compress: false` leaves the page contents readable (tests). */
export async function renderPdf(outline: DocumentOutline, options: { compress?: boolean } = {}): Promise<Uint8Array> {
  const pdfmake = await loadPdfMake();
  const buffer = await pdfmake.createPdf(pdfDefinition(outline, options)).getBuffer();
  // A Node Buffer is a Uint8Array; hand out a plain view of the same bytes.
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export async function unitDescriptionsPdf(snapshot: MapSnapshot, context: ExportContext, options: { compress?: boolean } = {}): Promise<Uint8Array> {
  return renderPdf(buildOutline(snapshot, context), options);
}

export const pdfFormat: ExportFormat = {
  id: 'pdf',
  extension: 'pdf',
  mediaType: 'application/pdf',
  label: 'Unit descriptions (PDF)',
  text: false,
  run: (snapshot, context) => unitDescriptionsPdf(snapshot, context),
};

/** The bilingual annex (annex.ts) as a PDF: `language=` names the target language. */
export const annexBilingualPdfFormat: ExportFormat = {
  id: 'annex-bilingual-pdf',
  extension: 'annex.pdf',
  mediaType: 'application/pdf',
  label: 'Bilingual annex (PDF)',
  text: false,
  bilingual: true,
  run: async (snapshot, context) => renderPdf(buildBilingualOutline(snapshot, context)),
};
