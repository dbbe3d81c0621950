import type { Importer } from './http/interchange-api.js';
import { interchange } from './interchange.js';

/** UTF-8 text of an upload; a byte-order mark (Excel, Notepad) is dropped. */
function text(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** The file formats POST /api/maps/import reads, by `format=`. */
export const IMPORTERS: Readonly<Record<string, Importer>> = {
  case: async (bytes) => (await interchange()).importCase(text(bytes)),
  csv: async (bytes, fileName) => (await interchange()).importSpreadsheet(bytes, 'csv', fileName ? { fileName } : {}),
  xlsx: async (bytes, fileName) => (await interchange()).importSpreadsheet(bytes, 'xlsx', fileName ? { fileName } : {}),
};
