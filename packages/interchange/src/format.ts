import type { MapSnapshot } from '@qms/model';

/** What every export gets besides the map. */
export interface ExportContext {
  /** The export's timestamp (fixed in tests). */
  generatedAt: Date;
  /** The map's id on this server, when known: used to build stable identifiers and URIs. */
  mapId?: string;
  /** Base of URIs minted for the map's items, e.g. https://maps.example.org/maps/<id>. */
  baseUri?: string;
}

export interface ExportFormat {
  /** The `format=` value of the export endpoint. */
  id: string;
  /** File name extension, without the dot. */
  extension: string;
  /** Content type of the download. */
  mediaType: string;
  /** A short English name (the web app translates by id). */
  label: string;
  /** Text formats can be previewed in the export dialog. */
  text: boolean;
  run(snapshot: MapSnapshot, context: ExportContext): Promise<Uint8Array | string>;
}

/**
 * A file name from the map's title: letters, digits, spaces turned to dashes, nothing a file
 * system or a Content-Disposition header could choke on; never empty.
 */
export function fileNameFor(title: string, extension: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'map'}.${extension}`;
}
