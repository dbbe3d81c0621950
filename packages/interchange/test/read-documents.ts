import { inflateSync } from 'node:zlib';
import JSZip from 'jszip';

/**
 * Reading the text back out of the Word and PDF files this package writes: shared by this
 * package's tests and the server's (`@qms/interchange/reading`).
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (xml: string) =>
  xml.replace(/&(#x?[0-9a-f]+|\w+);/gi, (all, name: string) =>
    name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (ENTITIES[name] ?? all),
  );

/** The text of a WordprocessingML part: runs joined, one line per paragraph, non-breaking spaces as spaces. */
export function wordText(xml: string): string {
  return xml
    .split('</w:p>')
    .map((paragraph) => [...paragraph.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
    .join('\n')
    .replace(/\u00a0/g, ' ');
}

/** The body text of a .docx file. */
export async function docxText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('word/document.xml is missing from the .docx');
  return wordText(await file.async('string'));
}

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes);

/**
 * The text of a pdfkit PDF, page by page, compressed or not. pdfkit writes embedded TrueType text
 * as glyph ids (`[<0001000200…> 12.5 <…>] TJ` after `/F1 9.5 Tf`); each font's /ToUnicode CMap
 * maps them back. Glyph 0 is .notdef: a character the font lacks.
 */
export function pdfText(bytes: Uint8Array): { pages: string[]; notdef: number } {
  const source = latin1(bytes);
  const objects = new Map<number, string>();
  for (const m of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) objects.set(Number(m[1]), m[2]!);
  const streamOf = (id: number) => {
    const object = objects.get(id) ?? '';
    const raw = /stream\r?\n([\s\S]*?)\r?\nendstream/.exec(object)?.[1] ?? '';
    if (!/\/Filter \/FlateDecode/.test(object)) return raw;
    return latin1(inflateSync(Buffer.from(raw, 'latin1'), { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a missing end */ }));
  };

  const unicodeByFont = new Map<number, Map<number, string>>();
  const unicodeOf = (fontId: number) => {
    let map = unicodeByFont.get(fontId);
    if (map) return map;
    map = new Map();
    const cmapId = Number(/\/ToUnicode (\d+) 0 R/.exec(objects.get(fontId) ?? '')?.[1]);
    for (const range of streamOf(cmapId).matchAll(/<([0-9a-f]{4})> <[0-9a-f]{4}> \[([^\]]*)\]/gi)) {
      let glyph = parseInt(range[1]!, 16);
      for (const entry of range[2]!.matchAll(/<([^>]*)>/g)) {
        map.set(glyph++, String.fromCharCode(...entry[1]!.split(' ').map((hex) => parseInt(hex, 16))));
      }
    }
    unicodeByFont.set(fontId, map);
    return map;
  };

  const kids = /\/Type \/Pages[\s\S]*?\/Kids \[([^\]]*)\]/.exec(source)?.[1] ?? '';
  let notdef = 0;
  const pages = [...kids.matchAll(/(\d+) 0 R/g)].map((kid) => {
    const page = objects.get(Number(kid[1]))!;
    const resources = objects.get(Number(/\/Resources (\d+) 0 R/.exec(page)![1]))!;
    const fonts = new Map([...resources.matchAll(/\/(F\d+) (\d+) 0 R/g)].map((m) => [m[1]!, Number(m[2])]));
    const content = streamOf(Number(/\/Contents (\d+) 0 R/.exec(page)![1]));
    let text = '';
    let unicode = new Map<number, string>();
    for (const op of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
      if (op[1]) {
        unicode = unicodeOf(fonts.get(op[1])!);
        continue;
      }
      for (const hex of op[2]!.matchAll(/<([0-9a-f]*)>/gi)) {
        for (let i = 0; i < hex[1]!.length; i += 4) {
          const glyph = parseInt(hex[1]!.slice(i, i + 4), 16);
          if (glyph === 0) notdef++;
          text += unicode.get(glyph) ?? '\ufffd';
        }
      }
      text += ' ';
    }
    return text;
  });
  return { pages, notdef };
}

/** Text with every space removed: a PDF breaks lines where the page does, not where the text did. */
export const squash = (text: string) => text.replace(/[\s\u00a0]+/g, '');
