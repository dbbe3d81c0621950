import { importCase, importSpreadsheet } from '@qms/interchange';
import type { Importer } from './http/interchange-api.js';

/** UTF-8 text of an upload; a byte-order mark (Excel, Notepad) is dropped. */
function text(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/** The file formats POST /api/maps/import reads, by `format=`. */
export const IMPORTERS: Readonly<Record<string, Importer>> = {
  case: async (bytes) => importCase(text(bytes)),
  csv: (bytes, fileName) => importSpreadsheet(bytes, 'csv', fileName ? { fileName } : {}),
  xlsx: (bytes, fileName) => importSpreadsheet(bytes, 'xlsx', fileName ? { fileName } : {}),
};
